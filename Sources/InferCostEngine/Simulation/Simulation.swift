import InferCostCore

/// The one entry point for request-level simulation: a deployment and a request stream in, what a
/// serving engine would measure out. Step times come from the same performance model (and
/// calibration factors) as every estimate.
public enum Simulation {
    public struct Request: Sendable {
        public var model: ModelSpec
        public var device: Device
        /// Layout and precisions; `batch` is the most sequences running at once per replica.
        public var point: DeploymentPoint
        /// The fitted factors (as every estimate uses them); nil: the uncalibrated physics.
        public var calibration: Calibration?
        public var replicas: Int
        public var tokenBudget: Int
        public var prefixHitRate: Double
        public var requests: [TraceRequest]
        public var warmupSeconds: Double
        public var ttftTargetMs: Double?
        public var tpotTargetMs: Double?
        /// A closed loop of this many clients (`ServingSimulator.Configuration.clients`); nil: the requests' arrival times.
        public var clients: Int?

        public init(model: ModelSpec, device: Device, point: DeploymentPoint, calibration: Calibration?, replicas: Int,
                    tokenBudget: Int = Simulation.defaultTokenBudget, prefixHitRate: Double = 0, requests: [TraceRequest],
                    warmupSeconds: Double, ttftTargetMs: Double? = nil, tpotTargetMs: Double? = nil, clients: Int? = nil) {
            self.model = model; self.device = device; self.point = point; self.calibration = calibration; self.replicas = replicas
            self.tokenBudget = tokenBudget; self.prefixHitRate = prefixHitRate; self.requests = requests
            self.warmupSeconds = warmupSeconds; self.ttftTargetMs = ttftTargetMs; self.tpotTargetMs = tpotTargetMs
            self.clients = clients
        }
    }

    public struct Outcome: Sendable {
        public var result: SimulationResult
        public var kvCapacityTokensPerReplica: Int
    }

    public enum Failure: Error, Equatable {
        /// Catalog figures the step times need, e.g. `h100-sxm.memory_bandwidth_gb_s`.
        case missingSpecs([String])
        /// The weights leave no room for a KV cache on this layout.
        case doesNotFit(weightsGBPerDevice: Double, capacityGBPerDevice: Double)
    }

    /// vLLM's default `max_num_batched_tokens` with chunked prefill on GPUs for online serving (8192).
    public static let defaultTokenBudget = 8192
    /// Simulation ends this long after the last arrival; requests still running then count as unfinished. A closed
    /// loop runs until its last request finishes (its arrivals follow its completions).
    public static let drainSeconds = 600.0

    public static func run(_ request: Request) -> Result<Outcome, Failure> {
        let performance = EstimatePipeline(model: request.model, device: request.device, precision: request.point.weightPrecision,
                                           engine: request.point.engine, calibration: request.calibration).performance
        let longestInput = request.requests.map(\.inputTokens).max() ?? request.point.inputTokens
        let longestOutput = request.requests.map(\.outputTokens).max() ?? request.point.outputTokens
        var sizing = request.point
        sizing.inputTokens = max(1, longestInput); sizing.outputTokens = max(1, longestOutput)
        let estimate = performance.estimate(sizing)
        guard estimate.missing.isEmpty else { return .failure(.missingSpecs(estimate.missing)) }
        guard let kvTokens = request.model.kind == .decoder ? ServingSimulator.kvCapacityTokens(estimate) : Int(1e9) else {
            return .failure(.doesNotFit(weightsGBPerDevice: estimate.memory.weightsGBPerDevice,
                                        capacityGBPerDevice: estimate.memory.capacityGBPerDevice))
        }
        guard let steps = StepTimeModel(performance: performance, point: request.point, maxBatch: max(1, request.point.batch),
                                        maxContextTokens: longestInput + longestOutput) else {
            return .failure(.missingSpecs(estimate.missing))
        }
        let simulator = ServingSimulator(steps: steps, configuration: .init(
            replicas: request.replicas, maxRunning: max(1, request.point.batch), tokenBudget: request.tokenBudget,
            kvCapacityTokens: kvTokens, prefixHitRate: request.prefixHitRate, warmupSeconds: request.warmupSeconds,
            ttftTargetMs: request.ttftTargetMs, tpotTargetMs: request.tpotTargetMs, clients: request.clients))
        let stop = request.clients == nil ? (request.requests.last?.arrivalSeconds ?? 0) + drainSeconds : .greatestFiniteMagnitude
        return .success(Outcome(result: simulator.run(request.requests, stopSeconds: stop), kvCapacityTokensPerReplica: kvTokens))
    }
}
