/// Predicted memory, latency, throughput and power of one deployment point (one replica).
public struct Estimate: Sendable, Hashable, Encodable {
    public struct Memory: Sendable, Hashable, Encodable {
        public var weightsGBPerDevice: Double
        public var kvCacheGBPerDevice: Double
        public var overheadGBPerDevice: Double
        public var capacityGBPerDevice: Double
        /// KV cache per sequence of input + output tokens, for the whole replica.
        public var kvCacheGBPerSequence: Double
        /// Largest batch whose worst-case KV cache (every sequence at input + output) fits the pool, capped
        /// by the engine's sequence limit (0: the weights alone do not fit).
        public var maxBatch: Int
        /// Activation workspace at the engine's step token budget, plus the runtime reserve.
        public var workspaceGBPerDevice: Double
        /// The engine's KV-cache pool: what its memory share leaves after weights and workspace.
        public var kvPoolGBPerDevice: Double
        /// Sequences the pool holds at average occupancy under continuous batching (input + output/2 each),
        /// capped by the engine's sequence limit: the batch a fully loaded replica runs.
        public var averageOccupancyBatch: Int
        public var totalGBPerDevice: Double { weightsGBPerDevice + kvCacheGBPerDevice + overheadGBPerDevice }
        public var fits: Bool { totalGBPerDevice <= capacityGBPerDevice + 1e-9 }

        public init(weightsGBPerDevice: Double, kvCacheGBPerDevice: Double, overheadGBPerDevice: Double,
                    capacityGBPerDevice: Double, kvCacheGBPerSequence: Double, maxBatch: Int,
                    workspaceGBPerDevice: Double = 0, kvPoolGBPerDevice: Double = 0, averageOccupancyBatch: Int? = nil) {
            self.weightsGBPerDevice = weightsGBPerDevice; self.kvCacheGBPerDevice = kvCacheGBPerDevice
            self.overheadGBPerDevice = overheadGBPerDevice; self.capacityGBPerDevice = capacityGBPerDevice
            self.kvCacheGBPerSequence = kvCacheGBPerSequence; self.maxBatch = maxBatch
            self.workspaceGBPerDevice = workspaceGBPerDevice; self.kvPoolGBPerDevice = kvPoolGBPerDevice
            self.averageOccupancyBatch = averageOccupancyBatch ?? maxBatch
        }

        enum CodingKeys: String, CodingKey {
            case weightsGBPerDevice = "weights_gb_per_device", kvCacheGBPerDevice = "kv_cache_gb_per_device"
            case overheadGBPerDevice = "overhead_gb_per_device", capacityGBPerDevice = "capacity_gb_per_device"
            case kvCacheGBPerSequence = "kv_cache_gb_per_sequence", maxBatch = "max_batch"
            case workspaceGBPerDevice = "workspace_gb_per_device", kvPoolGBPerDevice = "kv_pool_gb_per_device"
            case averageOccupancyBatch = "average_occupancy_batch"
            case totalGBPerDevice = "total_gb_per_device", fits
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(weightsGBPerDevice, forKey: .weightsGBPerDevice)
            try c.encode(kvCacheGBPerDevice, forKey: .kvCacheGBPerDevice)
            try c.encode(overheadGBPerDevice, forKey: .overheadGBPerDevice)
            try c.encode(totalGBPerDevice, forKey: .totalGBPerDevice)
            try c.encode(capacityGBPerDevice, forKey: .capacityGBPerDevice)
            try c.encode(fits, forKey: .fits)
            try c.encode(kvCacheGBPerSequence, forKey: .kvCacheGBPerSequence)
            try c.encode(maxBatch, forKey: .maxBatch)
            try c.encode(workspaceGBPerDevice, forKey: .workspaceGBPerDevice)
            try c.encode(kvPoolGBPerDevice, forKey: .kvPoolGBPerDevice)
            try c.encode(averageOccupancyBatch, forKey: .averageOccupancyBatch)
        }
    }

