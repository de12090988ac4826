import Foundation
import InferCostCore

/// Enumerates offer x pricing x parallelism x precision x batch limit, estimates each, applies the
/// rules, costs the survivors and ranks them (docs/methodology.md, "Search"). Pure and deterministic.
public struct Recommender: Sendable {
    public var catalog: Catalog
    public var today: Day
    /// Fitted efficiency factors; nil: the uncalibrated physics model.
    public var calibration: Calibration?

    public init(catalog: Catalog, today: Day, calibration: Calibration? = nil) {
        self.catalog = catalog; self.today = today; self.calibration = calibration
    }

    public enum Failure: Error, Equatable { case unknownModel(String) }

    /// Parallel layouts tried: tensor x pipeline degrees within one instance or server.
    public static let tensorParallelDegrees = [1, 2, 4, 8]
    public static let pipelineParallelDegrees = [1, 2, 4]

    public func recommend(_ profile: Profile) throws(Failure) -> Recommendation {
        guard let model = catalog.models[profile.modelID] else { throw .unknownModel(profile.modelID) }
        var passing: [Candidate] = []
        var rejected: [Candidate] = []
        var evaluated = 0
        for offer in catalog.offers {
            guard let device = catalog.devices[offer.deviceID] else { continue }
            evaluated += evaluate(offer: offer, device: device, model: model, profile: profile, passing: &passing, rejected: &rejected)
        }
        var r = Self.rank(profile: profile, passing: passing, rejected: rejected, today: today)
        r.candidatesEvaluated = evaluated
        return r
    }

    /// Every candidate of one offer: rejected ones to `rejected`, costed survivors to `passing`.
    /// Returns how many candidates were evaluated.
    @discardableResult
    func evaluate(offer: Offer, device: Device, model: ModelSpec, profile: Profile,
                  passing: inout [Candidate], rejected: inout [Candidate]) -> Int {
        let prices: [CloudPrice?]
        if case .cloud(_, let list) = offer.terms { prices = list.sorted { ($0.region, $0.pricing) < ($1.region, $1.pricing) } } else { prices = [nil] }
        let kvChoices = model.kind == .decoder ? profile.precisions.kvCache : [profile.precisions.kvCache.first ?? .bf16]
        var evaluated = 0

        for tp in Self.tensorParallelDegrees where tp <= offer.devicesPerUnit {
            for pp in Self.pipelineParallelDegrees where tp * pp <= offer.devicesPerUnit {
                if pp > 1 && model.kind == .encoder { continue }
                for wp in profile.precisions.weights {
                    let families = DeploymentFamily.families(
                        model: model, device: device, precision: wp, tensorParallel: tp, pipelineParallel: pp,
                        inputTokens: profile.traffic.inputTokens, outputTokens: profile.traffic.outputTokens, atLoad: true)
                    let pipeline = EstimatePipeline(model: model, device: device, precision: wp, calibration: calibration,
                                                    deployment: families)
                    for kv in kvChoices {
                        var point = DeploymentPoint(
                            deviceID: device.id, tensorParallel: tp, pipelineParallel: pp, weightPrecision: wp,
                            kvPrecision: kv, batch: 1, inputTokens: profile.traffic.inputTokens,
                            outputTokens: profile.traffic.outputTokens, memoryGBPerDevice: offer.memoryGBPerDevice,
                            engine: profile.engine)
                        let maxBatch = pipeline.maxBatch(point)
                        let sweep = Self.batchLimits(upTo: maxBatch).map { batch -> (Estimate, CapacityPlan?) in
                            point.batch = batch
                            let e = pipeline.estimate(point)
                            let plan = e.memory.maxBatch >= batch
                                ? CapacityPlan.plan(estimate: e, profile: profile, devicesPerUnit: offer.devicesPerUnit) : nil
                            return (e, plan)
                        }
                        for price in prices {
                            evaluated += sweep.count
                            // Price-independent rules first; survivors needing the fewest units are the only
                            // ones that can be cheapest for this configuration and price, so only they are costed.
                            var survivors: [(Estimate, CapacityPlan)] = []
                            for (estimate, plan) in sweep {
                                let context = RuleContext(profile: profile, model: model, device: device, offer: offer,
                                                          price: price, estimate: estimate, plan: plan, cost: nil, today: today)
                                let findings = Rules.evaluate(context)
                                if let plan, !findings.contains(where: { $0.severity == .reject }) {
                                    survivors.append((estimate, plan))
                                } else {
                                    rejected.append(candidate(context, findings: findings))
                                }
                            }
                            guard let fewest = survivors.map(\.1.units).min() else { continue }
                            var cheapest = survivors.filter { $0.1.units == fewest }
                            if offer.deployment == .cloud, let best = cheapest.min(by: { a, b in
                                (a.1.ttftMs, a.1.tpotMs ?? 0, a.0.point.batch) < (b.1.ttftMs, b.1.tpotMs ?? 0, b.0.point.batch)
                            }) {
                                cheapest = [best]  // rental depends on units alone: the rest tie on cost and lose on latency
                            }
                            for (estimate, plan) in cheapest {
                                var context = RuleContext(profile: profile, model: model, device: device, offer: offer,
                                                          price: price, estimate: estimate, plan: plan, cost: nil, today: today)
                                context.cost = CostModel.cost(.init(
                                    offer: offer, device: device, price: price, units: plan.units,
                                    peakUtilization: plan.peakUtilization, averageUtilization: plan.averageUtilization,
                                    assumptions: profile.costs, money: profile.money, factors: pipeline.factors))
                                let c = candidate(context, findings: Rules.evaluate(context))
                                if c.isRejected { rejected.append(c) } else { passing.append(c) }
                            }
                        }
                    }
                }
            }
        }
        return evaluated
    }

