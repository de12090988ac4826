import InferCostCore

/// Everything a rule may look at for one candidate.
public struct RuleContext: Sendable {
    /// What every candidate of a configuration shares, held by reference: the search checks each rule on a copy of the
    /// context, and copying the profile, model, device and offer (then retaining each of their fields) per check, and
    /// the estimate per price, was the largest part of its time.
    struct Setting: Sendable {
        var profile: Profile
        var model: ModelSpec
        var device: Device
        var offer: Offer
        var today: Day
    }
    var setting: Shared<Setting>
    public var price: CloudPrice?
    var estimateBox: Shared<Estimate>
    /// nil when the estimate is incomplete.
    public var plan: CapacityPlan?
    public var cost: CostModel.Result?

    public init(profile: Profile, model: ModelSpec, device: Device, offer: Offer, price: CloudPrice?,
                estimate: Estimate, plan: CapacityPlan?, cost: CostModel.Result?, today: Day) {
        setting = Shared(Setting(profile: profile, model: model, device: device, offer: offer, today: today))
        self.price = price; estimateBox = Shared(estimate); self.plan = plan; self.cost = cost
    }

    /// A context of `setting` holding `estimate`, with no price, plan or cost yet.
    init(setting: Shared<Setting>, estimate: Shared<Estimate>) {
        self.setting = setting; estimateBox = estimate; price = nil; plan = nil; cost = nil
    }

    public var profile: Profile {
        get { setting.value.profile }
        set { setting = setting.with { $0.profile = newValue } }
    }
    public var model: ModelSpec {
        get { setting.value.model }
        set { setting = setting.with { $0.model = newValue } }
    }
    public var device: Device {
        get { setting.value.device }
        set { setting = setting.with { $0.device = newValue } }
    }
    public var offer: Offer {
        get { setting.value.offer }
        set { setting = setting.with { $0.offer = newValue } }
    }
    public var today: Day {
        get { setting.value.today }
        set { setting = setting.with { $0.today = newValue } }
    }
    public var estimate: Estimate {
        get { estimateBox.value }
        set { estimateBox = Shared(newValue) }
    }

    public var point: DeploymentPoint { estimate.point }
    public var totalDevices: Int { (plan?.units ?? 1) * offer.devicesPerUnit }
}

/// A value shared, not copied: a copy of the holder copies a reference (`RuleContext`).
final class Shared<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    /// A new box holding the value changed by `change`.
    func with(_ change: (inout Value) -> Void) -> Shared {
        var copy = value
        change(&copy)
        return Shared(copy)
    }
}

/// What a rule's `check` reads, which decides how often the search checks it (docs/methodology.md, "Search").
/// `SearchExactnessTests` holds the search to the oracle, which checks every rule for every candidate.
public enum RuleInputs: Sendable, Comparable {
    /// The profile, model, device, offer, price and today: nothing of the point. Checked once per offer and price, for
    /// every configuration.
    case offer
    /// The profile, model, device, offer, price, today and the point's layout, precisions and lengths: never its
    /// batch, the estimate, the plan or the cost. Checked once per configuration and price, for every batch limit.
    case configuration
    /// The profile, model, device, offer, today, the point and its estimate and plan: never the price or the cost.
    /// Checked once per configuration and batch limit, for every price.
    case estimate
    /// Anything, the price and the cost included. Checked for every candidate and price, before and after costing.
    case cost
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
    /// Whether `check` would return a message, without building it. The search asks this of every candidate and
    /// renders messages only for the few it keeps (`FiredRules.findings`); a rule checked per candidate answers it
    /// cheaply, the default builds the message.
    func fires(_ context: RuleContext) -> Bool
    /// What `check` reads; by default anything (`.cost`), so the rule is checked for every candidate.
    var inputs: RuleInputs { get }
    /// What `check` reads when the context holds no cost, as the search checks every candidate before costing it; by
    /// default `inputs`. A `.cost` rule that reads only the estimate (or less) until there is a cost is checked that
    /// much less often before costing, and again for every candidate once it is costed.
    var inputsWithoutCost: RuleInputs { get }
}

extension Rule {
    public var inputs: RuleInputs { .cost }
    public var inputsWithoutCost: RuleInputs { inputs }
    public func fires(_ context: RuleContext) -> Bool { check(context) != nil }
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

