import InferCostCore

public struct TTFTTargetRule: Rule {
    public var id: String { "ttft_target" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Time to first token, queueing at peak included, must meet the profile's target at its percentile." }
    public var inputs: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool { (c.plan?.ttftMs).map { $0 > c.profile.targets.ttftMs } ?? false }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c), let plan = c.plan else { return nil }
        return "TTFT p\(Int(c.profile.targets.percentile)) \(NumberFormat.short(plan.ttftMs)) ms > target \(NumberFormat.short(c.profile.targets.ttftMs)) ms (prefill \(NumberFormat.short((c.estimate.prefill?.seconds ?? 0) * 1000)) ms at \(c.point.inputTokens) tokens, \(c.estimate.prefill?.bottleneck.rawValue ?? "unknown")-bound)"
    }
}
