import Foundation
import InferCostCore

/// `recommend`'s second opinion on its finalists. The capacity plan sizes replicas with a
/// closed-form queueing model; the serving simulator then replays the profile's peak traffic
/// (Poisson arrivals at the peak rate, the profile's lengths, a fixed seed) against the first
/// options in rank order and measures TTFT and TPOT at the profile's percentile. An option whose
/// simulated percentile misses a target moves after every option not found to miss one, and says
/// why; the walk stops once `finalists` options have met their targets or `maxSimulated` have been
/// simulated (docs/simulation.md, "Finalists in recommend"). Encoders are not simulated.
public struct FinalistCheck: Sendable {
    public var catalog: Catalog
    public var calibration: Calibration?
    /// Options that must meet their simulated targets before the walk stops.
    public var finalists = 3
    /// The most options simulated per recommendation.
    public var maxSimulated = 6
    /// Requests per simulation; the first tenth of the time is warm-up.
    public var requests = 2_000
    public static let seed: UInt64 = 20_261_201

    public init(catalog: Catalog, calibration: Calibration?) {
        self.catalog = catalog; self.calibration = calibration
    }

    public func check(_ recommendation: Recommendation, profile: Profile) -> Recommendation {
        guard let model = catalog.models[profile.modelID], model.kind == .decoder, profile.traffic.outputTokens > 0 else {
            return recommendation
        }
        // Kept options with their index in `recommendation.ranked`.
        var kept: [(candidate: Candidate, ranked: Int)] = [], missed: [(Candidate, String)] = []
        var met = 0, simulated = 0
        let ranked = recommendation.ranked
        var index = 0
        while index < ranked.count {
            // The walk simulates the next `k` options whatever they measure (each adds at most one to `met` and to
            // `simulated`), so they are simulated side by side first: the same simulations, each with its fixed
            // seed, and the same walk over their results, in rank order.
            let k = min(max(finalists - met, 0), max(maxSimulated - simulated, 0), ranked.count - index)
            guard k > 0 else {
                kept += ranked.indices[index...].map { (ranked[$0].candidate, $0) }
                break
            }
            let latencies = simulateAll(ranked[index..<index + k].map(\.candidate), model: model, profile: profile)
            for offset in 0..<k {
                var c = ranked[index + offset].candidate
                if let latency = latencies[offset] {
                    simulated += 1
                    c.simulated = latency
                    if latency.meetsTargets {
                        met += 1
                    } else {
                        missed.append((c, Self.reason(latency, profile: profile)))
                        continue
                    }
                }
                kept.append((c, index + offset))
            }
            index += k
        }
        guard simulated > 0 else { return recommendation }
        var out = recommendation
        let first = kept.first?.candidate ?? missed.first?.0
        // With the same first option, a kept option lost to it for the reason the search gave.
        let sameFirst = kept.first?.ranked == 0
        out.ranked = kept.enumerated().map { i, entry in
            let c = entry.candidate
            return Recommendation.Ranked(rank: i + 1, candidate: c, lostBecause: i == 0 ? nil : sameFirst ? ranked[entry.ranked].lostBecause
                                             : first.flatMap { Recommender.lostBecause(c, to: $0, money: profile.money) })
        } + missed.enumerated().map { i, entry in
            Recommendation.Ranked(rank: kept.count + i + 1, candidate: entry.0, lostBecause: entry.1)
        }
        return out
    }

    /// `simulate` for each candidate, each on a thread of its own (a walk simulates at most `maxSimulated` at once); results
    /// in input order.
    func simulateAll(_ candidates: [Candidate], model: ModelSpec, profile: Profile) -> [SimulatedLatency?] {
        threadPerTaskMap(candidates.count) { [self] in simulate(candidates[$0], model: model, profile: profile) }
    }

    /// The simulation of one option at the profile's peak rate, or nil when it cannot run (missing specs).
    func simulate(_ c: Candidate, model: ModelSpec, profile: Profile) -> SimulatedLatency? {
        guard let device = catalog.devices[c.point.deviceID], c.replicas > 0 else { return nil }
        let rate = profile.traffic.peakRequestsPerSecond
        guard rate > 0, rate.isFinite else { return nil }
        let duration = Double(requests) / rate
        let workload = Workload(arrivals: .poisson(ratePerSecond: rate),
                                lengths: .fixed(input: profile.traffic.inputTokens, output: profile.traffic.outputTokens))
        let trace = workload.generate(durationSeconds: duration * 1.5, maxRequests: requests, seed: Self.seed)
        guard let last = trace.last else { return nil }
        let request = Simulation.Request(model: model, device: device, point: c.point, calibration: calibration,
                                         replicas: c.replicas, requests: trace, warmupSeconds: last.arrivalSeconds / 10,
                                         ttftTargetMs: profile.targets.ttftMs, tpotTargetMs: profile.targets.tpotMs)
        guard case .success(let outcome) = Simulation.run(request) else { return nil }
        let r = outcome.result
        let percentile = profile.targets.percentile
        let ttft = r.ttft.at(percentile), tpot = r.tpot.at(percentile)
        let meets = r.requestsUnfinished == 0 && r.requestsMeasured > 0 && ttft <= profile.targets.ttftMs
            && (profile.targets.tpotMs.map { tpot <= $0 } ?? true)
        return SimulatedLatency(percentile: percentile, ttftMs: ttft, tpotMs: tpot, requestsPerSecond: rate,
                                requestsMeasured: r.requestsMeasured, requestsUnfinished: r.requestsUnfinished, meetsTargets: meets)
    }

    static func reason(_ s: SimulatedLatency, profile: Profile) -> String {
        let p = "p\(Int(s.percentile))"
        var misses: [String] = []
        if s.requestsUnfinished > 0 { misses.append("\(s.requestsUnfinished) requests still queued at the end (overloaded)") }
        if s.ttftMs > profile.targets.ttftMs {
            misses.append("simulated TTFT \(p) \(String(format: "%.0f", s.ttftMs)) ms > target \(String(format: "%.0f", profile.targets.ttftMs)) ms")
        }
        if let target = profile.targets.tpotMs, let tpot = s.tpotMs, tpot > target {
            misses.append("simulated TPOT \(p) \(String(format: "%.1f", tpot)) ms > target \(String(format: "%.1f", target)) ms")
        }
        return (misses.isEmpty ? "simulation measured no request" : misses.joined(separator: "; "))
            + " at the peak rate \(String(format: "%.3g", s.requestsPerSecond)) req/s; ranked after the options that meet their targets"
    }
}
