import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Compare's projections, checked against sums worked by hand from the fixtures' prices.
@Suite struct ComparerTests {
    static let server = Offer(id: "onprem/box", name: "box", deviceID: Fixtures.gpu.id, devicesPerUnit: 8,
                              terms: .onPrem(OnPremTerms(serverPrice: 240_000, hostPowerW: 2000,
                                                         sources: [Source(ref: "test", asOf: Fixtures.day, fields: ["server_price"])])))
    static let cloud = Fixtures.cloudOffer("vm", device: Fixtures.gpu.id, devices: 8, usdPerHour: 40)
    static let reserved = Fixtures.cloudOffer("vm3y", device: Fixtures.gpu.id, devices: 8, usdPerHour: 20, pricing: .reserved3y)

    static func compare(_ profile: Profile, offers: [Offer], api: [APIOffer] = []) throws -> Comparison {
        var catalog = Fixtures.catalog(offers: offers)
        catalog.apiOffers = api
        let recommendation = try Recommender(catalog: catalog, today: Fixtures.day).recommend(profile)
        return Comparer(catalog: catalog).compare(profile: profile, recommendation: recommendation)
    }

    @Test func buyingPaysCapitalUpFrontAndCreditsStraightLineResidual() throws {
        var profile = Fixtures.chatProfile(rps: 2)
        profile.costs.discountRatePercent = 8
        let c = try Self.compare(profile, offers: [Self.server])
        let buy = try #require(c.options.first { $0.kind == .buy })
        let servers = Decimal(buy.unitsByYear[0])
        #expect(buy.cashUSD[0] == 240_000 * servers)
        // 3 years of a 4-year straight line leaves a quarter of the purchase.
        #expect(buy.residualUSD == 60_000 * servers)
        #expect(buy.nominalUSD == (buy.cumulativeUSD.last ?? 0) - buy.residualUSD)
        #expect(buy.cashUSD.count == 37)
        // NPV at 8%: each month's cash discounted by 1.08^(m/12), the residual credit from month 36.
        let cash = buy.cashUSD.map { NSDecimalNumber(decimal: $0).doubleValue }
        let expected = cash.enumerated().reduce(0.0) { $0 + $1.element / pow(1.08, Double($1.offset) / 12) }
            - NSDecimalNumber(decimal: buy.residualUSD).doubleValue / pow(1.08, 3)
        #expect(abs(NSDecimalNumber(decimal: buy.npvUSD).doubleValue - expected) < 0.01)
    }

    @Test func breakEvenIsTheFirstMonthBuyingHasCostNoMore() {
        func option(_ cash: [Decimal]) -> Comparison.Option {
            var running: Decimal = 0
            let cumulative = cash.map { running += $0; return running }
            return Comparison.Option(kind: .buy, commitment: "", label: "", offerID: "", region: nil, unitsByYear: [1],
                                     cashUSD: cash, cumulativeUSD: cumulative, residualUSD: 0, nominalUSD: running, npvUSD: running,
                                     componentsUSD: [:], usdPerMillionTokens: nil, averageUtilization: nil, energyKWhPerYear: nil,
                                     carbonKgPerYear: nil, carbonGramsPerMillionTokens: nil, costGaps: [], notes: [], ttftMs: nil,
                                     tpotMs: nil, sources: [])
        }
        let buy = option([100, 10, 10, 10, 10])
        let rent = option([0, 40, 40, 40, 40])
        // Cumulative buy 110, 120, 130, 140; rent 40, 80, 120, 160: buying is no dearer from month 4.
        #expect(Comparer.breakEvenMonth(buy: buy, rent: rent) == 4)
        #expect(Comparer.breakEvenMonth(buy: buy, rent: option([0, 1, 1, 1, 1])) == nil)
    }

    @Test func aThreeYearCommitmentIsOwedInFullEvenOnAOneYearHorizon() throws {
        var profile = Fixtures.chatProfile(rps: 2)
        profile.costs.horizonYears = 1
        let c = try Self.compare(profile, offers: [Self.reserved])
        let rent = try #require(c.options.first { $0.commitment == "reserved_3y" })
        let units = Decimal(rent.unitsByYear[0])
        let monthly = 20 * Decimal(Units.hoursPerMonth) * units
        #expect(rent.nominalUSD == monthly * 36)
    }

    @Test func growthBuysMoreServersInLaterYears() throws {
        var profile = Fixtures.chatProfile(rps: 2)
        profile.traffic.growthPercentPerYear = 1000
        let c = try Self.compare(profile, offers: [Self.server])
        let buy = try #require(c.options.first { $0.kind == .buy })
        let last = try #require(buy.unitsByYear.last)
        #expect(last > buy.unitsByYear[0])
        // The extra servers are paid at the start of the year that needs them.
        let tranches = [12, 24].map { buy.cashUSD[$0] }.filter { $0 >= 240_000 }
        #expect(!tranches.isEmpty)
        #expect(buy.cashUSD[0] == 240_000 * Decimal(buy.unitsByYear[0]))
    }

