import Foundation
import InferCostCore

/// What the search keeps while it runs: the best passing candidate per option (offer x region x
/// pricing model x payment), and for rejected candidates only what the report shows: a count and the best
/// example per offer x first rejecting rule, the closest candidate per offer, and the largest
/// batch each configuration lost to a latency target (`noteLatencyRejection`). Full records are built only for those.
struct SearchTally: Sendable {
    struct OptionKey: Hashable { var offerID: String; var region: String?; var pricing: PricingModel?; var payment: Payment? }
    /// An offer and a rule: the index in `Rules.all` of the first rejecting rule, or `costBoundRule`.
    struct GroupKey: Hashable { var offerID: String; var rule: Int }
    /// A configuration of an offer, whatever its price: a latency target reads the estimate, never the price.
    struct ConfigurationKey: Hashable {
        var offerID: String
        var tensorParallel: Int, pipelineParallel: Int
        var weightPrecision: Precision, kvPrecision: Precision
        var attentionDataParallel: Bool
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
            case bounded(cost: MonthlyCost, best: MonthlyCost?)
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
            case .bounded(let cost, let best): message = SearchTally.boundMessage(cost.usd, best: best?.usd, money: money)
            }
            return .init(offerID: offerID, deviceID: deviceID, ruleID: isBound ? SearchTally.costBoundGroup : Rules.all[rule].id,
                         count: count, message: message)
        }
    }

    /// Values by key, kept in an array: reading or updating a field of a held value (`values[slot].rank`) copies
    /// nothing else, where a dictionary's subscript copies the whole value (a rule context) out and back.
    struct Held<Key: Hashable & Sendable, Value: Sendable>: Sendable {
        private var slots: [Key: Int] = [:]
        /// In the order inserted; `keys[i]` is the key of `values[i]`.
        private(set) var keys: [Key] = []
        var values: [Value] = []
        func slot(_ key: Key) -> Int? { slots[key] }
        mutating func insert(_ value: Value, for key: Key) {
            slots[key] = values.count
            keys.append(key)
            values.append(value)
        }
    }

    var evaluated = 0
    // Each kept candidate is stored with its rank, so a challenger is compared without rebuilding the holder's.
    var bestPerOption = Held<OptionKey, Kept>()
    /// `bestPerOption`'s ranks, by slot, apart: the search compares every candidate with its option's best, and reading
    /// the rank out of a held candidate copied it (its text fields retained, then released).
    private(set) var bestRanks: [RankKey] = []
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
    /// Whether rejected candidates are counted per offer and rule (`groups`, `Recommender.gathersRejections`).
    var tracksGroups = true
    var capacityLeaders: [OptionKey: (requestsPerSecondPerUnit: Double, kept: Kept)] = [:]

    /// A candidate of `option` that passed every rule, ranked `sweepRank`; `slot`: `optionSlot(option)`. Returns the
    /// option's slot. The candidate's full rank (its text key) is made only when its figures tie the held best's or beat them.
    @discardableResult
    mutating func pass(_ context: RuleContext, fired: FiredRules, option key: OptionKey, slot: Int?, sweepRank: SweepRank) -> Int {
        if tracksCapacity, let plan = context.plan, plan.units > 0 {
            let rank = RankKey(context)
            let perUnit = CapacityPlan.maxRequestsPerSecond(estimate: context.estimate, profile: context.profile)
                * Double(plan.replicas) / Double(plan.units)
            keepCapacityLeader(key, perUnit: perUnit, rank: rank, Kept(context, fired: fired, rank: rank))
        }
        guard let slot else {
            let rank = RankKey(context)
            bestPerOption.insert(Kept(context, fired: fired, rank: rank), for: key)
            bestRanks.append(rank)
            return bestPerOption.values.count - 1
        }
        if bestRanks[slot].ranksBefore(sweepRank) { return slot }
        let rank = RankKey(context)
        if rank.isBetter(than: bestRanks[slot]) {
            bestPerOption.values[slot] = Kept(context, fired: fired, rank: rank)
            bestRanks[slot] = rank
        }
        return slot
    }

    /// Holds `kept()`, ranked `rank`, as the option's best when it ranks before the one held.
    private mutating func keepBest(_ key: OptionKey, rank: RankKey, _ kept: @autoclosure () -> Kept) {
        if let slot = bestPerOption.slot(key) {
            if rank.isBetter(than: bestRanks[slot]) {
                bestPerOption.values[slot] = kept()
                bestRanks[slot] = rank
            }
        } else {
            bestPerOption.insert(kept(), for: key)
            bestRanks.append(rank)
        }
    }

    /// Holds `kept()` as the option's capacity leader when one unit of it serves more requests per second than the
    /// leader's (on a tie, when it ranks first).
    private mutating func keepCapacityLeader(_ key: OptionKey, perUnit: Double, rank: RankKey, _ kept: @autoclosure () -> Kept) {
        let current = capacityLeaders[key]
        if perUnit > current?.requestsPerSecondPerUnit ?? 0
            || (perUnit == current?.requestsPerSecondPerUnit && current.map { rank.isBetter(than: $0.kept.rank) } ?? false) {
            capacityLeaders[key] = (perUnit, kept())
        }
    }

    /// Holds `kept()` as the offer's closest rejected candidate when it got further through the rules than the one held
    /// (on a tie, when it ranks first).
    private mutating func keepClosest(_ offerID: String, progress: Progress, rank: RankKey, _ kept: @autoclosure () -> Kept) {
        if let slot = closest.slot(offerID) {
            let held = closest.values[slot]
            if progress > held.progress || (progress == held.progress && rank.isBetter(than: held.kept.rank)) {
                closest.values[slot] = (progress, kept())
            }
        } else {
            closest.insert((progress, kept()), for: offerID)
        }
    }

    /// Adds the tally of candidates evaluated after this one's (`Recommender.search`): what adding them one by one would
    /// have given. Counts add up; for each option, group, offer and configuration the best, closest or largest of both is
    /// kept by the same orders `pass`, `tallyGroup` and `add` use. (The cost bound read only candidates of one option, all
    /// in one tally.)
    mutating func merge(_ later: SearchTally) {
        evaluated += later.evaluated
        for (key, kept) in zip(later.bestPerOption.keys, later.bestPerOption.values) { keepBest(key, rank: kept.rank, kept) }
        for (key, leader) in later.capacityLeaders {
            keepCapacityLeader(key, perUnit: leader.requestsPerSecondPerUnit, rank: leader.kept.rank, leader.kept)
        }
        for (key, group) in zip(later.groups.keys, later.groups.values) {
            tallyGroup(key, count: group.count, deviceID: group.deviceID, rank: group.rank, example: group.example)
        }
        for (offerID, entry) in zip(later.closest.keys, later.closest.values) {
            keepClosest(offerID, progress: entry.progress, rank: entry.kept.rank, entry.kept)
        }
        sloCaps.merge(later.sloCaps, uniquingKeysWith: max)
    }

    /// Counts `count` rejected candidates in their group, and makes `example` (the best of them, ranked `rank`) the
    /// group's example when it ranks before the example held.
    private mutating func tallyGroup(_ key: GroupKey, count: Int, deviceID: String, rank: RankKey,
                                     example: @autoclosure () -> Group.Example) {
        if let slot = groups.slot(key) {
            groups.values[slot].count += count
            if rank.isBetter(than: groups.values[slot].rank) {
                groups.values[slot].example = example()
                groups.values[slot].rank = rank
            }
        } else {
            groups.insert(Group(offerID: key.offerID, deviceID: deviceID, rule: key.rule, count: count, example: example(), rank: rank),
                          for: key)
        }
    }

    /// A latency target rejected the candidates of this configuration at this batch, at every price (the targets read the
    /// estimate only): the `slo` bottleneck of the configuration's best depends on that. Noted once per configuration, not
    /// per price and batch.
    mutating func noteLatencyRejection(configuration key: ConfigurationKey, batch: Int) {
        sloCaps[key] = max(sloCaps[key] ?? 0, batch)
    }

    /// The group of candidates not checked because their cost already exceeded their option's best (`bound`).
    static let costBoundGroup = "cost_bound"
    /// The `GroupKey.rule` of that group: after every rule.
    static let costBoundRule = Rules.all.count

    /// True when a candidate of `option` with this monthly cost can no longer become the option's best: a passing
    /// candidate is held that ranks before every candidate of a higher cost (complete costs rank first).
    /// `optionSlot`: `optionSlot(option)`, looked up once per configuration and price and again after each pass.
    func cannotBeat(optionSlot slot: Int?, cost: MonthlyCost, complete: Bool) -> Bool {
        guard let slot else { return false }
        let bestComplete = bestRanks[slot].costComplete
        return bestComplete == complete ? bestRanks[slot].cost < cost : bestComplete
    }

    /// True when the option's best passing candidate ranks before a candidate ranked `rank` by the figures alone
    /// (`pass` would keep the best without reading the candidate's text key).
    func ranksAfterBest(optionSlot slot: Int?, _ rank: SweepRank) -> Bool {
        guard let slot else { return false }
        return bestRanks[slot].ranksBefore(rank)
    }

    /// The cost of the option's best passing candidate when it is complete and worked out as `units` whole instances at
    /// `rate` (`MonthlyCost.Exact.rental`): then it is the cost of every candidate of that rate and unit count, to the
    /// cent, known without working that cost out. nil otherwise.
    func bestCost(optionSlot slot: Int?, rentingAt rate: Shared<CostModel.Rental>, units: Int) -> MonthlyCost? {
        guard let slot, bestRanks[slot].costComplete,
              case .rental(let held, let heldUnits) = bestRanks[slot].cost.exact, held === rate, heldUnits == units
        else { return nil }
        return bestRanks[slot].cost
    }

    /// Where the option's best passing candidate is held; nil until it has one.
    func optionSlot(_ option: OptionKey) -> Int? { bestPerOption.slot(option) }

    /// The monthly cost of the option's best passing candidate (the `cost_bound` message's "found earlier").
    func bestCost(optionSlot slot: Int?) -> MonthlyCost? { slot.map { bestRanks[$0].cost } }

    static func boundMessage(_ cost: Decimal, best: Decimal?, money: Money) -> String {
        "costs \(money.format(cost))/month, more than the \(best.map(money.format) ?? "?")/month of a passing candidate of the same option found earlier; not checked by the rules"
    }

    /// Adds the rejected and bounded candidates of one configuration and price (`option`), gathered by `Sweep`. `point`
    /// gives a held candidate's deployment point; `context` rebuilds its rule context (its batch limit's estimate and plan,
    /// and its cost), only for a candidate the tally keeps.
    mutating func add(_ sweep: Sweep, option: OptionKey, point: (Int) -> DeploymentPoint, context: (Sweep.Held) -> RuleContext) {
        func rank(_ held: Sweep.Held) -> RankKey { RankKey(held.rank, option: option, point: point(held.index)) }
        // Each group has its own key (offer, rule), so the order they are added in changes nothing.
        for group in sweep.groups where tracksGroups {
            let rule = group.rule
            let best = rank(group.best)
            tallyGroup(GroupKey(offerID: option.offerID, rule: rule), count: group.count, deviceID: best.point.deviceID, rank: best,
                       example: rule == Self.costBoundRule ? .bounded(cost: best.cost, best: group.bestWhenBounded) : .rejected(context(group.best)))
        }
        if let (progress, held) = sweep.closest {
            let heldRank = rank(held)
            keepClosest(option.offerID, progress: progress, rank: heldRank, Kept(context(held), fired: held.fired, rank: heldRank))
        }
    }

    static func option(_ c: Candidate) -> OptionKey { OptionKey(offerID: c.offerID, region: c.region, pricing: c.pricing, payment: c.payment) }

    static func configuration(offerID: String, _ p: DeploymentPoint) -> ConfigurationKey {
        ConfigurationKey(offerID: offerID, tensorParallel: p.tensorParallel, pipelineParallel: p.pipelineParallel,
                         weightPrecision: p.weightPrecision, kvPrecision: p.kvPrecision, attentionDataParallel: p.attentionDataParallel)
    }

    func recommendation(profile: Profile, today: Day) -> Recommendation {
        // Ranked by the ranks the tally holds, in place: sorting the candidates moved each (with its estimate) many times,
        // and a rank made from a candidate summed its cost's breakdown.
        let options = bestPerOption.values
        let order = options.indices.sorted { options[$0].rank.isBetter(than: options[$1].rank) }
        // Each option's record (its findings' messages, its cost's breakdown in `Decimal`s) and reason, on every core:
        // a recommendation can have hundreds of options, and this was the search's longest stretch on one core.
        let first = order.first.map { options[$0].candidate }
        let ranked = concurrentMap(order.count) { [sloCaps] i in
            var c = options[order[i]].candidate
            // A passing candidate is SLO-bound when the same configuration with a larger batch fitted in
            // memory but broke a latency target.
            if (sloCaps[Self.configuration(offerID: c.offerID, c.point)] ?? 0) > c.point.batch { c.bottleneck = .slo }
            return Recommendation.Ranked(rank: i + 1, candidate: c,
                                         lostBecause: i == 0 ? nil : first.map { Recommender.lostBecause(c, to: $0, money: profile.money) })
        }
        let ordered = ranked.map(\.candidate)
        let passingOffers = Set(ordered.map(\.offerID))
        // An offer's losing reason is the first rejecting rule's message: rendered alone, not with every finding.
        let losing = closest.values.filter { !passingOffers.contains($0.kept.context.offer.id) }.compactMap { entry -> Recommendation.LosingOffer? in
            let context = entry.kept.context
            guard let rule = entry.kept.fired.rejects.first, let message = Rules.all[rule].check(context) else { return nil }
            return .init(offerID: context.offer.id, deviceID: context.point.deviceID, ruleID: Rules.all[rule].id, message: message)
        }.sorted { ($0.ruleID, $0.offerID) < ($1.ruleID, $1.offerID) }
        let rejections = groups.values.map { $0.group(money: profile.money) }.sorted { ($0.offerID, $0.ruleID) < ($1.offerID, $1.ruleID) }
        return Recommendation(profileName: profile.name, modelID: profile.modelID, today: today, candidatesEvaluated: evaluated,
                              ranked: ranked, losingOffers: losing, rejections: rejections, defaultedCostKeys: profile.defaultedCostKeys)
    }
}

