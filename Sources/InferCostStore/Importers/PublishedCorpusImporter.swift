import Foundation
import InferCostCore

/// The curated corpus in Catalog/benchmarks/published_measurements.csv (its README names the
/// columns). Hardware and model are recorded by the corpus's normalised names (`hardware_sku`,
/// `model_canonical`), which the catalog's aliases match; the source's own wording stays in notes.
enum PublishedCorpusImporter {
    static let requiredColumns = [
        "row_id", "source_id", "source_locator", "model", "model_canonical", "precision", "hardware", "hardware_sku",
        "num_devices", "tp", "pp", "other_parallelism", "engine", "engine_version", "batch_or_concurrency", "batch_semantics",
        "input_len", "output_len", "scenario", "metric", "metric_family", "value", "unit", "notes",
    ]

    static func parse(_ text: String) -> ParsedImport {
        let table = CSVTable(text: text)
        guard table.problems.isEmpty else { return ParsedImport(format: .published, measurements: [], problems: ImportProblem.csv(table)) }
        let missing = requiredColumns.filter { table.index(of: $0) == nil }
        guard missing.isEmpty else {
            return ParsedImport(format: .published, measurements: [], problems: [
                ImportProblem(line: 1, .invalid, code: "missing_column", "missing column(s): \(missing.joined(separator: ", "))",
                              hint: "the columns are listed in Catalog/benchmarks/README.md"),
            ])
        }
        let column = Dictionary(uniqueKeysWithValues: requiredColumns.map { ($0, table.index(of: $0)) })
        func cell(_ record: CSVTable.Record, _ name: String) -> String { record[column[name] ?? nil] }

        // MLPerf Server rows state their run's completed rate on one row (the throughput row's
        // notes, or a samples/s row's value); the run's latency rows share it.
        var serverRates: [String: (rate: Double, rowID: String)] = [:]
        for record in table.records where isMLPerfServer(cell(record, "batch_or_concurrency"), cell(record, "batch_semantics")) {
            if let rate = statedCompletedRate(record, cell) {
                serverRates[runKey(record, cell)] = (rate, cell(record, "row_id"))
            }
        }

        var rows: [BenchmarkMeasurement] = []
        var problems: [ImportProblem] = []
        for record in table.records {
            switch measurement(record, cell, serverRates: serverRates) {
            case .success(let row): rows.append(row)
            case .failure(let problem): problems.append(problem)
            }
        }
        return ParsedImport(format: .published, measurements: rows, problems: problems)
    }

    private typealias Cell = (CSVTable.Record, String) -> String

    private static func measurement(_ record: CSVTable.Record, _ cell: Cell,
                                    serverRates: [String: (rate: Double, rowID: String)]) -> Result<BenchmarkMeasurement, ImportProblem> {
        let line = record.line
        let rowID = cell(record, "row_id")
        guard !rowID.isEmpty else { return .failure(ImportProblem(line: line, .invalid, code: "missing_value", "row_id is empty")) }
        guard let devices = Int(cell(record, "num_devices")), devices > 0 else {
            return .failure(ImportProblem(line: line, .invalid, code: "invalid_number", "\(rowID): num_devices '\(cell(record, "num_devices"))' is not a positive integer"))
        }
        guard let raw = Double(cell(record, "value")), raw.isFinite, raw > 0 else {
            return .failure(ImportProblem(line: line, .invalid, code: "invalid_number", "\(rowID): value '\(cell(record, "value"))' is not a positive number"))
        }
        var notes: [String] = []
        let unit = cell(record, "unit")
        let family = cell(record, "metric_family")
        let metric: BenchmarkMeasurement.Metric
        var value = raw
        switch family {
        case "output_tokens_per_s": metric = .outputTokensPerSecond
        case "output_tokens_per_s_per_device":
            metric = .outputTokensPerSecond
            value = raw * Double(devices)
            notes.append("Value = \(raw) per device x \(devices) devices.")
        case "total_tokens_per_s": metric = .totalTokensPerSecond
        case "prefill_tokens_per_s": metric = .prefillTokensPerSecond
        case "decode_tokens_per_s_per_stream": metric = .decodeTokensPerSecondPerStream
        case "samples_per_s": metric = .requestsPerSecond
        case "ttft", "tpot_itl", "e2e":
            metric = family == "ttft" ? .ttftMs : family == "tpot_itl" ? .tpotMs : .e2eMs
            switch unit.lowercased() {
            case "ms": break
            case "s": value = raw * 1000
            default:
                return .failure(ImportProblem(line: line, .invalid, code: "unknown_unit", "\(rowID): latency unit '\(unit)' is neither s nor ms"))
            }
        case "unspecified_latency":
            return .failure(ImportProblem(line: line, .skipped, code: "undefined_latency",
                                          "\(rowID): the source does not say which latency this is (TTFT, TPOT or end-to-end)"))
        default:
            return .failure(ImportProblem(line: line, .invalid, code: "unknown_metric_family", "\(rowID): unknown metric_family '\(family)'",
                                          hint: "metric families are listed in Catalog/benchmarks/README.md"))
        }

        let load: BenchmarkMeasurement.Load
        switch self.load(cell(record, "batch_or_concurrency"), cell(record, "batch_semantics")) {
        case .some(let parsed): load = parsed
        case nil where isMLPerfServer(cell(record, "batch_or_concurrency"), cell(record, "batch_semantics")):
            guard let stated = serverRates[runKey(record, cell)] else {
                return .failure(ImportProblem(line: line, .skipped, code: "server_rate_unknown",
                                              "\(rowID): MLPerf Server row with no arrival rate stated for its run; a latency-constrained rate cannot be modelled without it"))
            }
            load = .requestRate(stated.rate)
            notes.append("Load: request rate = completed samples/s of this MLPerf Server run (\(stated.rowID)); the scheduled QPS is not in the corpus.")
        case nil:
            return .failure(ImportProblem(line: line, .invalid, code: "unknown_load",
                                          "\(rowID): cannot read the load from batch_or_concurrency '\(cell(record, "batch_or_concurrency"))' (\(cell(record, "batch_semantics")))"))
        }

        let model = cell(record, "model"), canonical = cell(record, "model_canonical")
        let hardware = cell(record, "hardware"), sku = cell(record, "hardware_sku")
        var sourceNames: [String] = []
        if !model.isEmpty && model != canonical { sourceNames.append("model '\(model)'") }
        if !hardware.isEmpty && hardware != sku { sourceNames.append("hardware '\(hardware)'") }
        if !sourceNames.isEmpty { notes.append("Source names: \(sourceNames.joined(separator: "; ")).") }
        let original = cell(record, "notes")
        let precisionText = cell(record, "precision")
        let engineVersion = cell(record, "engine_version")
        return .success(BenchmarkMeasurement(
            source: cell(record, "source_id"), locator: nonEmpty(cell(record, "source_locator")), rowKey: rowID,
            deviceName: sku.isEmpty ? hardware : sku, modelName: canonical.isEmpty ? model : canonical,
            precision: PrecisionText.parse(precisionText), precisionText: precisionText, devices: devices,
            tensorParallel: Int(cell(record, "tp")), pipelineParallel: Int(cell(record, "pp")),
            engine: cell(record, "engine"), engineVersion: nonEmpty(engineVersion), load: load,
            inputTokens: Int(cell(record, "input_len")), outputTokens: Int(cell(record, "output_len")),
            metric: metric, statistic: statistic(cell(record, "metric")), value: value,
            notes: nonEmpty(([original] + notes).filter { !$0.isEmpty }.joined(separator: " ")),
            attentionDataParallel: Self.statesAttentionDataParallel(parallelism: cell(record, "other_parallelism"),
                                                                    notes: cell(record, "notes")),
            requests: StatedSettings.requests(in: original)))
    }

