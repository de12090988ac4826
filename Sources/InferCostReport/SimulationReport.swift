import Foundation
import InferCostCore

/// What `infercost simulate` prints: the deployment, the workload and what the simulation measured.
/// Its JSON is a contract for scripts: docs/schema/simulate.schema.json.
public struct SimulationReport: Sendable, Encodable {
    public static let schemaVersion = 1

    /// The deployment simulated, in words and numbers.
    public struct Deployment: Sendable, Encodable {
        public var model: String
        public var device: String
        public var replicas: Int
        public var tensorParallel: Int
        public var pipelineParallel: Int
        public var weightPrecision: Precision
        public var kvPrecision: Precision
        public var maxRunning: Int
        public var tokenBudget: Int
        public var kvCapacityTokensPerReplica: Int
        public var prefixHitRate: Double
        public init(model: String, device: String, replicas: Int, tensorParallel: Int, pipelineParallel: Int,
                    weightPrecision: Precision, kvPrecision: Precision, maxRunning: Int, tokenBudget: Int,
                    kvCapacityTokensPerReplica: Int, prefixHitRate: Double) {
            self.model = model; self.device = device; self.replicas = replicas; self.tensorParallel = tensorParallel
            self.pipelineParallel = pipelineParallel; self.weightPrecision = weightPrecision; self.kvPrecision = kvPrecision
            self.maxRunning = maxRunning; self.tokenBudget = tokenBudget
            self.kvCapacityTokensPerReplica = kvCapacityTokensPerReplica; self.prefixHitRate = prefixHitRate
        }
        enum CodingKeys: String, CodingKey {
            case model, device, replicas, tensorParallel = "tp", pipelineParallel = "pp", weightPrecision = "precision"
            case kvPrecision = "kv_precision", maxRunning = "max_running", tokenBudget = "token_budget"
            case kvCapacityTokensPerReplica = "kv_capacity_tokens_per_replica", prefixHitRate = "prefix_hit_rate"
        }
    }

    public var deployment: Deployment
    /// The workload in words, e.g. "Poisson 12 req/s; lognormal lengths 2000/400 (sigma 0.6); 600 s; seed 1".
    public var workload: String
    public var seed: UInt64
    public var ttftTargetMs: Double?
    public var tpotTargetMs: Double?
    /// The percentile the targets hold at.
    public var percentile: Double
    public var result: SimulationResult
    /// The closed-form estimate for the same deployment, for comparison (nil when not computed).
    public var closedFormTTFTMs: Double?
    public var closedFormTPOTMs: Double?

    public init(deployment: Deployment, workload: String, seed: UInt64, ttftTargetMs: Double?, tpotTargetMs: Double?,
                percentile: Double, result: SimulationResult, closedFormTTFTMs: Double? = nil, closedFormTPOTMs: Double? = nil) {
        self.deployment = deployment; self.workload = workload; self.seed = seed; self.ttftTargetMs = ttftTargetMs
        self.tpotTargetMs = tpotTargetMs; self.percentile = percentile; self.result = result
        self.closedFormTTFTMs = closedFormTTFTMs; self.closedFormTPOTMs = closedFormTPOTMs
    }

