/// Recognises a plain decimal number, `-?(digits(.digits?)?|.digits)([eE][-+]?digits)?`, by scanning
/// its UTF-8 bytes: the catalog has thousands of numeric fields, and compiling a `Regex` for each
/// one cost a tenth of a catalog load (docs/benchmarks.md).
enum DecimalLiteral {
    static func matches(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { bytes.removeFirst(); n += 1 }
            return n
        }
        func take(_ c: Character) -> Bool {
            guard let b = bytes.first, b == c.asciiValue else { return false }
            bytes.removeFirst()
            return true
        }
        _ = take("-")
        let whole = digits()
        if take(".") {
            let fraction = digits()
            guard whole > 0 || fraction > 0 else { return false }
        } else if whole == 0 {
            return false
        }
        if take("e") || take("E") {
            if !take("-") { _ = take("+") }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
