import Foundation
import InferCostCore

/// What the search keeps while it runs: the best passing candidate per option (offer x region x
/// pricing model x payment), and for rejected candidates only what the report shows: a count and the best
/// example per offer x first rejecting rule, the closest candidate per offer, and the largest
/// batch each configuration lost to a latency target. Full records are built only for those.
struct SearchTally {
    struct OptionKey: Hashable { var offerID: String; var region: String?; var pricing: PricingModel?; var payment: Payment? }
    struct GroupKey: Hashable { var offerID: String; var ruleID: String }
    struct ConfigurationKey: Hashable {
        var option: OptionKey
        var tensorParallel: Int, pipelineParallel: Int
        var weightPrecision: Precision, kvPrecision: Precision
    }

    var evaluated = 0
    // Each kept candidate is stored with its rank, so a challenger is compared without rebuilding the holder's.
    var bestPerOption: [OptionKey: (rank: RankKey, candidate: Candidate)] = [:]
    var groups: [GroupKey: (group: Recommendation.RejectionGroup, rank: RankKey)] = [:]
    /// Per offer, the rejected candidate that got furthest through the rules (see `progress`).
    var closest: [String: (progress: Progress, rank: RankKey, candidate: Candidate)] = [:]
    var sloCaps: [ConfigurationKey: Int] = [:]

    /// How far a rejected candidate got: the rule index of its first rejection (later is closer), then fewer rejections.
    struct Progress: Comparable {
        var firstReject: Int, rejects: Int
        static func < (a: Progress, b: Progress) -> Bool { (a.firstReject, -a.rejects) < (b.firstReject, -b.rejects) }
    }

    static let ruleIndex: [String: Int] = Dictionary(uniqueKeysWithValues: Rules.all.enumerated().map { ($1.id, $0) })
    static let latencyRules: Set<String> = [TTFTTargetRule().id, TPOTTargetRule().id]

    /// With `tracksCapacity`, per option the passing candidate one unit of which serves the most
    /// requests per second within the targets (`recommend --mix`, `FleetPlanner`).
    var tracksCapacity = false
    var capacityLeaders: [OptionKey: (requestsPerSecondPerUnit: Double, candidate: Candidate)] = [:]

    mutating func pass(_ context: RuleContext, findings: [Finding]) {
        let key = Self.option(context)
        if tracksCapacity, let plan = context.plan, plan.units > 0 {
            let perUnit = CapacityPlan.maxRequestsPerSecond(estimate: context.estimate, profile: context.profile)
                * Double(plan.replicas) / Double(plan.units)
            let current = capacityLeaders[key]
            if perUnit > current?.requestsPerSecondPerUnit ?? 0
                || (perUnit == current?.requestsPerSecondPerUnit && current.map { RankKey(context).isBetter(than: RankKey($0.candidate)) } ?? false) {
                capacityLeaders[key] = (perUnit, Recommender.candidate(context, findings: findings))
            }
        }
        let rank = RankKey(context)
        if let current = bestPerOption[key], !rank.isBetter(than: current.rank) { return }
        bestPerOption[key] = (rank, Recommender.candidate(context, findings: findings))
    }

    mutating func reject(_ context: RuleContext, findings: [Finding]) {
        let rejects = findings.filter { $0.severity == .reject }
        guard let first = rejects.first else { return }
        if rejects.contains(where: { Self.latencyRules.contains($0.ruleID) }) {
            let key = Self.configuration(context)
            sloCaps[key] = max(sloCaps[key] ?? 0, context.point.batch)
        }
        let rank = RankKey(context)
        let offerID = context.offer.id
        let groupKey = GroupKey(offerID: offerID, ruleID: first.ruleID)
        if var entry = groups[groupKey] {
            entry.group.count += 1
            if rank.isBetter(than: entry.rank) {
                entry.group.message = first.message
                entry.rank = rank
            }
            groups[groupKey] = entry
        } else {
            groups[groupKey] = (.init(offerID: offerID, deviceID: context.device.id, ruleID: first.ruleID, count: 1,
                                      message: first.message), rank)
        }
        let progress = Progress(firstReject: Self.ruleIndex[first.ruleID] ?? Rules.all.count, rejects: rejects.count)
        if let current = closest[offerID] {
            guard progress > current.progress || (progress == current.progress && rank.isBetter(than: current.rank))
            else { return }
        }
        closest[offerID] = (progress, rank, Recommender.candidate(context, findings: findings))
    }

    /// The group of candidates not checked because their cost already exceeded their option's best (`bound`).
    static let costBoundGroup = "cost_bound"

    /// True when a candidate of `option` with this monthly cost can no longer become the option's best: a passing
    /// candidate is held that ranks before every candidate of a higher cost (complete costs rank first).
    func cannotBeat(_ option: OptionKey, cost: Decimal, complete: Bool) -> Bool {
        guard let best = bestPerOption[option]?.rank else { return false }
        return best.costComplete == complete ? best.cost < cost : best.costComplete
    }

    /// A candidate `cannotBeat` ruled out, its cost attached: counted in its offer's `cost_bound` group, and still
    /// noted when a latency target rejects it (the `slo` bottleneck of the configuration's best depends on that).
    /// It cannot change the option's best or the offer's losing reason (the offer has a passing candidate).
    mutating func bound(_ context: RuleContext, option: OptionKey, money: Money) {
        if TTFTTargetRule().check(context) != nil || TPOTTargetRule().check(context) != nil {
            let key = Self.configuration(context)
            sloCaps[key] = max(sloCaps[key] ?? 0, context.point.batch)
        }
        let rank = RankKey(context)
        let groupKey = GroupKey(offerID: context.offer.id, ruleID: Self.costBoundGroup)
        if var entry = groups[groupKey] {
            entry.group.count += 1
            if rank.isBetter(than: entry.rank) {
                entry.group.message = Self.boundMessage(rank.cost, best: bestPerOption[option]?.rank.cost, money: money)
                entry.rank = rank
            }
            groups[groupKey] = entry
        } else {
            groups[groupKey] = (.init(offerID: context.offer.id, deviceID: context.device.id, ruleID: Self.costBoundGroup, count: 1,
                                      message: Self.boundMessage(rank.cost, best: bestPerOption[option]?.rank.cost, money: money)), rank)
        }
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
        var best = bestPerOption.mapValues(\.candidate)
        // A passing candidate is SLO-bound when the same configuration with a larger batch fitted in
        // memory but broke a latency target.
        for (option, c) in best where (sloCaps[Self.configuration(c)] ?? 0) > c.point.batch {
            best[option]?.bottleneck = .slo
        }
        let ordered = best.values.sorted(by: Recommender.isBetter)
        let first = ordered.first
        let ranked = ordered.enumerated().map { i, c in
            Recommendation.Ranked(rank: i + 1, candidate: c,
                                  lostBecause: first.flatMap { i == 0 ? nil : Recommender.lostBecause(c, to: $0, money: profile.money) })
        }
        let passingOffers = Set(best.values.map(\.offerID))
        let losing = closest.filter { !passingOffers.contains($0.key) }.values.compactMap { entry -> Recommendation.LosingOffer? in
            let c = entry.candidate
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { return nil }
            return .init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, message: f.message)
        }.sorted { ($0.ruleID, $0.offerID) < ($1.ruleID, $1.offerID) }
        let rejections = groups.values.map(\.group).sorted { ($0.offerID, $0.ruleID) < ($1.offerID, $1.ruleID) }
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

    init(_ c: RuleContext) {
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
