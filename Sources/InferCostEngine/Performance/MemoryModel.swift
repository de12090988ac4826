import InferCostCore

/// Bytes of weights and KV cache, and what fits (docs/methodology.md, "Memory").
public enum MemoryModel {
    /// Bytes of all weights at a precision. Quantised checkpoints (AWQ, GPTQ, FP8) keep the
    /// embedding and the output head in 16 bits; only the layers are quantised.
    public static func weightBytes(_ model: ModelSpec, precision: Precision) -> Double {
        let layerBytes = model.layerParameters * (precision.bytesPerValue + precision.scaleOverheadBytesPerValue)
        let sixteenBit = Precision.bf16.bytesPerValue
        let embedding = model.embeddingParameters * sixteenBit
        let head = model.tieWordEmbeddings ? 0 : model.lmHeadParameters * sixteenBit
        return layerBytes + embedding + head
    }

    /// KV heads each device holds: split by tensor parallelism, replicated when TP exceeds them.
    public static func kvHeadsPerDevice(_ model: ModelSpec, tensorParallel: Int) -> Int {
        let tp = max(1, tensorParallel)
        return max(1, model.kvHeads / tp + (model.kvHeads % tp == 0 ? 0 : 1))
    }

    /// KV-cache bytes one token adds on one device: 2 (K and V) x layers x KV heads x head dim x bytes.
    public static func kvBytesPerTokenPerDevice(_ model: ModelSpec, kv: Precision, tensorParallel: Int,
                                                pipelineParallel: Int) -> Double {
        guard model.kind == .decoder else { return 0 }
        let layersPerDevice = Double(model.layers) / Double(pipelineParallel)
        return 2 * layersPerDevice * Double(kvHeadsPerDevice(model, tensorParallel: tensorParallel))
            * Double(model.headDim) * kv.bytesPerValue
    }

    /// Memory use of one replica's devices at the point's batch.
    public static func memory(_ model: ModelSpec, point: DeploymentPoint, capacityGB: Double,
                              factors: EfficiencyFactors) -> Estimate.Memory {
        let devices = Double(point.devicesPerReplica)
        let weightsGB = weightBytes(model, precision: point.weightPrecision) / devices / Units.bytesPerGB
        let tokens = Double(point.inputTokens) + Double(point.outputTokens)
        let kvPerSequenceGB = kvBytesPerTokenPerDevice(model, kv: point.kvPrecision, tensorParallel: point.tensorParallel,
                                                      pipelineParallel: point.pipelineParallel) * tokens / Units.bytesPerGB
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
