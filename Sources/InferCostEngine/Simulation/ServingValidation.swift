import InferCostCore

/// Checks `simulate` against serving runs (docs/validation.md, "Serving runs"). Rows of one run (source, device,
/// model, precision, engine, layout, load, lengths) are replayed once in the serving simulator, the way the
/// benchmark drove the server: Poisson arrivals at the run's rate, or a closed loop of its clients (each request
/// after the first ones sent as an earlier one finishes); the run's request count, its lengths (the stated
/// range where the source draws them uniformly, else its means), every request counted (serving benchmarks
/// have no warm-up), and the engine's batch limit where the row states one. The calibration never fits
/// serving runs, so every comparison here is out of sample.
public enum ServingValidation {
    /// One stored measurement with the catalog entries its names resolve to.
    public struct Input: Sendable {
        public var measurement: BenchmarkMeasurement
        public var device: Device
        public var model: ModelSpec
        public init(measurement: BenchmarkMeasurement, device: Device, model: ModelSpec) {
            self.measurement = measurement; self.device = device; self.model = model
        }
    }

    public static let seed: UInt64 = 20_261_201
    /// Arrivals replayed for a run that does not state its request count, and the warm-up left out then.
    static let unstatedRunSeconds = 600.0
    static let unstatedWarmupSeconds = 60.0
    /// A run that completed fewer requests per second than this share of its arrival rate was saturated.
    static let saturatedShare = 0.8
    /// Most sequences a replayed replica runs at once (as `simulate --batch` allows).
    static let batchCap = 65_536
    /// Most requests one replayed run generates where the run states no count.
    static let maxReplayedRequests = 200_000
    /// What the vLLM result importer notes for a run whose arrivals the replay's Poisson stream would misstate.
    static let notPoisson = ["(gamma arrivals, not Poisson)", "(max_concurrency)"]
    public typealias Metric = ServingValidationSummary.Metric

    struct RunKey: Hashable {
        var source: String, device: String, model: String, precision: Precision, engine: String
        var tensorParallel: Int, pipelineParallel: Int, inputTokens: Int, outputTokens: Int, requests: Int?
        /// Arrivals at `rate`, or (rate nil) a closed loop of `clients`.
        var rate: Double?, clients: Int?
        /// The stated ranges lengths are drawn from uniformly, when the source draws them so.
        var inputRange: ClosedRange<Int>?, outputRange: ClosedRange<Int>?
        var maxRunning: Int?
    }

