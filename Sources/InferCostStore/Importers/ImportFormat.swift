import Foundation

/// The file formats `bench import` reads (docs/measurements.md, "Import formats").
public enum ImportFormat: String, Sendable, CaseIterable, Codable {
    /// The curated corpus shipped in Catalog/benchmarks/ (its README lists the columns).
    case published
    /// InferCost's own documented CSV, for numbers typed in by hand.
    case csv
    /// `vllm bench serve` / `benchmark_serving.py --save-result` JSON (one object, or JSON Lines from `--append-result`).
    case vllm
    /// llama.cpp `llama-bench -o json`, `-o jsonl` or `-o csv`.
    case llamaBench = "llama-bench"
    /// MLPerf Inference results summary CSV (the repository's summary.csv or the results table export).
    case mlperf
    /// NVIDIA GenAI-Perf `profile_export_genai_perf.json` or AIPerf `profile_export_aiperf.json`.
    case genaiPerf = "genai-perf"

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// `aiperf` is accepted as another name for `genai-perf`: the two tools share the export shape.
    public init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "aiperf" { self = .genaiPerf; return }
        if lowered == "llama_bench" || lowered == "llamabench" { self = .llamaBench; return }
        self.init(rawValue: lowered)
    }

    /// Recognises a file by its name and first bytes; nil when nothing fits.
    public static func detect(fileName: String, data: Data) -> ImportFormat? {
        let head = String(decoding: data.prefix(8192), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        let lowerName = fileName.lowercased()
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            if head.contains("\"avg_ts\"") || head.contains("\"n_prompt\"") { return .llamaBench }
            if head.contains("\"time_to_first_token\"") || head.contains("\"output_token_throughput\"")
                || head.contains("\"inter_token_latency\"") || lowerName.contains("genai_perf") || lowerName.contains("aiperf") {
                return .genaiPerf
            }
            if head.contains("_ttft_ms\"") || head.contains("\"output_throughput\"") || head.contains("\"request_throughput\"") {
                return .vllm
            }
            return nil
        }
        let firstLine = trimmed.prefix { !$0.isNewline }.lowercased()
        if firstLine.hasPrefix("row_id,source_id,") { return .published }
        if firstLine.contains("avg_ts") && firstLine.contains("n_prompt") { return .llamaBench }
        if firstLine.contains("organization") && firstLine.contains("scenario") { return .mlperf }
        if firstLine.contains("metric") && firstLine.contains("value") && firstLine.contains("device") { return .csv }
        return nil
    }
}
