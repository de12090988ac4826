import Foundation
import InferCostCore

/// What the search keeps while it runs: the best passing candidate per option (offer x region x
/// pricing model x payment), and for rejected candidates only what the report shows: a count and the best
/// example per offer x first rejecting rule, the closest candidate per offer, and the largest
/// batch each configuration lost to a latency target. Full records are built only for those.
struct SearchTally {
    struct OptionKey: Hashable { var offerID: String; var region: String?; var pricing: PricingModel?; var payment: Payment? }
    /// An offer and a rule: the index in `Rules.all` of the first rejecting rule, or `costBoundRule`.
    struct GroupKey: Hashable { var offerID: String; var rule: Int }
    struct ConfigurationKey: Hashable {
        var option: OptionKey
        var tensorParallel: Int, pipelineParallel: Int
        var weightPrecision: Precision, kvPrecision: Precision
    }

    /// A candidate the tally holds: its context, the rules that fired for it and its rank. Its record (messages
    /// rendered) is built once, for the report, however often it was replaced before.
    struct Kept {
        var context: RuleContext
        var fired: FiredRules
        var rank: RankKey
        init(_ context: RuleContext, fired: FiredRules, rank: RankKey) { self.context = context; self.fired = fired; self.rank = rank }
        var candidate: Candidate { Recommender.candidate(context, findings: fired.findings(context)) }
    }

    /// A rejection group: a count, and its best example, whose message is rendered for the report.
    struct Group {
        enum Example {
            /// A candidate the group's rule rejected first.
            case rejected(RuleContext)
            /// A candidate `bound` ruled out, with its cost and its option's best cost when it was.
            case bounded(cost: Decimal, best: Decimal?)
        }
        var offerID: String, deviceID: String
        var rule: Int
        var count: Int
        var example: Example
        var rank: RankKey

        func group(money: Money) -> Recommendation.RejectionGroup {
            let isBound = rule == SearchTally.costBoundRule
            let message: String
            switch example {
            case .rejected(let context): message = Rules.all[rule].check(context) ?? ""
            case .bounded(let cost, let best): message = SearchTally.boundMessage(cost, best: best, money: money)
            }
            return .init(offerID: offerID, deviceID: deviceID, ruleID: isBound ? SearchTally.costBoundGroup : Rules.all[rule].id,
                         count: count, message: message)
        }
    }

    /// Values by key, kept in an array: reading or updating a field of a held value (`values[slot].rank`) copies
    /// nothing else, where a dictionary's subscript copies the whole value (a rule context) out and back.
    struct Held<Key: Hashable, Value> {
        private var slots: [Key: Int] = [:]
        var values: [Value] = []
        func slot(_ key: Key) -> Int? { slots[key] }
        mutating func insert(_ value: Value, for key: Key) {
            slots[key] = values.count
            values.append(value)
        }
    }

    var evaluated = 0
    // Each kept candidate is stored with its rank, so a challenger is compared without rebuilding the holder's.
    var bestPerOption = Held<OptionKey, Kept>()
    var groups = Held<GroupKey, Group>()
    /// Per offer, the rejected candidate that got furthest through the rules (see `progress`).
    var closest = Held<String, (progress: Progress, kept: Kept)>()
    var sloCaps: [ConfigurationKey: Int] = [:]

    /// How far a rejected candidate got: the rule index of its first rejection (later is closer), then fewer rejections.
    struct Progress: Comparable {
        var firstReject: Int, rejects: Int
        static func < (a: Progress, b: Progress) -> Bool { (a.firstReject, -a.rejects) < (b.firstReject, -b.rejects) }
    }

    static let latencyRules: FiredRules = Rules.all.indices.reduce(into: FiredRules()) { set, index in
        if Rules.all[index] is TTFTTargetRule || Rules.all[index] is TPOTTargetRule { set.insert(index) }
    }

    /// With `tracksCapacity`, per option the passing candidate one unit of which serves the most
    /// requests per second within the targets (`recommend --mix`, `FleetPlanner`).
    var tracksCapacity = false
    var capacityLeaders: [OptionKey: (requestsPerSecondPerUnit: Double, kept: Kept)] = [:]

