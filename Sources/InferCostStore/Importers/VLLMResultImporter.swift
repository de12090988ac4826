import Foundation
import InferCostCore

/// `vllm bench serve` / `benchmarks/benchmark_serving.py --save-result` JSON: one object per run,
/// or JSON Lines when `--append-result` collected several runs in one file. The file says nothing
/// about hardware or precision: those come from the import context (`--device`, `--devices`,
/// `--tp`, `--precision`), else the rows are stored with device "unknown" and reported unmapped.
enum VLLMResultImporter {
    /// Keys the result always has; everything else that is a plain string is `--metadata` and goes to notes.
    static let knownKeys: Set<String> = [
        "date", "endpoint_type", "backend", "label", "model_id", "tokenizer_id", "num_prompts", "request_rate",
        "burstiness", "max_concurrency", "duration", "completed", "failed", "total_input_tokens", "total_output_tokens",
        "request_throughput", "request_goodput", "request_goodput:", "output_throughput", "total_token_throughput",
        "max_output_tokens_per_s", "max_concurrent_requests", "rtfx", "input_lens", "output_lens", "ttfts", "itls",
        "generated_texts", "errors", "model",
    ]

    static func parse(_ data: Data, fileName: String, context: ImportContext) -> ParsedImport {
        var values: [Any]
        do { values = try JSONDocument.values(from: data) } catch {
            return ParsedImport(format: .vllm, measurements: [], problems: [JSONDocument.problem(for: error, "JSON or JSON Lines")])
        }
        // A JSON array of runs (results gathered by a script) reads like JSON Lines.
        if values.count == 1, let list = values[0] as? [Any] { values = list }
        var rows: [BenchmarkMeasurement] = []
        var problems: [ImportProblem] = []
        let text = String(decoding: data, as: UTF8.self)
        let several = values.count > 1
        for (index, value) in values.enumerated() {
            let line = several ? index + 1 : nil
            guard let run = JSONDocument.object(value) else {
                problems.append(ImportProblem(line: line, .invalid, code: "unexpected_json", "expected a JSON object per run"))
                continue
            }
            switch measurements(run, line: line, text: text, prefix: several ? "\(index + 1):" : "", fileName: fileName, context: context) {
            case .success(let parsed): rows += parsed
            case .failure(let problem): problems.append(problem)
            }
        }
        return ParsedImport(format: .vllm, measurements: rows, problems: problems)
    }