    @Test func apiCostIsTokensTimesPrice() throws {
        let api = APIOffer(id: "api/p/llama-8b", provider: "p", providerName: "P", modelID: Fixtures.llama8B.id, apiModel: "m",
                           currency: "USD", inputPerMillion: 1, outputPerMillion: 2, market: .northAmerica, source: "test",
                           asOf: Fixtures.day)
        let profile = Fixtures.chatProfile(rps: 2)
        let c = try Self.compare(profile, offers: [Self.cloud], api: [api])
        let option = try #require(c.options.first { $0.kind == .api })
        // 2 req/s x (1000 x $1 + 200 x $2) / 1e6 per request, over a month of seconds.
        let perMonth = Decimal(2 * Units.hoursPerMonth * Units.secondsPerHour) * Decimal(string: "0.0014")!
        #expect(option.cashUSD[1] == perMonth)
    }

    @Test func incompleteOwnedOptionsNeverEnterTheTable() throws {
        let bare = Offer(id: "onprem/bare", name: "bare", deviceID: Fixtures.gpu.id, devicesPerUnit: 8,
                         terms: .onPrem(OnPremTerms(devicePrice: 1, sources: [])))
        let c = try Self.compare(Fixtures.chatProfile(rps: 2), offers: [bare, Self.cloud])
        #expect(!c.options.contains { $0.offerID == "onprem/bare" })
        #expect(c.excluded.contains { $0.reason.contains("incomplete") })
    }

    @Test func sensitivityFindsTheFlipWhereBuyingStopsPaying() throws {
        let c = try Self.compare(Fixtures.chatProfile(rps: 2), offers: [Self.server, Self.cloud])
        let s = try #require(c.sensitivity)
        let horizon = try #require(s.bars.first { $0.parameter == "horizon" })
        // Buying carries the purchase up front; a short horizon favours renting.
        #expect(horizon.differenceAtLowUSD > horizon.differenceAtHighUSD)
        if let flip = horizon.flipsAt { #expect(flip > horizon.low && flip < horizon.high) }
    }

    @Test func defaultDailyCurveHasMeanOneAndThePeakRatio() {
        let t = Profile.Traffic(demand: .requestsPerSecond(1), peakToAverage: 1.8, inputTokens: 1, outputTokens: 1)
        let curve = Comparer.dailyCurve(t)
        #expect(curve.count == 24)
        #expect(abs(curve.reduce(0, +) / 24 - 1) < 1e-9)
        #expect(abs((curve.max() ?? 0) - 1.8) < 1e-9)
    }

    @Test func theHybridBaseSearchFindsTheBruteForceOptimumOfConvexCosts() {
        // Owned units cost linearly, the burst above them falls ever more slowly: a convex cost in the base.
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<40 {
            let width = Int.random(in: 1...40_000, using: &rng)
            let optimum = Double.random(in: -1_000...Double(width + 1_000), using: &rng)
            let slope = Double.random(in: 0...5, using: &rng)
            let cost = { (b: Int) -> Decimal in Decimal(((Double(b) - optimum) * (Double(b) - optimum) / 7 + slope * Double(b)).rounded()) }
            let range = 1...width
            let brute = range.min { (cost($0), $0) < (cost($1), $1) }
            #expect(Comparer.cheapestBase(in: range, cost: cost) == brute, "width \(width), optimum \(optimum)")
        }
    }

    @Test func aSmallBaseRangeIsSearchedSizeBySizeWhateverTheCostsShape() {
        let costs: [Decimal] = [9, 3, 7, 3, 1, 8, 1, 5]  // two minima: the smaller base wins the tie
        var tried: [Int] = []
        let best = Comparer.cheapestBase(in: 0...7) { tried.append($0); return costs[$0] }
        #expect(best == 4 && tried == Array(0...7))
    }

    @Test func fiftyYearsOfTenfoldGrowthStopAtTheUnitCap() throws {
        var profile = Fixtures.chatProfile(rps: 2)
        profile.traffic.growthPercentPerYear = 1000
        profile.costs.horizonYears = 50
        let c = try Self.compare(profile, offers: [Self.server, Self.cloud])
        let buy = try #require(c.options.first { $0.kind == .buy })
        #expect(buy.unitsByYear.count == 50)
        #expect(buy.unitsByYear.last == Comparer.unitLimit)
        let hybrid = try #require(c.options.first { $0.kind == .hybrid })
        let base = try #require(hybrid.unitsByYear.first)
        #expect((1..<Comparer.unitLimit).contains(base))
    }
}
