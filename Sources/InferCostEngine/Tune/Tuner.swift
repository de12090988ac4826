import InferCostCore

/// `infercost tune`: for one model on N devices of one type, every weight precision x KV precision x
/// tensor- x pipeline-parallel layout x batch limit, estimated by the one performance model; the
/// Pareto frontier of throughput per device against tokens per second per user; the sweet spot (the
/// feasible point with the most tokens per device); and, at a request rate, the finalists replayed
/// through the serving simulator with each chunked-prefill token budget (docs/tune.md).
public enum Tuner {
    public struct Request: Sendable {
        public var model: ModelSpec
        public var device: Device
        public var devices: Int
        public var memoryGBPerDevice: Double?
        public var weightPrecisions: [Precision]
        public var kvPrecisions: [Precision]
        public var inputTokens: Int
        public var outputTokens: Int
        /// Requests per second the devices must serve together; nil: throughput and unloaded latency only.
        public var requestsPerSecond: Double?
        public var ttftTargetMs: Double?
        public var tpotTargetMs: Double?
        public var percentile: Double
        /// The fitted factors (as every estimate uses them); nil: the uncalibrated physics.
        public var calibration: Calibration?
        /// Chunked-prefill token budgets the finalists are simulated with.
        public var tokenBudgets: [Int]
        /// Finalists replayed through the simulator (0: closed form only).
        public var finalists: Int
        public var seed: UInt64

        public init(model: ModelSpec, device: Device, devices: Int, memoryGBPerDevice: Double? = nil,
                    weightPrecisions: [Precision], kvPrecisions: [Precision], inputTokens: Int, outputTokens: Int,
                    requestsPerSecond: Double?, ttftTargetMs: Double?, tpotTargetMs: Double?, percentile: Double,
                    calibration: Calibration? = nil, tokenBudgets: [Int] = [2048, 8192], finalists: Int = 3,
                    seed: UInt64 = 1) {
            self.model = model; self.device = device; self.devices = devices; self.memoryGBPerDevice = memoryGBPerDevice
            self.weightPrecisions = weightPrecisions; self.kvPrecisions = kvPrecisions; self.inputTokens = inputTokens
            self.outputTokens = outputTokens; self.requestsPerSecond = requestsPerSecond; self.ttftTargetMs = ttftTargetMs
            self.tpotTargetMs = tpotTargetMs; self.percentile = percentile; self.calibration = calibration
            self.tokenBudgets = tokenBudgets; self.finalists = finalists; self.seed = seed
        }
    }

    /// Layouts tried, as recommend tries them within one node.
    public static let tensorParallelDegrees = [1, 2, 4, 8]
    public static let pipelineParallelDegrees = [1, 2, 4]
    /// Requests each finalist's simulation replays (about 20 ms of wall time each in a release build).
    public static let simulatedRequests = 2_000

    public static func tune(_ r: Request) -> TuneResult {
        var points: [TuneResult.Point] = []
        for wp in r.weightPrecisions where r.device.supports(wp) {
            let performance = EstimatePipeline(model: r.model, device: r.device, precision: wp, engine: .generic, calibration: r.calibration).performance
            for kv in r.kvPrecisions {
                for tp in tensorParallelDegrees where tp <= r.devices && r.model.attentionHeads % tp == 0 {
                    for pp in pipelineParallelDegrees where tp * pp <= r.devices && pp <= r.model.layers {
                        if pp > 1 && r.model.kind == .encoder { continue }
                        points += sweep(r, performance: performance, weights: wp, kv: kv, tp: tp, pp: pp)
                    }
                }
            }
        }
        markFrontier(&points)
        var sweet = bestFeasible(points)
        if let rate = r.requestsPerSecond, r.finalists > 0, r.model.kind == .decoder {
            sweet = simulateFinalists(r, rate: rate, points: &points) ?? sweet
        }
        var next: Int?
        if let s = sweet {
            // What stops the sweet spot from a larger batch: the next batch limit's failed check, or memory.
            let sibling = points.indices.filter { points[$0].sameConfiguration(as: points[s]) && points[$0].batch > points[s].batch }
                .min { points[$0].batch < points[$1].batch }
            if let sibling {
                next = points[sibling].batch
                if !points[sibling].feasible { points[s].limit = points[sibling].limit }
            } else {
                points[s].limit = .memoryCapacity
            }
        }
        return TuneResult(modelID: r.model.id, deviceID: r.device.id, devices: r.devices, inputTokens: r.inputTokens,
                          outputTokens: r.outputTokens, requestsPerSecond: r.requestsPerSecond, ttftTargetMs: r.ttftTargetMs,
                          tpotTargetMs: r.tpotTargetMs, percentile: r.percentile, points: points, sweetSpot: sweet,
                          nextBatch: next, launch: sweet.map { LaunchSettings.commands(model: r.model, point: points[$0]) } ?? [])
    }

