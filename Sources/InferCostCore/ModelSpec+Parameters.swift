// Parameter counts and weight bytes (docs/methodology.md, "Parameters" and "Memory").
extension ModelSpec {
    /// Attention projections of one layer: q, k, v and o for standard attention
    /// (`h x d x (2a + 2g)`); the latent projections for MLA.
    public var attentionParametersPerLayer: Double {
        if let mla = multiLatentAttention { return mla.parameters(hidden: hiddenSize, heads: attentionHeads) }
        return Double(hiddenSize) * Double(headDim) * Double(2 * attentionHeads + 2 * kvHeads)
    }
    /// The MLP of one dense layer.
    public var denseMLPParameters: Double {
        Double(mlp == .gated ? 3 : 2) * Double(hiddenSize) * Double(intermediateSize)
    }
    /// One routed or shared expert's MLP.
    public var mlpParametersPerExpert: Double {
        Double(mlp == .gated ? 3 : 2) * Double(hiddenSize) * Double(expertIntermediateSize)
    }
    /// Router weights of one MoE layer.
    public var routerParametersPerLayer: Double { isMoE ? Double(hiddenSize) * Double(experts ?? 0) : 0 }
    /// Norm weights of one layer.
    public var normParametersPerLayer: Double { Double(normsPerLayer) * Double(hiddenSize) }

    public var embeddingParameters: Double { Double(vocabSize) * Double(hiddenSize) }
    /// The output projection to the vocabulary (decoders only); shares storage when tied.
    public var lmHeadParameters: Double { kind == .decoder ? embeddingParameters : 0 }

    /// Weights of every routed expert of every MoE layer: what a checkpoint quantised only in its experts shrinks.
    public var routedExpertParameters: Double { Double(moeLayers) * Double(experts ?? 0) * mlpParametersPerExpert }

    /// All layer weights, every expert included: what memory must hold.
    public var layerParameters: Double { layerParameters(expertsUsed: Double(experts ?? 0)) }
    /// Layer weights one token passes through: what compute sees.
    public var activeLayerParameters: Double { layerParameters(expertsUsed: Double(expertsPerToken ?? 0)) }

    private func layerParameters(expertsUsed: Double) -> Double {
        let shared = Double(layers) * (attentionParametersPerLayer + normParametersPerLayer) + Double(hiddenSize)
        let dense = Double(denseLayers) * denseMLPParameters
        let moe = Double(moeLayers) * (mlpParametersPerExpert * (expertsUsed + Double(sharedExperts)) + routerParametersPerLayer)
        return shared + dense + moe
    }
    /// Parameters stored (embedding once if tied).
    public var totalParameters: Double {
        embeddingParameters + layerParameters + (tieWordEmbeddings ? 0 : lmHeadParameters)
    }
    /// Parameters used per token, embedding lookup excluded (it is a gather, not a matmul).
    public var activeParameters: Double { activeLayerParameters + lmHeadParameters }

    // MARK: Bytes

    /// Bytes per layer weight at `precision`, scales included. When the checkpoint ships quantised
    /// at this precision (`quantization`), its own format sets the bytes of the modules it quantises
    /// and the others stay 16-bit; otherwise every layer weight is at `precision`, with one 16-bit
    /// scale per 128 weights for int4/fp4 (docs/methodology.md, "Memory").
    public func bytesPerLayerWeight(_ precision: Precision, routedExpert: Bool) -> Double {
        if let q = quantization, q.scheme.precision == precision {
            return routedExpert || q.scope == .allLayers ? q.bytesPerWeight : Precision.bf16.bytesPerValue
        }
        return precision.bytesPerValue + precision.scaleOverheadBytesPerValue
    }

    /// Bytes of all weights at a precision. Quantised checkpoints keep the embedding and the
    /// output head in 16 bits; only the layers are quantised.
    public func weightBytes(precision: Precision) -> Double {
        let experts = routedExpertParameters
        let layerBytes = experts * bytesPerLayerWeight(precision, routedExpert: true)
            + (layerParameters - experts) * bytesPerLayerWeight(precision, routedExpert: false)
        let sixteenBit = Precision.bf16.bytesPerValue
        let head = tieWordEmbeddings ? 0 : lmHeadParameters * sixteenBit
        return layerBytes + embeddingParameters * sixteenBit + head
    }
}
