/// Multi-head latent attention (DeepSeek-V2/V3/R1): keys and values are rebuilt from one compressed
/// latent per token, so the cache holds `kvLoraRank + qkRopeHeadDim` values per token and layer,
/// shared by all heads, instead of 2 x KV heads x head dim.
public struct MultiLatentAttention: Sendable, Hashable, Encodable {
    /// Rank of the query's down-projection (`q_lora_rank`); nil projects queries at full rank.
    public var queryLoraRank: Int?
    /// Width of the compressed key/value latent (`kv_lora_rank`).
    public var kvLoraRank: Int
    /// Per-head query/key dims without rotary embedding (`qk_nope_head_dim`).
    public var qkNopeHeadDim: Int
    /// Per-head query/key dims with rotary embedding, the key part shared by all heads (`qk_rope_head_dim`).
    public var qkRopeHeadDim: Int
    /// Per-head value dims (`v_head_dim`).
    public var valueHeadDim: Int

    public init(queryLoraRank: Int?, kvLoraRank: Int, qkNopeHeadDim: Int, qkRopeHeadDim: Int, valueHeadDim: Int) {
        self.queryLoraRank = queryLoraRank; self.kvLoraRank = kvLoraRank; self.qkNopeHeadDim = qkNopeHeadDim
        self.qkRopeHeadDim = qkRopeHeadDim; self.valueHeadDim = valueHeadDim
    }

    /// Query/key dims of one head: the part without and the part with rotary embedding.
    public var queryKeyHeadDim: Int { qkNopeHeadDim + qkRopeHeadDim }

    /// Cached values per token and layer: the latent plus the shared rotary key.
    public var cachedValuesPerToken: Int { kvLoraRank + qkRopeHeadDim }

    /// Projection weights of one layer for `heads` heads and model width `hidden` (norms of the
    /// two latents included): q (down, norm, up or one full-rank matrix), kv down (latent + rotary
    /// key), kv norm, kv up (per head: keys without rotary and values), output.
    public func parameters(hidden: Int, heads: Int) -> Double {
        let h = Double(hidden), a = Double(heads)
        let query: Double
        if let rank = queryLoraRank.map(Double.init) {
            query = h * rank + rank + rank * a * Double(queryKeyHeadDim)
        } else {
            query = h * a * Double(queryKeyHeadDim)
        }
        let kvDown = h * Double(kvLoraRank + qkRopeHeadDim) + Double(kvLoraRank)
        let kvUp = Double(kvLoraRank) * a * Double(qkNopeHeadDim + valueHeadDim)
        let output = a * Double(valueHeadDim) * h
        return query + kvDown + kvUp + output
    }

    enum CodingKeys: String, CodingKey {
        case queryLoraRank = "q_lora_rank", kvLoraRank = "kv_lora_rank", qkNopeHeadDim = "qk_nope_head_dim"
        case qkRopeHeadDim = "qk_rope_head_dim", valueHeadDim = "v_head_dim"
    }
}
