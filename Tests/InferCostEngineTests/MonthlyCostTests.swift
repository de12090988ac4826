import Foundation
import Testing
@testable import InferCostEngine

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
