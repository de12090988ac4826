import Foundation
import InferCostCore

/// Enumerates offer x pricing x parallelism x precision x batch limit, estimates each through the
/// one estimate pipeline, applies the rules, costs every survivor and ranks them
/// (docs/methodology.md, "Search"). Pure and deterministic. Rejected candidates are tallied, not
/// kept: a count and the best example per offer x rule, and the closest per offer. The first
/// options are then replayed in the serving simulator (`FinalistCheck`).
public struct Recommender: Sendable {
    public var catalog: Catalog
    public var today: Day
    /// Fitted efficiency factors; nil: the uncalibrated physics model.
    public var calibration: Calibration?
    /// Check the finalists' percentile targets with the serving simulator (`FinalistCheck`); off
    /// only where the search alone is under test.
    public var simulatesFinalists = true
    /// Skip the rules for a cloud candidate whose exact cost already exceeds its option's best passing candidate
    /// (docs/methodology.md, "Search": "Cost bound"); off only where the rejection groups are compared with the
    /// brute-force oracle. Never with `tracksCapacity` (`recommend --mix` wants every passing candidate).
    public var prunesByCost = true
    /// Gather the rejection groups (`Recommendation.rejections`: per offer and first rejecting rule a count and an
    /// example, what `recommend --explain` lists); off, the recommendation has none and the search keeps only what the
    /// ranking and the losing offers need.
    public var gathersRejections = true

    public init(catalog: Catalog, today: Day, calibration: Calibration? = nil) {
        self.catalog = catalog; self.today = today; self.calibration = calibration
    }

    public enum Failure: Error, Equatable { case unknownModel(String) }

    /// Parallel layouts tried: tensor x pipeline degrees within one instance or server (and across
    /// whole ones, `ParallelLayout.layouts`).
    public static let tensorParallelDegrees = ParallelLayout.tensorParallelDegrees
    public static let pipelineParallelDegrees = ParallelLayout.pipelineParallelDegrees

    public func recommend(_ profile: Profile) throws(Failure) -> Recommendation {
        guard let model = catalog.models[profile.modelID] else { throw .unknownModel(profile.modelID) }
        let searched = search(profile, model: model, tracksCapacity: false).recommendation(profile: profile, today: today)
        return simulatesFinalists ? FinalistCheck(catalog: catalog, calibration: calibration).check(searched, profile: profile) : searched
    }

    /// Every candidate of every offer, tallied. Every key a tally holds names its offer, and the cost bound compares
    /// candidates of one option (one offer) only, so the offers of each device are tallied on their own, side by side
    /// on the cores, and the tallies merged give what one tally over all offers gives (`SearchTally.merge`; the
    /// parallel-search test checks it).
    func search(_ profile: Profile, model: ModelSpec, tracksCapacity: Bool) -> SearchTally {
        let offers = catalog.offers.compactMap { offer in catalog.devices[offer.deviceID].map { (offer, $0) } }
        // One run per device, handed out to the threads as they free up, most offers first: a device's offers (instances
        // of one to eight of it, servers) try the same configurations, which the run estimates once (`EstimateMemo`).
        var byDevice: [[Int]] = [], runOfDevice: [String: Int] = [:]
        for (index, (offer, _)) in offers.enumerated() {
            if let run = runOfDevice[offer.deviceID] { byDevice[run].append(index) } else { runOfDevice[offer.deviceID] = byDevice.count; byDevice.append([index]) }
        }
        let runs = byDevice.sorted { $0.count > $1.count }
        let tallies = concurrentMap(runs.count) { run in
            var tally = SearchTally()
            tally.tracksCapacity = tracksCapacity
            tally.tracksGroups = gathersRejections
            var memo = EstimateMemo()
            for index in runs[run] {
                evaluate(offer: offers[index].0, device: offers[index].1, model: model, profile: profile, memo: &memo, into: &tally)
            }
            return tally
        }
        var merged = SearchTally()
        merged.tracksCapacity = tracksCapacity
        merged.tracksGroups = gathersRejections
        for tally in tallies { merged.merge(tally) }
        return merged
    }

