import InferCostCore

public struct PowerBudgetRule: Rule {
    public let id = "power_budget"
    public let severity = Finding.Severity.reject
    public let rationale = "On-prem racks and edge sites have a power budget; the deployment's peak draw must fit it."
    /// Without a cost there is no peak draw: it cannot fire.
    public let inputsWithoutCost = RuleInputs.configuration
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
