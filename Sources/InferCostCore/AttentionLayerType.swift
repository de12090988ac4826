/// How far back one layer's attention reaches, which sets how much KV cache that layer keeps
/// (the names are transformers' `layer_types` values).
public enum AttentionLayerType: String, Sendable, Hashable, Encodable, CaseIterable {
    /// Every earlier token: the layer's cache grows with the whole sequence.
    case full = "full_attention"
    /// The last `sliding_window` tokens (Mistral, Gemma 2/3, gpt-oss): the cache stops growing there.
    case sliding = "sliding_attention"
    /// Tokens of the same `attention_chunk_tokens`-long chunk (Llama 4's local layers): at most one chunk is kept.
    case chunked = "chunked_attention"
}
