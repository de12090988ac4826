/// `simulate` checked against serving runs (arrivals at a request rate, or a closed loop of clients): each run is
/// replayed in the serving simulator and its measured latencies and throughput are compared with the simulated ones.
/// Computed by `ServingValidation` in the engine; rendered by `bench validate`.
public struct ServingValidationSummary: Sendable, Encodable {
    /// A measured serving figure the simulator also reports, in the order tables show them.
    public enum Metric: String, Sendable, Encodable, CaseIterable {
        case ttftMean = "ttft_mean", ttftP50 = "ttft_p50", ttftP90 = "ttft_p90", ttftP99 = "ttft_p99"
        case tpotMean = "tpot_mean", tpotP50 = "tpot_p50", tpotP90 = "tpot_p90", tpotP99 = "tpot_p99"
        case e2eP50 = "e2e_p50", e2eP90 = "e2e_p90"
        case outputTokensPerSecond = "output_tokens_per_s"
    }

    /// One measured value of one run beside its simulated value.
    public struct Row: Sendable, Encodable {
        public var row: String
        /// The replayed run the row belongs to (1, 2, ...: rows of one run share it).
        public var run: Int
        public var source: String, device: String, model: String, engine: String
        /// The run's load: arrivals at this rate, or (nil) a closed loop of `clients`.
        public var ratePerSecond: Double?
        public var clients: Int?
        public var metric: Metric
        public var measured: Double
        public var simulated: Double
        /// (simulated - measured) / measured.
        public var error: Double
        /// True when the run could not keep up with its arrivals (it delivered under 80% of the offered output tokens per second):
        /// its TTFT is then queueing time and grows with the run's length.
        public var saturated: Bool
        public init(row: String, run: Int, source: String, device: String, model: String, engine: String, ratePerSecond: Double?,
                    clients: Int? = nil, metric: Metric, measured: Double, simulated: Double, error: Double, saturated: Bool) {
            self.row = row; self.run = run; self.source = source; self.device = device; self.model = model; self.engine = engine
            self.ratePerSecond = ratePerSecond; self.clients = clients; self.metric = metric; self.measured = measured; self.simulated = simulated
            self.error = error; self.saturated = saturated
        }
        enum CodingKeys: String, CodingKey {
            case row, run, source, device, model, engine, ratePerSecond = "rate_per_s", clients, metric, measured, simulated, error, saturated
        }
        /// "8 req/s" or "64 clients".
        public var load: String {
            if let clients { return "\(clients) clients" }
            return NumberFormat.short(ratePerSecond ?? 0) + " req/s"
        }
    }

    /// Median absolute error of one metric over a group of runs (`nil` where the group has no such row).
    public struct Cell: Sendable, Encodable {
        public var metric: Metric
        public var count: Int
        public var medianAPE: Double
        public var medianSignedError: Double
        public init(metric: Metric, count: Int, medianAPE: Double, medianSignedError: Double) {
            self.metric = metric; self.count = count; self.medianAPE = medianAPE; self.medianSignedError = medianSignedError
        }
        enum CodingKeys: String, CodingKey { case metric, count, medianAPE = "median_ape", medianSignedError = "median_signed_error" }
    }

    /// The runs at one load (a request rate, a client count, or `all`), with the median error of each metric.
    public struct Group: Sendable, Encodable {
        public var label: String
        public var runs: Int
        public var cells: [Cell]
        public init(label: String, runs: Int, cells: [Cell]) { self.label = label; self.runs = runs; self.cells = cells }
    }

    public var runs: Int
    /// How each run's requests were generated (arrivals, lengths, seed, request count).
    public var method: String
    public var byLoad: [Group]
    public var rows: [Row]
    /// Serving rows that could not be replayed, by reason.
    public var setAside: [String: Int]

    public init(runs: Int, method: String, byLoad: [Group], rows: [Row], setAside: [String: Int]) {
        self.runs = runs; self.method = method; self.byLoad = byLoad; self.rows = rows; self.setAside = setAside
    }
    enum CodingKeys: String, CodingKey { case runs, method, byLoad = "by_load", rows, setAside = "set_aside" }
}