    public static func summary(_ inputs: [Input], calibration: Calibration?) -> ServingValidationSummary? {
        var setAside: [String: Int] = [:]
        var runs: [RunKey: [Input]] = [:]
        for input in inputs {
            let m = input.measurement
            let rate: Double?, clients: Int?
            switch m.load {
            case .requestRate(let r): (rate, clients) = (r, nil)
            case .concurrency(let n) where m.requests != nil: (rate, clients) = (nil, n)
            default: continue
            }
            guard let precision = m.precision else { setAside["precision not stated", default: 0] += 1; continue }
            guard let inputTokens = m.inputTokens, let outputTokens = m.outputTokens, inputTokens > 0, outputTokens > 0 else {
                setAside["no request lengths (variable-length dataset without stated means)", default: 0] += 1; continue
            }
            guard metric(of: m) != nil else { setAside["metric not simulated", default: 0] += 1; continue }
            guard clients != nil || !notPoisson.contains(where: { m.notes?.contains($0) ?? false }) else {
                setAside["arrivals not Poisson (burstiness or a concurrency cap)", default: 0] += 1; continue
            }
            let ranges = uniformLengths(in: m.notes)
            let key = RunKey(source: m.source, device: input.device.id, model: input.model.id, precision: precision,
                             engine: m.engine, tensorParallel: m.tensorParallel ?? 1, pipelineParallel: m.pipelineParallel ?? 1,
                             inputTokens: inputTokens, outputTokens: outputTokens, requests: m.requests, rate: rate, clients: clients,
                             inputRange: ranges?.input, outputRange: ranges?.output,
                             maxRunning: stated("Max running sequences", in: m.notes))
            runs[key, default: []].append(input)
        }
        guard !runs.isEmpty else { return nil }

        var rows: [ServingValidationSummary.Row] = []
        var replayed = 0
        // Runs at a rate first (by rate), then closed loops (by clients).
        func order(_ a: RunKey, _ b: RunKey) -> Bool {
            if (a.source, a.engine, a.device, a.model) != (b.source, b.engine, b.device, b.model) {
                return (a.source, a.engine, a.device, a.model) < (b.source, b.engine, b.device, b.model)
            }
            let rateA: Double = a.rate ?? .infinity, rateB: Double = b.rate ?? .infinity
            let clientsA: Int = a.clients ?? 0, clientsB: Int = b.clients ?? 0
            return (rateA, clientsA, a.tensorParallel, a.inputTokens, a.outputTokens) < (rateB, clientsB, b.tensorParallel, b.inputTokens, b.outputTokens)
        }
        let ordered = runs.keys.sorted(by: order)
        for key in ordered {
            guard let members = runs[key], let first = members.first else { continue }
            guard let result = replay(key, device: first.device, model: first.model, calibration: calibration) else {
                setAside["cannot be simulated from the catalog specs (missing figure or does not fit memory)", default: 0] += members.count
                continue
            }
            replayed += 1
            let measuredOutput = members.first { metric(of: $0.measurement) == .outputTokensPerSecond }?.measurement.value
            // A closed loop cannot fall behind its arrivals: they wait for its completions.
            var saturated = false
            if let rate = key.rate, let measuredOutput { saturated = measuredOutput < saturatedShare * rate * Double(key.outputTokens) }
            for input in members.sorted(by: { $0.measurement.rowKey < $1.measurement.rowKey }) {
                let m = input.measurement
                guard let metric = metric(of: m), let simulated = value(metric, of: result), m.value > 0 else { continue }
                rows.append(.init(row: m.rowKey, run: replayed, source: m.source, device: key.device, model: key.model,
                                  engine: (ServingEngine(named: m.engine) ?? .generic).rawValue, ratePerSecond: key.rate,
                                  clients: key.clients, metric: metric, measured: m.value, simulated: simulated,
                                  error: (simulated - m.value) / m.value, saturated: saturated))
            }
        }
        let rates = Set(rows.compactMap(\.ratePerSecond)).sorted()
        let clientCounts = Set(rows.compactMap(\.clients)).sorted()
        var groups = rates.map { rate in group(NumberFormat.short(rate) + " req/s", rows.filter { $0.ratePerSecond == rate }) }
        groups += clientCounts.map { n in group("\(n) clients", rows.filter { $0.clients == n }) }
        groups.append(group("all", rows))
        let method = "Poisson arrivals at each run's rate, or a closed loop of its clients (seed \(seed)); the run's request count, every "
            + "request measured (\(Int(unstatedRunSeconds)) s of arrivals after a \(Int(unstatedWarmupSeconds)) s warm-up where a run at a rate "
            + "states no count); lengths drawn uniformly from the run's stated ranges, else fixed at its mean input and output tokens; "
            + "the engine's defaults, with the batch limit the run states"
        return ServingValidationSummary(runs: replayed, method: method, byLoad: groups, rows: rows, setAside: setAside)
    }

    /// The simulated run, or nil when the catalog cannot simulate it.
    static func replay(_ key: RunKey, device: Device, model: ModelSpec, calibration: Calibration?) -> SimulationResult? {
        let engine = ServingEngine(named: key.engine) ?? .generic
        let defaults = EngineDefaults.defaults(engine, device: device, tensorParallel: key.tensorParallel)
        let kvPrecision: Precision = [.fp16, .bf16].contains(key.precision) ? key.precision : .bf16
        let point = DeploymentPoint(deviceID: device.id, tensorParallel: key.tensorParallel, pipelineParallel: key.pipelineParallel,
                                    weightPrecision: key.precision, kvPrecision: kvPrecision,
                                    batch: min(key.maxRunning ?? defaults.maxSequences, batchCap),
                                    inputTokens: key.inputTokens, outputTokens: key.outputTokens, engine: engine)
        let lengths: Workload.Lengths = if let i = key.inputRange, let o = key.outputRange { .uniform(input: i, output: o) }
            else { .fixed(input: key.inputTokens, output: key.outputTokens) }
        let requests: [TraceRequest]
        if let rate = key.rate {
            let count = key.requests ?? Int.clampedCount(rate * unstatedRunSeconds, limit: maxReplayedRequests)
            requests = Workload(arrivals: .poisson(ratePerSecond: rate), lengths: lengths)
                .generate(durationSeconds: .greatestFiniteMagnitude, maxRequests: max(1, count), seed: seed)
        } else {
            requests = lengths.queued(count: max(1, key.requests ?? 1), seed: seed)
        }
        let request = Simulation.Request(model: model, device: device, point: point, calibration: calibration, replicas: 1,
                                         tokenBudget: defaults.stepTokenBudget, requests: requests,
                                         warmupSeconds: key.rate != nil && key.requests == nil ? unstatedWarmupSeconds : 0,
                                         clients: key.clients)
        guard case .success(let outcome) = Simulation.run(request), outcome.result.requestsMeasured > 0 else { return nil }
        return outcome.result
    }

