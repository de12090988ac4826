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
    /// Attention data parallel (TensorRT-LLM `enable_attention_dp`, SGLang `--enable-dp-attention`), for a
    /// mixture of experts: each of the TP ranks runs attention and the dense layers for its own share of the
    /// sequences, holding every non-expert weight, and only the routed experts are split across the ranks
    /// (expert parallel). False: plain tensor parallelism. Ignored for dense models.
    public var attentionDataParallel: Bool

    public init(deviceID: String, tensorParallel: Int = 1, pipelineParallel: Int = 1, weightPrecision: Precision,
                kvPrecision: Precision, batch: Int, inputTokens: Int, outputTokens: Int, memoryGBPerDevice: Double? = nil,
                engine: ServingEngine = .generic, span: NodeSpan? = nil, attentionDataParallel: Bool = false) {
        self.engine = engine; self.span = span; self.attentionDataParallel = attentionDataParallel
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
        case memoryGBPerDevice = "memory_gb_per_device", engine, span = "nodes", attentionDataParallel = "attention_dp"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deviceID, forKey: .deviceID); try c.encode(tensorParallel, forKey: .tensorParallel)
        try c.encode(pipelineParallel, forKey: .pipelineParallel); try c.encode(weightPrecision, forKey: .weightPrecision)
        try c.encode(kvPrecision, forKey: .kvPrecision); try c.encode(batch, forKey: .batch)
        try c.encode(inputTokens, forKey: .inputTokens); try c.encode(outputTokens, forKey: .outputTokens)
        try c.encodeIfPresent(memoryGBPerDevice, forKey: .memoryGBPerDevice); try c.encode(engine, forKey: .engine)
        try c.encodeIfPresent(span, forKey: .span)
        // Written only when set, so every plain tensor-parallel output stays as it was.
        if attentionDataParallel { try c.encode(true, forKey: .attentionDataParallel) }
    }
}
