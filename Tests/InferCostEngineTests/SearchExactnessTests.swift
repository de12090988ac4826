import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// The search against the brute-force oracle on seeded random catalogs and profiles: the same best
/// option at the same TCO to the cent, and the same ranking, losing offers and candidate count; the same
/// rejection groups without the cost bound, and the same count per offer with it.
@Suite struct SearchExactnessTests {
    /// A small seeded generator (SplitMix64), so every run draws the same cases.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func double(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }
        mutating func chance(_ p: Double) -> Bool { double(0...1) < p }
        mutating func subset<T>(_ xs: [T]) -> [T] {
            let s = xs.filter { _ in chance(0.5) }
            return s.isEmpty ? [pick(xs)] : s
        }
    }

    /// Small on purpose (1-3 offers of 1-4 devices): the oracle is slow, and the test must stay quick.
    static func catalog(_ r: inout Random, offers count: ClosedRange<Int> = 1...3) -> Catalog {
        let devices = [Fixtures.gpu, Fixtures.smallGPU]
        var offers: [Offer] = []
        for i in 0..<r.int(count) {
            let device = r.pick(devices)
            let units = r.pick([1, 2, 4])
            if r.chance(0.7) {
                let prices = (0..<r.int(1...2)).map { j in
                    CloudPrice(region: "r\(j)", market: r.pick([.northAmerica, .europe]), pricing: r.pick([.onDemand, .spot, .reserved1y]),
                               perHour: Decimal(r.int(50...4000)) / 100 * Decimal(units), source: "test",
                               asOf: r.chance(0.8) ? Fixtures.day : Day(year: 2024, month: 1, day: 1)!)
                }
                offers.append(Offer(id: "cloud/o\(i)", name: "o\(i)", deviceID: device.id, devicesPerUnit: units,
                                    terms: .cloud(provider: r.pick(["a", "b"]), prices: prices), scaleOut: network(&r)))
            } else {
                offers.append(Offer(id: "onprem/s\(i)", name: "s\(i)", deviceID: device.id, devicesPerUnit: units,
                                    terms: .onPrem(OnPremTerms(devicePrice: Decimal(r.int(5...40) * 1000),
                                                               hostPowerW: r.chance(0.5) ? Double(r.int(300...3000)) : nil)),
                                    scaleOut: network(&r)))
            }
        }
        return Catalog(devices: Dictionary(uniqueKeysWithValues: devices.map { ($0.id, $0) }), offers: offers,
                       models: [Fixtures.llama8B.id: Fixtures.llama8B, Fixtures.mixtral.id: Fixtures.mixtral])
    }

    /// Half the offers get a scale-out network (with or without a latency figure), so multi-node
    /// layouts are searched and checked too.
    static func network(_ r: inout Random) -> ScaleOutNetwork? {
        guard r.chance(0.5) else { return nil }
        return ScaleOutNetwork(bandwidthGbitS: Double(r.pick([100, 400, 3200])), latencyUs: r.chance(0.5) ? r.double(1...20) : nil,
                               source: "test", asOf: Fixtures.day)
    }

    static func profile(_ r: inout Random) -> Profile {
        let constraints = Profile.Constraints(
            deployment: r.chance(0.8) ? .any : r.pick([.cloud, .onprem]), market: r.chance(0.2) ? .europe : nil,
            pricing: r.chance(0.2) ? [.onDemand] : nil, maxPowerKW: r.chance(0.3) ? r.double(0.5...20) : nil,
            maxDevices: r.chance(0.2) ? r.int(1...16) : nil,
            budgetUSDPerMonth: r.chance(0.3) ? Decimal(r.int(500...60_000)) : nil)
        let profile = Profile(
            name: "random", modelID: r.pick([Fixtures.llama8B.id, Fixtures.mixtral.id]),
            precisions: .init(weights: r.subset([.bf16, .fp8, .int4]), kvCache: r.chance(0.3) ? [.bf16, .fp8] : [r.pick([.bf16, .fp8])]),
            traffic: .init(demand: .requestsPerSecond(r.double(0.2...40)), peakToAverage: r.double(1...3),
                           inputTokens: r.int(50...8000), outputTokens: r.int(1...1500)),
            targets: .init(ttftMs: r.double(100...5000), tpotMs: r.chance(0.8) ? r.double(5...150) : nil,
                           percentile: r.pick([50, 90, 95, 99])),
            constraints: constraints, costs: Fixtures.costs)
        // Drawn last, so the draws above stay what they were: engines that run attention data parallel add those
        // layouts for the mixture of experts.
        var withEngine = profile
        withEngine.engine = r.chance(0.5) ? .generic : r.pick([.vllm, .sglang, .trtllm])
        return withEngine
    }

    @Test func theSearchFindsWhatBruteForceFinds() throws {
        var withAnswer = 0, withMultiNode = 0, withBound = 0, withDataParallel = 0, searchingDataParallel = 0
        for seed in 0..<200 as Range<UInt64> {
            var r = Random(state: seed)
            let catalog = Self.catalog(&r)
            let profile = Self.profile(&r)
            var search = Recommender(catalog: catalog, today: Fixtures.day)
            search.simulatesFinalists = false  // the search alone, against the oracle's enumeration
            let fast = try search.recommend(profile)
            let oracle = try #require(BruteForceRecommender(catalog: catalog, today: Fixtures.day).recommend(profile))
            #expect(fast.best.map(Recommender.key) == oracle.best.map(Recommender.key), "seed \(seed)")
            #expect(fast.best?.cost?.totalUSDPerMonth.cents == oracle.best?.cost?.totalUSDPerMonth.cents, "seed \(seed)")
            #expect(fast.ranked.map { Recommender.key($0.candidate) } == oracle.ranked.map { Recommender.key($0.candidate) }, "seed \(seed)")
            #expect(fast.ranked.map(\.candidate) == oracle.ranked.map(\.candidate), "seed \(seed)")
            #expect(fast.losingOffers == oracle.losingOffers, "seed \(seed)")
            #expect(fast.candidatesEvaluated == oracle.candidatesEvaluated, "seed \(seed)")
            // As `recommend` without `--explain` runs it (no rejection groups, bounded candidates not kept): the same answer.
            var lean = search
            lean.gathersRejections = false
            let leanAnswer = try lean.recommend(profile)
            #expect(leanAnswer.ranked.map(\.candidate) == oracle.ranked.map(\.candidate), "seed \(seed)")
            #expect(leanAnswer.ranked.map(\.lostBecause) == fast.ranked.map(\.lostBecause), "seed \(seed)")
            #expect(leanAnswer.losingOffers == oracle.losingOffers && leanAnswer.rejections.isEmpty, "seed \(seed)")
            #expect(leanAnswer.candidatesEvaluated == oracle.candidatesEvaluated, "seed \(seed)")
            // Without the cost bound the rejection groups are the oracle's exactly; with it, the bound only takes
            // candidates out of the other groups (into `cost_bound`, with those that would have passed but lost).
            search.prunesByCost = false
            #expect(try search.recommend(profile).rejections == oracle.rejections, "seed \(seed)")
            for group in fast.rejections where group.ruleID != SearchTally.costBoundGroup {
                let full = oracle.rejections.first { $0.offerID == group.offerID && $0.ruleID == group.ruleID }
                #expect(group.count <= full?.count ?? 0, "seed \(seed)")
            }
            if fast.rejections.contains(where: { $0.ruleID == SearchTally.costBoundGroup }) { withBound += 1 }
            if fast.best != nil { withAnswer += 1 }
            if fast.ranked.contains(where: { $0.candidate.point.nodes > 1 }) { withMultiNode += 1 }
            if fast.ranked.contains(where: { $0.candidate.point.attentionDataParallel }) { withDataParallel += 1 }
            if profile.modelID == Fixtures.mixtral.id && profile.engine.runsAttentionDataParallel { searchingDataParallel += 1 }
        }
        // Attention data parallel layouts too: searched in many cases (their candidates counted and grouped like the
        // others), ranked best for an offer in at least one.
        #expect(searchingDataParallel > 20, "\(searchingDataParallel) of 200 cases search attention data parallel layouts")
        #expect(withDataParallel >= 1, "\(withDataParallel) of 200 cases rank an attention data parallel option")
        // Multi-node layouts must be among the options compared, or their enumeration goes unchecked.
        #expect(withMultiNode > 5, "\(withMultiNode) of 200 cases rank a multi-node option")
        // The cost bound must cut candidates in some cases, or its exactness goes unchecked.
        #expect(withBound > 20, "\(withBound) of 200 cases bound candidates by cost")
        // The cases must exercise both outcomes, or the comparison proves little.
        #expect(withAnswer > 40 && withAnswer < 190, "\(withAnswer) of 200 cases have an answer")
    }
}

