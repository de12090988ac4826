import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost tune`: batch limit, precisions and parallelism for one model on N devices of one type.
struct TuneCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Sweep precision, KV precision, TP/PP and batch limit for one device type: frontier, sweet spot, launch settings.",
        discussion: """
            With a PROFILE, uses its model, precisions, lengths, peak rate and targets, on --offer ID's devices or
            --device ID --count N. Without, give --model, --device, --input-tokens and --output-tokens (and --rate and
            targets to check). Finalists are replayed in the serving simulator at the rate. docs/tune.md.
            """)

    @Argument(help: "A profile YAML file; omit it to describe the workload with flags.") var profile: String?
    @Option(name: .long, help: "An offer id: tune for its device type and devices per instance or server.") var offer: String?
    @Option(name: .long, help: "Model id (without a profile).") var model: String?
    @Option(name: .long, help: "Device id.") var device: String?
    @Option(name: .long, help: "Devices to spread over (default: the offer's, else 1).") var count: Int?
    @Option(name: .customLong("memory-gb"), help: "Memory per device in GB (CPUs).") var memoryGB: Double?
    @Option(name: .long, parsing: .upToNextOption, help: "Weight precisions to try (default: the profile's, else bf16 fp8 int4).") var precisions: [String] = []
    @Option(name: .customLong("kv-precisions"), parsing: .upToNextOption, help: "KV-cache precisions to try (default: the profile's, else bf16 fp8).") var kvPrecisions: [String] = []
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request.") var inputTokens: Int?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request.") var outputTokens: Int?
    @Option(name: .long, help: "Requests per second the devices serve together (default: the profile's peak).") var rate: Double?
    @Option(name: .customLong("ttft-ms"), help: "TTFT target, ms.") var ttftMs: Double?
    @Option(name: .customLong("tpot-ms"), help: "TPOT target, ms.") var tpotMs: Double?
    @Option(name: .long, help: "Percentile the targets hold at: 50, 90, 95 or 99.") var percentile: Double?
    @Option(name: .customLong("token-budgets"), parsing: .upToNextOption, help: "Chunked-prefill token budgets the finalists are simulated with.") var tokenBudgets: [Int] = [2048, 8192]
    @Option(name: .long, help: "Finalists replayed in the simulator (0: closed form only).") var finalists: Int = 3
    @Flag(name: .long, help: "List every configuration, not only the frontier.") var all = false
    @Flag(name: .long, help: "Draw the frontier under the table even when stdout is not a terminal.") var plot = false
    @Option(name: .long, help: "Output format: table, json, csv, markdown or svg (the frontier chart).") var format: Format = .table
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    /// The report formats, and the frontier chart.
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, markdown, svg }

    func validate() throws {
        guard profile != nil || (model != nil && (device != nil || offer != nil)) else {
            throw ValidationError("give a PROFILE with --offer or --device, or --model with --device (and --input-tokens, --output-tokens)")
        }
        guard profile != nil || offer != nil || device != nil else { throw ValidationError("give --offer ID or --device ID") }
        guard count.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--count must be 1 to 64") }
        for (name, value) in [("--input-tokens", inputTokens), ("--output-tokens", outputTokens)] {
            guard value.map({ (1...10_000_000).contains($0) }) ?? true else { throw ValidationError("\(name) must be 1 to 10000000") }
        }
        for (name, value) in [("--rate", rate), ("--ttft-ms", ttftMs), ("--tpot-ms", tpotMs), ("--memory-gb", memoryGB)] {
            guard value.map({ $0.isFinite && $0 > 0 && $0 <= 1e7 }) ?? true else { throw ValidationError("\(name) must be a positive number up to 10000000") }
        }
        guard percentile.map({ [50, 90, 95, 99].contains($0) }) ?? true else { throw ValidationError("--percentile must be 50, 90, 95 or 99") }
        guard (0...10).contains(finalists) else { throw ValidationError("--finalists must be 0 to 10") }
        guard !tokenBudgets.isEmpty, tokenBudgets.count <= 8, tokenBudgets.allSatisfy({ (64...1_048_576).contains($0) }) else {
            throw ValidationError("--token-budgets takes 1 to 8 values from 64 to 1048576")
        }
        for p in precisions where !Precision.weightPrecisions.map(\.rawValue).contains(p) {
            throw ValidationError("--precisions: '\(p)' is not one of \(Precision.weightPrecisions.map(\.rawValue).joined(separator: ", "))")
        }
        for p in kvPrecisions where !Precision.kvPrecisions.map(\.rawValue).contains(p) {
            throw ValidationError("--kv-precisions: '\(p)' is not one of \(Precision.kvPrecisions.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let catalog = catalog.load(env) else { return ExitStatus.dataError }
        var loadedProfile: Profile?
        if let profile {
            let (loaded, diagnostics) = CatalogLoader.loadProfile(at: URL(fileURLWithPath: profile), catalog: catalog)
            if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
            loadedProfile = loaded
        }
        guard let modelID = model ?? loadedProfile?.modelID, let spec = catalog.models[modelID] else {
            env.writeErr(Suggest.unknown("model", model ?? "", among: Array(catalog.models.keys), list: "infercost catalog list models"))
            return ExitStatus.usage
        }
        var deviceID = device, devices = count ?? 1, memory = memoryGB
        if let offer {
            guard let o = catalog.offers.first(where: { $0.id == offer }) else {
                env.writeErr(Suggest.unknown("offer", offer, among: catalog.offers.map(\.id), list: "infercost catalog list offers"))
                return ExitStatus.usage
            }
            deviceID = o.deviceID; devices = count ?? o.devicesPerUnit; memory = memory ?? o.memoryGBPerDevice
        }
        guard let deviceID, let dev = catalog.devices[deviceID] else {
            env.writeErr(Suggest.unknown("device", deviceID ?? "", among: Array(catalog.devices.keys), list: "infercost catalog list devices"))
            return ExitStatus.usage
        }
        guard let input = inputTokens ?? loadedProfile?.traffic.inputTokens, let output = outputTokens ?? loadedProfile?.traffic.outputTokens else {
            env.writeErr("error: without a profile, give --input-tokens and --output-tokens"); return ExitStatus.usage
        }
        let weights = precisions.isEmpty ? (loadedProfile?.precisions.weights ?? [.bf16, .fp8, .int4]) : precisions.compactMap(Precision.init(rawValue:))
        let kvs = kvPrecisions.isEmpty ? (loadedProfile?.precisions.kvCache ?? [.bf16, .fp8]) : kvPrecisions.compactMap(Precision.init(rawValue:))
        let fitted = calibration.load(env, catalog: catalog, database: database.url(env))
        let result = Tuner.tune(.init(
            model: spec, device: dev, devices: devices, memoryGBPerDevice: memory, weightPrecisions: weights, kvPrecisions: kvs,
            inputTokens: input, outputTokens: output, requestsPerSecond: rate ?? loadedProfile?.traffic.peakRequestsPerSecond,
            ttftTargetMs: ttftMs ?? loadedProfile?.targets.ttftMs, tpotTargetMs: tpotMs ?? loadedProfile?.targets.tpotMs,
            percentile: percentile ?? loadedProfile?.targets.percentile ?? 95, calibration: fitted?.calibration, tokenBudgets: tokenBudgets,
            finalists: finalists))
        let report = TuneReport(result: result, all: all, plot: plot || (format == .table && isatty(STDOUT_FILENO) == 1))
        env.writeOut(format == .svg ? report.svg() : report.render(OutputFormat(rawValue: format.rawValue) ?? .table))
        return result.sweetSpot == nil ? ExitStatus.noOption : ExitStatus.success
    }
}
