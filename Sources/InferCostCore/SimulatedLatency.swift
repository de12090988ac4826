/// What the serving simulator measured for one of `recommend`'s finalists at the profile's peak
/// rate (docs/simulation.md, "Finalists in recommend").
public struct SimulatedLatency: Sendable, Hashable, Encodable {
    /// The profile's percentile, and the values the simulation measured at it.
    public var percentile: Double
    public var ttftMs: Double
    public var tpotMs: Double?
    /// The arrival rate replayed (the profile's peak) and how many requests were measured.
    public var requestsPerSecond: Double
    public var requestsMeasured: Int
    /// Requests still unfinished when the simulation stopped: any is a sign of overload.
    public var requestsUnfinished: Int
    /// Both percentile targets met and nothing left unfinished.
    public var meetsTargets: Bool

    public init(percentile: Double, ttftMs: Double, tpotMs: Double?, requestsPerSecond: Double, requestsMeasured: Int,
                requestsUnfinished: Int, meetsTargets: Bool) {
        self.percentile = percentile; self.ttftMs = ttftMs; self.tpotMs = tpotMs; self.requestsPerSecond = requestsPerSecond
        self.requestsMeasured = requestsMeasured; self.requestsUnfinished = requestsUnfinished; self.meetsTargets = meetsTargets
    }

    enum CodingKeys: String, CodingKey {
        case percentile, ttftMs = "ttft_ms", tpotMs = "tpot_ms", requestsPerSecond = "requests_per_second"
        case requestsMeasured = "requests_measured", requestsUnfinished = "requests_unfinished", meetsTargets = "meets_targets"
    }
}
