/// Architecture facts of a transformer, as its config publishes them.
/// Parameter counts are derived from these facts, never typed in.
public struct ModelSpec: Sendable, Hashable, Encodable, Identifiable {
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// Generates tokens one at a time (causal attention, KV cache).
        case decoder
        /// Reads the whole input at once and returns one result (embeddings, classification).
        case encoder
    }
    public enum MLP: String, Sendable, Encodable, CaseIterable {
        /// Gate, up and down projections (SwiGLU): 3 matrices.
        case gated
        /// Up and down projections: 2 matrices.
        case standard
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var layers: Int
    public var hiddenSize: Int
    /// MLP width of a dense layer (of every layer for dense models).
    public var intermediateSize: Int
    /// MLP width of one routed or shared expert (defaults to `intermediateSize`).
    public var expertIntermediateSize: Int
    public var attentionHeads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var vocabSize: Int
    public var maxContextTokens: Int
    public var mlp: MLP
    public var tieWordEmbeddings: Bool
    /// Routed experts per layer (nil for dense models).
    public var experts: Int?
    public var expertsPerToken: Int?
    /// Always-active experts per MoE layer, each `expertIntermediateSize` wide.
    public var sharedExperts: Int
    /// Every `moeLayerStep`-th layer is a mixture of experts; the others are dense.
    public var moeLayerStep: Int
    /// Other names benchmark sources use for this model.
    public var aliases: [String]
    public var source: String
    public var asOf: Day

    public init(id: String, name: String, kind: Kind, layers: Int, hiddenSize: Int, intermediateSize: Int,
                attentionHeads: Int, kvHeads: Int, headDim: Int? = nil, vocabSize: Int, maxContextTokens: Int,
                mlp: MLP, tieWordEmbeddings: Bool, experts: Int? = nil, expertsPerToken: Int? = nil,
                expertIntermediateSize: Int? = nil, sharedExperts: Int = 0, moeLayerStep: Int = 1,
                aliases: [String] = [], source: String, asOf: Day) {
        self.id = id; self.name = name; self.kind = kind; self.layers = layers; self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize; self.expertIntermediateSize = expertIntermediateSize ?? intermediateSize
        self.sharedExperts = sharedExperts; self.moeLayerStep = max(moeLayerStep, 1); self.aliases = aliases
        self.attentionHeads = attentionHeads; self.kvHeads = kvHeads
        self.headDim = headDim ?? hiddenSize / max(attentionHeads, 1)
        self.vocabSize = vocabSize; self.maxContextTokens = maxContextTokens; self.mlp = mlp
        self.tieWordEmbeddings = tieWordEmbeddings; self.experts = experts; self.expertsPerToken = expertsPerToken
        self.source = source; self.asOf = asOf
    }

    public var isMoE: Bool { (experts ?? 1) > 1 }
    /// Layers whose MLP is a mixture of experts (layer i is, when (i + 1) is a multiple of `moeLayerStep`).
    public var moeLayers: Int { isMoE ? layers / moeLayerStep : 0 }
    public var denseLayers: Int { layers - moeLayers }

    // MARK: Parameter counts (see docs/methodology.md, "Parameters")

    /// q, k, v and o projections of one layer.
    public var attentionParametersPerLayer: Double {
        Double(hiddenSize) * Double(headDim) * Double(2 * attentionHeads + 2 * kvHeads)
    }
    /// The MLP of one dense layer.
    public var denseMLPParameters: Double {
        Double(mlp == .gated ? 3 : 2) * Double(hiddenSize) * Double(intermediateSize)
    }
    /// One routed or shared expert's MLP.
    public var mlpParametersPerExpert: Double {
        Double(mlp == .gated ? 3 : 2) * Double(hiddenSize) * Double(expertIntermediateSize)
    }
    /// Router weights of one layer (MoE only).
    public var routerParametersPerLayer: Double { isMoE ? Double(hiddenSize * (experts ?? 0)) : 0 }
    /// Two norms per layer.
    public var normParametersPerLayer: Double { Double(2 * hiddenSize) }

    public var embeddingParameters: Double { Double(vocabSize) * Double(hiddenSize) }
    /// The output projection to the vocabulary (decoders only); shares storage when tied.
    public var lmHeadParameters: Double { kind == .decoder ? embeddingParameters : 0 }

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

    enum CodingKeys: String, CodingKey {
        case id, name, kind, layers, hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case attentionHeads = "attention_heads", kvHeads = "kv_heads", headDim = "head_dim", vocabSize = "vocab_size"
        case maxContextTokens = "max_context_tokens", mlp, tieWordEmbeddings = "tie_word_embeddings"
        case experts, expertsPerToken = "experts_per_token", expertIntermediateSize = "expert_intermediate_size"
        case sharedExperts = "shared_experts", moeLayerStep = "moe_layer_step", aliases, source, asOf = "as_of"
    }
}