    private static func measurements(_ run: [String: Any], line: Int?, text: String, prefix: String, fileName: String,
                                     context: ImportContext) -> Result<[BenchmarkMeasurement], ImportProblem> {
        guard let completed = JSONDocument.number(run["completed"]), completed > 0, completed.isFinite else {
            return .failure(ImportProblem(line: line, .invalid, code: "missing_value", "no completed requests ('completed' is missing or 0)"))
        }
        let model = context.modelName ?? JSONDocument.string(run["model_id"]) ?? JSONDocument.string(run["model"])
        guard let model, !model.isEmpty else {
            return .failure(ImportProblem(line: line, .invalid, code: "missing_value", "no model_id", hint: "pass --model NAME"))
        }
        var notes: [String] = []
        let rate = JSONDocument.number(run["request_rate"]).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        let concurrency = JSONDocument.number(run["max_concurrency"]).flatMap { Domains.measuredDevices.wholeNumber($0.rounded()) }
        // The run's request count: `bench validate` replays a rate run with it and caps an offline run's batch by it.
        let requests = JSONDocument.number(run["num_prompts"]).flatMap { Domains.measuredDevices.wholeNumber($0.rounded()) }
        let load: BenchmarkMeasurement.Load
        switch (rate, concurrency) {
        case (let rate?, let cap):
            load = .requestRate(rate)
            if let cap { notes.append("Arrivals capped at \(cap) concurrent requests (max_concurrency).") }
            if let burstiness = JSONDocument.number(run["burstiness"]), burstiness != 1 {
                notes.append("Burstiness \(burstiness) (gamma arrivals, not Poisson).")
            }
        case (nil, let cap?): load = .concurrency(cap)
        case (nil, nil): load = .maxLoad
        }
        var tokens: [String: Int] = [:]
        for key in ["total_input_tokens", "total_output_tokens"] {
            guard let total = JSONDocument.number(run[key]) else { continue }
            let perRequest = (total / completed).rounded()
            guard let mean = Domains.measuredTokens.wholeNumber(perRequest) else {
                return .failure(ImportProblem(line: line ?? JSONDocument.line(ofKey: key, in: text), .invalid, code: "out_of_range",
                                              "\(key) / completed is \(NumericDomain.format(perRequest)) tokens per request; it must be \(Domains.measuredTokens.requirement)"))
            }
            tokens[key] = mean
        }
        let inputTokens = tokens["total_input_tokens"], outputTokens = tokens["total_output_tokens"]
        if inputTokens != nil || outputTokens != nil {
            notes.append("Tokens per request are means over \(NumericDomain.format(completed)) completed requests.")
        }
        let metadata = run.keys.sorted().filter { !knownKeys.contains($0) && !$0.contains("_ms") }
            .compactMap { key in (run[key] as? String).map { "\(key)=\($0)" } }
        if !metadata.isEmpty { notes.append("Metadata: \(metadata.joined(separator: ", ")).") }

        let backend = JSONDocument.string(run["backend"]) ?? JSONDocument.string(run["endpoint_type"]) ?? "vllm"
        let engine = context.engine ?? (backend.lowercased() == "vllm" ? "vLLM" : "\(backend) endpoint")
        var locator: [String] = []
        if let date = JSONDocument.string(run["date"]) { locator.append("date \(date)") }
        if let label = JSONDocument.string(run["label"]) { locator.append("label \(label)") }

        func row(_ key: String, _ metric: BenchmarkMeasurement.Metric, _ statistic: BenchmarkMeasurement.Statistic, _ value: Double) -> BenchmarkMeasurement {
            BenchmarkMeasurement(
                source: fileName, locator: locator.isEmpty ? nil : locator.joined(separator: ", "), rowKey: prefix + key,
                deviceName: context.deviceName ?? ImportContext.unknownDevice, modelName: model,
                precision: context.precisionText.flatMap(PrecisionText.parse), precisionText: context.precisionText ?? "",
                devices: context.devices ?? 1, tensorParallel: context.tensorParallel, engine: engine, load: load,
                inputTokens: inputTokens, outputTokens: outputTokens, metric: metric, statistic: statistic, value: value,
                notes: notes.isEmpty ? nil : notes.joined(separator: " "), requests: requests)
        }

        var rows: [BenchmarkMeasurement] = []
        for (key, metric) in [("output_throughput", BenchmarkMeasurement.Metric.outputTokensPerSecond),
                              ("total_token_throughput", .totalTokensPerSecond), ("request_throughput", .requestsPerSecond)] {
            if let value = JSONDocument.number(run[key]), value > 0, value.isFinite { rows.append(row(key, metric, .mean, value)) }
        }
        // mean_/median_/pNN_ of ttft, tpot and e2el. ITL is left out: it is TPOT measured per gap
        // rather than per request, and storing both would count one quantity twice.
        let latency: [(String, BenchmarkMeasurement.Metric)] = [("ttft", .ttftMs), ("tpot", .tpotMs), ("e2el", .e2eMs)]
        for (name, metric) in latency {
            for (statisticKey, statistic) in [("mean", BenchmarkMeasurement.Statistic.mean), ("median", .median), ("p90", .p90), ("p95", .p95), ("p99", .p99)] {
                let key = "\(statisticKey)_\(name)_ms"
                if let value = JSONDocument.number(run[key]), value > 0, value.isFinite { rows.append(row(key, metric, statistic, value)) }
            }
            if run["median_\(name)_ms"] == nil, let value = JSONDocument.number(run["p50_\(name)_ms"]), value > 0 {
                rows.append(row("p50_\(name)_ms", metric, .median, value))
            }
        }
        guard !rows.isEmpty else {
            return .failure(ImportProblem(line: line, .invalid, code: "missing_value", "no throughput or latency keys (output_throughput, mean_ttft_ms, ...)"))
        }
        return .success(rows)
    }
}
