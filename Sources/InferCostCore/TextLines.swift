/// A text's lines as a reader counts them, so a diagnostic's line number and the source line shown
/// under it agree with the parser's: `\n`, `\r\n` and a lone `\r` end a line everywhere, and YAML
/// also breaks at NEL (U+0085), LS (U+2028) and PS (U+2029), as libyaml (under Yams) does. The
/// breaks themselves are not part of any line.
public enum TextLines {
    public static func split(_ text: String, yamlBreaks: Bool = false) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if scalar == "\n" { continue }
            }
            switch scalar {
            case "\n", "\r":
                lines.append(String(current)); current = .init()
                afterCarriageReturn = scalar == "\r"
            case "\u{85}", "\u{2028}", "\u{2029}":
                // (A `where` clause here would guard only the last pattern.)
                if yamlBreaks { lines.append(String(current)); current = .init() } else { current.append(scalar) }
            default:
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// True for a character that ends a line (`\r\n` is one character in Swift).
    public static func isBreak(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }
}
