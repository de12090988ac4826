import Foundation

/// Human-facing number formatting shared by rule messages and renderers; locale-independent.
public enum NumberFormat {
    /// Fixed decimals: `fixed(3.14159, 2)` -> "3.14".
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : "n/a" }
        // Integer arithmetic instead of String(format:), which is slow on Linux and sits on the
        // hot path of rule messages.
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return String(x) }
        let n = Int64(scaled)
        let s = Int64(scale)
        let sign = x < 0 && n != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(n) }
        let fraction = String(n % s)
        return sign + String(n / s) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    /// Three significant figures, no exponent for everyday magnitudes: 1234 -> "1234", 3.456 -> "3.46".
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : "n/a" }
        let a = abs(x)
        if a >= 100 { return fixed(x, 0) }
        if a >= 10 { return fixed(x, 1) }
        if a > 0 && a < 0.01 { return String(format: "%.2g", x) }
        let text = fixed(x, 2)
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text
    }
    /// Money with thousands separators and no cents above 100: 12345.6 -> "12,346".
    public static func usd(_ x: Decimal) -> String {
        let d = NSDecimalNumber(decimal: x).doubleValue
        guard !x.isNaN, d.isFinite else { return "n/a" }
        if abs(d) < 0.1 && d != 0 { return String(format: "%.2g", d) }
        // Beyond 10^15 the digits are noise and the conversion to Int would not fit.
        if abs(d) >= 1e15 { return String(format: "%.3g", d) }
        if abs(d) < 100 { return fixed(d, 2) }
        let whole = Int(d.rounded())
        let digits = String(abs(whole))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (whole < 0 ? "-" : "") + out
    }
}