/// The search runs each device's offers side by side with the other devices' and merges their tallies
/// (`SearchTally.merge`), estimating each configuration once per device (`Recommender.EstimateMemo`): on catalogs of
/// several devices, with and without the cost bound and for `--mix`'s capacities, that gives exactly what one tally
/// over every offer in catalog order, each estimated afresh, gives.
@Suite struct ParallelSearchTests {
    /// Every offer into one tally, in catalog order: the search before it ran offers side by side.
    static func oneTally(_ search: Recommender, _ profile: Profile, tracksCapacity: Bool = false) throws -> SearchTally {
        let model = try #require(search.catalog.models[profile.modelID])
        var tally = SearchTally()
        tally.tracksCapacity = tracksCapacity
        for offer in search.catalog.offers {
            guard let device = search.catalog.devices[offer.deviceID] else { continue }
            var fresh = Recommender.EstimateMemo()
            search.evaluate(offer: offer, device: device, model: model, profile: profile, memo: &fresh, into: &tally)
        }
        return tally
    }

    @Test func runsOfOffersSideBySideGiveWhatOneTallyGives() throws {
        var merged = 0, withBound = 0
        for seed in 0..<60 as Range<UInt64> {
            var r = SearchExactnessTests.Random(state: 1_000 + seed)
            let catalog = SearchExactnessTests.catalog(&r, offers: 5...14)
            let profile = SearchExactnessTests.profile(&r)
            let model = try #require(catalog.models[profile.modelID])
            var search = Recommender(catalog: catalog, today: Fixtures.day)
            search.simulatesFinalists = false
            if Set(catalog.offers.map(\.deviceID)).count > 1 && catalog.offers.count > Set(catalog.offers.map(\.deviceID)).count { merged += 1 }
            for prunes in [true, false] {
                search.prunesByCost = prunes
                let one = try Self.oneTally(search, profile).recommendation(profile: profile, today: Fixtures.day)
                let sideBySide = search.search(profile, model: model, tracksCapacity: false).recommendation(profile: profile, today: Fixtures.day)
                #expect(sideBySide.ranked.map(\.candidate) == one.ranked.map(\.candidate), "seed \(seed)")
                #expect(sideBySide.ranked.map(\.lostBecause) == one.ranked.map(\.lostBecause), "seed \(seed)")
                #expect(sideBySide.losingOffers == one.losingOffers, "seed \(seed)")
                #expect(sideBySide.rejections == one.rejections, "seed \(seed)")
                #expect(sideBySide.candidatesEvaluated == one.candidatesEvaluated, "seed \(seed)")
                if one.rejections.contains(where: { $0.ruleID == SearchTally.costBoundGroup }) { withBound += 1 }
            }
            search.prunesByCost = true
            let leaders = try Self.oneTally(search, profile, tracksCapacity: true).capacityLeaders
            let capacities = try search.capacities(profile)
            #expect(capacities.map(\.candidate) == leaders.values.map(\.kept.candidate).sorted { Recommender.optionKey($0) < Recommender.optionKey($1) },
                    "seed \(seed)")
        }
        // The merge must be exercised, with the cost bound cutting, or the comparison proves little.
        #expect(merged > 40, "\(merged) of 60 catalogs have several devices, and a device with several offers")
        #expect(withBound > 10, "\(withBound) cases bound candidates by cost")
    }
}

extension Decimal {
    /// Rounded to the cent, for "the same TCO to the cent".
    var cents: Decimal {
        var value = self * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded
    }
}
