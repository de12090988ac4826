// KV-cache sizes per layer type (docs/methodology.md, "KV cache").
extension ModelSpec {
    /// KV-cache bytes one sequence of `tokens` tokens holds on one device: per layer type, the
    /// device's share of those layers (`1 / PP`) x values per token x the tokens that layer keeps x bytes.
    public func kvCacheBytes(sequenceTokens tokens: Double, kv: Precision, tensorParallel: Int = 1,
                             pipelineParallel: Int = 1) -> Double {
        KVLayout(self).bytes(sequenceTokens: tokens, kv: kv, tensorParallel: tensorParallel, pipelineParallel: pipelineParallel)
    }

    /// KV-cache bytes per token, averaged over a sequence of `contextTokens` tokens (sliding and
    /// chunked layers stop adding once past their window), on one device.
    public func kvBytesPerToken(kv: Precision, contextTokens: Int, tensorParallel: Int = 1,
                                pipelineParallel: Int = 1) -> Double {
        guard contextTokens > 0 else { return 0 }
        return kvCacheBytes(sequenceTokens: Double(contextTokens), kv: kv, tensorParallel: tensorParallel,
                            pipelineParallel: pipelineParallel) / Double(contextTokens)
    }
}

/// What a model's KV cache is made of, in a few numbers: the layers of each attention type, their windows and
/// the values one token adds to one layer. `ModelSpec.kvCacheBytes` is this; an estimator keeps one per model,
/// so that its passes (several per estimate) do not each read the whole model spec.
public struct KVLayout: Sendable, Equatable {
    var isDecoder: Bool
    /// MLA's latent plus rotary key per token and layer, which every rank holds whole; nil for K/V heads.
    var latentValues: Int?
    var kvHeads: Int
    var headDim: Int
    /// Layers of each `AttentionLayerType` (three numbers, not an array: `bytes` runs several times per estimate).
    var fullLayers: Int, slidingLayers: Int, chunkedLayers: Int
    var slidingWindowTokens: Int?
    var attentionChunkTokens: Int?

    public init(_ model: ModelSpec) {
        isDecoder = model.kind == .decoder
        latentValues = model.multiLatentAttention?.cachedValuesPerToken
        kvHeads = model.kvHeads; headDim = model.headDim
        fullLayers = model.attentionLayers(.full); slidingLayers = model.attentionLayers(.sliding)
        chunkedLayers = model.attentionLayers(.chunked)
        slidingWindowTokens = model.slidingWindowTokens; attentionChunkTokens = model.attentionChunkTokens
    }

    /// `ModelSpec.kvCacheBytes`: per layer type, the device's share of those layers (`1 / PP`) x the values one token
    /// adds to one layer (`valuesPerTokenPerLayer`) x the tokens that layer keeps (`cachedTokens`) x bytes.
    public func bytes(sequenceTokens tokens: Double, kv: Precision, tensorParallel: Int, pipelineParallel: Int) -> Double {
        guard isDecoder, tokens > 0 else { return 0 }
        let perLayer = Self.valuesPerTokenPerLayer(latent: latentValues, kvHeads: kvHeads, headDim: headDim,
                                                   tensorParallel: tensorParallel) * kv.bytesPerValue
        let stages = Double(max(pipelineParallel, 1))
        // Summed in `AttentionLayerType.allCases` order, as `ModelSpec.kvCacheBytes` always summed them.
        var bytes = 0.0
        if fullLayers > 0 { bytes += Double(fullLayers) / stages * perLayer * tokens }
        if slidingLayers > 0 {
            bytes += Double(slidingLayers) / stages * perLayer
                * Self.cachedTokens(.sliding, sequenceTokens: tokens, slidingWindow: slidingWindowTokens, chunk: attentionChunkTokens)
        }
        if chunkedLayers > 0 {
            bytes += Double(chunkedLayers) / stages * perLayer
                * Self.cachedTokens(.chunked, sequenceTokens: tokens, slidingWindow: slidingWindowTokens, chunk: attentionChunkTokens)
        }
        return bytes
    }

    /// KV heads each device holds: split by tensor parallelism, replicated when TP exceeds them.
    static func headsPerDevice(_ kvHeads: Int, tensorParallel: Int) -> Int {
        max(1, (kvHeads + max(tensorParallel, 1) - 1) / max(tensorParallel, 1))
    }

    /// Cached values one token adds to one attention layer on one device: K and V of the device's KV heads
    /// (`2 x ceil(g / TP) x d`), or for MLA the latent plus the rotary key (`kv_lora_rank + qk_rope_head_dim`),
    /// which every tensor-parallel rank holds whole.
    static func valuesPerTokenPerLayer(latent: Int?, kvHeads: Int, headDim: Int, tensorParallel: Int) -> Double {
        if let latent { return Double(latent) }
        return 2 * Double(headsPerDevice(kvHeads, tensorParallel: tensorParallel)) * Double(headDim)
    }

    /// Tokens a layer of `type` keeps cached for a sequence of `tokens` tokens: all of them for full attention, at
    /// most the window for sliding layers and at most one chunk for chunked layers.
    static func cachedTokens(_ type: AttentionLayerType, sequenceTokens tokens: Double, slidingWindow: Int?, chunk: Int?) -> Double {
        switch type {
        case .full: tokens
        case .sliding: min(tokens, Double(slidingWindow ?? Int.max))
        case .chunked: min(tokens, Double(chunk ?? Int.max))
        }
    }
}