    /// Every finding for a candidate, messages built: what a report shows, and the search's oracle.
    public static func evaluate(_ context: RuleContext) -> [Finding] {
        all.compactMap { $0.evaluate(context) }
    }

    /// The rules of `all` that read `inputs` and fire for `context`. The union of the four, each checked on a
    /// context that holds what its rules read, is the set of rules of `evaluate(context)`.
    static func fired(_ context: RuleContext, reading inputs: RuleInputs) -> FiredRules {
        switch inputs {
        case .offer: fired(context, among: readingOffer)
        case .configuration: fired(context, among: readingConfiguration)
        case .estimate: fired(context, among: readingEstimate)
        case .cost: fired(context, among: readingCost)
        }
    }

    /// The `.cost` rules that read `inputs` when the context holds no cost (`Rule.inputsWithoutCost`) and fire for
    /// `context`, which holds none. The union of the four is `fired(context, reading: .cost)` for that context.
    static func firedWithoutCost(_ context: RuleContext, reading inputs: RuleInputs) -> FiredRules {
        switch inputs {
        case .offer: fired(context, among: readingOfferWithoutCost)
        case .configuration: fired(context, among: readingConfigurationWithoutCost)
        case .estimate: fired(context, among: readingEstimateWithoutCost)
        case .cost: fired(context, among: readingCostWithoutCost)
        }
    }

    private static func fired(_ context: RuleContext, among indices: [Int]) -> FiredRules {
        var fired = FiredRules()
        for index in indices where all[index].fires(context) { fired.insert(index) }
        return fired
    }

    /// How many rules at the head of `all` read only the offer, price and configuration, with a cost or without: a
    /// candidate one of them rejects is rejected first by that rule at every batch limit, whatever its estimate says.
    static let leadingConfiguration = all.firstIndex { $0.inputs > .configuration || $0.inputsWithoutCost > .configuration } ?? all.count

    /// The indices in `all` of the rules reading each kind of input, in rule order.
    static let readingOffer = all.indices.filter { all[$0].inputs == .offer }
    static let readingConfiguration = all.indices.filter { all[$0].inputs == .configuration }
    static let readingEstimate = all.indices.filter { all[$0].inputs == .estimate }
    static let readingCost = all.indices.filter { all[$0].inputs == .cost }
    /// The same for the `.cost` rules, split by what they read when the context holds no cost.
    static let readingOfferWithoutCost = readingCost.filter { all[$0].inputsWithoutCost == .offer }
    static let readingConfigurationWithoutCost = readingCost.filter { all[$0].inputsWithoutCost == .configuration }
    static let readingEstimateWithoutCost = readingCost.filter { all[$0].inputsWithoutCost == .estimate }
    static let readingCostWithoutCost = readingCost.filter { all[$0].inputsWithoutCost == .cost }
}

/// The rules of `Rules.all` that fired for a candidate, one bit per rule in rule order: the search's verdict,
/// without text. Messages are rendered (`findings`) only for the candidates a report shows.
struct FiredRules: Equatable, Sendable {
    private var bits: UInt64 = 0

    static let rejecting: FiredRules = Rules.all.indices.reduce(into: FiredRules()) { set, index in
        if Rules.all[index].severity == .reject { set.insert(index) }
    }

    mutating func insert(_ index: Int) {
        precondition(index < UInt64.bitWidth, "more rules than FiredRules holds")
        bits |= 1 << UInt64(index)
    }

    func union(_ other: FiredRules) -> FiredRules { FiredRules(bits: bits | other.bits) }
    func intersection(_ other: FiredRules) -> FiredRules { FiredRules(bits: bits & other.bits) }
    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }
    /// The index in `Rules.all` of the first rule that fired.
    var first: Int? { bits == 0 ? nil : bits.trailingZeroBitCount }
    var rejects: FiredRules { intersection(Self.rejecting) }

    /// The findings of these rules for `context` (the context they fired for), in rule order.
    func findings(_ context: RuleContext) -> [Finding] {
        Rules.all.indices.compactMap { index in bits & (1 << UInt64(index)) == 0 ? nil : Rules.all[index].evaluate(context) }
    }
}
