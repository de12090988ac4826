import InferCostCore

/// A row an importer could not store, or stored only in part, and why.
public struct ImportProblem: Error, Sendable, Hashable, Comparable {
    public enum Disposition: String, Sendable, Hashable {
        /// The row (or the whole file) is malformed: fix the file. `bench import` stores nothing.
        case invalid
        /// The row is well-formed but cannot be modelled (e.g. an MLPerf Server row with no arrival
        /// rate); it is left out and the rest of the file is stored.
        case skipped
    }

    /// 1-based line in the file; nil for a problem with the file as a whole.
    public var line: Int?
    public var disposition: Disposition
    /// Stable snake_case code (docs/measurements.md lists them).
    public var code: String
    public var reason: String
    public var hint: String?
    /// 1-based column, when the problem is known to the character (a JSON syntax error).
    public var column: Int?

    public init(line: Int?, _ disposition: Disposition, code: String, _ reason: String, hint: String? = nil, column: Int? = nil) {
        self.line = line; self.disposition = disposition; self.code = code; self.reason = reason; self.hint = hint
        self.column = column
    }

    /// As a Core diagnostic: invalid rows are errors, skipped rows warnings.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(disposition == .invalid ? .error : .warning, code: code, reason,
                   at: .init(file: file, line: line ?? 1, column: column ?? 1), hint: hint)
    }

    /// A CSV file's quoting problems (`CSVTable.problems`): the file is malformed and nothing is stored.
    static func csv(_ table: CSVTable) -> [ImportProblem] {
        table.problems.map { ImportProblem(line: $0.line, .invalid, code: CSVTable.Problem.code, $0.message,
                                           hint: CSVTable.Problem.hint, column: $0.column) }
    }

    public static func < (a: ImportProblem, b: ImportProblem) -> Bool {
        ((a.line ?? 0), a.code, a.reason) < ((b.line ?? 0), b.code, b.reason)
    }
}

/// What an importer read from one file.
public struct ParsedImport: Sendable {
    public var format: ImportFormat
    public var measurements: [BenchmarkMeasurement]
    public var problems: [ImportProblem]

    public init(format: ImportFormat, measurements: [BenchmarkMeasurement], problems: [ImportProblem]) {
        self.format = format; self.measurements = measurements; self.problems = problems.sorted()
    }

    /// True when some row is malformed: nothing from the file should be stored.
    public var hasInvalidRows: Bool { problems.contains { $0.disposition == .invalid } }
}
