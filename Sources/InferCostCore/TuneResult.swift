/// What `infercost tune` found for one model on one device type: every configuration tried, the
/// Pareto frontier, the sweet spot and how to launch it (docs/tune.md).
public struct TuneResult: Sendable, Hashable, Encodable {
    /// Why a configuration stops where it does, or fails.
    public enum Limit: String, Sendable, Hashable, Encodable {
        case memoryCapacity = "memory_capacity", memoryBandwidth = "memory_bandwidth", compute, interconnect
        case ttftTarget = "ttft_target", tpotTarget = "tpot_target", traffic = "traffic", layout
    }

    /// One configuration: precisions, layout and batch limit, with its closed-form figures.
    public struct Point: Sendable, Hashable, Encodable {
        public var weightPrecision: Precision
        public var kvPrecision: Precision
        public var tensorParallel: Int
        public var pipelineParallel: Int
        /// Most sequences running at once per replica.
        public var batch: Int
        public var replicas: Int
        /// Output tokens per second per device with the batch full (the throughput side of the frontier).
        public var tokensPerSecondPerDevice: Double
        /// Tokens per second one user sees: 1000 / TPOT (the interactivity side).
        public var tokensPerSecondPerUser: Double
        /// TTFT and TPOT at the target percentile at the requested rate (unloaded when no rate is given), ms.
        public var ttftMs: Double
        public var tpotMs: Double
        /// Share of the replicas' capacity the requested rate uses (nil without a rate).
        public var utilization: Double?
        public var feasible: Bool
        /// What binds: the first failed check when infeasible, else the resource that limits the step.
        public var limit: Limit
        public var onFrontier: Bool
        /// Simulated percentiles at the requested rate for finalists, with the token budget used.
        public var simulatedTTFTMs: Double?
        public var simulatedTPOTMs: Double?
        public var simulatedTokenBudget: Int?

        public init(weightPrecision: Precision, kvPrecision: Precision, tensorParallel: Int, pipelineParallel: Int, batch: Int,
                    replicas: Int, tokensPerSecondPerDevice: Double, tokensPerSecondPerUser: Double, ttftMs: Double,
                    tpotMs: Double, utilization: Double?, feasible: Bool, limit: Limit, onFrontier: Bool = false) {
            self.weightPrecision = weightPrecision; self.kvPrecision = kvPrecision; self.tensorParallel = tensorParallel
            self.pipelineParallel = pipelineParallel; self.batch = batch; self.replicas = replicas
            self.tokensPerSecondPerDevice = tokensPerSecondPerDevice; self.tokensPerSecondPerUser = tokensPerSecondPerUser
            self.ttftMs = ttftMs; self.tpotMs = tpotMs; self.utilization = utilization; self.feasible = feasible
            self.limit = limit; self.onFrontier = onFrontier
        }

        /// The same configuration apart from its batch limit.
        public func sameConfiguration(as other: Point) -> Bool {
            (weightPrecision, kvPrecision, tensorParallel, pipelineParallel) ==
                (other.weightPrecision, other.kvPrecision, other.tensorParallel, other.pipelineParallel)
        }

        enum CodingKeys: String, CodingKey {
            case weightPrecision = "precision", kvPrecision = "kv_precision", tensorParallel = "tp", pipelineParallel = "pp"
            case batch, replicas, tokensPerSecondPerDevice = "tokens_per_second_per_device"
            case tokensPerSecondPerUser = "tokens_per_second_per_user", ttftMs = "ttft_ms", tpotMs = "tpot_ms"
            case utilization, feasible, limit, onFrontier = "on_frontier", simulatedTTFTMs = "simulated_ttft_ms"
            case simulatedTPOTMs = "simulated_tpot_ms", simulatedTokenBudget = "simulated_token_budget"
        }
    }

    /// An engine's command line for the sweet spot.
    public struct Launch: Sendable, Hashable, Encodable {
        public var engine: String
        public var command: String
        public var notes: [String]
        public init(engine: String, command: String, notes: [String]) { self.engine = engine; self.command = command; self.notes = notes }
    }

    public var modelID: String
    public var deviceID: String
    public var devices: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var requestsPerSecond: Double?
    public var ttftTargetMs: Double?
    public var tpotTargetMs: Double?
    public var percentile: Double
    public var points: [Point]
    /// Index into `points` of the best feasible configuration (most tokens per device), if any.
    public var sweetSpot: Int?
    /// The same configuration with the next batch limit, and why it was not chosen.
    public var nextBatch: Int?
    public var launch: [Launch]

    public init(modelID: String, deviceID: String, devices: Int, inputTokens: Int, outputTokens: Int,
                requestsPerSecond: Double?, ttftTargetMs: Double?, tpotTargetMs: Double?, percentile: Double,
                points: [Point], sweetSpot: Int?, nextBatch: Int?, launch: [Launch]) {
        self.modelID = modelID; self.deviceID = deviceID; self.devices = devices; self.inputTokens = inputTokens
        self.outputTokens = outputTokens; self.requestsPerSecond = requestsPerSecond; self.ttftTargetMs = ttftTargetMs
        self.tpotTargetMs = tpotTargetMs; self.percentile = percentile; self.points = points; self.sweetSpot = sweetSpot
        self.nextBatch = nextBatch; self.launch = launch
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model", deviceID = "device", devices, inputTokens = "input_tokens", outputTokens = "output_tokens"
        case requestsPerSecond = "requests_per_second", ttftTargetMs = "ttft_target_ms", tpotTargetMs = "tpot_target_ms"
        case percentile, points, sweetSpot = "sweet_spot", nextBatch = "next_batch", launch
    }
}
