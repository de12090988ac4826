/// One measured benchmark number, as imported: the raw names the tool or source used for
/// hardware and model (resolved to catalog ids at use time, so a catalog that learns a new
/// alias maps old rows too), the run's shape, and one value in a normalised unit.
public struct BenchmarkMeasurement: Sendable, Hashable, Encodable {
    /// What was measured, in the unit the value is stored in.
    public enum Metric: String, Sendable, Codable, CaseIterable {
        /// Generated tokens per second, summed over every device of the run.
        case outputTokensPerSecond = "output_tokens_per_s"
        /// Input plus output tokens per second, summed over every device of the run.
        case totalTokensPerSecond = "total_tokens_per_s"
        /// Prompt tokens processed per second (llama-bench ppN), whole run.
        case prefillTokensPerSecond = "prefill_tokens_per_s"
        /// Generated tokens per second seen by one stream (llama-bench tgN, batch 1).
        case decodeTokensPerSecondPerStream = "decode_tokens_per_s_per_stream"
        /// Completed requests (or samples) per second, whole run.
        case requestsPerSecond = "requests_per_s"
        /// Time to first token, milliseconds.
        case ttftMs = "ttft_ms"
        /// Time per output token after the first (inter-token latency), milliseconds.
        case tpotMs = "tpot_ms"
        /// Whole-request latency, milliseconds.
        case e2eMs = "e2e_ms"

        /// The family `bench validate` reports error by.
        public var family: Family {
            switch self {
            case .outputTokensPerSecond, .totalTokensPerSecond, .prefillTokensPerSecond,
                 .decodeTokensPerSecondPerStream, .requestsPerSecond: .throughput
            case .ttftMs: .ttft
            case .tpotMs: .tpot
            case .e2eMs: .e2e
            }
        }
    }

    public enum Family: String, Sendable, Codable, CaseIterable { case throughput, ttft, tpot, e2e }

    /// Which statistic of a distribution the value is.
    public enum Statistic: String, Sendable, Encodable, CaseIterable { case mean, median, p90, p95, p99 }

    /// How the load was offered.
    public enum Load: Sendable, Hashable, Encodable {
        /// A fixed batch of identical-length sequences (lmdeploy static, llama-bench batch 1).
        case staticBatch(Int)
        /// N clients each with one request in flight.
        case concurrency(Int)
        /// Every request queued at once; the engine picks the batch (offline throughput).
        case maxLoad
        /// Poisson arrivals at this many requests per second.
        case requestRate(Double)

        /// The load's name in JSON and messages: `static_batch`, `concurrency`, `max_load`, `request_rate`.
        public var kind: String {
            switch self {
            case .staticBatch: "static_batch"
            case .concurrency: "concurrency"
            case .maxLoad: "max_load"
            case .requestRate: "request_rate"
            }
        }

        enum CodingKeys: String, CodingKey { case kind, value }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            switch self {
            case .staticBatch(let n), .concurrency(let n): try c.encode(n, forKey: .value)
            case .maxLoad: break
            case .requestRate(let r): try c.encode(r, forKey: .value)
            }
        }
    }

    /// Source key (`S01`, or the imported file's name) and where the number came from.
    public var source: String
    public var locator: String?
    /// The row's own key within its source (row id, line number), unique per import.
    public var rowKey: String
    /// Hardware and model as the source names them.
    public var deviceName: String
    public var modelName: String
    /// Weight precision when the source states one the engine knows; `precisionText` keeps the original.
    public var precision: Precision?
    public var precisionText: String
    /// Devices in the measured run, and its tensor/pipeline parallel degrees when stated.
    public var devices: Int
    public var tensorParallel: Int?
    public var pipelineParallel: Int?
    /// True when the source ran attention data parallel with expert-parallel MoE layers
    /// (`DeploymentPoint.attentionDataParallel`).
    public var attentionDataParallel: Bool
    public var engine: String
    public var engineVersion: String?
    public var load: Load
    /// Tokens per request; nil for real-dataset workloads with no fixed length.
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// Requests in the whole run, when the source states it (an offline run of N queued requests, a replayed
    /// arrival trace of N): a run shorter than the engine's batch never fills it, and one a little longer
    /// ends on a part-full last wave (docs/validation.md, "From a row to a prediction").
    public var requests: Int?
    public var metric: Metric
    public var statistic: Statistic
    public var value: Double
    public var notes: String?

    public init(source: String, locator: String? = nil, rowKey: String, deviceName: String, modelName: String,
                precision: Precision?, precisionText: String, devices: Int, tensorParallel: Int? = nil,
                pipelineParallel: Int? = nil, engine: String, engineVersion: String? = nil, load: Load,
                inputTokens: Int?, outputTokens: Int?, metric: Metric, statistic: Statistic = .mean, value: Double,
                notes: String? = nil, attentionDataParallel: Bool = false, requests: Int? = nil) {
        self.attentionDataParallel = attentionDataParallel; self.requests = requests
        self.source = source; self.locator = locator; self.rowKey = rowKey
        self.deviceName = deviceName; self.modelName = modelName
        self.precision = precision; self.precisionText = precisionText
        self.devices = devices; self.tensorParallel = tensorParallel; self.pipelineParallel = pipelineParallel
        self.engine = engine; self.engineVersion = engineVersion; self.load = load
        self.inputTokens = inputTokens; self.outputTokens = outputTokens
        self.metric = metric; self.statistic = statistic; self.value = value; self.notes = notes
    }

    /// A serving run, replayed in the serving simulator instead of fitted (docs/validation.md, "Serving runs"): arrivals
    /// at a request rate, or a closed loop of clients sending a stated number of requests (a load test's
    /// `--max-concurrency`), whose requests bunch at its start in a way the at-load figures leave out.
    public var isServingRun: Bool {
        switch load {
        case .requestRate: true
        case .concurrency: requests != nil
        case .staticBatch, .maxLoad: false
        }
    }

    enum CodingKeys: String, CodingKey {
        case source, locator, rowKey = "row_key", deviceName = "device_name", modelName = "model_name", precision
        case precisionText = "precision_text", devices, tensorParallel = "tp", pipelineParallel = "pp", engine
        case engineVersion = "engine_version", load, inputTokens = "input_tokens", outputTokens = "output_tokens", requests
        case metric, statistic, value, notes, attentionDataParallel = "attention_dp"
    }
}
