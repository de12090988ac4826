import Foundation
import InferCostCore

/// InferCost's own CSV for numbers measured by hand or by a tool without an importer
/// (docs/measurements.md, "csv"). Every column is named; an unknown one rejects the file, since a
/// misspelt optional column (say `statstic`) would otherwise store wrong numbers quietly.
enum GenericCSVImporter {
    static let requiredColumns = ["device", "devices", "model", "precision", "engine", "load",
                                  "input_tokens", "output_tokens", "metric", "value"]
    static let optionalColumns = ["tp", "pp", "statistic", "engine_version", "source", "locator", "notes", "attention_dp", "requests"]

    static func parse(_ text: String, fileName: String) -> ParsedImport {
        let table = CSVTable(text: text)
        let known = requiredColumns + optionalColumns
        var problems = ImportProblem.csv(table)
        for name in table.header where !known.contains(name.lowercased()) {
            problems.append(ImportProblem(line: 1, .invalid, code: "unknown_column", "unknown column '\(name)'",
                                          hint: Suggestion.hint(for: name, in: known, noun: "columns")))
        }
        let missing = requiredColumns.filter { table.index(of: $0) == nil }
        if !missing.isEmpty {
            problems.append(ImportProblem(line: 1, .invalid, code: "missing_column", "missing column(s): \(missing.joined(separator: ", "))",
                                          hint: "required columns: \(requiredColumns.joined(separator: ", "))"))
        }
        guard problems.isEmpty else { return ParsedImport(format: .csv, measurements: [], problems: problems) }

        var rows: [BenchmarkMeasurement] = []
        for record in table.records {
            func cell(_ name: String) -> String { record[table.index(of: name)] }
            var rowProblems: [ImportProblem] = []
            func invalid(_ code: String, _ message: String, hint: String? = nil) {
                rowProblems.append(ImportProblem(line: record.line, .invalid, code: code, message, hint: hint))
            }
            if record.fields.count != table.header.count {
                invalid("column_count", "\(record.fields.count) fields, the header has \(table.header.count)")
            }
            for name in ["device", "model", "engine"] where cell(name).isEmpty { invalid("missing_value", "\(name) is empty") }
            let devices = Int(cell("devices"))
            if (devices ?? 0) <= 0 { invalid("invalid_number", "devices '\(cell("devices"))' is not a positive integer") }
            let value = Double(cell("value"))
            if !(value.map { $0.isFinite && $0 > 0 } ?? false) { invalid("invalid_number", "value '\(cell("value"))' is not a positive number") }
            let metric = BenchmarkMeasurement.Metric(rawValue: cell("metric"))
            if metric == nil {
                invalid("unknown_metric", "unknown metric '\(cell("metric"))'",
                        hint: Suggestion.hint(for: cell("metric"), in: BenchmarkMeasurement.Metric.allCases.map(\.rawValue), noun: "metrics"))
            }
            var statistic = BenchmarkMeasurement.Statistic.mean
            if !cell("statistic").isEmpty {
                if let parsed = BenchmarkMeasurement.Statistic(rawValue: cell("statistic").lowercased()) { statistic = parsed } else {
                    invalid("unknown_statistic", "unknown statistic '\(cell("statistic"))'",
                            hint: Suggestion.hint(for: cell("statistic"), in: BenchmarkMeasurement.Statistic.allCases.map(\.rawValue), noun: "statistics"))
                }
            }
            let load = parseLoad(cell("load"))
            if load == nil {
                invalid("unknown_load", "cannot read load '\(cell("load"))'", hint: "write batch=N, concurrency=N, rate=R (requests/s) or max")
            }
            func count(_ name: String) -> Int? {
                let text = cell(name)
                guard !text.isEmpty else { return nil }
                guard let n = Int(text), n >= 0 else { invalid("invalid_number", "\(name) '\(text)' is not a whole number"); return nil }
                return n
            }
            let inputTokens = count("input_tokens"), outputTokens = count("output_tokens")
            let tp = count("tp"), pp = count("pp"), requests = count("requests")
            if requests == 0 { invalid("invalid_number", "requests '0' is not a positive whole number", hint: "leave it empty when the run's request count is not known") }
            let attentionDataParallel: Bool
            switch cell("attention_dp").lowercased() {
            case "", "false", "no", "0": attentionDataParallel = false
            case "true", "yes", "1": attentionDataParallel = true
            default:
                attentionDataParallel = false
                invalid("invalid_value", "attention_dp '\(cell("attention_dp"))' is not true or false",
                        hint: "write true when the run used attention data parallel with expert-parallel MoE layers, else leave it empty")
            }
            guard rowProblems.isEmpty, let devices, let value, let metric, let load else {
                problems += rowProblems
                continue
            }
            let precisionText = cell("precision")
            rows.append(BenchmarkMeasurement(
                source: nonEmpty(cell("source")) ?? fileName, locator: nonEmpty(cell("locator")), rowKey: "line \(record.line)",
                deviceName: cell("device"), modelName: cell("model"), precision: PrecisionText.parse(precisionText),
                precisionText: precisionText, devices: devices, tensorParallel: tp, pipelineParallel: pp,
                engine: cell("engine"), engineVersion: nonEmpty(cell("engine_version")), load: load,
                inputTokens: inputTokens, outputTokens: outputTokens, metric: metric, statistic: statistic, value: value,
                notes: nonEmpty(cell("notes")), attentionDataParallel: attentionDataParallel, requests: requests))
        }
        return ParsedImport(format: .csv, measurements: rows, problems: problems)
    }

    /// `batch=8`, `concurrency=32`, `rate=4.5`, `max`.
    static func parseLoad(_ text: String) -> BenchmarkMeasurement.Load? {
        let lowered = text.lowercased().replacingOccurrences(of: " ", with: "")
        if lowered == "max" || lowered == "max-load" { return .maxLoad }
        let parts = lowered.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "batch": return Int(parts[1]).flatMap { $0 > 0 ? .staticBatch($0) : nil }
        case "concurrency": return Int(parts[1]).flatMap { $0 > 0 ? .concurrency($0) : nil }
        case "rate": return Double(parts[1]).flatMap { $0 > 0 && $0.isFinite ? .requestRate($0) : nil }
        default: return nil
        }
    }
}
