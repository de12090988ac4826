/// One concrete way to run a model on one replica: device, parallelism, precisions, batch, lengths.
public struct DeploymentPoint: Sendable, Hashable, Encodable {
    public var deviceID: String
    public var tensorParallel: Int
    public var pipelineParallel: Int
    public var weightPrecision: Precision
    public var kvPrecision: Precision
    /// Concurrent sequences per replica (the continuous-batching limit).
    public var batch: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// Host memory per CPU socket, from the offer; nil for GPUs and accelerators.
    public var memoryGBPerDevice: Double?
    /// The serving engine; it sets the KV-cache share, the batch caps and the step token budget.
    public var engine: ServingEngine
    /// Several whole nodes over their scale-out network; nil: the replica sits in one instance or server.
    public var span: NodeSpan?

    public init(deviceID: String, tensorParallel: Int = 1, pipelineParallel: Int = 1, weightPrecision: Precision,
                kvPrecision: Precision, batch: Int, inputTokens: Int, outputTokens: Int, memoryGBPerDevice: Double? = nil,
                engine: ServingEngine = .generic, span: NodeSpan? = nil) {
        self.engine = engine; self.span = span
        self.deviceID = deviceID; self.tensorParallel = tensorParallel; self.pipelineParallel = pipelineParallel
        self.weightPrecision = weightPrecision; self.kvPrecision = kvPrecision; self.batch = batch
        self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.memoryGBPerDevice = memoryGBPerDevice
    }

    /// Whole nodes one replica occupies (1 unless it spans several).
    public var nodes: Int { span?.nodes ?? 1 }

    /// TP x PP, saturating: flags and layouts are range-checked, but the product never traps.
    public var devicesPerReplica: Int {
        let (product, overflow) = tensorParallel.multipliedReportingOverflow(by: pipelineParallel)
        return overflow ? Int.max : product
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device", tensorParallel = "tp", pipelineParallel = "pp", weightPrecision = "precision"
        case kvPrecision = "kv_precision", batch, inputTokens = "input_tokens", outputTokens = "output_tokens"
        case memoryGBPerDevice = "memory_gb_per_device", engine, span = "nodes"
    }
}
