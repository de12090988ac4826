import Foundation

/// The one range a numeric input may take: finite, within a documented plausible range. Loaders,
/// importers and command-line flags all check their numbers against a domain from `Domains`, so a
/// file `validate` calls ok, or a flag the parser accepts, is one the engine can compute with
/// without trapping (docs/reliability.md lists every domain).
public struct NumericDomain: Sendable, Hashable {
    /// Where the number is written, as docs/reliability.md names it: `traffic.requests_per_second`, `--tp`.
    public var field: String
    public var lower: Double
    /// True for "greater than `lower`" (a rate of 0 means nothing); false for "at least `lower`".
    public var lowerIsExclusive: Bool
    public var upper: Double
    /// Unit, for the message: `requests/s`, `GB`, `tokens`; empty for plain counts and ratios.
    public var unit: String
    /// Whole numbers only.
    public var isWhole: Bool
    /// A closed set of allowed values (percentiles), or nil for the range.
    public var allowed: [Double]?

    public init(_ field: String, _ lower: Double, _ upper: Double, unit: String = "", lowerIsExclusive: Bool = false,
                isWhole: Bool = false, allowed: [Double]? = nil) {
        self.field = field; self.lower = lower; self.upper = upper; self.unit = unit
        self.lowerIsExclusive = lowerIsExclusive; self.isWhole = isWhole; self.allowed = allowed
    }

    /// A count: a whole number in `lower...upper`.
    public static func count(_ field: String, _ lower: Int, _ upper: Int, unit: String = "") -> NumericDomain {
        NumericDomain(field, Double(lower), Double(upper), unit: unit, isWhole: true)
    }

    /// A quantity greater than 0 and at most `upper`.
    public static func positive(_ field: String, upTo upper: Double, unit: String = "") -> NumericDomain {
        NumericDomain(field, 0, upper, unit: unit, lowerIsExclusive: true)
    }

    public func contains(_ value: Double) -> Bool { violation(value) == nil }

    /// Why `value` is outside the domain: a diagnostic code (`not_positive` for a zero or negative
    /// value where only positive ones make sense, else `out_of_range`) and the requirement as text.
    public func violation(_ value: Double) -> (code: String, requirement: String)? {
        guard value.isFinite else { return ("out_of_range", requirement) }
        if let allowed { return allowed.contains(value) ? nil : ("out_of_range", requirement) }
        let aboveLower = lowerIsExclusive ? value > lower : value >= lower
        if !aboveLower {
            let mustBePositive = (lowerIsExclusive && lower == 0) || (isWhole && lower == 1)
            return (mustBePositive && value <= 0 ? "not_positive" : "out_of_range", requirement)
        }
        if value > upper { return ("out_of_range", requirement) }
        if isWhole && value != value.rounded() { return ("out_of_range", requirement) }
        return nil
    }

    /// `greater than 0 and at most 10,000,000 requests/s`, `a whole number from 1 to 1,024`, `one of 50, 90, 95, 99`.
    public var requirement: String {
        if let allowed { return "one of " + allowed.map(Self.format).joined(separator: ", ") }
        let suffix = unit.isEmpty ? "" : " " + unit
        if isWhole { return "a whole number from \(Self.format(lower)) to \(Self.format(upper))\(suffix)" }
        if lowerIsExclusive { return "greater than \(Self.format(lower)) and at most \(Self.format(upper))\(suffix)" }
        return "between \(Self.format(lower)) and \(Self.format(upper))\(suffix)"
    }

    /// `value` as an `Int` when it lies in the domain (never traps); nil otherwise.
    public func wholeNumber(_ value: Double) -> Int? {
        guard contains(value) else { return nil }
        return Int(exactly: value.rounded()) ?? Int(safe: value)
    }

    /// `10,000,000`, `0.05`, `1e-06`: exact for the round bounds the table uses.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        guard value == value.rounded(), abs(value) < 1e15 else { return String(value) }
        let digits = String(Int64(abs(value)))
        var out = ""
        for (i, character) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}

extension Int {
    /// `value` rounded toward zero, or nil when it is not finite or too large for exact arithmetic
    /// (|value| >= 2^53): the one Double -> Int conversion the code uses, so none can trap.
    public init?(safe value: Double) {
        guard value.isFinite, abs(value) < 9_007_199_254_740_992 else { return nil }
        self.init(value)
    }

    /// `value` rounded up and clamped to `0...limit` (non-finite or huge values give `limit`); for
    /// counts the engine computes in Double, such as replicas needed.
    public static func clampedCount(_ value: Double, limit: Int) -> Int {
        guard !value.isNaN else { return limit }
        let up = value.rounded(.up)
        if up <= 0 { return 0 }
        return up >= Double(limit) ? limit : Int(up)
    }
}

extension Decimal {
    /// The decimal for a finite Double of plausible size (|value| < 10^30), else nil; magnitudes
    /// below 10^-30 become 0. `Decimal(Double)` traps or loses the value outside that range.
    public init?(safe value: Double) {
        guard Self.isSafe(value) else { return nil }
        self.init(abs(value) < 1e-30 ? 0 : value)
    }

    /// Whether `Decimal(safe:)` makes a decimal of `value`, without making it.
    public static func isSafe(_ value: Double) -> Bool { value.isFinite && abs(value) < 1e30 }

    /// The nearest `Double` (NaN for NaN).
    public var approximateDouble: Double { NSDecimalNumber(decimal: self).doubleValue }

    /// False for NaN (e.g. after a division by zero).
    public var isUsable: Bool { !isNaN }
}