    /// One phase (prefill or a decode step): its time and what limits it. Compute and memory are totals
    /// over the pass's operations; the attention kernels' share of each is kept apart because attention
    /// runs after the weight GEMMs, not overlapped with them (docs/methodology.md, "Time").
    public struct Phase: Sendable, Hashable, Encodable {
        public var seconds: Double
        public var computeSeconds: Double
        public var memorySeconds: Double
        public var interconnectSeconds: Double
        public var overheadSeconds: Double
        public var bottleneck: Bottleneck
        /// The attention kernels' part of `computeSeconds` and of `memorySeconds` (KV-cache reads).
        public var attentionComputeSeconds: Double
        public var attentionMemorySeconds: Double
        /// The elementwise kernels' part of `memorySeconds` (norms, rotary embedding, the MLP activation,
        /// residual adds: activation traffic that runs between the GEMMs, not under them).
        public var activationMemorySeconds: Double
        public init(seconds: Double, computeSeconds: Double, memorySeconds: Double, interconnectSeconds: Double,
                    overheadSeconds: Double, bottleneck: Bottleneck, attentionComputeSeconds: Double = 0,
                    attentionMemorySeconds: Double = 0, activationMemorySeconds: Double = 0) {
            self.activationMemorySeconds = activationMemorySeconds
            self.seconds = seconds; self.computeSeconds = computeSeconds; self.memorySeconds = memorySeconds
            self.interconnectSeconds = interconnectSeconds; self.overheadSeconds = overheadSeconds
            self.bottleneck = bottleneck
            self.attentionComputeSeconds = attentionComputeSeconds; self.attentionMemorySeconds = attentionMemorySeconds
        }

        /// Per-operation roofline: the weight GEMMs (with the activation traffic around them) and the
        /// attention kernels each take the longer of their compute and their memory time, one after the
        /// other; links and fixed overhead add.
        public static func rooflineSeconds(compute: Double, memory: Double, attentionCompute: Double,
                                           attentionMemory: Double, activationMemory: Double = 0, interconnect: Double,
                                           overhead: Double) -> Double {
            max(compute - attentionCompute, memory - attentionMemory - activationMemory) + activationMemory
                + max(attentionCompute, attentionMemory) + interconnect + overhead
        }

        enum CodingKeys: String, CodingKey {
            case seconds, computeSeconds = "compute_seconds", memorySeconds = "memory_seconds"
            case interconnectSeconds = "interconnect_seconds", overheadSeconds = "overhead_seconds", bottleneck
            case attentionComputeSeconds = "attention_compute_seconds", attentionMemorySeconds = "attention_memory_seconds"
            case activationMemorySeconds = "activation_memory_seconds"
        }
    }

    /// A replica kept full under continuous batching: the running batch, the mixed pass it repeats
    /// (its decodes plus the prompt tokens of arriving requests), and the TTFT a new request sees then.
    public struct Serving: Sendable, Hashable, Encodable {
        public var batch: Int
        public var step: Phase
        public var ttftSeconds: Double
        /// True when the engine's step token budget, not the batch limit, sets the running batch.
        public var limitedByStepBudget: Bool
        public init(batch: Int, step: Phase, ttftSeconds: Double, limitedByStepBudget: Bool) {
            self.batch = batch; self.step = step; self.ttftSeconds = ttftSeconds; self.limitedByStepBudget = limitedByStepBudget
        }
        enum CodingKeys: String, CodingKey {
            case batch, step, ttftSeconds = "ttft_seconds", limitedByStepBudget = "limited_by_step_budget"
        }
    }

