import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// `MonthlyCost` orders costs by their `Double`s when far apart and by the `Decimal`s otherwise; the search and the
/// brute-force oracle both rank through it, so the exactness test cannot see a fault in it. Here its order and equality
/// are the `Decimal`s' on seeded pairs: far apart, a last digit apart, equal values written differently, NaN.
@Suite struct MonthlyCostTests {
    @Test func orderAndEqualityAreTheDecimals() {
        var r = SearchExactnessTests.Random(state: 11)
        var pairs: [(Decimal, Decimal)] = []
        for _ in 0..<2_000 {
            let a = Decimal(r.int(0...9_999_999)) / Decimal(r.pick([1, 100, 10_000, 1_000_000])) * Decimal(r.pick([1, 1_000, 1_000_000]))
            let b: Decimal
            switch r.int(0...3) {
            case 0: b = Decimal(r.int(0...9_999_999)) / 100
            case 1: b = a + Decimal(sign: .plus, exponent: -30, significand: Decimal(r.int(1...9)))  // a last digit apart
            case 2: b = a * 3 / 3  // the same value, perhaps written with other digits
            default: b = a
            }
            pairs.append((a, b))
        }
        pairs.append((Decimal(1) / 3, Decimal(1) / 3 + Decimal(sign: .plus, exponent: -37, significand: 1)))
        pairs.append((.nan, 5))
        pairs.append((.greatestFiniteMagnitude, 1_000_000))
        var closeButUnequal = 0
        for (a, b) in pairs {
            let (x, y) = (MonthlyCost(a), MonthlyCost(b))
            #expect((x < y) == (a < b), "\(a) < \(b)")
            #expect((y < x) == (b < a), "\(b) < \(a)")
            #expect((x == y) == (a == b), "\(a) == \(b)")
            if a != b && abs(NSDecimalNumber(decimal: a - b).doubleValue) < 1e-20 { closeButUnequal += 1 }
        }
        // Costs a last digit apart must be among the pairs, or the fall back to the Decimals goes unchecked.
        #expect(closeButUnequal > 100, "\(closeButUnequal) pairs differ only in a far digit")
    }
}

/// The search prices candidates through one `CostModel.Pricer` per price, which keeps a rental's rate and a purchase's
/// figures between candidates and works costs out in `Double`s, exact only when read. Here a pricer used for
/// many unit counts and loads gives what a fresh one gives for each (`CostModel.cost`), and the order of its costs is
/// the order of their exact totals, ties (same price, count and load) and near ties (loads a hair apart) included.
@Suite struct CostPricerTests {
    static let offers: [(Offer, CloudPrice?, Money)] = {
        let yuan = CostArithmeticTests.yuan
        let server = { (terms: OnPremTerms) in
            Offer(id: "onprem/box", name: "box", deviceID: "gpu80", devicesPerUnit: 8, terms: .onPrem(terms))
        }
        let usd = CloudPrice(region: "r1", market: .northAmerica, pricing: .onDemand, perHour: Decimal(string: "98.32")!,
                             source: "test", asOf: Fixtures.day)
        let cny = CloudPrice(region: "cn", market: .china, pricing: .onDemand, perHour: 70, currency: "CNY", source: "test", asOf: Fixtures.day)
        let cloud = { (price: CloudPrice) in
            Offer(id: "c/x8", name: "x8", deviceID: "gpu80", devicesPerUnit: 8, terms: .cloud(provider: "c", prices: [price]))
        }
        return [
            (CostArithmeticTests.usdServer, nil, Money()),
            (server(OnPremTerms(devicePrice: 31_000, hostPowerW: 1800)), nil, Money()),  // no host price: a caveat
            (server(OnPremTerms(currency: "CNY", serverPrice: 1_750_000, hostPowerW: 2000)), nil, yuan),
            (server(OnPremTerms(currency: "CNY", serverPrice: 1_750_000)), nil, Money()),  // no rate: missing
            (cloud(usd), usd, Money()), (cloud(cny), cny, yuan), (cloud(cny), cny, Money()),
        ]
    }()

    struct Priced { var result: CostModel.Result; var fresh: CostModel.Result }

    @Test func aPricerGivesWhatAFreshOneGivesAndOrdersByTheExactTotals() throws {
        var r = SearchExactnessTests.Random(state: 5)
        let licences = [Profile.Licence(name: "stack", usdPerDeviceYear: Decimal(string: "4500.5")!)]
        var closeButUnequal = 0, ties = 0
        for (offer, price, money) in Self.offers {
            for licensed in [false, true] {
                let chosen = licensed ? licences : []
                var pricer = CostModel.Pricer(offer: offer, device: Fixtures.gpu, price: price, assumptions: Fixtures.costs, money: money,
                                              licences: chosen, priceFactor: Decimal(string: "0.85")!)
                var priced: [Priced] = []
                var previousUnits: Int?
                for _ in 0..<150 {
                    var units = r.int(1...6)
                    var peak = r.double(0...1.2), average = r.double(0...1)
                    var idle = r.pick([0.3, 0.4])
                    if r.chance(0.4), let previous = previousUnits {
                        // The previous candidate's count at a load a hair from its, or the same: the Doubles cannot order these.
                        (units, idle, peak, average) = (previous, 0.3, 0.5, r.chance(0.5) ? 0.25 : 0.25 + 1e-12)
                    }
                    previousUnits = units
                    let result = pricer.cost(units: units, peakUtilization: peak, averageUtilization: average, idlePowerFraction: idle)
                    var factors = EfficiencyFactors.defaults(for: .gpu)
                    factors.idlePowerFraction = idle
                    let fresh = CostModel.cost(.init(offer: offer, device: Fixtures.gpu, price: price, units: units, peakUtilization: peak,
                                                     averageUtilization: average, assumptions: Fixtures.costs, money: money,
                                                     factors: factors, licences: chosen, priceFactor: Decimal(string: "0.85")!))
                    #expect(result.breakdown == fresh.breakdown)
                    #expect(result.missing == fresh.missing && result.caveats == fresh.caveats)
                    #expect(result.peakPowerKW == fresh.peakPowerKW && result.averagePowerKW == fresh.averagePowerKW)
                    priced.append(Priced(result: result, fresh: fresh))
                }
                let pairs = Array(zip(priced, priced.dropFirst(1))) + Array(zip(priced, priced.dropFirst(7)))
                for (a, b) in pairs {
                    guard let x = a.result.monthly, let y = b.result.monthly,
                          let exactX = a.fresh.breakdown?.totalUSDPerMonth, let exactY = b.fresh.breakdown?.totalUSDPerMonth else { continue }
                    #expect((x < y) == (exactX < exactY))
                    #expect((y < x) == (exactY < exactX))
                    #expect((x == y) == (exactX == exactY))
                    #expect(x.usd == exactX)
                    if exactX == exactY { ties += 1 } else if abs((exactX - exactY).approximateDouble) < 1e-6 { closeButUnequal += 1 }
                }
            }
        }
        #expect(ties > 50 && closeButUnequal > 10, "\(ties) ties, \(closeButUnequal) near ties")
    }
}
