import InferCostCore

/// Memory as serving engines allocate it (docs/methodology.md, "Memory"): the weights, an activation
/// workspace sized by the step token budget, and a paged KV-cache pool sized by the engine's memory
/// share. Figures are GiB (2^30 bytes), the unit device capacities and engines use.
public enum MemoryModel {
    /// Bytes of all weights at a precision (`ModelSpec.weightBytes`: the checkpoint's own
    /// quantisation when it ships at this precision).
    public static func weightBytes(_ model: ModelSpec, precision: Precision) -> Double {
        model.weightBytes(precision: precision)
    }

    /// Groups a replica's sequences are split into: the TP ranks under attention data parallel (a mixture of
    /// experts only), else 1. Each group's sequences live, whole, on one rank of each pipeline stage.
    public static func dataParallelRanks(_ model: ModelSpec, _ point: DeploymentPoint) -> Int {
        dataParallelRanks(isMoE: model.isMoE, point)
    }

    /// `dataParallelRanks` for a model known to be (or not be) a mixture of experts.
    static func dataParallelRanks(isMoE: Bool, _ point: DeploymentPoint) -> Int {
        point.attentionDataParallel && isMoE ? max(point.tensorParallel, 1) : 1
    }

    /// Ranks one sequence's attention and KV cache are split across: TP, or 1 under attention data parallel.
    public static func attentionTensorParallel(_ model: ModelSpec, _ point: DeploymentPoint) -> Int {
        attentionTensorParallel(isMoE: model.isMoE, point)
    }

    static func attentionTensorParallel(isMoE: Bool, _ point: DeploymentPoint) -> Int {
        max(point.tensorParallel, 1) / dataParallelRanks(isMoE: isMoE, point)
    }

    /// Weight bytes each device of the replica holds: every weight split over TP x PP, except under
    /// attention data parallel, where each rank keeps the non-expert weights whole and only the routed
    /// experts are split across the ranks.
    public static func weightBytesPerDevice(_ model: ModelSpec, point: DeploymentPoint) -> Double {
        weightBytesPerDevice(model, point: point, all: weightBytes(model, precision: point.weightPrecision))
    }

    /// `weightBytesPerDevice` given the model's weight bytes at the point's precision (`all`), which an
    /// estimator computes once per model, not per estimate.
    static func weightBytesPerDevice(_ model: ModelSpec, point: DeploymentPoint, all: Double) -> Double {
        let ranks = Double(dataParallelRanks(model, point))
        guard ranks > 1 else { return all / Double(point.devicesPerReplica) }
        let routed = model.routedExpertParameters * model.bytesPerLayerWeight(point.weightPrecision, routedExpert: true)
        return ((all - routed) + routed / ranks) / Double(max(point.pipelineParallel, 1))
    }

    /// KV-cache bytes one sequence of `tokens` tokens holds on one device, from the model's `KVLayout` (the
    /// arithmetic of `ModelSpec.kvCacheBytes`: per layer type, so MLA latents, sliding windows and chunked layers
    /// count what they keep), which an estimator keeps. The one place the physics asks for a KV size.
    static func kvBytesPerSequencePerDevice(_ layout: KVLayout, tokens: Double, kv: Precision,
                                            tensorParallel: Int, pipelineParallel: Int) -> Double {
        layout.bytes(sequenceTokens: tokens, kv: kv, tensorParallel: tensorParallel, pipelineParallel: pipelineParallel)
    }

    /// CUDA context, library workspaces (cuBLAS, NCCL) and captured graphs: memory every engine holds
    /// outside its tensors. An assumption of the order engines log at start-up, not a fitted factor.
    public static let runtimeReserveBytes = 1.0 * Units.bytesPerGiB

    /// Peak activation memory of one forward pass at the engine's step token budget, plus the fp32
    /// logits the sampler holds for every running sequence, plus the runtime reserve.
    public static func workspaceBytes(_ model: ModelSpec, tensorParallel: Int, engine: EngineDefaults) -> Double {
        let tokens = Double(engine.stepTokenBudget)
        let tp = Double(tensorParallel)
        let mlpWidth = max(Double(model.intermediateSize),
                           model.isMoE ? Double(model.expertIntermediateSize * (model.expertsPerToken ?? 1)) : 0)
        let perToken = Precision.bf16.bytesPerValue * (2 * mlpWidth / tp + 3 * Double(model.hiddenSize))
        let sequences = Double(min(engine.maxSequences, engine.stepTokenBudget))
        let logits = model.kind == .decoder ? sequences * Double(model.vocabSize) * Precision.fp32.bytesPerValue : 0
        return tokens * perToken + logits + runtimeReserveBytes
    }

