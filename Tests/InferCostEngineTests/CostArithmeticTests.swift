import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Cost arithmetic worked by hand: a server bought at a whole-server price with a support
/// contract, the same server priced in yuan, a cloud price in yuan, and dollars per million tokens.
@Suite struct CostArithmeticTests {
    static func double(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }
    static let yuan = Money(rates: ["CNY": ExchangeRate(currency: "CNY", perUSD: 7, source: "test", asOf: Fixtures.day)])

    static func server(_ terms: OnPremTerms) -> Offer {
        Offer(id: "onprem/box", name: "box", deviceID: "gpu80", devicesPerUnit: 8, terms: .onPrem(terms))
    }

    static func cost(_ offer: Offer, price: CloudPrice? = nil, units: Int, money: Money = Money()) -> CostModel.Result {
        CostModel.cost(.init(offer: offer, device: Fixtures.gpu, price: price, units: units, peakUtilization: 0.6, averageUtilization: 0.3,
                             assumptions: Fixtures.costs, money: money, factors: .defaults(for: .gpu)))
    }

    /// 250,000 USD per 8-GPU server (its device price is then ignored), 2,000 W of host, 12,000 USD a year of support.
    static let usdServer = server(OnPremTerms(serverPrice: 250_000, devicePrice: 30_000, hostPowerW: 2000, supportPerYear: 12_000))

    @Test func aServerPriceAndASupportContract() throws {
        let r = Self.cost(Self.usdServer, units: 2)
        let b = try #require(r.breakdown)
        // Capital 2 x 250,000 = 500,000 (not 8 x 30,000); / 48 months = 10,416.67 per month.
        #expect(b.capitalUSD == 500_000)
        #expect(abs(Self.double(b.capitalUSDPerMonth) - 10_416.666_667) < 1e-3)
        // Support is the contract, not the 10% default: 2 x 12,000 / 12 = 2,000 per month.
        #expect(b.supportUSDPerMonth == 2_000)
        // Draw: 16 GPUs x 700 W x (0.3 + 0.7 x u) + 2 x 2,000 W of hosts.
        // Average (u 0.3): 11,200 x 0.51 + 4,000 = 9,712 W -> 9.712 x 1.5 PUE x 730.5 h x 0.10 = 1,064.19 per month.
        #expect(abs(Self.double(b.powerUSDPerMonth) - 1_064.1924) < 1e-6)
        // Peak (u 0.6): 11,200 x 0.72 + 4,000 = 12,064 W -> 12.064 kW x 100 per kW-month = 1,206.40.
        #expect(abs(try #require(r.peakPowerKW) - 12.064) < 1e-12)
        #expect(abs(Self.double(b.hostingUSDPerMonth) - 1_206.4) < 1e-6)
        // Monthly 10,416.67 + 1,064.19 + 1,206.40 + 2,000 = 14,687.26; TCO over 36 months = 528,741.33.
        #expect(abs(Self.double(b.totalUSDPerMonth) - 14_687.259_067) < 1e-3)
        #expect(abs(Self.double(b.tcoUSD) - 528_741.326_4) < 1e-2)
        #expect(r.caveats.isEmpty && r.missing.isEmpty)
    }

    @Test func aServerPricedInYuanCostsTheSameAtTheRate() throws {
        // 1,750,000 CNY and 84,000 CNY a year at 7 CNY per USD are the 250,000 and 12,000 USD above.
        let offer = Self.server(OnPremTerms(currency: "CNY", serverPrice: 1_750_000, hostPowerW: 2000, supportPerYear: 84_000))
        let inYuan = try #require(Self.cost(offer, units: 2, money: Self.yuan).breakdown)
        let inDollars = try #require(Self.cost(Self.usdServer, units: 2).breakdown)
        #expect(inYuan.capitalUSD == 500_000 && inYuan.supportUSDPerMonth == 2_000)
        #expect(inYuan == inDollars)
        // Without a rate the cost is unknown and says which rate it needs.
        let unknown = Self.cost(offer, units: 2)
        #expect(unknown.breakdown == nil && unknown.missing == ["exchange rate for CNY"])
    }

    @Test func aCloudPriceInYuanIsConvertedAtItsRate() throws {
        let price = CloudPrice(region: "cn-north", market: .china, pricing: .onDemand, perHour: 70, currency: "CNY", source: "test", asOf: Fixtures.day)
        let offer = Offer(id: "yuancloud/x8", name: "x8", deviceID: "gpu80", devicesPerUnit: 8, terms: .cloud(provider: "yuancloud", prices: [price]))
        let b = try #require(Self.cost(offer, price: price, units: 3, money: Self.yuan).breakdown)
        // 70 CNY / 7 = 10 USD an hour x 3 instances x 730.5 hours = 21,915 USD per month.
        #expect(b.rentalUSDPerMonth == 21_915)
        // Reported in yuan: 21,915 x 7 = 153,405 CNY.
        var report = Self.yuan
        report.reportCurrency = "CNY"
        #expect(report.reported(b.totalUSDPerMonth) == 153_405)
        #expect(report.format(b.totalUSDPerMonth) == "153,405 CNY")
        #expect(Self.cost(offer, price: price, units: 3).missing == ["exchange rate for CNY"])
    }

    @Test func dollarsPerMillionTokens() throws {
        // 2 req/s average x 500 output tokens x 730.5 h x 3,600 s = 2,629,800,000 tokens a month;
        // 10,000 USD / 2,629.8 million = 3.802570 USD per million.
        var profile = Fixtures.chatProfile(rps: 2)
        profile.traffic.outputTokens = 500
        let perMillion = try #require(CostModel.usdPerMillionTokens(monthly: 10_000, profile: profile))
        #expect(abs(Self.double(perMillion) - 3.802_570) < 1e-6)
        // An encoder is counted by its input: 10 req/s x 512 tokens -> 13,464.576 million; 0.742690 USD per million.
        profile.traffic.demand = .requestsPerSecond(10)
        profile.traffic.outputTokens = 0
        profile.traffic.inputTokens = 512
        #expect(abs(Self.double(try #require(CostModel.usdPerMillionTokens(monthly: 10_000, profile: profile))) - 0.742_690) < 1e-6)
        // No traffic, no figure.
        profile.traffic.demand = .requestsPerSecond(0)
        #expect(CostModel.usdPerMillionTokens(monthly: 10_000, profile: profile) == nil)
    }
}