    /// The estimates of one device's configurations, made once for all its offers: a configuration's estimates read its
    /// deployment point only (the offer's part of it, memory per device and node span, included), and its batch limits
    /// follow from the estimate at batch 1. One per run, so never shared between threads.
    struct EstimateMemo {
        final class Configuration {
            let atBatchOne: Shared<Estimate>
            let limits: [Int]
            /// The estimate at each batch limit, once made.
            var atLimit: [Shared<Estimate>?]
            /// Each batch limit's estimate, plan, rule verdicts and rank, once made (the first ones of `limits`), by the
            /// offer's devices per unit: all that the plan, the rules reading the estimate and the rank read of an offer.
            var swept: [Int: [SweptBatch]] = [:]
            init(atBatchOne: Shared<Estimate>) {
                self.atBatchOne = atBatchOne
                limits = Recommender.batchLimits(upTo: atBatchOne.value.memory.maxBatch)
                atLimit = Array(repeating: nil, count: limits.count)
            }
        }
        /// Keyed by the configuration's deployment point at batch 1.
        var configurations: [DeploymentPoint: Configuration] = [:]
        /// The estimate pipeline of each weight precision and layout. Its factors depend on the precision and the layout's
        /// deployment families (calibration may fall back to the physics for some, docs/validation.md "Fallback"), which
        /// follow from them, the model, the device and the profile, all of which a run shares: one pipeline per precision and
        /// family set, all made from one performance model of the run's model and device.
        struct LayoutKey: Hashable { var weights: Precision; var tensorParallel, pipelineParallel: Int }
        struct FamiliesKey: Hashable { var weights: Precision; var families: [DeploymentFamily] }
        var pipelines: [LayoutKey: Shared<EstimatePipeline>] = [:]
        var pipelinesByFamilies: [FamiliesKey: Shared<EstimatePipeline>] = [:]
        var base: PerformanceModel?
        mutating func pipeline(weights: Precision, tensorParallel tp: Int, pipelineParallel pp: Int, model: ModelSpec,
                               device: Device, profile: Profile, calibration: Calibration?) -> Shared<EstimatePipeline> {
            let layout = LayoutKey(weights: weights, tensorParallel: tp, pipelineParallel: pp)
            if let known = pipelines[layout] { return known }
            let families = DeploymentFamily.families(
                model: model, device: device, precision: weights, tensorParallel: tp, pipelineParallel: pp,
                inputTokens: profile.traffic.inputTokens, outputTokens: profile.traffic.outputTokens, atLoad: true)
            let key = FamiliesKey(weights: weights, families: families)
            let made: Shared<EstimatePipeline>
            if let known = pipelinesByFamilies[key] {
                made = known
            } else {
                let base = self.base ?? PerformanceModel(model: model, device: device)
                self.base = base
                made = Shared(EstimatePipeline(base: base, precision: weights, engine: profile.engine, calibration: calibration,
                                               deployment: families))
                pipelinesByFamilies[key] = made
            }
            pipelines[layout] = made
            return made
        }
        mutating func configuration(_ point: DeploymentPoint, estimate: () -> Estimate) -> Configuration {
            if let known = configurations[point] { return known }
            let made = Configuration(atBatchOne: Shared(estimate()))
            configurations[point] = made
            return made
        }
    }

