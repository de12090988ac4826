import Foundation
@testable import InferCostEngine
import InferCostCore

/// The test oracle for the search: every candidate estimated, planned, costed and checked by every
/// rule, kept in full, then ranked by the plain definitions (best per option by the ranking order;
/// closest rejected per offer; every rejection grouped). No shortcut, no tally, no reuse: slow and
/// obviously right, so the real search must give the same answer. By definition (methodology, "Search"), a
/// candidate whose first rejecting rule is one of the leading configuration rules (`Rules.leadingConfiguration`)
/// counts in its group at every batch limit but stands as a group's example or an offer's closest only at batch 1.
struct BruteForceRecommender {
    var catalog: Catalog
    var today: Day
    var calibration: Calibration?

    func recommend(_ profile: Profile) -> Recommendation? {
        guard let model = catalog.models[profile.modelID] else { return nil }
        var passing: [Candidate] = [], rejected: [Candidate] = []
        for offer in catalog.offers {
            guard let device = catalog.devices[offer.deviceID] else { continue }
            let prices: [CloudPrice?]
            if case .cloud(_, let list) = offer.terms { prices = list } else { prices = [nil] }
            let kvChoices = model.kind == .decoder ? profile.precisions.kvCache : [profile.precisions.kvCache.first ?? .bf16]
            // Every layout written out here, not taken from the search: one node (TP x PP within it), then
            // 2-4 whole nodes over a sourced network (TP within a node, every device used, stages across).
            var layouts: [(tp: Int, pp: Int, span: NodeSpan?)] = []
            for tp in [1, 2, 4, 8] where tp <= offer.devicesPerUnit {
                for pp in [1, 2, 4] where tp * pp <= offer.devicesPerUnit && !(pp > 1 && model.kind == .encoder) {
                    layouts.append((tp, pp, nil))
                }
            }
            if let network = offer.scaleOut, model.kind == .decoder {
                for nodes in 2...4 {
                    for tp in [1, 2, 4, 8] where offer.devicesPerUnit % tp == 0 && [1, 2, 4].contains(offer.devicesPerUnit / tp) {
                        let span = NodeSpan(nodes: nodes, devicesPerNode: offer.devicesPerUnit,
                                            networkGBsPerNode: network.bandwidthGbitS / 8, networkLatencyUs: network.latencyUs)
                        layouts.append((tp, nodes * offer.devicesPerUnit / tp, span))
                    }
                }
            }
            // A mixture of experts on an engine that runs it: every layout of TP > 1 with attention data parallel too.
            let dataParallel = model.isMoE && [ServingEngine.vllm, .sglang, .trtllm].contains(profile.engine)
            for (tp, pp, span) in layouts {
              for attentionDataParallel in (dataParallel && tp > 1 ? [false, true] : [false]) {
                    for wp in profile.precisions.weights {
                        for kv in kvChoices {
                            let base = DeploymentPoint(
                                deviceID: device.id, tensorParallel: tp, pipelineParallel: pp, weightPrecision: wp, kvPrecision: kv,
                                batch: 1, inputTokens: profile.traffic.inputTokens, outputTokens: profile.traffic.outputTokens,
                                memoryGBPerDevice: offer.memoryGBPerDevice, engine: profile.engine, span: span,
                                attentionDataParallel: attentionDataParallel)
                            let maxBatch = EstimatePipeline(model: model, device: device, precision: wp, engine: profile.engine, calibration: calibration)
                                .estimate(base).memory.maxBatch
                            for batch in Recommender.batchLimits(upTo: maxBatch) {
                                for price in prices {
                                    var point = base
                                    point.batch = batch
                                    let pipeline = EstimatePipeline(model: model, device: device, precision: wp, engine: profile.engine, calibration: calibration)
                                    let estimate = pipeline.estimate(point)
                                    let plan = estimate.memory.maxBatch >= batch
                                        ? CapacityPlan.plan(estimate: estimate, profile: profile, devicesPerUnit: offer.devicesPerUnit) : nil
                                    var context = RuleContext(profile: profile, model: model, device: device, offer: offer, price: price,
                                                              estimate: estimate, plan: plan, cost: nil, today: today)
                                    if let plan, !Rules.evaluate(context).contains(where: { $0.severity == .reject }) {
                                        context.cost = CostModel.cost(.init(
                                            offer: offer, device: device, price: price, units: plan.units,
                                            peakUtilization: plan.peakUtilization, averageUtilization: plan.averageUtilization,
                                            assumptions: profile.costs, money: profile.money, factors: pipeline.factors))
                                    }
                                    let c = Recommender.candidate(context, findings: Rules.evaluate(context))
                                    if c.isRejected || plan == nil { rejected.append(c) } else { passing.append(c) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Self.rank(profile: profile, passing: passing, rejected: rejected, today: today)
    }

    static func rank(profile: Profile, passing: [Candidate], rejected: [Candidate], today: Day) -> Recommendation {
        func configuration(_ c: Candidate) -> String {
            "\(c.offerID)|\(c.region ?? "")|\(c.pricing?.rawValue ?? "")|\(c.point.tensorParallel)|\(c.point.pipelineParallel)|\(c.point.weightPrecision)|\(c.point.kvPrecision)"
        }
        var sloCaps: [String: Int] = [:]
        for r in rejected where r.findings.contains(where: { $0.severity == .reject && ($0.ruleID == "tpot_target" || $0.ruleID == "ttft_target") }) {
            sloCaps[configuration(r)] = max(sloCaps[configuration(r)] ?? 0, r.point.batch)
        }
        var bestPerOption: [String: Candidate] = [:]
        for c in passing {
            let option = "\(c.offerID)|\(c.region ?? "")|\(c.pricing?.rawValue ?? "")"
            if let current = bestPerOption[option], !Recommender.isBetter(c, current) { continue }
            bestPerOption[option] = c
        }
        for (option, c) in bestPerOption where (sloCaps[configuration(c)] ?? 0) > c.point.batch {
            bestPerOption[option]?.bottleneck = .slo
        }
        let ordered = bestPerOption.values.sorted(by: Recommender.isBetter)
        let ranked = ordered.enumerated().map { i, c in
            Recommendation.Ranked(rank: i + 1, candidate: c,
                                  lostBecause: i == 0 ? nil : Recommender.lostBecause(c, to: ordered[0], money: profile.money))
        }
        let passingOffers = Set(passing.map(\.offerID))
        func firstReject(_ c: Candidate) -> Int? {
            c.findings.first { $0.severity == .reject }.flatMap { f in Rules.all.firstIndex { $0.id == f.ruleID } }
        }
        func representative(_ c: Candidate) -> Bool { c.point.batch == 1 || (firstReject(c) ?? Rules.all.count) >= Rules.leadingConfiguration }
        func progress(_ c: Candidate) -> (Int, Int) {
            let rejects = c.findings.filter { $0.severity == .reject }
            let first = rejects.first.flatMap { f in Rules.all.firstIndex { $0.id == f.ruleID } } ?? Rules.all.count
            return (first, -rejects.count)
        }
        var closest: [String: Candidate] = [:]
        for c in rejected where !passingOffers.contains(c.offerID) && representative(c) {
            guard let current = closest[c.offerID] else { closest[c.offerID] = c; continue }
            if progress(c) > progress(current) || (progress(c) == progress(current) && Recommender.isBetter(c, current)) {
                closest[c.offerID] = c
            }
        }
        let losing = closest.values.compactMap { c -> Recommendation.LosingOffer? in
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { return nil }
            return .init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, message: f.message)
        }.sorted { ($0.ruleID, $0.offerID) < ($1.ruleID, $1.offerID) }
        var groups: [String: (Recommendation.RejectionGroup, Candidate)] = [:]
        for c in rejected {
            guard let f = c.findings.first(where: { $0.severity == .reject }) else { continue }
            let k = c.offerID + "\u{0}" + f.ruleID
            if var g = groups[k] {
                g.0.count += 1
                if representative(c) && Recommender.isBetter(c, g.1) { g.0.message = f.message; g.1 = c }
                groups[k] = g
            } else {
                groups[k] = (.init(offerID: c.offerID, deviceID: c.point.deviceID, ruleID: f.ruleID, count: 1, message: f.message), c)
            }
        }
        return Recommendation(profileName: profile.name, modelID: profile.modelID, today: today,
                              candidatesEvaluated: passing.count + rejected.count, ranked: ranked, losingOffers: losing,
                              rejections: groups.values.map(\.0).sorted { ($0.offerID, $0.ruleID) < ($1.offerID, $1.ruleID) },
                              defaultedCostKeys: profile.defaultedCostKeys)
    }
}
