/// Architecture facts of a transformer, as its config publishes them.
/// Parameter counts and KV-cache sizes are derived from these facts, never typed in
/// (`ModelSpec+Parameters.swift`, `ModelSpec+KVCache.swift`).
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
    /// Key/value heads of standard attention: = heads (MHA), fewer (GQA), 1 (MQA).
    public var kvHeads: Int
    /// Query/key dims of one head (for MLA: without + with rotary embedding).
    public var headDim: Int
    /// Multi-head latent attention (DeepSeek); nil for standard MHA/GQA/MQA attention.
    public var multiLatentAttention: MultiLatentAttention?
    /// Attention type of each layer, repeated from the first layer on and cut at `layers`
    /// (Gemma 3: five sliding then one full). Empty: every layer attends to the full sequence.
    public var attentionLayerPattern: [AttentionLayerType]
    /// Tokens a `sliding_attention` layer looks back over.
    public var slidingWindowTokens: Int?
    /// Chunk length of `chunked_attention` layers.
    public var attentionChunkTokens: Int?
    /// Norm weight vectors (each `hiddenSize` wide) per layer: 2 for pre-norm blocks, 1 where attention
    /// and MLP run in parallel from one norm (GPT-J, Falcon 7B), 4 with post-norms (Gemma 2/3).
    public var normsPerLayer: Int
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
    /// Layers before the first mixture of experts that keep a dense MLP (DeepSeek-V3: 3).
    public var firstDenseLayers: Int
    /// How the published checkpoint stores its weights, when it ships quantised.
    public var quantization: WeightQuantization?
    /// Other names benchmark sources use for this model.
    public var aliases: [String]
    public var source: String
    public var asOf: Day

    public init(id: String, name: String, kind: Kind, layers: Int, hiddenSize: Int, intermediateSize: Int,
                attentionHeads: Int, kvHeads: Int, headDim: Int? = nil, vocabSize: Int, maxContextTokens: Int,
                mlp: MLP, tieWordEmbeddings: Bool, experts: Int? = nil, expertsPerToken: Int? = nil,
                expertIntermediateSize: Int? = nil, sharedExperts: Int = 0, moeLayerStep: Int = 1,
                firstDenseLayers: Int = 0, multiLatentAttention: MultiLatentAttention? = nil,
                attentionLayerPattern: [AttentionLayerType] = [], slidingWindowTokens: Int? = nil,
                attentionChunkTokens: Int? = nil, normsPerLayer: Int = 2, quantization: WeightQuantization? = nil,
                aliases: [String] = [], source: String, asOf: Day) {
        self.id = id; self.name = name; self.kind = kind; self.layers = layers; self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize; self.expertIntermediateSize = expertIntermediateSize ?? intermediateSize
        self.sharedExperts = sharedExperts; self.moeLayerStep = max(moeLayerStep, 1)
        self.firstDenseLayers = max(firstDenseLayers, 0); self.aliases = aliases
        self.attentionHeads = attentionHeads; self.kvHeads = kvHeads
        self.multiLatentAttention = multiLatentAttention
        self.headDim = headDim ?? multiLatentAttention?.queryKeyHeadDim ?? hiddenSize / max(attentionHeads, 1)
        self.attentionLayerPattern = attentionLayerPattern; self.slidingWindowTokens = slidingWindowTokens
        self.attentionChunkTokens = attentionChunkTokens; self.normsPerLayer = max(normsPerLayer, 0)
        self.vocabSize = vocabSize; self.maxContextTokens = maxContextTokens; self.mlp = mlp
        self.tieWordEmbeddings = tieWordEmbeddings; self.experts = experts; self.expertsPerToken = expertsPerToken
        self.quantization = quantization; self.source = source; self.asOf = asOf
    }

    public var isMoE: Bool { (experts ?? 1) > 1 }

    /// Whether layer `index` (from 0) has a mixture-of-experts MLP: past the dense-first layers,
    /// and `index + 1` a multiple of `moeLayerStep` (transformers' `decoder_sparse_step`, Llama 4's
    /// `interleave_moe_layer_step`).
    public func isMoELayer(_ index: Int) -> Bool {
        isMoE && index >= firstDenseLayers && (index + 1) % moeLayerStep == 0
    }
    /// Layers whose MLP is a mixture of experts: the multiples of `moeLayerStep` in
    /// `firstDenseLayers + 1 ... layers` (closed form: the engine asks for it per estimate).
    public var moeLayers: Int {
        guard isMoE, layers > firstDenseLayers else { return 0 }
        return layers / moeLayerStep - firstDenseLayers / moeLayerStep
    }
    public var denseLayers: Int { layers - moeLayers }

    /// The attention type of layer `index` (from 0).
    public func attentionLayerType(_ index: Int) -> AttentionLayerType {
        attentionLayerPattern.isEmpty ? .full : attentionLayerPattern[index % attentionLayerPattern.count]
    }
    /// How many layers have attention type `type`: whole repeats of the pattern plus the cut-off part.
    public func attentionLayers(_ type: AttentionLayerType) -> Int {
        let layers = max(self.layers, 0)
        guard !attentionLayerPattern.isEmpty else { return type == .full ? layers : 0 }
        // Counted in one pass without building filtered arrays: every estimate asks, for each layer type.
        let period = attentionLayerPattern.count, cut = layers % period
        var inPattern = 0, rest = 0
        for (index, layerType) in attentionLayerPattern.enumerated() where layerType == type {
            inPattern += 1
            if index < cut { rest += 1 }
        }
        return layers / period * inPattern + rest
    }
    /// How many layers have each attention type (types with none left out).
    public var attentionLayerCounts: [AttentionLayerType: Int] {
        var counts: [AttentionLayerType: Int] = [:]
        for type in AttentionLayerType.allCases where attentionLayers(type) > 0 { counts[type] = attentionLayers(type) }
        return counts
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, layers, hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case attentionHeads = "attention_heads", kvHeads = "kv_heads", headDim = "head_dim", vocabSize = "vocab_size"
        case maxContextTokens = "max_context_tokens", mlp, tieWordEmbeddings = "tie_word_embeddings"
        case experts, expertsPerToken = "experts_per_token", expertIntermediateSize = "expert_intermediate_size"
        case sharedExperts = "shared_experts", moeLayerStep = "moe_layer_step", firstDenseLayers = "first_dense_layers"
        case multiLatentAttention = "mla", attentionLayerPattern = "attention_layer_pattern"
        case slidingWindowTokens = "sliding_window_tokens", attentionChunkTokens = "attention_chunk_tokens"
        case normsPerLayer = "norms_per_layer", quantization, aliases, source, asOf = "as_of"
    }
}
