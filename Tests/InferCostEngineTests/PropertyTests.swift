import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Properties the engine must hold for any plausible input, checked on seeded random inputs
/// (docs/reliability.md, "Properties"). Seeds are fixed, so a failure reproduces; the case count
/// keeps the suite well under a second.
@Suite struct PropertyTests {
    /// SplitMix64: small, fast and good enough to spread test inputs.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        /// Log-uniform in the range: as likely 1-10 as 100-1000.
        mutating func logUniform(_ range: ClosedRange<Double>) -> Double {
            exp(log(range.lowerBound) + unit() * (log(range.upperBound) - log(range.lowerBound)))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    }

    static let seeds: [UInt64] = Array(1...25)

    static func device(_ g: inout Generator) -> Device {
        let bf16 = g.logUniform(20...2000)
        return Device(id: "dev", name: "Device", vendor: "v", kind: .gpu, memoryGB: g.pick([24, 48, 80, 141, 192]),
                      memoryBandwidthGBs: g.logUniform(200...8000), denseTFLOPS: [.bf16: bf16, .fp8: bf16 * 2],
                      precisions: [.bf16, .fp8], tdpW: g.logUniform(70...1200), interconnect: .init(kind: .nvlink, bandwidthGBs: g.logUniform(30...900)))
    }

    static func point(_ g: inout Generator, device: Device) -> DeploymentPoint {
        DeploymentPoint(deviceID: device.id, tensorParallel: g.pick([1, 2, 4, 8]), pipelineParallel: g.pick([1, 2]),
                        weightPrecision: g.pick([.bf16, .fp8]), kvPrecision: .bf16, batch: g.pick([1, 4, 16, 64]),
                        inputTokens: Int(g.logUniform(16...32_000)), outputTokens: Int(g.logUniform(1...4000)))
    }

    @Test(arguments: seeds) func moreBandwidthIsNeverSlower(_ seed: UInt64) {
        var g = Generator(state: seed)
        let model = g.pick([Fixtures.llama8B, Fixtures.mixtral])
        let slow = Self.device(&g)
        var fast = slow
        fast.memoryBandwidthGBs = (slow.memoryBandwidthGBs ?? 1) * (1 + g.unit() * 3)
        let p = Self.point(&g, device: slow)
        let a = PerformanceModel(model: model, device: slow).estimate(p), b = PerformanceModel(model: model, device: fast).estimate(p)
        #expect((b.ttftSeconds ?? 0) <= (a.ttftSeconds ?? 0) * (1 + 1e-12), "seed \(seed): TTFT \(a.ttftSeconds ?? 0) -> \(b.ttftSeconds ?? 0)")
        #expect((b.tpotSeconds ?? 0) <= (a.tpotSeconds ?? 0) * (1 + 1e-12), "seed \(seed): TPOT \(a.tpotSeconds ?? 0) -> \(b.tpotSeconds ?? 0)")
    }

    /// A few offers of the fixture GPUs at random prices, and an on-prem server.
    static func catalog(_ g: inout Generator) -> Catalog {
        var offers: [Offer] = []
        for (i, devices) in [1, 2, 8].enumerated() {
            offers.append(Fixtures.cloudOffer("big-x\(devices)-\(i)", device: "gpu80", devices: devices,
                                              usdPerHour: Decimal(Int(g.logUniform(2...20) * Double(devices) * 100)) / 100))
        }
        for devices in [1, 4] {
            offers.append(Fixtures.cloudOffer("small-x\(devices)", device: "gpu16", devices: devices,
                                              usdPerHour: Decimal(Int(g.logUniform(0.3...3) * Double(devices) * 100)) / 100))
        }
        offers.append(Offer(id: "onprem/box8", name: "box8", deviceID: "gpu80", devicesPerUnit: 8,
                            terms: .onPrem(OnPremTerms(serverPrice: Decimal(Int(g.logUniform(150_000...400_000))), hostPowerW: 2000))))
        return Fixtures.catalog(offers: offers)
    }

    static func profile(_ g: inout Generator) -> Profile {
        Fixtures.chatProfile(rps: g.logUniform(0.5...200), ttftMs: g.logUniform(300...5000), tpotMs: g.logUniform(20...200))
    }

    /// The search's ranking (the finalists' simulation is FinalistCheckTests' subject, and replaying
    /// thousands of requests per case would make this suite slow in a debug build).
    static func recommend(_ catalog: Catalog, _ profile: Profile) -> Recommendation {
        var search = Recommender(catalog: catalog, today: Fixtures.day)
        search.simulatesFinalists = false
        // swiftlint:disable:next force_try
        return try! search.recommend(profile)
    }

    @Test(arguments: seeds) func moreTrafficIsNeverCheaper(_ seed: UInt64) {
        var g = Generator(state: seed)
        let catalog = Self.catalog(&g)
        let low = Self.profile(&g)
        var high = low
        high.traffic.demand = .requestsPerSecond(low.traffic.averageRequestsPerSecond * (1 + g.unit() * 4))
        let a = Self.recommend(catalog, low).ranked.first?.candidate.cost?.totalUSDPerMonth
        let b = Self.recommend(catalog, high).ranked.first?.candidate.cost?.totalUSDPerMonth
        if let a, let b { #expect(b >= a, "seed \(seed): \(low.traffic.averageRequestsPerSecond) req/s costs \(a), more traffic costs \(b)") }
        if a == nil { #expect(b == nil, "seed \(seed): more traffic found an answer where less traffic found none") }
    }

    @Test(arguments: seeds) func aLowerPriceNeverLosesRank(_ seed: UInt64) {
        var g = Generator(state: seed)
        var catalog = Self.catalog(&g)
        let profile = Self.profile(&g)
        let before = Self.recommend(catalog, profile).ranked
        guard before.count > 1 else { return }
        let chosen = before[Int(g.next() % UInt64(before.count))].candidate
        let index = try! #require(catalog.offers.firstIndex { $0.id == chosen.offerID })
        if case .cloud(let provider, var prices) = catalog.offers[index].terms {
            for i in prices.indices { prices[i].perHour = prices[i].perHour / 2 }
            catalog.offers[index].terms = .cloud(provider: provider, prices: prices)
        } else if case .onPrem(var terms) = catalog.offers[index].terms {
            terms.serverPrice = terms.serverPrice.map { $0 / 2 }
            catalog.offers[index].terms = .onPrem(terms)
        }
        let after = Self.recommend(catalog, profile).ranked
        func rank(_ list: [Recommendation.Ranked]) -> Int? {
            list.first { $0.candidate.offerID == chosen.offerID && $0.candidate.region == chosen.region && $0.candidate.pricing == chosen.pricing }?.rank
        }
        let old = try! #require(rank(before)), new = rank(after)
        #expect(new != nil && new! <= old, "seed \(seed): \(chosen.offerID) was rank \(old), at half the price \(new.map(String.init) ?? "gone")")
    }

    @Test(arguments: seeds) func theAnswerDoesNotDependOnCatalogOrder(_ seed: UInt64) {
        var g = Generator(state: seed)
        let catalog = Self.catalog(&g)
        let profile = Self.profile(&g)
        var shuffled = catalog
        for i in shuffled.offers.indices.reversed() { shuffled.offers.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        let a = Self.recommend(catalog, profile), b = Self.recommend(shuffled, profile)
        #expect(a.ranked.map(\.candidate) == b.ranked.map(\.candidate), "seed \(seed)")
        #expect(a.rejections == b.rejections && a.losingOffers == b.losingOffers, "seed \(seed)")
    }
}