    /// Every candidate of one offer, into the tally.
    func evaluate(offer: Offer, device: Device, model: ModelSpec, profile: Profile, memo: inout EstimateMemo,
                  into tally: inout SearchTally) {
        let prices: [CloudPrice?]
        if case .cloud(_, let list) = offer.terms { prices = list.sorted { ($0.region, $0.pricing) < ($1.region, $1.pricing) } } else { prices = [nil] }
        let kvChoices = model.kind == .decoder ? profile.precisions.kvCache : [profile.precisions.kvCache.first ?? .bf16]
        let priceFactor = profile.priceFactor(provider: offer.provider)  // a Decimal made from a Double: once per offer
        // The costs of each price, worked out as far as they can be before a unit count and load (`CostModel.Pricer`).
        var pricers = prices.map { price in
            CostModel.Pricer(offer: offer, device: device, price: price, assumptions: profile.costs, money: profile.money,
                             licences: profile.licences, priceFactor: priceFactor)
        }
        let prunes = prunesByCost && !tally.tracksCapacity && offer.deployment == .cloud
        let ranksByFiguresOnly = prunesByCost && !tally.tracksCapacity && !tally.tracksGroups
        // Each price's option and where the tally holds its best: an option names its offer, so only this offer's candidates
        // fill its slot, which then stays where it is (a lookup per configuration and price hashed the option's text).
        let options = prices.map { SearchTally.OptionKey(offerID: offer.id, region: $0?.region, pricing: $0?.pricing, payment: $0?.payment) }
        var optionSlots = options.map { tally.optionSlot($0) }
        // What every candidate of the offer shares, made once: copying the profile, model, device and offer into a context
        // retained (and releasing it released) each of their fields.
        let setting = Shared(RuleContext.Setting(profile: profile, model: model, device: device, offer: offer, today: today))
        // A mixture of experts on an engine that runs it is tried with attention data parallel too (methodology,
        // "Attention data parallel").
        let dataParallelChoices = model.isMoE && profile.engine.runsAttentionDataParallel ? [false, true] : [false]
        // Per price, the rules that read only the offer and price: made at the first configuration.
        var offerVerdicts: [ConfigurationVerdict] = []
        for layout in ParallelLayout.layouts(offer: offer, model: model) {
            let (tp, pp) = (layout.tensorParallel, layout.pipelineParallel)
            for attentionDataParallel in dataParallelChoices where tp > 1 || !attentionDataParallel {
                for weights in profile.precisions.weights {
                    let pipeline = memo.pipeline(weights: weights, tensorParallel: tp, pipelineParallel: pp, model: model, device: device,
                                                 profile: profile, calibration: calibration)
                    let idlePowerFraction = pipeline.value.factors.idlePowerFraction
                    for kv in kvChoices {
                        var point = DeploymentPoint(
                            deviceID: device.id, tensorParallel: tp, pipelineParallel: pp,
                            weightPrecision: weights,
                            kvPrecision: kv, batch: 1, inputTokens: profile.traffic.inputTokens,
                            outputTokens: profile.traffic.outputTokens, memoryGBPerDevice: offer.memoryGBPerDevice,
                            engine: profile.engine, span: layout.span, attentionDataParallel: attentionDataParallel)
                        // The estimate at batch 1 gives the memory limit (`EstimatePipeline.maxBatch`) and is the first candidate.
                        let configuration = memo.configuration(point) { pipeline.estimate(point) }
                        let (atBatchOne, limits) = (configuration.atBatchOne, configuration.limits)
                        // One context per configuration, its price, estimate, plan and cost replaced per price and batch
                        // limit: copying profile, model, device and offer per candidate cost more than estimating it.
                        var context = RuleContext(setting: setting, estimate: atBatchOne)
                        // Rules that read only the offer and price, checked once per price for every configuration (on the first
                        // configuration's context: they read nothing of its point), and those that read the configuration too,
                        // once per price for every batch limit: those that read nothing else, and the `.cost` rules that read
                        // no more until there is a cost.
                        if offerVerdicts.isEmpty {
                            offerVerdicts = prices.map { price in
                                context.price = price
                                return ConfigurationVerdict(fixed: Rules.fired(context, reading: .offer),
                                                            fixedWithoutCost: Rules.firedWithoutCost(context, reading: .offer))
                            }
                        }
                        let verdicts = prices.indices.map { priceIndex -> ConfigurationVerdict in
                            context.price = prices[priceIndex]
                            let offerVerdict = offerVerdicts[priceIndex]
                            return ConfigurationVerdict(
                                fixed: offerVerdict.fixed.union(Rules.fired(context, reading: .configuration)),
                                fixedWithoutCost: offerVerdict.fixedWithoutCost.union(Rules.firedWithoutCost(context, reading: .configuration)))
                        }
                        // Rejected at every price by a rule that comes before any rule reading more: the batch-1 candidate
                        // stands for the others, which are counted, not estimated (methodology, "Search").
                        let batches = verdicts.allSatisfy(\.rejectsEveryBatch) ? [1] : limits
                        // Per batch limit, for every price: the estimate and plan, the rules that read them but neither the price
                        // nor the cost, the `.cost` rules that read no more until there is a cost, and the rank before costing. All
                        // of it reads the offer only through its devices per unit, so the device's offers with as many share it.
                        // Each is made once: the configuration keeps those made so far, by devices per unit, as a prefix of its
                        // batch limits (taken out while it grows, so appending does not copy it).
                        var known = configuration.swept.removeValue(forKey: offer.devicesPerUnit) ?? []
                        while known.count < batches.count {
                            let index = known.count, batch = batches[index]
                            func plan(_ e: Estimate) -> CapacityPlan? {
                                e.memory.maxBatch >= batch ? CapacityPlan.plan(estimate: e, profile: profile, devicesPerUnit: offer.devicesPerUnit) : nil
                            }
                            let estimate: Shared<Estimate>, planned: CapacityPlan?
                            if batch == 1 {
                                (estimate, planned) = (atBatchOne, plan(atBatchOne.value))
                            } else if let made = configuration.atLimit[index] {
                                (estimate, planned) = (made, plan(made.value))
                            } else {
                                point.batch = batch
                                // Planned before it is boxed: an estimate read back out of its box is copied whole.
                                let e = pipeline.estimate(point)
                                (estimate, planned) = (Shared(e), plan(e))
                                configuration.atLimit[index] = estimate
                            }
                            context.estimateBox = estimate
                            context.plan = planned
                            known.append(SweptBatch(estimate: estimate, plan: planned, byEstimate: Rules.fired(context, reading: .estimate),
                                                    byEstimateWithoutCost: Rules.firedWithoutCost(context, reading: .estimate),
                                                    figures: SearchTally.SweepFigures(context)))
                        }
                        configuration.swept[offer.devicesPerUnit] = known
                        let sweep = known[..<batches.count]
                        guard let first = sweep.first else { continue }
                        // The largest batch limit a latency target rejects, at every price alike (the targets read the estimate):
                        // a passing candidate of the configuration below it is SLO-bound.
                        if let capped = sweep.last(where: { !$0.byEstimate.intersection(SearchTally.latencyRules).isEmpty }) {
                            tally.noteLatencyRejection(configuration: SearchTally.configuration(offerID: offer.id, point), batch: capped.rank.batch)
                        }
                        let checksWithoutCostPerCandidate = !Rules.readingCostWithoutCost.isEmpty
                        for (priceIndex, price) in prices.enumerated() {
                            context.price = price
                            context.estimateBox = first.estimate
                            context.plan = nil
                            context.cost = nil
                            let (fixed, fixedWithoutCost) = (verdicts[priceIndex].fixed, verdicts[priceIndex].fixedWithoutCost)
                            let option = options[priceIndex]
                            // Rejected at this price whatever the batch: the batch-1 candidate, rejected before costing, stands for
                            // every batch limit, which are counted in its group.
                            if verdicts[priceIndex].rejectsEveryBatch {
                                var fired = fixed.union(fixedWithoutCost).union(sweep[0].byEstimate).union(sweep[0].byEstimateWithoutCost)
                                if checksWithoutCostPerCandidate {
                                    context.plan = sweep[0].plan
                                    fired = fired.union(Rules.firedWithoutCost(context, reading: .cost))
                                }
                                var rejected = SearchTally.Sweep(countsGroups: tally.tracksGroups)
                                rejected.reject(index: 0, cost: nil, fired: fired, rank: sweep[0].rank)
                                rejected.countWithFirst(limits.count - 1)
                                tally.evaluated += limits.count
                                tally.add(rejected, option: option, point: { sweep[$0].estimate.value.point }) { held in
                                    context.estimateBox = sweep[held.index].estimate
                                    context.plan = sweep[held.index].plan
                                    context.cost = nil
                                    return context
                                }
                                continue
                            }
                            let boundable = prunes && fixed.rejects.isEmpty
                            func cost(_ plan: CapacityPlan) -> CostModel.Result {
                                pricers[priceIndex].cost(units: plan.units, peakUtilization: plan.peakUtilization,
                                                         averageUtilization: plan.averageUtilization, idlePowerFraction: idlePowerFraction)
                            }
                            // Rejected and bounded candidates are gathered per configuration and price, then added to the tally
                            // at once; passing ones enter it one by one, since the cost bound reads them.
                            var rejected = SearchTally.Sweep(countsGroups: tally.tracksGroups)
                            // Read only by the bound and the rank by figures (neither runs under `--mix`).
                            let rate = boundable || ranksByFiguresOnly ? pricers[priceIndex].rentalRate() : nil
                            for swept in sweep.indices {
                                let (plan, byEstimate, rank) = (sweep[swept].plan, sweep[swept].byEstimate, sweep[swept].rank)
                                tally.evaluated += 1
                                // A rental of as many instances as the option's best costs what the best costs, to the cent (the
                                // same rate and count): the bound cannot rule it out, and its rank is known without its cost.
                                let costOfBest = rate.flatMap { rate in
                                    plan.flatMap { tally.bestCost(optionSlot: optionSlots[priceIndex], rentingAt: rate, units: $0.units) }
                                }
                                // Cost bound: a rental's cost is known from the unit count alone (its rate worked out once,
                                // `CostModel.Pricer`); one that cannot rank before the option's best so far is counted, not checked
                                // further.
                                if boundable, costOfBest == nil, let plan {
                                    let known = cost(plan)
                                    if let total = known.monthly,
                                       tally.cannotBeat(optionSlot: optionSlots[priceIndex], cost: total, complete: known.caveats.isEmpty) {
                                        if tally.tracksGroups {
                                            rejected.bound(index: swept, cost: known, rank: rank.costed(known),
                                                           best: tally.bestCost(optionSlot: optionSlots[priceIndex]))
                                        }
                                        continue
                                    }
                                }
                                // Every rule before costing: known from the verdicts above without touching the context (unless
                                // a rule reads the price and the estimate together without a cost). Which rules fired is kept,
                                // not their messages: the tally renders those for the candidates it keeps.
                                let costFree = fixed.union(byEstimate)  // the rules that read no cost
                                var fired = costFree.union(fixedWithoutCost).union(sweep[swept].byEstimateWithoutCost)
                                if checksWithoutCostPerCandidate {
                                    context.estimateBox = sweep[swept].estimate
                                    context.plan = plan
                                    context.cost = nil
                                    fired = fired.union(Rules.firedWithoutCost(context, reading: .cost))
                                }
                                guard let plan, fired.rejects.isEmpty else {
                                    rejected.reject(index: swept, cost: nil, fired: fired, rank: rank)
                                    continue
                                }
                                if ranksByFiguresOnly, let costOfBest {
                                    var atBestCost = rank
                                    atBestCost.costComplete = true
                                    atBestCost.cost = costOfBest
                                    if tally.ranksAfterBest(optionSlot: optionSlots[priceIndex], atBestCost) { continue }
                                }
                                // A survivor is costed and checked by the `.cost` rules again; the context takes the sweep's
                                // shared estimate, not a copy.
                                let known = cost(plan)
                                // Rank bound: without rejection groups to count it in, a survivor that ranks after its option's
                                // best by its figures alone can change nothing the search returns (the offer has a passing
                                // candidate, so its closest rejected one is not shown either): it is not checked further.
                                if ranksByFiguresOnly,
                                   tally.ranksAfterBest(optionSlot: optionSlots[priceIndex], rank.costed(known)) {
                                    continue
                                }
                                context.estimateBox = sweep[swept].estimate
                                context.plan = plan
                                context.cost = known
                                let costed = costFree.union(Rules.fired(context, reading: .cost))
                                if costed.rejects.isEmpty {
                                    optionSlots[priceIndex] = tally.pass(context, fired: costed, option: option, slot: optionSlots[priceIndex],
                                                                         sweepRank: rank.costed(known))
                                } else {
                                    rejected.reject(index: swept, cost: known, fired: costed, rank: rank.costed(known))
                                }
                            }
                            tally.add(rejected, option: option, point: { sweep[$0].estimate.value.point }) { held in
                                context.estimateBox = sweep[held.index].estimate
                                context.plan = sweep[held.index].plan
                                context.cost = held.cost
                                return context
                            }
                        }
                    }
                }
            }
        }
    }