    /// Tokens a sequence of `tokens` holds in whole KV blocks.
    static func blockRounded(_ tokens: Double, block: Int) -> Double {
        let b = Double(max(block, 1))
        return (tokens / b).rounded(.up) * b
    }

    /// Memory use of one replica's devices at the point's batch.
    public static func memory(_ model: ModelSpec, point: DeploymentPoint, capacityGB: Double,
                              engine: EngineDefaults) -> Estimate.Memory {
        memory(model, point: point, capacityGB: capacityGB, engine: engine,
               weightBytes: weightBytes(model, precision: point.weightPrecision), kvLayout: KVLayout(model))
    }

    /// `memory` given the model's weight bytes at the point's precision and its KV layout, which an estimator
    /// works out once per model, not per estimate.
    static func memory(_ model: ModelSpec, point: DeploymentPoint, capacityGB: Double,
                       engine: EngineDefaults, weightBytes all: Double, kvLayout: KVLayout) -> Estimate.Memory {
        let devices = Double(point.devicesPerReplica)
        let capacity = capacityGB * Units.bytesPerGiB
        let weights = weightBytesPerDevice(model, point: point, all: all)
        let ranks = dataParallelRanks(model, point), attentionTP = attentionTensorParallel(model, point)
        let workspace = workspaceBytes(model, tensorParallel: attentionTP, engine: engine)
        let pool: Double = switch engine.kvBudget {
        case .shareOfCapacity(let share): share * capacity - weights - workspace
        case .shareOfFree(let share): share * (capacity - weights - workspace)
        case .staticShareOfCapacity(let share): min(share * capacity - weights, capacity - weights - workspace)
        }
        func kvBytes(_ tokens: Double) -> Double {
            kvBytesPerSequencePerDevice(kvLayout, tokens: tokens, kv: point.kvPrecision,
                                        tensorParallel: attentionTP, pipelineParallel: point.pipelineParallel)
        }
        let input = Double(point.inputTokens), output = Double(point.outputTokens)
        // The worst case holds the whole sequence; under continuous batching a running sequence holds on
        // average its prompt, half its output, and half a block of slack, unless the engine reserves the
        // whole sequence at admission. Sliding-window and chunked layers hold at most their window.
        let worstTokens = blockRounded(input + output, block: engine.blockTokens)
        let averageTokens = engine.reservesWholeSequence ? worstTokens : input + output / 2 + Double(engine.blockTokens - 1) / 2
        let worstKV = kvBytes(worstTokens), averageKV = kvBytes(averageTokens)
        let maxBatch: Int, averageBatch: Int
        if pool <= 0 || weights >= capacity {
            maxBatch = 0; averageBatch = 0
        } else if worstKV > 0 {
            // Under attention data parallel each rank admits its own sequences, up to the engine's cap each.
            maxBatch = ranks * sequences(pool / worstKV, cap: engine.maxSequences)
            averageBatch = ranks * sequences(pool / max(averageKV, .leastNonzeroMagnitude), cap: engine.maxSequences)
        } else {
            maxBatch = encoderBatchCap; averageBatch = encoderBatchCap
        }
        let kvPool = max(pool, 0)
        return Estimate.Memory(
            weightsGBPerDevice: weights / Units.bytesPerGiB,
            kvCacheGBPerDevice: worstKV * Double(point.batch) / Double(ranks) / Units.bytesPerGiB,
            overheadGBPerDevice: max(capacity - weights - kvPool, 0) / Units.bytesPerGiB,
            capacityGBPerDevice: capacityGB,
            kvCacheGBPerSequence: worstKV * devices / Double(ranks) / Units.bytesPerGiB, maxBatch: maxBatch,
            workspaceGBPerDevice: workspace / Units.bytesPerGiB, kvPoolGBPerDevice: kvPool / Units.bytesPerGiB,
            averageOccupancyBatch: averageBatch)
    }

    /// Whole sequences that fit, `value` rounded down and clamped to `0...min(cap, batchCap)`: never
    /// traps, whatever the memory and lengths (a NaN gives 0).
    static func sequences(_ value: Double, cap: Int) -> Int {
        let limit = min(cap, batchCap)
        guard value > 0 else { return 0 }  // also NaN
        let down = value.rounded(.down)
        return down >= Double(limit) ? limit : Int(down)
    }

    /// Encoders keep no KV cache; their batch is capped like a serving stack's max batch.
    public static let encoderBatchCap = 256

    /// The largest batch the model reports (no serving stack runs more sequences per replica); keeps
    /// the count an exact `Int` whatever the memory and lengths.
    public static let batchCap = 10_000_000
}