    mutating func pass(_ context: RuleContext, fired: FiredRules) {
        let key = Self.option(context)
        let rank = RankKey(context)
        if tracksCapacity, let plan = context.plan, plan.units > 0 {
            let perUnit = CapacityPlan.maxRequestsPerSecond(estimate: context.estimate, profile: context.profile)
                * Double(plan.replicas) / Double(plan.units)
            let current = capacityLeaders[key]
            if perUnit > current?.requestsPerSecondPerUnit ?? 0
                || (perUnit == current?.requestsPerSecondPerUnit && current.map { rank.isBetter(than: $0.kept.rank) } ?? false) {
                capacityLeaders[key] = (perUnit, Kept(context, fired: fired, rank: rank))
            }
        }
        if let slot = bestPerOption.slot(key) {
            if rank.isBetter(than: bestPerOption.values[slot].rank) { bestPerOption.values[slot] = Kept(context, fired: fired, rank: rank) }
        } else {
            bestPerOption.insert(Kept(context, fired: fired, rank: rank), for: key)
        }
    }

    mutating func reject(_ context: RuleContext, fired: FiredRules) {
        let rejects = fired.rejects
        guard let first = rejects.first else { return }
        if !rejects.intersection(Self.latencyRules).isEmpty { noteLatencyRejection(context) }
        let rank = RankKey(context)
        tallyGroup(GroupKey(offerID: context.offer.id, rule: first), context: context, rank: rank, example: .rejected(context))
        let progress = Progress(firstReject: first, rejects: rejects.count)
        guard let slot = closest.slot(context.offer.id) else {
            closest.insert((progress, Kept(context, fired: fired, rank: rank)), for: context.offer.id)
            return
        }
        let held = closest.values[slot].progress
        if progress > held || (progress == held && rank.isBetter(than: closest.values[slot].kept.rank)) {
            closest.values[slot] = (progress, Kept(context, fired: fired, rank: rank))
        }
    }

    /// Counts a rejected candidate in its group, and makes it the group's example when it ranks before the example held.
    private mutating func tallyGroup(_ key: GroupKey, context: RuleContext, rank: RankKey, example: @autoclosure () -> Group.Example) {
        if let slot = groups.slot(key) {
            groups.values[slot].count += 1
            if rank.isBetter(than: groups.values[slot].rank) {
                groups.values[slot].example = example()
                groups.values[slot].rank = rank
            }
        } else {
            groups.insert(Group(offerID: key.offerID, deviceID: context.device.id, rule: key.rule, count: 1, example: example(), rank: rank),
                          for: key)
        }
    }

    /// A latency target rejected this candidate: the `slo` bottleneck of its configuration's best depends on that.
    private mutating func noteLatencyRejection(_ context: RuleContext) {
        let key = Self.configuration(context)
        sloCaps[key] = max(sloCaps[key] ?? 0, context.point.batch)
    }

    /// The group of candidates not checked because their cost already exceeded their option's best (`bound`).
    static let costBoundGroup = "cost_bound"
    /// The `GroupKey.rule` of that group: after every rule.
    static let costBoundRule = Rules.all.count

    /// True when a candidate of `option` with this monthly cost can no longer become the option's best: a passing
    /// candidate is held that ranks before every candidate of a higher cost (complete costs rank first).
    func cannotBeat(_ option: OptionKey, cost: Decimal, complete: Bool) -> Bool {
        guard let slot = bestPerOption.slot(option) else { return false }
        let best = bestPerOption.values[slot].rank
        return best.costComplete == complete ? best.cost < cost : best.costComplete
    }

    /// A candidate `cannotBeat` ruled out, its cost attached: counted in its offer's `cost_bound` group, and still
    /// noted when a latency target rejects it (the `slo` bottleneck of the configuration's best depends on that).
    /// It cannot change the option's best or the offer's losing reason (the offer has a passing candidate).
    /// `firedByEstimate`: the rules reading the estimate (`RuleInputs.estimate`) that fired for it, the latency targets among them.
    mutating func bound(_ context: RuleContext, option: OptionKey, firedByEstimate: FiredRules) {
        if !firedByEstimate.intersection(Self.latencyRules).isEmpty { noteLatencyRejection(context) }
        let rank = RankKey(context)
        let best = bestPerOption.slot(option).map { bestPerOption.values[$0].rank.cost }
        tallyGroup(GroupKey(offerID: context.offer.id, rule: Self.costBoundRule), context: context, rank: rank,
                   example: .bounded(cost: rank.cost, best: best))
    }

    static func boundMessage(_ cost: Decimal, best: Decimal?, money: Money) -> String {
        "costs \(money.format(cost))/month, more than the \(best.map(money.format) ?? "?")/month of a passing candidate of the same option found earlier; not checked by the rules"
    }

    static func option(_ c: RuleContext) -> OptionKey { OptionKey(offerID: c.offer.id, region: c.price?.region, pricing: c.price?.pricing, payment: c.price?.payment) }
    static func option(_ c: Candidate) -> OptionKey { OptionKey(offerID: c.offerID, region: c.region, pricing: c.pricing, payment: c.payment) }