    /// The rules that read only the offer, price and configuration (`RuleInputs.offer` and `.configuration`, and the
    /// `.cost` rules that read no more until there is a cost) that fired for a configuration at one price.
    struct ConfigurationVerdict {
        var fixed: FiredRules
        var fixedWithoutCost: FiredRules
        /// True when a rule among them rejects and comes before every rule that reads more (`Rules.leadingConfiguration`):
        /// every batch limit is then rejected first by that rule, whatever its estimate.
        var rejectsEveryBatch: Bool {
            guard let first = fixed.union(fixedWithoutCost).rejects.first else { return false }
            return first < Rules.leadingConfiguration
        }
    }

    /// One batch limit of a configuration: its estimate and plan, the rules that fired for them before any price or cost
    /// (`RuleInputs.estimate`, and the `.cost` rules that read the estimate until there is a cost), and its rank before costing.
    struct SweptBatch {
        var estimate: Shared<Estimate>
        var plan: CapacityPlan?
        var byEstimate: FiredRules
        var byEstimateWithoutCost: FiredRules
        /// Its rank's figures: plain numbers, so a batch limit is copied with one retain (its estimate's).
        var figures: SearchTally.SweepFigures
        var rank: SearchTally.SweepRank { SearchTally.SweepRank(figures) }
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