extension SearchTally {
    /// The rejected and bounded candidates of one configuration and price (one sweep of batch limits), gathered before they
    /// enter the tally (`add`): per first rejecting rule (or `costBoundRule`) a count and the best candidate, and the closest
    /// candidate. The tally keeps counts as sums and examples and closest candidates as the best by a total order, so adding
    /// a sweep's best gives what adding each of its candidates gave, while the tally's dictionaries are read once per sweep
    /// instead of once per candidate.
    /// (The cost bound reads only the passing candidates, which still enter the tally one by one.)
    struct Sweep {
        /// A candidate the sweep holds: its batch limit's index in the sweep, its cost, the rules that fired and its rank.
        struct Held {
            var index: Int
            var cost: CostModel.Result?
            var fired: FiredRules
            var rank: SweepRank
        }
        struct Group {
            /// The index in `Rules.all` of the group's first rejecting rule, or `costBoundRule`.
            var rule: Int
            var count: Int
            var best: Held
            /// For the `cost_bound` group: the option's best cost when `best` was bounded.
            var bestWhenBounded: MonthlyCost?
        }
        /// The groups in the order their first candidate came: a sweep's candidates fall in a few groups, and a slot for
        /// every rule, made for each sweep and copied whole on each update, was a twentieth of the search.
        var groups: [Group] = []
        /// Whether rejected candidates are counted in groups (`SearchTally.tracksGroups`); without, a sweep keeps only the
        /// closest candidate (a bounded one needs nothing kept: `bound` is not called).
        var countsGroups = true
        var closest: (progress: Progress, held: Held)?

