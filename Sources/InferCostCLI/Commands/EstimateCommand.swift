import ArgumentParser
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost estimate`: one point estimate for a model on a device.
struct EstimateCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate memory, TTFT, TPOT and throughput of one model on one device configuration.",
        discussion: "--batch max picks the largest batch that fits in memory: the offline maximum throughput.")

    @Option(name: .long, help: "Model id, alias or Hugging Face name (infercost catalog list models).", completion: Completions.models) var model: String
    @Option(name: .long, help: "Device id or alias (infercost catalog list devices).", completion: Completions.devices) var device: String
    @Option(name: .long, help: "Weight precision: bf16, fp16, fp8, int8, int4, fp4.") var precision: Precision = .bf16
    @Option(name: .customLong("kv-precision"), help: "KV-cache precision: bf16, fp16, fp8, int8.") var kvPrecision: Precision = .bf16
    @Option(name: .long, parsing: .unconditional, help: "Concurrent sequences per replica, or 'max' for the largest that fits.") var batch: String = "1"
    @Option(name: .customLong("input-tokens"), parsing: .unconditional, help: "Prompt tokens per request.") var inputTokens: Int
    @Option(name: .customLong("output-tokens"), parsing: .unconditional, help: "Generated tokens per request.") var outputTokens: Int
    @Option(name: .long, parsing: .unconditional, help: "Tensor-parallel degree.") var tp: Int = 1
    @Option(name: .long, parsing: .unconditional, help: "Pipeline-parallel degree.") var pp: Int = 1
    @Flag(name: .customLong("attention-dp"), help: "Attention data parallel with expert-parallel MoE layers (a mixture of experts at --tp above 1): each TP rank runs attention for its own sequences (TensorRT-LLM enable_attention_dp, SGLang --enable-dp-attention).")
    var attentionDataParallel = false
    @Option(name: .customLong("memory-gb"), parsing: .unconditional, help: "Memory per device in GB; required for CPUs (host memory per socket).") var memoryGB: Double?
    @Option(name: .long, help: "Serving engine: \(ServingEngine.allCases.map(\.rawValue).joined(separator: ", ")). Others use the generic engine.")
    var engine: String = "generic"
    @Option(name: .long, help: "Output format: table or json.", completion: .list(["table", "json"])) var format: OutputFormat = .table
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard Precision.weightPrecisions.contains(precision) else {
            throw ValidationError("--precision must be one of: \(Precision.weightPrecisions.map(\.rawValue).joined(separator: ", "))")
        }
        guard Precision.kvPrecisions.contains(kvPrecision) else {
            throw ValidationError("--kv-precision must be one of: \(Precision.kvPrecisions.map(\.rawValue).joined(separator: ", "))")
        }
        if batch != "max" {
            guard let number = Double(batch), Domains.batchFlag.contains(number) else {
                throw ValidationError("--batch must be 'max' or \(Domains.batchFlag.requirement), found \(Excerpt.of(batch))")
            }
        }
        try Domains.inputTokensFlag.check(inputTokens, flag: "--input-tokens")
        try Domains.outputTokensFlag.check(outputTokens, flag: "--output-tokens")
        try Domains.tensorParallelFlag.check(tp, flag: "--tp")
        try Domains.pipelineParallelFlag.check(pp, flag: "--pp")
        try Domains.memoryGBFlag.check(memoryGB, flag: "--memory-gb")
        guard [.table, .json].contains(format) else { throw ValidationError(FormatOption.mustBe([.table, .json])) }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let catalog = catalog.load(env) else { return ExitStatus.dataError }
        guard let spec = catalog.modelID(named: model).flatMap({ catalog.models[$0] }) else {
            env.writeErr(Suggest.unknown("model", model, among: Array(catalog.models.keys), list: "infercost catalog list models"))
            return ExitStatus.usage
        }
        guard let dev = catalog.deviceID(named: device).flatMap({ catalog.devices[$0] }) else {
            env.writeErr(Suggest.unknown("device", device, among: Array(catalog.devices.keys), list: "infercost catalog list devices"))
            return ExitStatus.usage
        }
        if let problem = ParallelLayoutRule.problem(spec, tensorParallel: tp, pipelineParallel: pp) {
            env.writeErr("error: impossible layout: \(problem)")
            return ExitStatus.usage
        }
        if attentionDataParallel && !spec.isMoE {
            env.writeErr("error: --attention-dp splits the routed experts of a mixture of experts; \(spec.id) is dense\nhint: drop --attention-dp, or run replicas of the dense model")
            return ExitStatus.usage
        }
        let servingEngine = ServingEngine(rawValue: engine.lowercased()) ?? ServingEngine(named: engine)
        if servingEngine == nil {
            env.writeErr("warning: engine `\(engine)` has no defaults in InferCost; the generic engine (vLLM's allocation) is used")
        }
        let fitted = calibration.load(env, catalog: catalog, database: database.url(env), measurementsOf: (dev.id, spec.id))
        let point = DeploymentPoint(
            deviceID: dev.id, tensorParallel: tp, pipelineParallel: pp,
            weightPrecision: precision, kvPrecision: kvPrecision,
            batch: batch == "max" ? 0 : Double(batch).flatMap(Domains.batchFlag.wholeNumber) ?? 1, inputTokens: inputTokens, outputTokens: outputTokens, memoryGBPerDevice: memoryGB,
            engine: servingEngine ?? .generic, attentionDataParallel: attentionDataParallel)
        let result = EstimatePipeline.estimate(EstimateRequest(model: spec, device: dev, point: point, calibration: fitted?.calibration,
                                                               measurements: fitted?.samples ?? []))
        let estimate = result.estimate
        env.writeOut(EstimateReport(result).render(format))
        if !dev.supports(point.weightPrecision) {
            env.writeErr("warning: \(dev.name) does not list \(precision.rawValue) among its precisions (\(dev.precisions.map(\.rawValue).joined(separator: ", ")))")
        }
        return estimate.isComplete && estimate.memory.fits ? ExitStatus.success : ExitStatus.noOption
    }
}
