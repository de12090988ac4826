import InferCostCore

public struct PowerBudgetRule: Rule {
    public var id: String { "power_budget" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "On-prem racks and edge sites have a power budget; the deployment's peak draw must fit it." }
    /// Without a cost there is no peak draw: it cannot fire.
    public var inputsWithoutCost: RuleInputs { .offer }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        guard let max = c.profile.constraints.maxPowerKW, let kw = c.cost?.peakPowerKW else { return false }
        return kw > max
    }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c), let max = c.profile.constraints.maxPowerKW, let kw = c.cost?.peakPowerKW else { return nil }
        return "peak draw \(NumberFormat.short(kw)) kW > max_power_kw \(NumberFormat.short(max))"
    }
}