    /// Batch limits tried: powers of two up to the memory limit, and the limit itself.
    /// With nothing fitting, batch 1 is still evaluated so the rules can say why.
    public static func batchLimits(upTo maxBatch: Int) -> [Int] {
        guard maxBatch > 1 else { return [1] }
        var limits: [Int] = []
        var b = 1
        while b < maxBatch { limits.append(b); b *= 2 }
        limits.append(maxBatch)
        return limits
    }

    func candidate(_ context: RuleContext, findings: [Finding]) -> Candidate {
        let (offer, device, profile, estimate, plan, price) = (context.offer, context.device, context.profile,
                                                                context.estimate, context.plan, context.price)
        let cost = context.cost
        let monthly = cost?.breakdown?.totalUSDPerMonth
        let bottleneck: Bottleneck = estimate.point.batch >= estimate.memory.maxBatch && estimate.memory.maxBatch > 0
            ? .memoryCapacity : (estimate.decode ?? estimate.prefill)?.bottleneck ?? .memoryCapacity
        return Candidate(
            offerID: offer.id, offerName: offer.name, deployment: offer.deployment, provider: offer.provider,
            vendor: device.vendor, region: price?.region, pricing: price?.pricing, priceAsOf: price?.asOf,
            point: estimate.point, estimate: estimate, replicas: plan?.replicas ?? 0, units: plan?.units ?? 0,
            totalDevices: (plan?.units ?? 0) * offer.devicesPerUnit, peakUtilization: plan?.peakUtilization ?? 0,
            ttftMs: plan?.ttftMs ?? (estimate.ttftSeconds ?? .infinity) * 1000, tpotMs: plan?.tpotMs,
            capacityTokensPerSecond: (plan?.capacityRequestsPerSecond ?? 0) * Double(Self.servedTokensPerRequest(profile)),
            capacityRequestsPerSecond: plan?.capacityRequestsPerSecond ?? 0, peakPowerKW: cost?.peakPowerKW,
            cost: cost?.breakdown, usdPerMillionTokens: monthly.flatMap { CostModel.usdPerMillionTokens(monthly: $0, profile: profile) },
            bottleneck: bottleneck, findings: findings)
    }

    /// Tokens a request is counted by: its output, or its input for encoders.
    static func servedTokensPerRequest(_ profile: Profile) -> Int {
        profile.traffic.outputTokens > 0 ? profile.traffic.outputTokens : profile.traffic.inputTokens
    }

    /// Orders candidates by monthly cost, then TTFT, TPOT, devices and ids, so output never depends on enumeration order.
    static func isBetter(_ a: Candidate, _ b: Candidate) -> Bool {
        let ca = a.cost?.totalUSDPerMonth ?? .greatestFiniteMagnitude, cb = b.cost?.totalUSDPerMonth ?? .greatestFiniteMagnitude
        if ca != cb { return ca < cb }
        if a.ttftMs != b.ttftMs { return a.ttftMs < b.ttftMs }
        if (a.tpotMs ?? 0) != (b.tpotMs ?? 0) { return (a.tpotMs ?? 0) < (b.tpotMs ?? 0) }
        if a.totalDevices != b.totalDevices { return a.totalDevices < b.totalDevices }
        return key(a) < key(b)
    }

    static func key(_ c: Candidate) -> String { "\(configurationKey(c))|\(c.point.batch)" }