    public var point: DeploymentPoint
    /// Sequences one prefill pass processes: the whole batch for encoders (they answer in one
    /// pass), one prompt for decoders (new requests join a running batch one by one).
    public var prefillSequences: Int
    public var memory: Memory
    /// Prefill of one request's prompt (nil when the specs it needs are missing).
    public var prefill: Phase?
    /// One decode step at the point's batch (nil for encoders or missing specs).
    public var decode: Phase?
    /// The replica at full load (nil for encoders, prefill-only points or missing specs).
    public var serving: Serving?
    /// Rated power (TDP) of one device, W (nil without `tdp_w`); the draw at a given load is the cost model's.
    public var powerWPerDevice: Double?
    /// Catalog figures the estimate needed but did not have, e.g. `h100-sxm.memory_bandwidth_gb_s`.
    public var missing: [String]
    /// Provenance of each figure, keyed by the JSON field name.
    public var provenance: [String: Provenance]

    public init(point: DeploymentPoint, prefillSequences: Int = 1, memory: Memory, prefill: Phase?, decode: Phase?,
                serving: Serving? = nil, ttftSeconds: Double? = nil, powerWPerDevice: Double?, missing: [String],
                provenance: [String: Provenance]) {
        self.fallbackTTFTSeconds = ttftSeconds
        self.point = point; self.prefillSequences = prefillSequences; self.memory = memory; self.prefill = prefill; self.decode = decode
        self.serving = serving
        self.powerWPerDevice = powerWPerDevice; self.missing = missing; self.provenance = provenance
    }

    public var isComplete: Bool { missing.isEmpty && prefill != nil }

    /// Time to first token of one request with no queueing: prefill plus the first decode step, computed
    /// with the factors the TTFT family uses (the uncalibrated ones when calibration falls back for it).
    /// Unknown (nil) without a prefill phase.
    public var ttftSeconds: Double? {
        guard let prefill else { return nil }
        return fallbackTTFTSeconds ?? prefill.seconds + (decode?.seconds ?? 0)
    }
    /// TTFT computed with other factors than the phases (calibration's fallback for the TTFT family).
    public var fallbackTTFTSeconds: Double?
    public var tpotSeconds: Double? { decode?.seconds }
    public var prefillTokensPerSecond: Double? {
        prefill.map { Double(point.inputTokens) * Double(prefillSequences) / $0.seconds }
    }
    /// Time one request occupies the replica under continuous batching at a full batch: the mixed passes
    /// that produce its tokens (and prefill its prompt alongside), shared with the running batch.
    public var serviceSecondsPerRequest: Double? {
        guard let prefill else { return nil }
        guard point.outputTokens > 0 else { return prefill.seconds / Double(prefillSequences) }
        guard let serving else { return nil }
        return Double(point.outputTokens) * serving.step.seconds / Double(serving.batch)
    }

    /// One pass that prefills `prompts` prompts together (a static batch): compute and links scale
    /// with the prompts, the weights are read once.
    public func batchedPrefillSeconds(prompts: Int) -> Double? {
        guard let prefill else { return nil }
        let n = Double(prompts) / Double(prefillSequences)
        return Phase.rooflineSeconds(compute: prefill.computeSeconds * n,
                                     memory: prefill.memorySeconds + prefill.activationMemorySeconds * (n - 1),
                                     attentionCompute: prefill.attentionComputeSeconds * n,
                                     attentionMemory: prefill.attentionMemorySeconds * n,
                                     activationMemory: prefill.activationMemorySeconds * n,
                                     interconnect: prefill.interconnectSeconds * n, overhead: prefill.overheadSeconds)
    }
    /// Requests per second one replica completes when kept full.
    public var requestsPerSecond: Double? { serviceSecondsPerRequest.map { 1 / $0 } }
    /// Output tokens per second of the replica (all its devices).
    public var outputTokensPerSecond: Double? { requestsPerSecond.map { $0 * Double(point.outputTokens) } }
    public var outputTokensPerSecondPerDevice: Double? {
        outputTokensPerSecond.map { $0 / Double(point.devicesPerReplica) }
    }

    enum CodingKeys: String, CodingKey {
        case point, prefillSequences = "prefill_sequences", memory, prefill, decode, serving, powerWPerDevice = "power_w_per_device", missing, provenance
    }
}