    static func candidate(_ context: RuleContext, findings: [Finding]) -> Candidate {
        let (offer, device, profile, estimate, plan, price) = (context.offer, context.device, context.profile,
                                                                context.estimate, context.plan, context.price)
        let cost = context.cost
        let breakdown = cost?.breakdown  // worked out in `Decimal`s when read: once
        let monthly = breakdown?.totalUSDPerMonth
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
            cost: breakdown, usdPerMillionTokens: monthly.flatMap { CostModel.usdPerMillionTokens(monthly: $0, profile: profile) },
            bottleneck: bottleneck, findings: findings, averagePowerKW: cost?.averagePowerKW, costGaps: cost?.caveats ?? [],
            payment: price?.payment)
    }

    /// Tokens a request is counted by: its output, or its input for encoders.
    static func servedTokensPerRequest(_ profile: Profile) -> Int {
        profile.traffic.outputTokens > 0 ? profile.traffic.outputTokens : profile.traffic.inputTokens
    }

    /// Orders candidates complete cost first (an option whose cost leaves out unsourced parts never ranks above one
    /// whose cost is whole), then by monthly cost, TTFT, TPOT, devices and ids, so output never depends on enumeration order.
    static func isBetter(_ a: Candidate, _ b: Candidate) -> Bool { RankKey(a).isBetter(than: RankKey(b)) }

