// KV-cache sizes per layer type (docs/methodology.md, "KV cache").
extension ModelSpec {
    /// KV heads each device holds: split by tensor parallelism, replicated when TP exceeds them.
    public func kvHeadsPerDevice(tensorParallel: Int) -> Int {
        max(1, (kvHeads + max(tensorParallel, 1) - 1) / max(tensorParallel, 1))
    }

    /// Cached values one token adds to one attention layer on one device: K and V of the device's
    /// KV heads (`2 x ceil(g / TP) x d`), or for MLA the latent plus the rotary key
    /// (`kv_lora_rank + qk_rope_head_dim`), which every tensor-parallel rank holds whole.
    public func kvValuesPerTokenPerLayer(tensorParallel: Int = 1) -> Double {
        guard kind == .decoder else { return 0 }
        if let mla = multiLatentAttention { return Double(mla.cachedValuesPerToken) }
        return 2 * Double(kvHeadsPerDevice(tensorParallel: tensorParallel)) * Double(headDim)
    }

    /// Tokens a layer of `type` keeps cached for a sequence of `tokens` tokens: all of them for full
    /// attention, at most the window for sliding layers and at most one chunk for chunked layers.
    public func cachedTokens(_ type: AttentionLayerType, sequenceTokens tokens: Double) -> Double {
        switch type {
        case .full: tokens
        case .sliding: min(tokens, Double(slidingWindowTokens ?? Int.max))
        case .chunked: min(tokens, Double(attentionChunkTokens ?? Int.max))
        }
    }

    /// KV-cache bytes one sequence of `tokens` tokens holds on one device: per layer type, the
    /// device's share of those layers (`1 / PP`) x values per token x the tokens that layer keeps x bytes.
    public func kvCacheBytes(sequenceTokens tokens: Double, kv: Precision, tensorParallel: Int = 1,
                             pipelineParallel: Int = 1) -> Double {
        guard kind == .decoder, tokens > 0 else { return 0 }
        let perLayer = kvValuesPerTokenPerLayer(tensorParallel: tensorParallel) * kv.bytesPerValue
        let stages = Double(max(pipelineParallel, 1))
        var bytes = 0.0
        for type in AttentionLayerType.allCases {
            let count = attentionLayers(type)
            if count > 0 { bytes += Double(count) / stages * perLayer * cachedTokens(type, sequenceTokens: tokens) }
        }
        return bytes
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
