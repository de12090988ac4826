import Foundation

/// A CSV file read per RFC 4180 (quoted fields, doubled quotes, newlines inside quotes), each
/// record with the 1-based line it starts on so problems can point at it. The benchmark
/// importers and `catalog import-prices` share it.
///
/// Written here rather than taken from swiftcsv/SwiftCSV 0.10.0 (in the package mirror), measured
/// on 2026-12-02 (docs/reliability.md, "CSV"): SwiftCSV gives no line or column for a record or an
/// error, which every diagnostic here needs, and took 81-90 ms for the shipped corpus against 22 ms.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// A break of RFC 4180 quoting, where it is: a quote inside an unquoted field, text after a
    /// closing quote, or a quoted field never closed. The text is still read (the stray quote kept
    /// as a character), so one bad cell cannot swallow the rest of the file.
    public struct Problem: Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var message: String
        public init(line: Int, column: Int, message: String) { self.line = line; self.column = column; self.message = message }
        public static let code = "invalid_csv"
        public static let hint = "quote a field that holds a comma, quote or line break with \"...\", and double each quote inside it (\"\")"
    }

    public var header: [String]
    public var records: [Record]
    public var problems: [Problem]

    /// Header names trimmed; records that are entirely empty are dropped.
    public init(text: String) {
        var records: [Record] = []
        var problems: [Problem] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1, column = 0
        var recordLine = 1
        var quoteOpened = (line: 1, column: 1)
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        if pending == "\u{FEFF}" { pending = iterator.next() }

        func endField() {
            fields.append(field)
            field = ""; fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        func newLine() { line += 1; column = 0 }

        while let scalar = pending {
            pending = iterator.next()
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next(); column += 1 } else { inQuotes = false }
                } else {
                    if scalar == "\n" || (scalar == "\r" && pending != "\n") { newLine() }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",": endField()
            case "\r":
                if pending == "\n" { pending = iterator.next() }
                endRecord(); newLine(); recordLine = line
            case "\n":
                endRecord(); newLine(); recordLine = line
            case "\"" where !fieldWasQuoted && field.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" }):
                // Spaces before the opening quote (`a, "b"`, as some writers put them) are dropped.
                field = ""; inQuotes = true; fieldWasQuoted = true; quoteOpened = (line, column)
            default:
                if scalar == "\"" && !fieldWasQuoted {
                    problems.append(Problem(line: line, column: column, message: "a quote inside an unquoted field"))
                } else if fieldWasQuoted {
                    problems.append(Problem(line: line, column: column, message: "text after the closing quote of a quoted field"))
                    fieldWasQuoted = false  // report once per field
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            problems.append(Problem(line: quoteOpened.line, column: quoteOpened.column,
                                    message: "the quoted field opened here is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        header = records.first?.fields.map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        self.records = Array(records.dropFirst())
        self.problems = problems
    }

    /// Column index by name, case-insensitively.
    public func index(of name: String) -> Int? {
        header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

extension CSVTable.Record {
    /// The trimmed field at `index`; "" when the record is short.
    public subscript(_ index: Int?) -> String {
        guard let index, index < fields.count else { return "" }
        return fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