    /// Everything that identifies a candidate, as text: the last tie-break of the ranking.
    static func key(_ c: Candidate) -> String { key(offerID: c.offerID, region: c.region, pricing: c.pricing, payment: c.payment, point: c.point) }

    static func key(offerID: String, region: String?, pricing: PricingModel?, payment: Payment?, point p: DeploymentPoint) -> String {
        "\(offerID)|\(region ?? "")|\(pricing?.rawValue ?? "")|\(payment?.rawValue ?? "")|\(p.tensorParallel)|\(p.pipelineParallel)|\(p.weightPrecision.rawValue)|\(p.kvPrecision.rawValue)|\(p.batch)\(p.attentionDataParallel ? "|adp" : "")"
    }

    /// The least cost a loss is taken as a share of (a cent), made once: a `Decimal` made from a literal converts a `Double`.
    static let smallestLossBase: Decimal = 0.01

    static func lostBecause(_ c: Candidate, to best: Candidate, money: Money) -> String {
        if !c.isCostComplete && best.isCostComplete {
            return "cost incomplete (\(c.costGaps.joined(separator: "; "))): ranked after every option with a complete cost"
        }
        guard let mine = c.cost?.totalUSDPerMonth, let theirs = best.cost?.totalUSDPerMonth else { return "cost unknown" }
        let delta = mine - theirs
        if delta > 0 {
            let pct = NSDecimalNumber(decimal: delta / max(theirs, Self.smallestLossBase)).doubleValue * 100
            return "costs \(money.format(delta))/month more (+\(NumberFormat.fixed(pct, pct < 10 ? 1 : 0))%)"
        }
        return "same cost; slower TTFT (\(NumberFormat.short(c.ttftMs)) ms vs \(NumberFormat.short(best.ttftMs)) ms)"
    }
}

extension Shared where Value == EstimatePipeline {
    /// The boxed pipeline's estimate, the pipeline read in place: `box.value.estimate(p)` copied the pipeline (its model,
    /// device and calibration retained field by field) for every configuration.
    func estimate(_ point: DeploymentPoint) -> Estimate { value.estimate(point) }
}
