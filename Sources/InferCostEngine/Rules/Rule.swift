import InferCostCore

/// Everything a rule may look at for one candidate.
public struct RuleContext: Sendable {
    public var profile: Profile
    public var model: ModelSpec
    public var device: Device
    public var offer: Offer
    public var price: CloudPrice?
    public var estimate: Estimate
    /// nil when the estimate is incomplete.
    public var plan: CapacityPlan?
    public var cost: CostModel.Result?
    public var today: Day

    public init(profile: Profile, model: ModelSpec, device: Device, offer: Offer, price: CloudPrice?,
                estimate: Estimate, plan: CapacityPlan?, cost: CostModel.Result?, today: Day) {
        self.profile = profile; self.model = model; self.device = device; self.offer = offer; self.price = price
        self.estimate = estimate; self.plan = plan; self.cost = cost; self.today = today
    }

    public var point: DeploymentPoint { estimate.point }
    public var totalDevices: Int { (plan?.units ?? 1) * offer.devicesPerUnit }
}

/// A named check that rejects a candidate or warns about it, with a reason a person can act on.
public protocol Rule: Sendable {
    /// Stable snake_case id, used in reports, `--explain` and docs/rules.md.
    var id: String { get }
    var severity: Finding.Severity { get }
    /// Why the rule exists, for docs/rules.md.
    var rationale: String { get }
    /// The message when the rule fires, nil when the candidate passes.
    func check(_ context: RuleContext) -> String?
}

extension Rule {
    public func evaluate(_ context: RuleContext) -> Finding? {
        check(context).map { Finding(ruleID: id, severity: severity, message: $0) }
    }
}

/// Every rule, in the order findings are reported.
public enum Rules {
    public static let all: [any Rule] = [
        DeploymentConstraintRule(), MarketAvailabilityRule(), SpotInterruptionRule(), PrecisionSupportedRule(), ParallelLayoutRule(), ContextLengthRule(), MissingSpecRule(),
        FitsMemoryRule(), TrafficServedRule(), TTFTTargetRule(), TPOTTargetRule(), DeviceLimitRule(),
        PowerBudgetRule(), BudgetRule(), StalePriceRule(), TensorParallelOverPCIeRule(), IncompleteCostRule(),
    ]

    public static func evaluate(_ context: RuleContext) -> [Finding] {
        all.compactMap { $0.evaluate(context) }
    }
}