    static func rank(profile: Profile, passing: [Candidate], rejected: [Candidate], today: Day) -> Recommendation {
        // One option per offer x region x pricing model: its cheapest passing configuration.
        let sloCaps = largestSLORejectedBatch(rejected)
        var bestPerOption: [String: Candidate] = [:]
        for c in passing {
            let option = "\(c.offerID)|\(c.region ?? "")|\(c.pricing?.rawValue ?? "")"
            if let current = bestPerOption[option], !isBetter(c, current) { continue }
            bestPerOption[option] = c
        }
        for (option, c) in bestPerOption where (sloCaps[configurationKey(c)] ?? 0) > c.point.batch {
            bestPerOption[option]?.bottleneck = .slo
        }
        let ordered = bestPerOption.values.sorted(by: isBetter)
        let first = ordered.first
        let ranked = ordered.enumerated().map { i, c in
            Recommendation.Ranked(rank: i + 1, candidate: c, lostBecause: first.flatMap { i == 0 ? nil : lostBecause(c, to: $0, money: profile.money) })
        }

        // Offers with no passing option: the rule that stopped their closest candidate, the one
        // that passed the most checks (rules run in order: constraints, memory, then targets).
        let passingOffers = Set(passing.map(\.offerID))
        func progress(_ c: Candidate) -> (Int, Int) {
            let rejects = c.findings.filter { $0.severity == .reject }
            let first = rejects.first.flatMap { f in Rules.all.firstIndex { $0.id == f.ruleID } } ?? Rules.all.count
            return (first, -rejects.count)
        }
        var closest: [String: Candidate] = [:]
        for c in rejected where !passingOffers.contains(c.offerID) {
            guard let current = closest[c.offerID] else { closest[c.offerID] = c; continue }
            let (pc, pcur) = (progress(c), progress(current))
            if pc > pcur || (pc == pcur && isBetter(c, current)) { closest[c.offerID] = c }
        }
        let losing = closest.values.compactMap { c -> Recommendation.LosingOffer? in
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { return nil }
            return .init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, message: f.message)
        }.sorted { ($0.ruleID, $0.offerID) < ($1.ruleID, $1.offerID) }

        // Every rejected candidate, grouped by offer and first rejecting rule.
        struct GroupKey: Hashable { var offerID: String; var ruleID: String }
        var groups: [GroupKey: (Recommendation.RejectionGroup, Candidate)] = [:]
        for c in rejected {
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { continue }
            let k = GroupKey(offerID: c.offerID, ruleID: f.ruleID)
            if var g = groups[k] {
                g.0.count += 1
                if isBetter(c, g.1) { g.0.message = f.message; g.1 = c }
                groups[k] = g
            } else {
                groups[k] = (.init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, count: 1, message: f.message), c)
            }
        }
        let rejections = groups.values.map(\.0).sorted { ($0.offerID, $0.ruleID) < ($1.offerID, $1.ruleID) }

        return Recommendation(profileName: profile.name, modelID: profile.modelID, today: today,
                              candidatesEvaluated: passing.count + rejected.count, ranked: ranked,
                              losingOffers: losing, rejections: rejections, defaultedCostKeys: profile.defaultedCostKeys)
    }

    /// A passing candidate is SLO-bound when the same configuration with a larger batch fitted in
    /// memory but broke a latency target: per configuration, the largest such batch.
    static func largestSLORejectedBatch(_ rejected: [Candidate]) -> [String: Int] {
        var caps: [String: Int] = [:]
        for r in rejected where r.findings.contains(where: { $0.ruleID == "tpot_target" || $0.ruleID == "ttft_target" }) {
            let k = configurationKey(r)
            caps[k] = max(caps[k] ?? 0, r.point.batch)
        }
        return caps
    }

    /// Everything that identifies a candidate except its batch limit.
    static func configurationKey(_ c: Candidate) -> String {
        let p = c.point
        return "\(c.offerID)|\(c.region ?? "")|\(c.pricing?.rawValue ?? "")|\(p.tensorParallel)|\(p.pipelineParallel)|\(p.weightPrecision.rawValue)|\(p.kvPrecision.rawValue)"
    }

    static func lostBecause(_ c: Candidate, to best: Candidate, money: Money) -> String {
        guard let mine = c.cost?.totalUSDPerMonth, let theirs = best.cost?.totalUSDPerMonth else { return "cost unknown" }
        let delta = mine - theirs
        if delta > 0 {
            let pct = NSDecimalNumber(decimal: delta / max(theirs, 0.01)).doubleValue * 100
            return "costs \(money.format(delta))/month more (+\(NumberFormat.fixed(pct, pct < 10 ? 1 : 0))%)"
        }
        return "same cost; slower TTFT (\(NumberFormat.short(c.ttftMs)) ms vs \(NumberFormat.short(best.ttftMs)) ms)"
    }
}
