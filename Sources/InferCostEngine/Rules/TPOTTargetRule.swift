import InferCostCore

public struct TPOTTargetRule: Rule {
    public var id: String { "tpot_target" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Time per output token at a full batch, stretched by other requests' prefills, must meet the profile's target." }
    public var inputs: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        guard let target = c.profile.targets.tpotMs, let tpot = c.plan?.tpotMs else { return false }
        return tpot > target
    }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c), let target = c.profile.targets.tpotMs, let tpot = c.plan?.tpotMs else { return nil }
        return "TPOT \(NumberFormat.short(tpot)) ms > target \(NumberFormat.short(target)) ms at batch \(c.point.batch) (decode \(c.estimate.decode?.bottleneck.rawValue ?? "unknown")-bound)"
    }
}
