import InferCostCore

/// Bytes of weights and KV cache, and what fits (docs/methodology.md, "Memory").
public enum MemoryModel {
    /// Bytes of all weights at a precision (`ModelSpec.weightBytes`: the checkpoint's own
    /// quantisation when it ships at this precision).
    public static func weightBytes(_ model: ModelSpec, precision: Precision) -> Double {
        model.weightBytes(precision: precision)
    }

    /// Memory use of one replica's devices at the point's batch.
    public static func memory(_ model: ModelSpec, point: DeploymentPoint, capacityGB: Double,
                              factors: EfficiencyFactors) -> Estimate.Memory {
        let devices = Double(point.devicesPerReplica)
        let weightsGB = weightBytes(model, precision: point.weightPrecision) / devices / Units.bytesPerGB
        let tokens = Double(point.inputTokens) + Double(point.outputTokens)
        let kvPerSequenceGB = model.kvCacheBytes(sequenceTokens: tokens, kv: point.kvPrecision,
                                                 tensorParallel: point.tensorParallel,
                                                 pipelineParallel: point.pipelineParallel) / Units.bytesPerGB
        let overheadGB = capacityGB * factors.memoryReserveFraction
        let freeGB = capacityGB - overheadGB - weightsGB
        let maxBatch: Int
        if freeGB <= 0 {
            maxBatch = 0
        } else if kvPerSequenceGB > 0 {
            let sequences = (freeGB / kvPerSequenceGB).rounded(.down)
            maxBatch = sequences >= Double(batchCap) ? batchCap : Int(sequences)
        } else {
            maxBatch = encoderBatchCap
        }
        return Estimate.Memory(
            weightsGBPerDevice: weightsGB, kvCacheGBPerDevice: kvPerSequenceGB * Double(point.batch),
            overheadGBPerDevice: overheadGB, capacityGBPerDevice: capacityGB,
            kvCacheGBPerSequence: kvPerSequenceGB * devices, maxBatch: maxBatch)
    }

    /// Encoders keep no KV cache; their batch is capped like a serving stack's max batch.
    public static let encoderBatchCap = 256

    /// The largest batch the model reports (no serving stack runs more sequences per replica); keeps
    /// the count an exact `Int` whatever the memory and lengths.
    public static let batchCap = 10_000_000
}
