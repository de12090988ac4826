/// A problem found in an input file, located to the character.
public struct Diagnostic: Sendable, Hashable, Encodable, Comparable {
    public enum Severity: String, Sendable, Encodable, Comparable {
        /// `note`: information, e.g. an overlay replacing a shipped entry.
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public struct Location: Sendable, Hashable, Encodable, Comparable {
        public var file: String
        public var line: Int
        public var column: Int
        public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
        public static func < (a: Location, b: Location) -> Bool {
            (a.file, a.line, a.column) < (b.file, b.line, b.column)
        }
    }

    public var severity: Severity
    /// Stable snake_case code, e.g. `unknown_key`; docs/diagnostics.md lists them all.
    public var code: String
    public var message: String
    public var location: Location
    public var hint: String?
    /// The text of the offending line, for the caret display.
    public var sourceLine: String?

    public init(_ severity: Severity, code: String, _ message: String, at location: Location,
                hint: String? = nil, sourceLine: String? = nil) {
        self.severity = severity; self.code = code; self.message = message
        self.location = location; self.hint = hint; self.sourceLine = sourceLine
    }

    /// `path:line:col: error: [code] message`, the source line, a caret, and the hint.
    public var rendered: String {
        var out = "\(location.file):\(location.line):\(location.column): \(severity.rawValue): [\(code)] \(message)"
        if let sourceLine {
            let (shown, caret) = Self.window(sourceLine, column: location.column)
            out += "\n    \(shown)\n    " + String(repeating: " ", count: caret) + "^"
        }
        if let hint { out += "\n    hint: \(hint)" }
        return out
    }

    /// At most `Excerpt.lineLimit` characters of the line around the column, control characters made
    /// visible, and the caret's offset in what is shown.
    static func window(_ line: String, column: Int) -> (String, Int) {
        let characters = Array(line)
        let at = min(max(column - 1, 0), characters.count)
        guard characters.count > Excerpt.lineLimit else { return (Excerpt.visible(line), at) }
        let start = max(0, min(at - Excerpt.lineLimit / 2, characters.count - Excerpt.lineLimit))
        let end = min(characters.count, start + Excerpt.lineLimit)
        let prefix = start > 0 ? "..." : "", suffix = end < characters.count ? "..." : ""
        let before = Excerpt.visible(String(characters[start..<at]))
        return (prefix + Excerpt.visible(String(characters[start..<end])) + suffix, prefix.count + before.count)
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.severity, a.code) < (b.location, b.severity, b.code)
    }
}

/// What a diagnostic may quote of an input: at most 60 characters, control characters shown as
/// `\u{..}`. A message quotes the offending value, never a whole line of someone's file.
public enum Excerpt {
    public static let limit = 60
    /// The most of a source line a diagnostic shows under its message.
    public static let lineLimit = 100

    public static func of(_ text: String) -> String {
        let shown = text.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
        return visible(shown)
    }

    /// Control characters (other than tab) as `\u{XX}`, so a NUL or an escape sequence cannot hide
    /// in, or act on, a terminal or CI log.
    public static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control && scalar != "\t" {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