    /// Whether a row states attention data parallel: its `other_parallelism` names it (`attention_dp`, SGLang's
    /// `dp-attention`), or its notes say it was enabled (the TensorRT-LLM perf overview's MoE rows: "attention DP
    /// enabled in llm_options for MoE", from `enable_attention_dp: true` in the source's options file).
    static func statesAttentionDataParallel(parallelism: String, notes: String) -> Bool {
        let stated = parallelism.lowercased(), said = notes.lowercased()
        return ["attention_dp", "attention dp", "dp-attention", "dp attention"].contains { stated.contains($0) }
            || ["attention dp enabled", "enable_attention_dp: true", "enable_attention_dp=true"].contains { said.contains($0) }
    }

    /// The statistic a metric name carries: `_p50`/`median`, `_p90`, `_p95`, `_p99`; else the mean.
    static func statistic(_ metric: String) -> BenchmarkMeasurement.Statistic {
        let lowered = metric.lowercased()
        if lowered.contains("p50") || lowered.contains("median") { return .median }
        if lowered.contains("p90") { return .p90 }
        if lowered.contains("p95") { return .p95 }
        if lowered.contains("p99") { return .p99 }
        return .mean
    }

    /// The load a row states; nil for MLPerf Server rows (their rate comes from the run) and for text it cannot read.
    static func load(_ batch: String, _ semantics: String) -> BenchmarkMeasurement.Load? {
        let lowerSemantics = semantics.lowercased(), lowerBatch = batch.lowercased()
        if lowerBatch == "max-load" || lowerSemantics.hasPrefix("mlperf offline") { return .maxLoad }
        if lowerBatch.hasPrefix("rps="), let rate = Double(lowerBatch.dropFirst(4)), rate > 0 { return .requestRate(rate) }
        if lowerSemantics.contains("single sequence") { return .staticBatch(1) }
        guard let n = Int(batch), n > 0 else { return nil }
        if lowerSemantics.contains("concurrency") && !lowerSemantics.contains("static") { return .concurrency(n) }
        if lowerSemantics.contains("static batch") || lowerSemantics.contains("batch size") { return .staticBatch(n) }
        return nil
    }

    static func isMLPerfServer(_ batch: String, _ semantics: String) -> Bool {
        semantics.lowercased().hasPrefix("mlperf server") || batch.lowercased().contains("(server)")
    }

    private static func runKey(_ record: CSVTable.Record, _ cell: Cell) -> String {
        ["source_id", "model", "hardware", "precision", "scenario"].map { cell(record, $0) }.joined(separator: "\u{1F}")
    }

    /// "Completed samples/s 71.74" in the notes, or the value of a samples/s row measured as completed.
    private static func statedCompletedRate(_ record: CSVTable.Record, _ cell: Cell) -> Double? {
        if cell(record, "metric_family") == "samples_per_s", cell(record, "unit").lowercased().contains("completed"),
           let value = Double(cell(record, "value")), value > 0 {
            return value
        }
        let notes = cell(record, "notes")
        guard let range = notes.range(of: "Completed samples/s ", options: .caseInsensitive) else { return nil }
        var number = String(notes[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        while number.hasSuffix(".") { number.removeLast() }  // "... 71.74." ends a sentence
        return Double(number).flatMap { $0 > 0 ? $0 : nil }
    }
}

func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return text
}
