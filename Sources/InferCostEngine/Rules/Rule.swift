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
    /// True when `check` reads only the profile, model, device, offer, price, today and the point's layout,
    /// precisions and lengths: never its batch, the estimate, the plan or the cost. The search then checks the
    /// rule once per configuration and price instead of once per batch limit (`Rules.evaluate(_:configuration:)`);
    /// `SearchExactnessTests` holds the search to the oracle, which checks every rule for every candidate.
    var readsOnlyConfiguration: Bool { get }
}

extension Rule {
    public var readsOnlyConfiguration: Bool { false }
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

    /// Per rule of `all`, in order: the finding of a rule that reads only the configuration, nil for the others
    /// (and for those that pass). Checked once for a configuration and price, then given to `evaluate(_:configuration:)`.
    public static func configurationFindings(_ context: RuleContext) -> [Finding?] {
        all.map { $0.readsOnlyConfiguration ? $0.evaluate(context) : nil }
    }

    /// The same findings as `evaluate(context)`, with the configuration-only rules' taken from `configuration`
    /// (made by `configurationFindings` for a context of the same configuration and price).
    public static func evaluate(_ context: RuleContext, configuration: [Finding?]) -> [Finding] {
        var findings: [Finding] = []
        for (index, rule) in all.enumerated() {
            if configurationOnly[index] {
                if let finding = configuration[index] { findings.append(finding) }
            } else if let finding = rule.evaluate(context) {
                findings.append(finding)
            }
        }
        return findings
    }

    static let configurationOnly: [Bool] = all.map(\.readsOnlyConfiguration)
}