    /// One layout at every batch limit recommend tries (powers of two up to the memory limit, and the limit).
    static func sweep(_ r: Request, performance: PerformanceModel, weights: Precision, kv: Precision, tp: Int, pp: Int) -> [TuneResult.Point] {
        let replicas = r.devices / (tp * pp)
        var point = DeploymentPoint(deviceID: r.device.id, tensorParallel: tp, pipelineParallel: pp, weightPrecision: weights,
                                    kvPrecision: kv, batch: 1, inputTokens: r.inputTokens, outputTokens: r.outputTokens,
                                    memoryGBPerDevice: r.memoryGBPerDevice)
        let maxBatch = performance.estimate(point).memory.maxBatch
        guard maxBatch > 0 else {
            return [TuneResult.Point(weightPrecision: weights, kvPrecision: kv, tensorParallel: tp, pipelineParallel: pp,
                                     batch: 0, replicas: replicas, tokensPerSecondPerDevice: 0, tokensPerSecondPerUser: 0,
                                     ttftMs: .infinity, tpotMs: .infinity, utilization: nil, feasible: false, limit: .memoryCapacity)]
        }
        return Recommender.batchLimits(upTo: maxBatch).compactMap { batch -> TuneResult.Point? in
            point.batch = batch
            let e = performance.estimate(point)
            guard e.isComplete, let perDevice = e.outputTokensPerSecondPerDevice ?? e.prefillTokensPerSecond.map({ $0 / Double(tp * pp) }),
                  var ttft = e.ttftSeconds else { return nil }
            var tpot = e.tpotSeconds ?? 0
            var utilization: Double?
            if let rate = r.requestsPerSecond, let load = CapacityPlan.Load(estimate: e, requestsPerSecond: rate / Double(replicas),
                                                                           percentile: r.percentile) {
                utilization = load.utilization; ttft = load.ttftSeconds; tpot = load.tpotSeconds ?? 0
            }
            let limit: TuneResult.Limit
            if let u = utilization, u >= 1 { limit = .traffic }
            else if let target = r.ttftTargetMs, ttft * 1000 > target { limit = .ttftTarget }
            else if let target = r.tpotTargetMs, tpot * 1000 > target { limit = .tpotTarget }
            else {
                switch (e.decode ?? e.prefill)?.bottleneck {
                case .compute: limit = .compute
                case .interconnect: limit = .interconnect
                case .memoryCapacity: limit = .memoryCapacity
                default: limit = .memoryBandwidth
                }
            }
            let feasible = ![.traffic, .ttftTarget, .tpotTarget].contains(limit)
            return TuneResult.Point(weightPrecision: weights, kvPrecision: kv, tensorParallel: tp, pipelineParallel: pp,
                                    batch: batch, replicas: replicas, tokensPerSecondPerDevice: perDevice,
                                    tokensPerSecondPerUser: (e.tpotSeconds ?? 0) > 0 ? 1 / (e.tpotSeconds ?? 1) : 0,
                                    ttftMs: ttft * 1000, tpotMs: tpot * 1000, utilization: utilization, feasible: feasible,
                                    limit: limit)
        }
    }

