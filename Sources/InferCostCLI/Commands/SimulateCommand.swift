import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost simulate`: request-level serving of one deployment under a request stream.
struct SimulateCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate one deployment serving a request stream: tail latency, goodput, queue and KV cache over time.",
        discussion: """
            With a PROFILE, simulates its recommended deployment (or --offer ID's best option) at its peak rate;
            otherwise give --model, --device and --rate as for estimate. With --clients N, a closed loop instead (a load
            test's --max-concurrency): N requests out at once, the next sent as one finishes, --requests in all.
            Deterministic for a --seed. docs/simulation.md.
            """)

    @Argument(help: "A profile YAML file; omit it to describe the deployment with flags.") var profile: String?
    @Option(name: .long, help: "With a profile: simulate this offer's best option instead of the top one.") var offer: String?
    @Option(name: .long, help: "Model id (without a profile).") var model: String?
    @Option(name: .long, help: "Device id (without a profile).") var device: String?
    @Option(name: .long, help: "Weight precision (without a profile).") var precision: String = "bf16"
    @Option(name: .customLong("kv-precision"), help: "KV-cache precision (without a profile).") var kvPrecision: String = "bf16"
    @Option(name: .long, help: "Tensor-parallel degree (without a profile).") var tp: Int = 1
    @Option(name: .long, help: "Pipeline-parallel degree (without a profile).") var pp: Int = 1
    @Option(name: .long, help: "Most sequences running per replica, or 'max' for the most that fit (without a profile).") var batch: String = "max"
    @Option(name: .long, help: "Replicas behind the router (without a profile).") var replicas: Int = 1
    @Option(name: .customLong("memory-gb"), help: "Memory per device in GB (CPUs).") var memoryGB: Double?
    @Option(name: .customLong("input-tokens"), help: "Mean prompt tokens (default: the profile's).") var inputTokens: Int?
    @Option(name: .customLong("output-tokens"), help: "Mean generated tokens (default: the profile's).") var outputTokens: Int?
    @Option(name: .long, help: "Mean arrival rate, requests/s (default: the profile's peak).") var rate: Double?
    @Option(name: .long, help: "Arrivals: poisson, gamma (with --cv) or diurnal (with --hourly).") var arrivals: String = "poisson"
    @Option(name: .long, help: "Coefficient of variation of gamma inter-arrival times (1 = Poisson).") var cv: Double = 2
    @Option(name: .long, help: "24 comma-separated hourly rate multipliers for diurnal arrivals (normalised to mean 1).") var hourly: String?
    @Option(name: .long, help: "Lengths: fixed, uniform (+-50% of the means) or lognormal (with --sigma).") var lengths: String = "fixed"
    @Option(name: .long, help: "Log-space standard deviation of lognormal lengths.") var sigma: Double = 0.6
    @Option(name: .long, help: "A request trace (CSV or JSONL: arrival, input tokens, output tokens) instead of generated arrivals.") var trace: String?
    @Option(name: .long, help: "A closed loop of this many clients instead of arrivals at a rate: each sends its next request when its last one finishes.") var clients: Int?
    @Option(name: .long, help: "Requests a closed loop sends in all (default: 10 per client).") var requests: Int?
    @Option(name: .long, help: "Simulated seconds of arrivals.") var duration: Double = 600
    @Option(name: .long, help: "Seconds at the start left out of the statistics (default: a tenth of the duration; none in a closed loop).") var warmup: Double?
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("token-budget"), help: "Tokens per iteration: decode tokens plus prefill chunks (vLLM max-num-batched-tokens).") var tokenBudget: Int = Simulation.defaultTokenBudget
    @Option(name: .customLong("prefix-hit"), help: "Share of each prompt served from the prefix cache, 0 to 0.99.") var prefixHit: Double = 0
    @Option(name: .customLong("ttft-ms"), help: "TTFT target, ms (default: the profile's).") var ttftMs: Double?
    @Option(name: .customLong("tpot-ms"), help: "TPOT target, ms (default: the profile's).") var tpotMs: Double?
    @Option(name: .long, help: "Percentile the targets hold at: 50, 90, 95 or 99 (default: the profile's, else 95).") var percentile: Double?
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    /// Most requests one run generates: about ten seconds of wall time at the simulator's speed.
    static let maxRequests = 2_000_000

    func validate() throws {
        guard profile != nil || (model != nil && device != nil) else {
            throw ValidationError("give a PROFILE, or --model and --device (with --rate or --clients, --input-tokens, --output-tokens)")
        }
        guard ["poisson", "gamma", "diurnal"].contains(arrivals) else { throw ValidationError("--arrivals must be poisson, gamma or diurnal") }
        guard ["fixed", "uniform", "lognormal"].contains(lengths) else { throw ValidationError("--lengths must be fixed, uniform or lognormal") }
        guard (0.05...20).contains(cv) else { throw ValidationError("--cv must be between 0.05 and 20") }
        guard (0.01...3).contains(sigma) else { throw ValidationError("--sigma must be between 0.01 and 3") }
        guard duration.isFinite, (1...604_800).contains(duration) else { throw ValidationError("--duration must be 1 to 604800 seconds") }
        guard (warmup ?? 0).isFinite, (0..<duration).contains(warmup ?? 0) else { throw ValidationError("--warmup must be at least 0 and less than --duration") }
        guard rate.map({ $0.isFinite && $0 > 0 && $0 <= 1e6 }) ?? true else { throw ValidationError("--rate must be above 0 and at most 1000000 req/s") }
        guard (1...1_048_576).contains(tokenBudget) else { throw ValidationError("--token-budget must be 1 to 1048576") }
        guard prefixHit.isFinite, (0...0.99).contains(prefixHit) else { throw ValidationError("--prefix-hit must be 0 to 0.99") }
        guard (1...64).contains(tp), (1...64).contains(pp), (1...100_000).contains(replicas) else {
            throw ValidationError("--tp and --pp must be 1 to 64, --replicas 1 to 100000")
        }
        guard batch == "max" || (Int(batch).map { (1...65_536).contains($0) } ?? false) else { throw ValidationError("--batch must be 1 to 65536 or 'max'") }
        for (name, value) in [("--input-tokens", inputTokens), ("--output-tokens", outputTokens)] {
            guard value.map({ (1...10_000_000).contains($0) }) ?? true else { throw ValidationError("\(name) must be 1 to 10000000") }
        }
        for (name, value) in [("--ttft-ms", ttftMs), ("--tpot-ms", tpotMs), ("--memory-gb", memoryGB)] {
            guard value.map({ $0.isFinite && $0 > 0 && $0 < 1e9 }) ?? true else { throw ValidationError("\(name) must be a positive number") }
        }
        guard percentile.map({ [50, 90, 95, 99].contains($0) }) ?? true else { throw ValidationError("--percentile must be 50, 90, 95 or 99") }
        if let hourly {
            let values = hourly.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 24, values.allSatisfy({ $0.isFinite && $0 >= 0 }), values.contains(where: { $0 > 0 }) else {
                throw ValidationError("--hourly needs 24 comma-separated non-negative numbers, not all zero")
            }
        }
        guard arrivals != "diurnal" || hourly != nil else { throw ValidationError("--arrivals diurnal needs --hourly") }
        guard clients.map({ (1...100_000).contains($0) }) ?? true else { throw ValidationError("--clients must be 1 to 100000") }
        guard requests.map({ (1...Self.maxRequests).contains($0) }) ?? true else {
            throw ValidationError("--requests must be 1 to \(Self.maxRequests)")
        }
        guard requests == nil || clients != nil else { throw ValidationError("--requests counts a closed loop's requests: give --clients too") }
        guard clients == nil || (trace == nil && rate == nil) else {
            throw ValidationError("--clients runs a closed loop, whose requests go out as earlier ones finish: drop --rate and --trace")
        }
    }

    /// The deployment to simulate and the targets and lengths it is judged by.
    struct Setup {
        var model: ModelSpec
        var device: Device
        var point: DeploymentPoint
        var replicas: Int
        var rate: Double
        var ttftMs: Double?
        var tpotMs: Double?
        var percentile: Double
        var closedFormTTFTMs: Double?
        var closedFormTPOTMs: Double?
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let catalog = catalog.load(env) else { return ExitStatus.dataError }
        let fitted = calibration.load(env, catalog: catalog, database: database.url(env))
        guard let setup = resolve(catalog, fitted: fitted?.calibration, env) else { return ExitStatus.usage }
        let outputFormat = format.format

        let requests: [TraceRequest]
        let description: String
        if let trace {
            let (loaded, diagnostics) = RequestTraceFile.load(URL(fileURLWithPath: trace))
            if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
            requests = loaded
            description = "trace \(trace) (\(loaded.count) requests over \(NumberFormat.short(loaded.last?.arrivalSeconds ?? 0)) s)"
        } else if let clients {
            let count = self.requests ?? min(10 * clients, Self.maxRequests)
            requests = lengthDistribution(setup.point).queued(count: count, seed: seed)
            description = "closed loop of \(clients) clients, \(count) requests; " + describeLengths(setup) + "; seed \(seed)"
        } else {
            let workload = Workload(arrivals: arrivalProcess(setup.rate), lengths: lengthDistribution(setup.point))
            requests = workload.generate(durationSeconds: duration, maxRequests: Self.maxRequests, seed: seed)
            description = describe(setup) + "; \(NumberFormat.short(duration)) s; seed \(seed)"
        }
        guard !requests.isEmpty else {
            env.writeErr("error: the workload has no requests\n    hint: raise --rate or --duration")
            return ExitStatus.usage
        }
        let lastArrival = requests.last?.arrivalSeconds ?? 0
        let request = Simulation.Request(
            model: setup.model, device: setup.device, point: setup.point, calibration: fitted?.calibration, replicas: setup.replicas,
            tokenBudget: tokenBudget, prefixHitRate: prefixHit, requests: requests,
            warmupSeconds: warmup ?? (clients == nil ? lastArrival / 10 : 0), ttftTargetMs: setup.ttftMs, tpotTargetMs: setup.tpotMs,
            clients: clients)
        switch Simulation.run(request) {
        case .failure(.missingSpecs(let missing)):
            env.writeErr("error: cannot simulate: the catalog lacks \(missing.joined(separator: ", "))")
            return ExitStatus.noOption
        case .failure(.doesNotFit(let weights, let capacity)):
            env.writeErr("error: does not fit: weights take \(NumberFormat.short(weights)) GB of \(NumberFormat.short(capacity)) GB per device\n    hint: raise --tp or lower --precision")
            return ExitStatus.noOption
        case .success(let outcome):
            let p = setup.point
            let report = SimulationReport(
                deployment: .init(model: setup.model.id, device: setup.device.id, replicas: setup.replicas, tensorParallel: p.tensorParallel,
                                  pipelineParallel: p.pipelineParallel, weightPrecision: p.weightPrecision, kvPrecision: p.kvPrecision,
                                  maxRunning: p.batch, tokenBudget: tokenBudget,
                                  kvCapacityTokensPerReplica: outcome.kvCapacityTokensPerReplica, prefixHitRate: prefixHit),
                workload: description, seed: seed, ttftTargetMs: setup.ttftMs, tpotTargetMs: setup.tpotMs,
                percentile: setup.percentile, result: outcome.result, closedFormTTFTMs: setup.closedFormTTFTMs,
                closedFormTPOTMs: setup.closedFormTPOTMs)
            env.writeOut(report.render(outputFormat))
            return report.meetsTargets ? ExitStatus.success : ExitStatus.noOption
        }
    }

    func arrivalProcess(_ rate: Double) -> Workload.Arrivals {
        switch arrivals {
        case "gamma": .gamma(ratePerSecond: rate, cv: cv)
        case "diurnal": .diurnal(averageRatePerSecond: rate, hourlyShape: (hourly ?? "").split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces)) }, startHour: 0)
        default: .poisson(ratePerSecond: rate)
        }
    }

    func lengthDistribution(_ p: DeploymentPoint) -> Workload.Lengths {
        let (i, o) = (p.inputTokens, max(1, p.outputTokens))
        switch lengths {
        case "uniform": return .uniform(input: max(1, i / 2)...max(1, i + i / 2), output: max(1, o / 2)...max(1, o + o / 2))
        case "lognormal": return .lognormal(inputMean: Double(i), outputMean: Double(o), sigma: sigma, maxInput: i * 8, maxOutput: o * 8)
        default: return .fixed(input: i, output: o)
        }
    }

    func describe(_ s: Setup) -> String {
        let arrivalText: String
        switch arrivals {
        case "gamma": arrivalText = "gamma arrivals (cv \(NumberFormat.short(cv))) at \(NumberFormat.short(s.rate)) req/s"
        case "diurnal": arrivalText = "diurnal Poisson arrivals averaging \(NumberFormat.short(s.rate)) req/s"
        default: arrivalText = "Poisson arrivals at \(NumberFormat.short(s.rate)) req/s"
        }
        return arrivalText + "; " + describeLengths(s)
    }

    func describeLengths(_ s: Setup) -> String {
        lengths == "lognormal" ? "lognormal lengths, means \(s.point.inputTokens)/\(s.point.outputTokens) (sigma \(NumberFormat.short(sigma)))"
            : lengths == "uniform" ? "uniform lengths +-50% around \(s.point.inputTokens)/\(s.point.outputTokens)"
            : "fixed lengths \(s.point.inputTokens)/\(s.point.outputTokens)"
    }
}
