/// One request of a serving workload: when it arrives and how long its prompt and answer are.
public struct TraceRequest: Sendable, Hashable, Encodable {
    public var arrivalSeconds: Double
    public var inputTokens: Int
    public var outputTokens: Int
    public init(arrivalSeconds: Double, inputTokens: Int, outputTokens: Int) {
        self.arrivalSeconds = arrivalSeconds; self.inputTokens = inputTokens; self.outputTokens = outputTokens
    }
    enum CodingKeys: String, CodingKey { case arrivalSeconds = "arrival_s", inputTokens = "input_tokens", outputTokens = "output_tokens" }
}

/// What a request-level simulation of one deployment measured (docs/simulation.md).
public struct SimulationResult: Sendable, Hashable, Encodable {
    /// Latency percentiles of one metric over the measured requests, in milliseconds.
    public struct Percentiles: Sendable, Hashable, Encodable {
        public var p50, p90, p95, p99, mean, max: Double
        public init(p50: Double, p90: Double, p95: Double, p99: Double, mean: Double, max: Double) {
            self.p50 = p50; self.p90 = p90; self.p95 = p95; self.p99 = p99; self.mean = mean; self.max = max
        }
        /// The value at one of the reported percentiles (50, 90, 95, 99); other values take the next higher one.
        public func at(_ percentile: Double) -> Double {
            switch percentile {
            case ...50: p50
            case ...90: p90
            case ...95: p95
            default: p99
            }
        }
    }

    /// One sample of the deployment's state over time.
    public struct Sample: Sendable, Hashable, Encodable {
        public var timeSeconds: Double
        /// Requests waiting for their prefill to start, over all replicas.
        public var queued: Int
        /// Requests holding KV cache (prefilling or decoding), over all replicas.
        public var running: Int
        /// Share of the replicas' KV-cache blocks in use, 0...1.
        public var kvOccupancy: Double
        public init(timeSeconds: Double, queued: Int, running: Int, kvOccupancy: Double) {
            self.timeSeconds = timeSeconds; self.queued = queued; self.running = running; self.kvOccupancy = kvOccupancy
        }
        enum CodingKeys: String, CodingKey { case timeSeconds = "time_s", queued, running, kvOccupancy = "kv_occupancy" }
    }

    /// Requests generated, and those measured (arrived after the warm-up and finished before the end).
    public var requestsSimulated: Int
    public var requestsMeasured: Int
    /// Requests that had not finished when the simulation stopped (a sign of overload).
    public var requestsUnfinished: Int
    public var warmupSeconds: Double
    public var measuredSeconds: Double
    public var ttft: Percentiles
    /// Time per output token after the first (inter-token latency averaged per request).
    public var tpot: Percentiles
    public var endToEnd: Percentiles
    public var requestsPerSecond: Double
    public var outputTokensPerSecond: Double
    /// Requests meeting every target (TTFT and TPOT), as a share of those measured and per second.
    public var goodputShare: Double
    public var goodputRequestsPerSecond: Double
    /// Times a running request lost its KV cache to a newer one and was recomputed.
    public var preemptions: Int
    /// Mean number of requests in the system over the measured window (Little's law: = rate x mean E2E).
    public var meanRequestsInSystem: Double
    public var peakQueued: Int
    public var meanKVOccupancy: Double
    public var peakKVOccupancy: Double
    /// When the last request finished, seconds after the first arrival's clock start: a serving benchmark's
    /// run duration (vLLM `benchmark_serving.py` divides its throughput by it).
    public var lastCompletionSeconds: Double
    public var timeline: [Sample]

    public init(requestsSimulated: Int, requestsMeasured: Int, requestsUnfinished: Int, warmupSeconds: Double,
                measuredSeconds: Double, ttft: Percentiles, tpot: Percentiles, endToEnd: Percentiles,
                requestsPerSecond: Double, outputTokensPerSecond: Double, goodputShare: Double,
                goodputRequestsPerSecond: Double, preemptions: Int, meanRequestsInSystem: Double, peakQueued: Int,
                meanKVOccupancy: Double, peakKVOccupancy: Double, lastCompletionSeconds: Double, timeline: [Sample]) {
        self.requestsSimulated = requestsSimulated; self.requestsMeasured = requestsMeasured
        self.requestsUnfinished = requestsUnfinished; self.warmupSeconds = warmupSeconds
        self.measuredSeconds = measuredSeconds; self.ttft = ttft; self.tpot = tpot; self.endToEnd = endToEnd
        self.requestsPerSecond = requestsPerSecond; self.outputTokensPerSecond = outputTokensPerSecond
        self.goodputShare = goodputShare; self.goodputRequestsPerSecond = goodputRequestsPerSecond
        self.preemptions = preemptions; self.meanRequestsInSystem = meanRequestsInSystem; self.peakQueued = peakQueued
        self.meanKVOccupancy = meanKVOccupancy; self.peakKVOccupancy = peakKVOccupancy
        self.lastCompletionSeconds = lastCompletionSeconds; self.timeline = timeline
    }

    enum CodingKeys: String, CodingKey {
        case requestsSimulated = "requests_simulated", requestsMeasured = "requests_measured"
        case requestsUnfinished = "requests_unfinished", warmupSeconds = "warmup_s", measuredSeconds = "measured_s"
        case ttft = "ttft_ms", tpot = "tpot_ms", endToEnd = "e2e_ms", requestsPerSecond = "requests_per_second"
        case outputTokensPerSecond = "output_tokens_per_second", goodputShare = "goodput_share"
        case goodputRequestsPerSecond = "goodput_requests_per_second", preemptions
        case meanRequestsInSystem = "mean_requests_in_system", peakQueued = "peak_queued"
        case meanKVOccupancy = "mean_kv_occupancy", peakKVOccupancy = "peak_kv_occupancy"
        case lastCompletionSeconds = "last_completion_s", timeline
    }
}
