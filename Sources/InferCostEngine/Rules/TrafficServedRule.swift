import InferCostCore

public struct TrafficServedRule: Rule {
    public var id: String { "traffic_served" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "The deployment must sustain the profile's peak traffic at the planning utilisation; prefill alone must not saturate a replica." }
    public var inputs: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        guard let plan = c.plan else { return false }
        return plan.prefillShare >= 1 || plan.replicas < plan.replicasNeeded
    }

    public func check(_ c: RuleContext) -> String? {
        guard let plan = c.plan else { return nil }
        if plan.prefillShare >= 1 {
            return "prefill alone needs \(NumberFormat.fixed(plan.prefillShare * 100, 0))% of each replica at peak"
        }
        if plan.replicas < plan.replicasNeeded {
            return "needs \(plan.replicasNeeded) replicas for \(NumberFormat.short(c.profile.traffic.peakRequestsPerSecond)) req/s at peak; more than \(CapacityPlan.maxUnits) units"
        }
        return nil
    }
}