        /// A candidate the rules rejected (`fired` holds a rejecting rule): `index` is its batch limit's in the sweep, `cost`
        /// its cost when it was costed, `rank` its `SweepRank`.
        mutating func reject(index: Int, cost: CostModel.Result?, fired: FiredRules, rank: SweepRank) {
            let rejects = fired.rejects
            guard let first = rejects.first else { return }
            let held = Held(index: index, cost: cost, fired: fired, rank: rank)
            if countsGroups { count(held, rule: first, bestWhenBounded: nil) }
            let progress = Progress(firstReject: first, rejects: rejects.count)
            if let closest, !(progress > closest.progress || (progress == closest.progress && rank.isBetter(than: closest.held.rank))) {
                return
            }
            closest = (progress, held)
        }

        /// A candidate `cannotBeat` ruled out, with its cost: counted in its offer's `cost_bound` group. It cannot change the
        /// option's best or the offer's losing reason (the offer has a passing candidate). `best`: the option's best cost.
        mutating func bound(index: Int, cost: CostModel.Result, rank: SweepRank, best: MonthlyCost?) {
            count(Held(index: index, cost: cost, fired: FiredRules(), rank: rank), rule: SearchTally.costBoundRule, bestWhenBounded: best)
        }

        /// `count` more candidates rejected first by the rule of the sweep's first candidate, which stands for them
        /// (`Recommender.ConfigurationVerdict.rejectsEveryBatch`): counted in its group, never its example.
        mutating func countWithFirst(_ count: Int) {
            if !groups.isEmpty { groups[0].count += count }
        }

