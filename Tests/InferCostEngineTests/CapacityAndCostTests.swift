import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Cost of whole instances and servers, and the batch limits searched. Capacity planning and
/// queueing are in CapacityPlanTests, checked against closed forms rather than restated.
@Suite struct CapacityAndCostTests {
    @Test func cloudCostIsWholeInstancesTimesHoursTimesPrice() {
        let offer = Fixtures.cloudOffer("x8", device: "gpu80", devices: 8, usdPerHour: Decimal(string: "98.32")!)
        guard case .cloud(_, let prices) = offer.terms else { Issue.record("not cloud"); return }
        let r = CostModel.cost(.init(offer: offer, device: Fixtures.gpu, price: prices[0], units: 2, peakUtilization: 0.7,
                                     averageUtilization: 0.35, assumptions: Fixtures.costs, factors: .defaults(for: .gpu)))
        // 2 x 98.32 x 730.5 = 143,645.52 USD per month; TCO = x 36 months.
        #expect(r.breakdown?.rentalUSDPerMonth == Decimal(string: "143645.52"))
        #expect(r.breakdown?.tcoUSD == Decimal(string: "143645.52")! * 36)
    }

    @Test func onPremCostAddsCapitalPowerHostingSupport() throws {
        let offer = Offer(id: "onprem/box", name: "box", deviceID: "gpu80", devicesPerUnit: 8,
                          terms: .onPrem(OnPremTerms(devicePrice: 30_000, hostPowerW: 4600)))
        let r = CostModel.cost(.init(offer: offer, device: Fixtures.gpu, price: nil, units: 1, peakUtilization: 1,
                                     averageUtilization: 0.5, assumptions: Fixtures.costs, factors: .defaults(for: .gpu)))
        let b = try #require(r.breakdown)
        // Capital 8 x 30,000 = 240,000 over 48 months = 5,000 per month.
        #expect(b.capitalUSD == 240_000 && b.capitalUSDPerMonth == 5_000)
        // Average draw: 8 x 700 x (0.3 + 0.7 x 0.5) + 4600 = 8240 W -> 8.24 kW x 1.5 PUE x 730.5 h x 0.10 = 902.9 USD.
        #expect(abs(NSDecimalNumber(decimal: b.powerUSDPerMonth).doubleValue - 8.24 * 1.5 * 730.5 * 0.10) < 1e-6)
        // Hosting on peak draw: (5600 + 4600) W = 10.2 kW x 100 = 1,020; support 10% of 240,000 / 12 = 2,000.
        #expect(abs(NSDecimalNumber(decimal: b.hostingUSDPerMonth).doubleValue - 1020) < 1e-6)
        #expect(b.supportUSDPerMonth == 2_000)
        #expect(r.caveats == ["capital excludes the host: onprem/box has no sourced host_price"])
    }

    @Test func batchLimitsArePowersOfTwoAndTheMemoryLimit() {
        #expect(Recommender.batchLimits(upTo: 100) == [1, 2, 4, 8, 16, 32, 64, 100])
        #expect(Recommender.batchLimits(upTo: 0) == [1])
        #expect(Recommender.batchLimits(upTo: 64) == [1, 2, 4, 8, 16, 32, 64])
    }
}