    /// A point is on the frontier when no other point is at least as good on both throughput per device
    /// and tokens per second per user, and better on one.
    static func markFrontier(_ points: inout [TuneResult.Point]) {
        let order = points.indices.sorted {
            (points[$0].tokensPerSecondPerDevice, points[$0].tokensPerSecondPerUser) > (points[$1].tokensPerSecondPerDevice, points[$1].tokensPerSecondPerUser)
        }
        var bestUser = -Double.infinity
        for i in order where points[i].batch > 0 && points[i].tokensPerSecondPerUser > bestUser {
            points[i].onFrontier = true
            bestUser = points[i].tokensPerSecondPerUser
        }
    }

    /// Most tokens per device among feasible points; ties to more tokens per user, then fewer devices per replica.
    static func bestFeasible(_ points: [TuneResult.Point], excluding: Set<Int> = []) -> Int? {
        points.indices.filter { points[$0].feasible && points[$0].batch > 0 && !excluding.contains($0) }.max { a, b in
            let (x, y) = (points[a], points[b])
            return (x.tokensPerSecondPerDevice, x.tokensPerSecondPerUser, -x.tensorParallel * x.pipelineParallel)
                < (y.tokensPerSecondPerDevice, y.tokensPerSecondPerUser, -y.tensorParallel * y.pipelineParallel)
        }
    }

    /// Replays the best feasible points at the rate, each with every token budget, until one meets the
    /// targets at the percentile in simulation; points that miss become infeasible with the simulated reason.
    static func simulateFinalists(_ r: Request, rate: Double, points: inout [TuneResult.Point]) -> Int? {
        var tried: Set<Int> = []
        while tried.count < r.finalists, let i = bestFeasible(points, excluding: tried) {
            tried.insert(i)
            let p = points[i]
            let duration = Double(simulatedRequests) / rate
            let requests = Workload(arrivals: .poisson(ratePerSecond: rate), lengths: .fixed(input: r.inputTokens, output: max(1, r.outputTokens)))
                .generate(durationSeconds: duration, maxRequests: simulatedRequests, seed: r.seed)
            var best: (budget: Int, ttft: Double, tpot: Double, meets: Bool)?
            for budget in r.tokenBudgets {
                let point = DeploymentPoint(deviceID: r.device.id, tensorParallel: p.tensorParallel, pipelineParallel: p.pipelineParallel,
                                            weightPrecision: p.weightPrecision, kvPrecision: p.kvPrecision, batch: p.batch,
                                            inputTokens: r.inputTokens, outputTokens: r.outputTokens, memoryGBPerDevice: r.memoryGBPerDevice)
                guard case .success(let outcome) = Simulation.run(.init(
                    model: r.model, device: r.device, point: point, calibration: r.calibration,
                    replicas: p.replicas, tokenBudget: budget, requests: requests, warmupSeconds: duration / 10)) else { continue }
                let s = outcome.result
                let ttft = s.ttft.at(r.percentile), tpot = s.tpot.at(r.percentile)
                let meets = s.requestsUnfinished == 0 && r.ttftTargetMs.map { ttft <= $0 } ?? true && r.tpotTargetMs.map { tpot <= $0 } ?? true
                if best == nil || (meets && !(best?.meets ?? false)) || (meets == best?.meets && ttft < best?.ttft ?? .infinity) {
                    best = (budget, ttft, tpot, meets)
                }
            }
            guard let best else { continue }
            points[i].simulatedTTFTMs = best.ttft; points[i].simulatedTPOTMs = best.tpot; points[i].simulatedTokenBudget = best.budget
            if best.meets { return i }
            points[i].feasible = false
            points[i].limit = r.ttftTargetMs.map { best.ttft > $0 } ?? false ? .ttftTarget : r.tpotTargetMs.map { best.tpot > $0 } ?? false ? .tpotTarget : .traffic
        }
        return bestFeasible(points, excluding: tried)
    }
}