        private mutating func count(_ held: Held, rule: Int, bestWhenBounded: MonthlyCost?) {
            guard let i = groups.firstIndex(where: { $0.rule == rule }) else {
                groups.append(Group(rule: rule, count: 1, best: held, bestWhenBounded: bestWhenBounded))
                return
            }
            groups[i].count += 1
            if held.rank.isBetter(than: groups[i].best.rank) {
                groups[i].best = held
                groups[i].bestWhenBounded = bestWhenBounded
            }
        }
    }

    /// What a candidate's `SweepRank` reads before it is costed: its plan's latencies and devices, and its batch limit.
    struct SweepFigures {
        var ttftMs: Double
        var tpotMs: Double
        var totalDevices: Int
        var batch: Int

        init(_ c: borrowing RuleContext) {
            ttftMs = c.plan?.ttftMs ?? (c.estimate.ttftSeconds ?? .infinity) * 1000
            tpotMs = c.plan?.tpotMs ?? 0
            totalDevices = (c.plan?.units ?? 0) * c.offer.devicesPerUnit
            batch = c.point.batch
        }
    }

    /// `RankKey`'s order among the candidates of one configuration and price, without its text: their text keys
    /// (offer, region, pricing, payment, layout, precisions, batch) differ only in the batch, so the last tie-break
    /// compares the batch as text, as the key does.
    struct SweepRank {
        var costComplete: Bool
        /// nil: no cost (`RankKey`'s greatest cost).
        var cost: MonthlyCost?
        var ttftMs: Double
        var tpotMs: Double
        var totalDevices: Int
        var batch: Int

