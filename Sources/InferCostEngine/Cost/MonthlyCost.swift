import Foundation
import InferCostCore

/// A monthly cost in US dollars as the search compares it: a `Double` that decides the comparison of two costs that are
/// far apart, and the exact `Decimal`, worked out only when read or when two costs are too close for their `Double`s.
/// `Decimal` arithmetic allocates (an addition ~280 ns, `Decimal(Double)` more, on the 2-core machine), and the search
/// costs and compares every candidate that survives its rules. The order is the `Decimal`s' exactly: the `Double`s decide
/// only when they differ by far more than working in `Double`s could make them differ.
public struct MonthlyCost: Comparable, Sendable {
    /// The total in `Double`s.
    let approximate: Double
    /// The sum of the magnitudes of the parts the total adds up, in `Double`s: the approximation's error is a few
    /// roundings of it (~1e-15 of it), whatever cancels in the sum.
    let magnitude: Double
    let exact: Exact

    /// How the exact cost is worked out when read.
    enum Exact: Sendable {
        /// A total known without its parts (a candidate's, or written by hand).
        case total(Decimal)
        /// Whole instances at a rate, for a month.
        case rental(Shared<CostModel.Rental>, units: Int)
        /// Servers bought, with the energy and peak draw that their power and hosting follow.
        case purchase(Shared<CostModel.Purchase>, units: Int, energyKWhPerMonth: Double, peakKW: Double)
    }

    public init(_ usd: Decimal) {
        let approximate = usd.approximateDouble
        self.approximate = approximate; magnitude = abs(approximate); exact = .total(usd)
    }

    init(rental rate: Shared<CostModel.Rental>, units: Int) {
        (approximate, magnitude) = rate.value.approximate(units: units)
        exact = .rental(rate, units: units)
    }

    init(purchase: Shared<CostModel.Purchase>, units: Int, energyKWhPerMonth: Double, peakKW: Double) {
        (approximate, magnitude) = purchase.value.approximate(units: units, energyKWhPerMonth: energyKWhPerMonth, peakKW: peakKW)
        exact = .purchase(purchase, units: units, energyKWhPerMonth: energyKWhPerMonth, peakKW: peakKW)
    }

    /// The exact breakdown; nil for a total known without its parts.
    public var breakdown: CostBreakdown? {
        switch exact {
        case .total: nil
        case .rental(let rate, let units): rate.value.breakdown(units: units)
        case .purchase(let purchase, let units, let energy, let peak):
            purchase.value.breakdown(units: units, energyKWhPerMonth: energy, peakKW: peak)
        }
    }

    /// The exact total.
    public var usd: Decimal {
        if case .total(let usd) = exact { return usd }
        return breakdown?.totalUSDPerMonth ?? .nan
    }

    /// The cost of a candidate that has none: after every cost.
    static let unknown = MonthlyCost(.greatestFiniteMagnitude)

    /// True when the `Double`s are far enough apart to order the `Decimal`s: a gap a hundred million times the larger
    /// magnitude's rounding. NaN (a `Decimal` NaN) never is, and falls to the `Decimal` comparison.
    @inline(__always)
    private static func apart(_ a: MonthlyCost, _ b: MonthlyCost) -> Bool {
        abs(a.approximate - b.approximate) > 1e-7 * max(a.magnitude, b.magnitude)
    }

    /// True when both are worked out the same way from the same figures, hence equal exactly (candidates of one price and
    /// unit count, which tie often), without working them out.
    private static func sameRecipe(_ a: MonthlyCost, _ b: MonthlyCost) -> Bool {
        switch (a.exact, b.exact) {
        case (.rental(let x, let m), .rental(let y, let n)): x === y && m == n
        case (.purchase(let x, let m, let e, let p), .purchase(let y, let n, let f, let q)): x === y && m == n && e == f && p == q
        default: false
        }
    }

    public static func < (a: MonthlyCost, b: MonthlyCost) -> Bool {
        if apart(a, b) { return a.approximate < b.approximate }
        return sameRecipe(a, b) ? false : a.usd < b.usd
    }

    public static func == (a: MonthlyCost, b: MonthlyCost) -> Bool {
        if apart(a, b) { return false }
        return sameRecipe(a, b) || a.usd == b.usd
    }
}
