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
            out += "\n    \(sourceLine)\n    " + String(repeating: " ", count: max(location.column - 1, 0)) + "^"
        }
        if let hint { out += "\n    hint: \(hint)" }
        return out
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.severity, a.code) < (b.location, b.severity, b.code)
    }
}