        /// The rank before costing.
        init(_ f: SweepFigures) {
            costComplete = true
            cost = nil
            ttftMs = f.ttftMs; tpotMs = f.tpotMs; totalDevices = f.totalDevices; batch = f.batch
        }

        /// The rank of the same candidate with `cost` attached (the rank before costing: no cost).
        func costed(_ cost: CostModel.Result) -> SweepRank {
            var rank = self
            rank.costComplete = cost.caveats.isEmpty
            rank.cost = cost.monthly
            return rank
        }

        var figures: RankKey.Figures { (costComplete, cost, ttftMs, tpotMs, totalDevices) }

        func isBetter(than b: SweepRank) -> Bool {
            RankKey.before(figures, b.figures) ?? (String(batch) < String(b.batch))
        }
    }
}

/// The ranking order of candidates (complete cost first, then monthly cost, TTFT, TPOT, devices, then the text key),
/// computed from a rule context without building the candidate.
struct RankKey {
    var costComplete: Bool
    var cost: MonthlyCost
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
        cost = c.cost?.monthly ?? .unknown
        ttftMs = c.plan?.ttftMs ?? (c.estimate.ttftSeconds ?? .infinity) * 1000
        tpotMs = c.plan?.tpotMs ?? 0
        totalDevices = (c.plan?.units ?? 0) * c.offer.devicesPerUnit
        offerID = c.offer.id; region = c.price?.region; pricing = c.price?.pricing; payment = c.price?.payment; point = c.point
    }

    /// The rank of a candidate of `option` at `point` from its `SweepRank`, as `init(_: RuleContext)` gives it.
    init(_ r: SearchTally.SweepRank, option: SearchTally.OptionKey, point: DeploymentPoint) {
        costComplete = r.costComplete
        cost = r.cost ?? .unknown
        ttftMs = r.ttftMs
        tpotMs = r.tpotMs
        totalDevices = r.totalDevices
        offerID = option.offerID; region = option.region; pricing = option.pricing; payment = option.payment; self.point = point
    }

    init(_ c: Candidate) {
        costComplete = c.isCostComplete
        cost = c.cost.map { MonthlyCost($0.totalUSDPerMonth) } ?? .unknown
        ttftMs = c.ttftMs
        tpotMs = c.tpotMs ?? 0
        totalDevices = c.totalDevices
        offerID = c.offerID; region = c.region; pricing = c.pricing; payment = c.payment; point = c.point
    }

    var key: String { Recommender.key(offerID: offerID, region: region, pricing: pricing, payment: payment, point: point) }

    /// What the ranking compares before the text key: complete cost first, then monthly cost (none: after every cost), TTFT,
    /// TPOT and devices.
    typealias Figures = (costComplete: Bool, cost: MonthlyCost?, ttftMs: Double, tpotMs: Double, totalDevices: Int)
    var figures: Figures { (costComplete, cost, ttftMs, tpotMs, totalDevices) }

    /// Whether `a` ranks before `b` by their figures; nil when the figures tie.
    static func before(_ a: Figures, _ b: Figures) -> Bool? {
        if a.costComplete != b.costComplete { return a.costComplete }
        if a.cost != b.cost {
            guard let cost = a.cost else { return false }
            guard let other = b.cost else { return true }
            return cost < other
        }
        if a.ttftMs != b.ttftMs { return a.ttftMs < b.ttftMs }
        if a.tpotMs != b.tpotMs { return a.tpotMs < b.tpotMs }
        if a.totalDevices != b.totalDevices { return a.totalDevices < b.totalDevices }
        return nil
    }

    /// True when this ranks before every candidate ranked `r` in its option by the figures alone; false when after, or
    /// when the figures tie.
    /// Reads the fields in place (as `before` orders them): building the two `Figures` copied each cost and retained its
    /// recipe, for every candidate the search compares with its option's best.
    func ranksBefore(_ r: SearchTally.SweepRank) -> Bool {
        if costComplete != r.costComplete { return costComplete }
        guard let other = r.cost else { return true }  // this rank's cost is never nil (`.unknown` after every cost)
        if cost != other { return cost < other }
        if ttftMs != r.ttftMs { return ttftMs < r.ttftMs }
        if tpotMs != r.tpotMs { return tpotMs < r.tpotMs }
        return totalDevices < r.totalDevices
    }

    func isBetter(than b: RankKey) -> Bool { Self.before(figures, b.figures) ?? (key < b.key) }
}