    /// Targets met at the stated percentile (nil targets count as met).
    public var meetsTargets: Bool {
        result.requestsUnfinished == 0
            && ttftTargetMs.map { result.ttft.at(percentile) <= $0 } ?? true
            && tpotTargetMs.map { result.tpot.at(percentile) <= $0 } ?? true
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", deployment, workload, seed, ttftTargetMs = "ttft_target_ms"
        case tpotTargetMs = "tpot_target_ms", percentile, result, meetsTargets = "meets_targets"
        case closedFormTTFTMs = "closed_form_ttft_ms", closedFormTPOTMs = "closed_form_tpot_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(deployment, forKey: .deployment); try c.encode(workload, forKey: .workload)
        try c.encode(seed, forKey: .seed); try c.encodeIfPresent(ttftTargetMs, forKey: .ttftTargetMs)
        try c.encodeIfPresent(tpotTargetMs, forKey: .tpotTargetMs); try c.encode(percentile, forKey: .percentile)
        try c.encode(result, forKey: .result); try c.encode(meetsTargets, forKey: .meetsTargets)
        try c.encodeIfPresent(closedFormTTFTMs, forKey: .closedFormTTFTMs)
        try c.encodeIfPresent(closedFormTPOTMs, forKey: .closedFormTPOTMs)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .csv: csv()
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        }
    }

    func latencyTable() -> TextTable {
        let r = result
        var t = TextTable(header: ["metric", "p50", "p90", "p95", "p99", "mean", "max", "target"], rightAligned: Set(1...7))
        func row(_ name: String, _ p: SimulationResult.Percentiles, _ target: Double?) {
            t.rows.append([name] + [p.p50, p.p90, p.p95, p.p99, p.mean, p.max].map(NumberFormat.short)
                          + [target.map { "\(NumberFormat.short($0)) at p\(Int(percentile))" } ?? "-"])
        }
        row("TTFT ms", r.ttft, ttftTargetMs)
        row("TPOT ms", r.tpot, tpotTargetMs)
        row("E2E ms", r.endToEnd, nil)
        return t
    }

    func text(markdown: Bool) -> String {
        let d = deployment, r = result
        let layout = "\(d.replicas) x \(d.device) (TP \(d.tensorParallel), PP \(d.pipelineParallel)), \(d.weightPrecision.rawValue) weights, \(d.kvPrecision.rawValue) KV"
        var out: [String] = []
        out.append(markdown ? "## Simulation: \(d.model) on \(layout)" : "Simulation: \(d.model) on \(layout)")
        out.append("Scheduler: up to \(d.maxRunning) running per replica, \(d.tokenBudget) tokens per step, KV cache \(d.kvCapacityTokensPerReplica) tokens per replica"
                   + (d.prefixHitRate > 0 ? ", prefix-cache hits \(NumberFormat.short(d.prefixHitRate * 100))%" : ""))
        out.append("Workload: \(workload)")
        out.append("Measured: \(r.requestsMeasured) of \(r.requestsSimulated) requests (warm-up \(NumberFormat.short(r.warmupSeconds)) s excluded, \(NumberFormat.short(r.measuredSeconds)) s window)"
                   + (r.requestsUnfinished > 0 ? "; \(r.requestsUnfinished) unfinished: the deployment is overloaded" : ""))
        out.append("")
        out.append(markdown ? latencyTable().markdown() : latencyTable().render())
        out.append("")
        out.append("Throughput: \(NumberFormat.short(r.requestsPerSecond)) req/s, \(NumberFormat.short(r.outputTokensPerSecond)) output tok/s")
        out.append("Goodput: \(NumberFormat.short(r.goodputShare * 100))% of requests meet every target (\(NumberFormat.short(r.goodputRequestsPerSecond)) req/s)")
        out.append("Queue: peak \(r.peakQueued) waiting; \(NumberFormat.short(r.meanRequestsInSystem)) in the system on average; KV cache \(NumberFormat.short(r.meanKVOccupancy * 100))% used on average, \(NumberFormat.short(r.peakKVOccupancy * 100))% at peak; \(r.preemptions) preemptions")
        if let ttft = closedFormTTFTMs {
            out.append("Closed-form estimate for comparison: TTFT \(NumberFormat.short(ttft)) ms at p\(Int(percentile))"
                       + (closedFormTPOTMs.map { ", TPOT \(NumberFormat.short($0)) ms" } ?? ""))
        }
        out.append(meetsTargets ? "Verdict: meets its targets at p\(Int(percentile))." : "Verdict: MISSES its targets at p\(Int(percentile)).")
        return out.joined(separator: "\n")
    }

    /// One row per timeline sample: time, queued, running, KV occupancy.
    func csv() -> String {
        var lines = ["time_s,queued,running,kv_occupancy"]
        for s in result.timeline {
            lines.append("\(NumberFormat.fixed(s.timeSeconds, 3)),\(s.queued),\(s.running),\(NumberFormat.fixed(s.kvOccupancy, 4))")
        }
        return lines.joined(separator: "\n")
    }
}