    /// The ranges a source drew lengths from uniformly: "Lengths: uniform integers in [819, 1024] and [6553, 8192]"
    /// (input, then output), as the corpus's notes state them. Nil when not stated so.
    static func uniformLengths(in notes: String?) -> (input: ClosedRange<Int>, output: ClosedRange<Int>)? {
        guard let notes, let start = notes.range(of: "uniform integers in [") else { return nil }
        var numbers: [Int] = []
        var digits = ""
        for character in notes[start.upperBound...] {
            if character.isASCII && character.isNumber { digits.append(character); continue }
            if !digits.isEmpty { numbers.append(Int(digits) ?? 0); digits = "" }
            if numbers.count == 4 || !("], [and".contains(character)) { break }
        }
        guard numbers.count == 4, numbers.allSatisfy({ $0 > 0 }), numbers[0] <= numbers[1], numbers[2] <= numbers[3] else { return nil }
        return (numbers[0]...numbers[1], numbers[2]...numbers[3])
    }

    /// The serving metric a row measures; nil for what the simulator does not report.
    static func metric(of m: BenchmarkMeasurement) -> Metric? {
        switch (m.metric, m.statistic) {
        case (.ttftMs, .mean): .ttftMean
        case (.ttftMs, .median): .ttftP50
        case (.ttftMs, .p90): .ttftP90
        case (.ttftMs, .p99): .ttftP99
        case (.tpotMs, .mean): .tpotMean
        case (.tpotMs, .median): .tpotP50
        case (.tpotMs, .p90): .tpotP90
        case (.tpotMs, .p99): .tpotP99
        case (.e2eMs, .median): .e2eP50
        case (.e2eMs, .p90): .e2eP90
        case (.outputTokensPerSecond, _): .outputTokensPerSecond
        default: nil
        }
    }

    /// The simulated value of a metric; throughput as serving benchmarks time it (first arrival to last completion).
    static func value(_ metric: Metric, of r: SimulationResult) -> Double? {
        switch metric {
        case .ttftMean: r.ttft.mean
        case .tpotMean: r.tpot.mean
        case .ttftP50: r.ttft.p50
        case .ttftP90: r.ttft.p90
        case .ttftP99: r.ttft.p99
        case .tpotP50: r.tpot.p50
        case .tpotP90: r.tpot.p90
        case .tpotP99: r.tpot.p99
        case .e2eP50: r.endToEnd.p50
        case .e2eP90: r.endToEnd.p90
        case .outputTokensPerSecond:
            // Tokens generated over the measured window, per second from the first arrival to the last completion.
            r.lastCompletionSeconds > 0 ? r.outputTokensPerSecond * r.measuredSeconds / r.lastCompletionSeconds : nil
        }
    }

    static func group(_ label: String, _ rows: [ServingValidationSummary.Row]) -> ServingValidationSummary.Group {
        let runs = Set(rows.map(\.run)).count
        let cells = Metric.allCases.compactMap { metric -> ServingValidationSummary.Cell? in
            let errors = rows.filter { $0.metric == metric }.map(\.error)
            guard !errors.isEmpty else { return nil }
            return .init(metric: metric, count: errors.count, medianAPE: Calibrator.quantile(errors.map { abs($0) }.sorted(), 0.5),
                         medianSignedError: Calibrator.quantile(errors.sorted(), 0.5))
        }
        return .init(label: label, runs: runs, cells: cells)
    }

    /// The integer after "`label`: " in a row's notes ("Max running sequences: 64."), the way sources' settings are recorded.
    static func stated(_ label: String, in notes: String?) -> Int? {
        guard let notes, let range = notes.range(of: label + ": ") else { return nil }
        let digits = notes[range.upperBound...].prefix { $0.isNumber }
        return Int(digits).flatMap { $0 > 0 ? $0 : nil }
    }
}
