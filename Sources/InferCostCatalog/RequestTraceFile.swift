import Foundation
import InferCostCore

/// A request trace for `infercost simulate --trace`: CSV with a header row, or JSON Lines, one request
/// per row. Columns are found by name in the shapes public traces use (docs/simulation.md):
/// arrival `arrival_s` / `timestamp` / `TIMESTAMP` (seconds, or `YYYY-MM-DD HH:MM:SS[.fff]` as in the
/// Azure LLM inference traces), input `input_tokens` / `ContextTokens` / `Request tokens` /
/// `prompt_tokens`, output `output_tokens` / `GeneratedTokens` / `Response tokens` / `completion_tokens`.
/// Arrivals are made relative to the first and must not go backwards.
public enum RequestTraceFile {
    static let arrivalNames = ["arrival_s", "timestamp", "TIMESTAMP", "Timestamp", "arrival_time"]
    static let inputNames = ["input_tokens", "ContextTokens", "Request tokens", "prompt_tokens", "input_length"]
    static let outputNames = ["output_tokens", "GeneratedTokens", "Response tokens", "completion_tokens", "output_length"]
    /// Longest trace read: beyond it the simulation would not be interactive.
    public static let maxRequests = 5_000_000
    /// Most tokens one request may state (the numeric domain of profile lengths).
    public static let maxTokens = 10_000_000

    public static func load(_ url: URL) -> (requests: [TraceRequest], diagnostics: [Diagnostic]) {
        let path = YAMLFile.displayPath(url)
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read as UTF-8 text" : "does not exist"
            return ([], [Diagnostic(.error, code: "unreadable_file", "\(path) \(reason)", at: .init(file: path, line: 1, column: 1))])
        }
        return parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) -> (requests: [TraceRequest], diagnostics: [Diagnostic]) {
        let lines = TextLines.split(text)
        var diagnostics: [Diagnostic] = []
        func fail(_ code: String, _ message: String, line: Int, column: Int = 1, hint: String? = nil) {
            let source = lines.indices.contains(line - 1) ? String(lines[line - 1].prefix(200)) : nil
            diagnostics.append(Diagnostic(.error, code: code, message, at: .init(file: path, line: line, column: column),
                                          hint: hint, sourceLine: source))
        }
        let isJSONLines = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })?
            .trimmingCharacters(in: .whitespaces).hasPrefix("{") ?? false
        var rows: [(line: Int, fields: [String: String])] = []
        if isJSONLines {
            for (i, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                    fail("trace_syntax", "line is not a JSON object", line: i + 1); continue
                }
                rows.append((i + 1, object.mapValues { "\($0)" }))
            }
        } else {
            guard let headerLine = lines.first else { return ([], diagnostics) }
            let header = splitCSV(headerLine)
            for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let cells = splitCSV(line)
                guard cells.count == header.count else {
                    fail("trace_syntax", "\(cells.count) cells, the header has \(header.count)", line: i + 1); continue
                }
                rows.append((i + 1, Dictionary(zip(header, cells), uniquingKeysWith: { a, _ in a })))
            }
        }
        guard let first = rows.first else {
            fail("empty_trace", "the trace has no requests", line: 1)
            return ([], diagnostics)
        }
        func column(_ names: [String]) -> String? { names.first { first.fields[$0] != nil } }
        guard let arrivalKey = column(arrivalNames), let inputKey = column(inputNames), let outputKey = column(outputNames) else {
            fail("trace_columns", "the trace needs an arrival, an input-token and an output-token column", line: 1,
                 hint: "name them arrival_s, input_tokens, output_tokens (or as the Azure / BurstGPT traces do: TIMESTAMP, ContextTokens, GeneratedTokens)")
            return ([], diagnostics)
        }
        guard rows.count <= maxRequests else {
            fail("trace_too_long", "\(rows.count) requests; at most \(maxRequests) are simulated", line: 1)
            return ([], diagnostics)
        }
        var requests: [TraceRequest] = []
        requests.reserveCapacity(rows.count)
        var origin: Double?
        var previous = -Double.infinity
        for (line, fields) in rows {
            let rawTime = fields[arrivalKey] ?? ""
            guard let time = seconds(rawTime), time.isFinite else {
                fail("trace_value", "arrival '\(rawTime.prefix(40))' is neither seconds nor a YYYY-MM-DD HH:MM:SS time", line: line); continue
            }
            guard let input = Int(fields[inputKey] ?? ""), (1...maxTokens).contains(input) else {
                fail("trace_value", "\(inputKey) must be a whole number from 1 to \(maxTokens)", line: line); continue
            }
            guard let output = Int(fields[outputKey] ?? ""), (0...maxTokens).contains(output) else {
                fail("trace_value", "\(outputKey) must be a whole number from 0 to \(maxTokens)", line: line); continue
            }
            guard time >= previous else {
                fail("trace_order", "arrival goes back in time (rows must be sorted by arrival)", line: line); continue
            }
            previous = time
            let start = origin ?? time
            origin = start
            requests.append(TraceRequest(arrivalSeconds: time - start, inputTokens: input, outputTokens: output))
        }
        return (diagnostics.isEmpty ? requests : [], diagnostics)
    }

    /// Seconds from a number, or from `YYYY-MM-DD HH:MM:SS[.fraction]` (UTC; only differences matter).
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let x = Double(t) { return x }
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "Z")).split(separator: ":")
        guard date.count == 3, time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Double(time[2]),
              let day = Day(year: date[0], month: date[1], day: date[2]) else { return nil }
        return Double(day.ordinal) * 86_400 + Double(h * 3600 + m * 60) + s
    }

    /// One CSV line into cells, honouring double quotes.
    static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var chars = line.makeIterator()
        while let ch = chars.next() {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == "," && !quoted { cells.append(cell.trimmingCharacters(in: .whitespaces)); cell = ""; continue }
            cell.append(ch)
        }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
