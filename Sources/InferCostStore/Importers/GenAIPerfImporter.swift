import Foundation
import InferCostCore

/// NVIDIA GenAI-Perf `profile_export_genai_perf.json` and AIPerf `profile_export_aiperf.json`:
/// one profile run, each metric an object with `unit`, `avg` and percentiles, plus the run's
/// `input_config`. AIPerf 0.1 nests the metrics under `records` with short tags (`ttft`); later
/// AIPerf and GenAI-Perf put them at the top level. Hardware comes from the import context.
enum GenAIPerfImporter {
    /// Metric objects by the keys the tools use, in the order rows are written.
    static let metrics: [(keys: [String], metric: BenchmarkMeasurement.Metric, percentiles: Bool)] = [
        (["output_token_throughput"], .outputTokensPerSecond, false),
        (["total_token_throughput"], .totalTokensPerSecond, false),
        (["request_throughput"], .requestsPerSecond, false),
        (["time_to_first_token", "ttft"], .ttftMs, true),
        // Inter-token latency here excludes the first token: per request it is TPOT.
        (["inter_token_latency", "itl"], .tpotMs, true),
        (["request_latency"], .e2eMs, true),
    ]
    static let statistics: [(String, BenchmarkMeasurement.Statistic)] = [("avg", .mean), ("p50", .median), ("p90", .p90), ("p95", .p95), ("p99", .p99)]

    static func parse(_ data: Data, fileName: String, context: ImportContext) -> ParsedImport {
        func fail(_ problem: ImportProblem) -> ParsedImport { ParsedImport(format: .genaiPerf, measurements: [], problems: [problem]) }
        let root: [String: Any]
        do {
            guard let object = JSONDocument.object(try JSONDocument.values(from: data).first) else {
                return fail(ImportProblem(line: nil, .invalid, code: "unexpected_json", "expected one JSON object (a profile export)"))
            }
            root = object
        } catch {
            return fail(JSONDocument.problem(for: error, "JSON"))
        }
        let records = JSONDocument.object(root["records"]) ?? root
        let config = JSONDocument.object(root["input_config"]) ?? [:]
        let endpoint = JSONDocument.object(config["endpoint"]) ?? [:]
        let loadgen = JSONDocument.object(config["loadgen"]) ?? [:]
        let prompt = JSONDocument.object(JSONDocument.object(config["input"])?["prompt"]) ?? [:]

        let model = context.modelName ?? firstString(config["model"]) ?? firstString(endpoint["model_names"])
            ?? firstString(config["model_names"]) ?? JSONDocument.string(config["formatted_model_name"])
        guard let model, !model.isEmpty else {
            return fail(ImportProblem(line: nil, .invalid, code: "missing_value", "input_config names no model", hint: "pass --model NAME"))
        }
        var notes: [String] = []
        let rate = (JSONDocument.number(config["request_rate"]) ?? JSONDocument.number(loadgen["request_rate"])).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        let concurrency = (JSONDocument.number(config["concurrency"]) ?? JSONDocument.number(loadgen["concurrency"])).flatMap { Domains.measuredDevices.wholeNumber($0.rounded()) }
        let load: BenchmarkMeasurement.Load
        if let rate {
            load = .requestRate(rate)
            if let concurrency { notes.append("Arrivals capped at concurrency \(concurrency).") }
        } else if let concurrency {
            load = .concurrency(concurrency)
        } else {
            return fail(ImportProblem(line: nil, .invalid, code: "missing_value", "input_config states neither concurrency nor request_rate"))
        }

        // Tokens per request: the measured means; the requested means when nothing was measured.
        func measuredMean(_ key: String) -> Double? { JSONDocument.number(JSONDocument.object(records[key])?["avg"]) }
        func requestedMean(_ flat: String, _ nested: String) -> Double? {
            JSONDocument.number(config[flat]) ?? JSONDocument.number(JSONDocument.object(prompt[nested])?["mean"])
        }
        let inputMean = measuredMean("input_sequence_length") ?? requestedMean("synthetic_input_tokens_mean", "input_tokens")
        let outputMean = measuredMean("output_sequence_length") ?? requestedMean("output_tokens_mean", "output_tokens")
        if let requested = requestedMean("output_tokens_mean", "output_tokens"), let measured = measuredMean("output_sequence_length"),
           abs(measured - requested) > 0.05 * requested {
            notes.append("Output tokens measured \(measured.rounded()) per request, \(NumericDomain.format(requested.rounded())) requested.")
        }

        let backend = JSONDocument.string(config["backend"])?.lowercased()
        let engine = context.engine ?? ["tensorrtllm": "TensorRT-LLM", "vllm": "vLLM"][backend ?? ""] ?? backend ?? "unknown"
        let locator = [JSONDocument.string(root["start_time"]).map { "start_time \($0)" },
                       JSONDocument.string(config["artifact_dir"]).map { "artifact_dir \($0)" }].compactMap { $0 }

        var rows: [BenchmarkMeasurement] = []
        for entry in metrics {
            guard let key = entry.keys.first(where: { records[$0] != nil }), let object = JSONDocument.object(records[key]) else { continue }
            let unit = (JSONDocument.string(object["unit"]) ?? "").lowercased()
            for (statisticKey, statistic) in statistics where entry.percentiles || statisticKey == "avg" {
                guard let raw = JSONDocument.number(object[statisticKey]), raw > 0, raw.isFinite else { continue }
                let value = entry.metric.family == .throughput ? raw : milliseconds(raw, unit: unit)
                rows.append(BenchmarkMeasurement(
                    source: fileName, locator: locator.isEmpty ? nil : locator.joined(separator: ", "), rowKey: "\(key).\(statisticKey)",
                    deviceName: context.deviceName ?? ImportContext.unknownDevice, modelName: model,
                    precision: context.precisionText.flatMap(PrecisionText.parse), precisionText: context.precisionText ?? "",
                    devices: context.devices ?? 1, tensorParallel: context.tensorParallel, engine: engine, load: load,
                    inputTokens: inputMean.flatMap { Domains.measuredTokens.wholeNumber($0.rounded()) },
                    outputTokens: outputMean.flatMap { Domains.measuredTokens.wholeNumber($0.rounded()) },
                    metric: entry.metric, statistic: statistic, value: value,
                    notes: notes.isEmpty ? nil : notes.joined(separator: " ")))
            }
        }
        guard !rows.isEmpty else {
            return fail(ImportProblem(line: nil, .invalid, code: "missing_value",
                                      "no metrics found (time_to_first_token, inter_token_latency, output_token_throughput ...)"))
        }
        return ParsedImport(format: .genaiPerf, measurements: rows, problems: [])
    }

    private static func milliseconds(_ value: Double, unit: String) -> Double {
        switch unit {
        case "ns": value / 1e6
        case "us", "µs": value / 1e3
        case "s", "sec": value * 1000
        default: value
        }
    }

    private static func firstString(_ value: Any?) -> String? {
        if let list = value as? [Any] { return list.first.flatMap(JSONDocument.string) }
        return JSONDocument.string(value)
    }
}
