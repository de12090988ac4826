import Foundation

/// A monthly cost in US dollars as the search compares it: the exact `Decimal`, and a `Double` of it that decides the
/// comparison of two costs that are far apart. `Decimal` arithmetic allocates (an addition ~280 ns, a comparison ~80 ns
/// on the 2-core machine), and the search compares costs for every candidate it costs. The order is the `Decimal`s'
/// exactly: the `Double`s decide only when they differ by far more than converting could make them differ.
public struct MonthlyCost: Comparable, Sendable {
    public let usd: Decimal
    let approximate: Double

    public init(_ usd: Decimal) {
        self.usd = usd
        approximate = NSDecimalNumber(decimal: usd).doubleValue
    }

    /// The cost of a candidate that has none: after every cost.
    static let unknown = MonthlyCost(.greatestFiniteMagnitude)

    /// True when the `Double`s are far enough apart to order the `Decimal`s: a relative gap a billion times a `Double`'s
    /// rounding. NaN (a `Decimal` NaN) never is, and falls to the `Decimal` comparison.
    @inline(__always)
    private static func apart(_ a: MonthlyCost, _ b: MonthlyCost) -> Bool {
        abs(a.approximate - b.approximate) > 1e-7 * max(abs(a.approximate), abs(b.approximate))
    }

    public static func < (a: MonthlyCost, b: MonthlyCost) -> Bool {
        apart(a, b) ? a.approximate < b.approximate : a.usd < b.usd
    }

    public static func == (a: MonthlyCost, b: MonthlyCost) -> Bool {
        apart(a, b) ? false : a.usd == b.usd
    }
}
