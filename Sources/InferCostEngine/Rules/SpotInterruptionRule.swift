import InferCostCore

public struct SpotInterruptionRule: Rule {
    public var id: String { "spot_interruption" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Spot capacity can be reclaimed by the provider at short notice (AWS gives a two-minute notice); a customer-facing service would drop requests. Spot is refused for profiles with `constraints.customer_facing: true` unless they also set `allow_spot: true`." }
    public var inputs: RuleInputs { .offer }
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        guard c.price?.pricing == .spot, c.profile.constraints.customerFacing, !c.profile.constraints.allowSpot else { return nil }
        return "spot capacity can be reclaimed at short notice and the profile is customer-facing (set constraints.allow_spot: true to accept it)"
    }
}