    static func configuration(_ c: RuleContext) -> ConfigurationKey {
        let p = c.point
        return ConfigurationKey(option: option(c), tensorParallel: p.tensorParallel, pipelineParallel: p.pipelineParallel,
                                weightPrecision: p.weightPrecision, kvPrecision: p.kvPrecision)
    }
    static func configuration(_ c: Candidate) -> ConfigurationKey {
        let p = c.point
        return ConfigurationKey(option: option(c), tensorParallel: p.tensorParallel, pipelineParallel: p.pipelineParallel,
                                weightPrecision: p.weightPrecision, kvPrecision: p.kvPrecision)
    }

    func recommendation(profile: Profile, today: Day) -> Recommendation {
        let best = bestPerOption.values.map { kept in
            var c = kept.candidate
            // A passing candidate is SLO-bound when the same configuration with a larger batch fitted in
            // memory but broke a latency target.
            if (sloCaps[Self.configuration(c)] ?? 0) > c.point.batch { c.bottleneck = .slo }
            return c
        }
        let ordered = best.sorted(by: Recommender.isBetter)
        let first = ordered.first
        let ranked = ordered.enumerated().map { i, c in
            Recommendation.Ranked(rank: i + 1, candidate: c,
                                  lostBecause: first.flatMap { i == 0 ? nil : Recommender.lostBecause(c, to: $0, money: profile.money) })
        }
        let passingOffers = Set(best.map(\.offerID))
        let losing = closest.values.filter { !passingOffers.contains($0.kept.context.offer.id) }.compactMap { entry -> Recommendation.LosingOffer? in
            let c = entry.kept.candidate
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { return nil }
            return .init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, message: f.message)
        }.sorted { ($0.ruleID, $0.offerID) < ($1.ruleID, $1.offerID) }
        let rejections = groups.values.map { $0.group(money: profile.money) }.sorted { ($0.offerID, $0.ruleID) < ($1.offerID, $1.ruleID) }
        return Recommendation(profileName: profile.name, modelID: profile.modelID, today: today, candidatesEvaluated: evaluated,
                              ranked: ranked, losingOffers: losing, rejections: rejections, defaultedCostKeys: profile.defaultedCostKeys)
    }
}

/// The ranking order of candidates (complete cost first, then monthly cost, TTFT, TPOT, devices, then the text key),
/// computed from a rule context without building the candidate.
struct RankKey {
    var costComplete: Bool
    var cost: Decimal
    var ttftMs: Double
    var tpotMs: Double
    var totalDevices: Int
    var offerID: String
    var region: String?
    var pricing: PricingModel?
    var payment: Payment?
    var point: DeploymentPoint

    /// Borrows the context: an initializer otherwise takes its argument owned, and the search would copy a whole
    /// context (profile, model, device, offer) per candidate to rank it.
    init(_ c: borrowing RuleContext) {
        costComplete = c.cost?.caveats.isEmpty ?? true
        cost = c.cost?.breakdown?.totalUSDPerMonth ?? .greatestFiniteMagnitude
        ttftMs = c.plan?.ttftMs ?? (c.estimate.ttftSeconds ?? .infinity) * 1000
        tpotMs = c.plan?.tpotMs ?? 0
        totalDevices = (c.plan?.units ?? 0) * c.offer.devicesPerUnit
        offerID = c.offer.id; region = c.price?.region; pricing = c.price?.pricing; payment = c.price?.payment; point = c.point
    }

    init(_ c: Candidate) {
        costComplete = c.isCostComplete
        cost = c.cost?.totalUSDPerMonth ?? .greatestFiniteMagnitude
        ttftMs = c.ttftMs
        tpotMs = c.tpotMs ?? 0
        totalDevices = c.totalDevices
        offerID = c.offerID; region = c.region; pricing = c.pricing; payment = c.payment; point = c.point
    }

    var key: String { Recommender.key(offerID: offerID, region: region, pricing: pricing, payment: payment, point: point) }

    func isBetter(than b: RankKey) -> Bool {
        if costComplete != b.costComplete { return costComplete }
        if cost != b.cost { return cost < b.cost }
        if ttftMs != b.ttftMs { return ttftMs < b.ttftMs }
        if tpotMs != b.tpotMs { return tpotMs < b.tpotMs }
        if totalDevices != b.totalDevices { return totalDevices < b.totalDevices }
        return key < b.key
    }
}
