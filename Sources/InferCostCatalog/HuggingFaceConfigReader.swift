import Foundation
import InferCostCore

/// Reads one family's fields from a config.json object into a `ModelSpec`, reporting each problem
/// at the key's position in the text (`HuggingFaceConfigImporter`).
struct HuggingFaceConfigReader {
    typealias Family = HuggingFaceConfigImporter.Family
    let path: String
    let lines: [String]
    /// The whole file.
    var root: [String: JSONValue] = [:]
    /// The language model's fields: `text_config` for multimodal wrappers (Gemma 3, Llama 4), else the root.
    var object: [String: JSONValue] = [:]
    var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        lines = TextLines.split(text)
    }

    /// What every family fills in the same way.
    struct Identity {
        let id, name, source: String
        let asOf: Day
    }

    mutating func model(id: String, source: String, asOf: Day) -> ModelSpec? {
        guard let (architecture, family) = family() else { return nil }
        if case .object(let text)? = root["text_config"] { object = text } else { object = root }
        let name = id.components(separatedBy: "--").last.flatMap { $0.isEmpty ? nil : $0 } ?? id
        let identity = Identity(id: id, name: name, source: source, asOf: asOf)
        let model: ModelSpec?
        switch family {
        case .standard(let f): model = standard(f, architecture, identity)
        case .qwen3MoE: model = qwen3MoE(identity)
        case .deepSeek: model = deepSeek(identity)
        case .gptOSS: model = gptOSS(identity)
        case .gptJ: model = gptJ(identity)
        case .falcon: model = falcon(identity)
        case .llama4: model = llama4(identity)
        case .encoder(let reserved): model = encoder(reserved, identity)
        }
        if let model, model.multiLatentAttention == nil, model.attentionHeads % model.kvHeads != 0 {
            report("invalid_value", "`num_key_value_heads` (\(model.kvHeads)) must divide `num_attention_heads` (\(model.attentionHeads))",
                   key: object["num_key_value_heads"] == nil ? "num_attention_heads" : "num_key_value_heads",
                   hint: "grouped-query attention shares each KV head among a whole number of query heads; check the config")
        }
        return diagnostics.isEmpty ? model : nil
    }

    // MARK: Families

    private mutating func standard(_ f: Family.Standard, _ architecture: String, _ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let kvHeads = int("num_key_value_heads", default: heads)
        let headDim = int("head_dim", optional: true)
        let vocab = f.defaults["vocab_size"].map { int("vocab_size", default: $0) } ?? int("vocab_size")
        let positions = f.defaults["max_position_embeddings"].map { int("max_position_embeddings", default: $0) }
            ?? int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: f.tiedByDefault)
        let experts = f.moe ? int("num_local_experts") : nil
        let perToken = f.moe ? int("num_experts_per_tok") : nil
        if bool("use_sliding_window", default: false) == true {
            report("unsupported_field", "`use_sliding_window` is true: \(architecture) then slides only the layers past `max_window_layers`, which is not modelled",
                   key: "use_sliding_window", hint: "import a config with `use_sliding_window: false` (the published default)")
        }
        var pattern: [AttentionLayerType] = []
        var window: Int?
        if let version = f.gemma {
            window = int("sliding_window")
            if object["layer_types"] != nil {
                pattern = layerTypes(layers: layers)
            } else if version == 2 {
                pattern = [.sliding, .full]  // transformers' Gemma2: even layers slide
            } else if let period = int("sliding_window_pattern", default: 6) {
                pattern = Array(repeating: .sliding, count: max(period - 1, 0)) + [.full]
            }
        } else if f.slidingWindowEveryLayer, let value = nullableInt("sliding_window") {
            window = value
            pattern = [.sliding]
        }
        guard let layers, let hidden, let intermediate, let heads, let kvHeads, let vocab, let positions, let tied,
              checkHeadDim(headDim, hidden: hidden, heads: heads, architecture) else { return nil }
        if f.moe && (experts == nil || perToken == nil) { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                         vocabSize: vocab, maxContextTokens: positions, mlp: .gated, tieWordEmbeddings: tied,
                         experts: experts, expertsPerToken: perToken,
                         attentionLayerPattern: pattern.allSatisfy { $0 == .full } ? [] : pattern,
                         slidingWindowTokens: pattern.contains(.sliding) ? window : nil,
                         normsPerLayer: f.gemma == nil ? 2 : 4, quantization: quantization(moe: f.moe),
                         source: m.source, asOf: m.asOf)
    }

    private mutating func qwen3MoE(_ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let kvHeads = int("num_key_value_heads", default: heads)
        let headDim = int("head_dim", optional: true)
        let vocab = int("vocab_size"), positions = int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: false)
        let experts = int("num_experts"), perToken = int("num_experts_per_tok")
        let expertWidth = int("moe_intermediate_size")
        let step = int("decoder_sparse_step", default: 1)
        if case .array(let dense)? = object["mlp_only_layers"], !dense.isEmpty {
            report("unsupported_field", "`mlp_only_layers` lists dense layers at chosen positions, which is not modelled",
                   key: "mlp_only_layers", hint: "the model counts MoE layers from `decoder_sparse_step` only")
        }
        if bool("use_sliding_window", default: false) == true {
            report("unsupported_field", "`use_sliding_window` is true, which is not modelled for Qwen3MoeForCausalLM",
                   key: "use_sliding_window")
        }
        guard let layers, let hidden, let intermediate, let heads, let kvHeads, let vocab, let positions, let tied,
              let experts, let perToken, let expertWidth, let step,
              checkHeadDim(headDim, hidden: hidden, heads: heads, "Qwen3MoeForCausalLM") else { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                         vocabSize: vocab, maxContextTokens: positions, mlp: .gated, tieWordEmbeddings: tied,
                         experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertWidth,
                         moeLayerStep: step, quantization: quantization(moe: true), source: m.source, asOf: m.asOf)
    }

    /// DeepSeek-V2/V3/R1: multi-head latent attention, `first_k_dense_replace` dense layers, then
    /// `n_routed_experts` routed plus `n_shared_experts` shared experts per layer. The multi-token
    /// prediction layers (`num_nextn_predict_layers`) are a speculative-decoding add-on, not counted.
    private mutating func deepSeek(_ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let kvHeads = int("num_key_value_heads", default: heads)
        let vocab = int("vocab_size"), positions = int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: false)
        let experts = int("n_routed_experts"), perToken = int("num_experts_per_tok")
        let expertWidth = int("moe_intermediate_size"), shared = int("n_shared_experts")
        let firstDense = int("first_k_dense_replace", default: 0, allowZero: true)
        if let frequency = int("moe_layer_freq", default: 1), frequency != 1 {
            report("unsupported_field", "`moe_layer_freq` \(frequency): DeepSeek places MoE layers where i % freq == 0, which is not modelled beyond 1",
                   key: "moe_layer_freq")
        }
        let qRank = nullableInt("q_lora_rank")
        let kvRank = int("kv_lora_rank"), nope = int("qk_nope_head_dim"), rope = int("qk_rope_head_dim")
        let value = int("v_head_dim")
        guard let layers, let hidden, let intermediate, let heads, let kvHeads, let vocab, let positions, let tied,
              let experts, let perToken, let expertWidth, let shared, let firstDense, let kvRank, let nope, let rope,
              let value else { return nil }
        let mla = MultiLatentAttention(queryLoraRank: qRank, kvLoraRank: kvRank, qkNopeHeadDim: nope,
                                       qkRopeHeadDim: rope, valueHeadDim: value)
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads,
                         vocabSize: vocab, maxContextTokens: positions, mlp: .gated, tieWordEmbeddings: tied,
                         experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertWidth,
                         sharedExperts: shared, firstDenseLayers: firstDense, multiLatentAttention: mla,
                         quantization: quantization(moe: true), source: m.source, asOf: m.asOf)
    }

    /// gpt-oss: every layer a mixture of experts `intermediate_size` wide, alternating sliding and
    /// full attention (`layer_types`), MXFP4 experts. The per-head attention sinks (one value per head
    /// and layer) and the biases are not counted.
    private mutating func gptOSS(_ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let kvHeads = int("num_key_value_heads", default: heads)
        let headDim = int("head_dim")
        let vocab = int("vocab_size"), positions = int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: false)
        let experts = int("num_local_experts")
        let perToken = object["num_experts_per_tok"] == nil ? int("experts_per_token") : int("num_experts_per_tok")
        let window = int("sliding_window")
        let pattern = object["layer_types"] == nil ? [.sliding, .full] : layerTypes(layers: layers)
        guard let layers, let hidden, let intermediate, let heads, let kvHeads, let headDim, let vocab, let positions,
              let tied, let experts, let perToken, let window else { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                         vocabSize: vocab, maxContextTokens: positions, mlp: .gated, tieWordEmbeddings: tied,
                         experts: experts, expertsPerToken: perToken, expertIntermediateSize: intermediate,
                         attentionLayerPattern: pattern.allSatisfy { $0 == .full } ? [] : pattern,
                         slidingWindowTokens: pattern.contains(.sliding) ? window : nil,
                         quantization: quantization(moe: true), source: m.source, asOf: m.asOf)
    }

    /// GPT-J: multi-head attention, a 2-matrix GELU MLP (`n_inner`, default 4 x `n_embd`) run in
    /// parallel with attention from one LayerNorm; partial rotary (`rotary_dim`) changes no count.
    private mutating func gptJ(_ m: Identity) -> ModelSpec? {
        let layers = int("n_layer"), hidden = int("n_embd"), heads = int("n_head")
        let inner = nullableInt("n_inner") ?? hidden.map { 4 * $0 }
        let vocab = int("vocab_size"), positions = int("n_positions")
        let tied = bool("tie_word_embeddings", default: false)
        guard let layers, let hidden, let heads, let inner, let vocab, let positions, let tied,
              checkHeadDim(nil, hidden: hidden, heads: heads, "GPTJForCausalLM", key: "n_embd") else { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: inner, attentionHeads: heads, kvHeads: heads, vocabSize: vocab,
                         maxContextTokens: positions, mlp: .standard, tieWordEmbeddings: tied, normsPerLayer: 1,
                         quantization: quantization(moe: false), source: m.source, asOf: m.asOf)
    }

    /// Falcon: multi-query attention (7B) or grouped KV heads with the new decoder architecture
    /// (40B, 180B); attention and a 4h GELU MLP in parallel, from one LayerNorm (7B) or two (new
    /// decoder). transformers' FalconConfig defaults: multi_query true, parallel_attn true,
    /// vocab_size 65024, max_position_embeddings 2048, tied embeddings.
    private mutating func falcon(_ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers"), hidden = int("hidden_size"), heads = int("num_attention_heads")
        let newDecoder = bool("new_decoder_architecture", default: false)
        let multiQuery = bool("multi_query", default: true)
        let parallel = bool("parallel_attn", default: true)
        let kvHeads: Int?
        if newDecoder == true {
            kvHeads = int("num_kv_heads", default: heads)
        } else {
            kvHeads = multiQuery == true ? 1 : heads
        }
        let ffn = nullableInt("ffn_hidden_size") ?? hidden.map { 4 * $0 }
        let vocab = int("vocab_size", default: 65_024), positions = int("max_position_embeddings", default: 2048)
        let tied = bool("tie_word_embeddings", default: true)
        guard let layers, let hidden, let heads, let kvHeads, let ffn, let vocab, let positions, let tied,
              let newDecoder, let parallel,
              checkHeadDim(nil, hidden: hidden, heads: heads, "FalconForCausalLM") else { return nil }
        let norms = newDecoder ? 2 : (parallel ? 1 : 2)
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: ffn, attentionHeads: heads, kvHeads: kvHeads, vocabSize: vocab,
                         maxContextTokens: positions, mlp: .standard, tieWordEmbeddings: tied, normsPerLayer: norms,
                         quantization: quantization(moe: false), source: m.source, asOf: m.asOf)
    }

    /// Llama 4: every `interleave_moe_layer_step`-th layer a mixture of `intermediate_size`-wide
    /// experts plus one shared expert, the others dense `intermediate_size_mlp` wide; every
    /// `no_rope_layer_interval`-th layer (default 4) attends globally, the rest within
    /// `attention_chunk_size` chunks.
    private mutating func llama4(_ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), expertWidth = int("intermediate_size"), dense = int("intermediate_size_mlp")
        let heads = int("num_attention_heads")
        let kvHeads = int("num_key_value_heads", default: heads)
        let headDim = int("head_dim", optional: true)
        let vocab = int("vocab_size"), positions = int("max_position_embeddings")
        let tied = root["tie_word_embeddings"] == nil ? bool("tie_word_embeddings", default: false)
            : bool("tie_word_embeddings", default: false, in: root)
        let experts = int("num_local_experts"), perToken = int("num_experts_per_tok")
        let step = int("interleave_moe_layer_step", default: 1)
        let chunk = int("attention_chunk_size", default: 8192)
        var pattern: [AttentionLayerType] = []
        if case .array(let flags)? = object["no_rope_layers"], !flags.isEmpty {
            // 1: the layer uses RoPE and chunked attention; 0: no RoPE, global attention.
            pattern = flags.map { $0 == .int(0) ? .full : .chunked }
            pattern = shortestPeriod(pattern)
        } else if let interval = int("no_rope_layer_interval", default: 4) {
            pattern = Array(repeating: .chunked, count: max(interval - 1, 0)) + [.full]
        }
        if case .array(let listed)? = object["moe_layers"], let layers, let step {
            let expected = (0..<layers).filter { ($0 + 1) % step == 0 }.map { JSONValue.int($0) }
            if listed != expected {
                report("unsupported_field", "`moe_layers` does not follow `interleave_moe_layer_step` \(step), which is not modelled",
                       key: "moe_layers")
            }
        }
        guard let layers, let hidden, let expertWidth, let dense, let heads, let kvHeads, let vocab, let positions,
              let tied, let experts, let perToken, let step, let chunk,
              checkHeadDim(headDim, hidden: hidden, heads: heads, "Llama4") else { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .decoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: dense, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                         vocabSize: vocab, maxContextTokens: positions, mlp: .gated, tieWordEmbeddings: tied,
                         experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertWidth,
                         sharedExperts: 1, moeLayerStep: step,
                         attentionLayerPattern: pattern.allSatisfy { $0 == .full } ? [] : pattern,
                         attentionChunkTokens: pattern.contains(.chunked) ? chunk : nil,
                         quantization: quantization(moe: true), source: m.source, asOf: m.asOf)
    }

    private mutating func encoder(_ reservedPositions: Int, _ m: Identity) -> ModelSpec? {
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size"), intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let vocab = int("vocab_size"), positions = int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: true)
        guard let layers, let hidden, let intermediate, let heads, let vocab, let positions, let tied,
              checkHeadDim(nil, hidden: hidden, heads: heads, "encoder") else { return nil }
        return ModelSpec(id: m.id, name: m.name, kind: .encoder, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: heads, vocabSize: vocab,
                         maxContextTokens: positions - reservedPositions, mlp: .standard, tieWordEmbeddings: tied,
                         source: m.source, asOf: m.asOf)
    }

    // MARK: Shared pieces

    private mutating func family() -> (String, Family)? {
        let supported = HuggingFaceConfigImporter.families.keys.sorted()
        var architecture: String?
        switch root["architectures"] {
        case .array(let items)?:
            if case .string(let first)? = items.first { architecture = first }
        case nil:
            if case .string(let type)? = root["model_type"] { architecture = HuggingFaceConfigImporter.modelTypes[type] }
        default:
            break
        }
        guard let architecture else {
            report("missing_key", "cannot tell the architecture: no `architectures` list or known `model_type`",
                   key: root["architectures"] == nil ? "model_type" : "architectures",
                   hint: "supported: " + supported.joined(separator: ", "))
            return nil
        }
        if let hybrid = HuggingFaceConfigImporter.hybridArchitectures[architecture] {
            let key = position(of: hybrid.field) == nil ? "architectures" : hybrid.field
            report("unsupported_field", "`\(hybrid.field)`: \(architecture) has \(hybrid.layers); their fixed-size recurrent state and projections are not modelled",
                   key: key, hint: "only attention layers are counted; hybrid attention/state-space models cannot be imported yet")
            return nil
        }
        guard let family = HuggingFaceConfigImporter.families[architecture] else {
            report("unsupported_architecture", "architecture `\(architecture)` is not supported", key: "architectures",
                   hint: "supported: " + supported.joined(separator: ", "))
            return nil
        }
        return (architecture, family)
    }

    /// `head_dim` may be left out only when `hidden_size` divides evenly into the heads.
    private mutating func checkHeadDim(_ headDim: Int?, hidden: Int, heads: Int, _ architecture: String,
                                       key: String = "hidden_size") -> Bool {
        guard headDim == nil, hidden % heads != 0 else { return true }
        report("missing_key", "\(architecture) config has no `head_dim` and `\(key)` \(hidden) is not a multiple of the \(heads) attention heads",
               key: key)
        return false
    }

    /// `layer_types` (transformers' per-layer attention list) as its shortest repeating pattern.
    private mutating func layerTypes(layers: Int?) -> [AttentionLayerType] {
        guard case .array(let items)? = object["layer_types"] else {
            report("wrong_type", "`layer_types` must be a list of layer types", key: "layer_types")
            return []
        }
        var types: [AttentionLayerType] = []
        for item in items {
            guard case .string(let name) = item, let type = AttentionLayerType(rawValue: name) else {
                report("unsupported_field", "`layer_types` includes \(item.described), which is not modelled", key: "layer_types",
                       hint: "modelled: " + AttentionLayerType.allCases.map(\.rawValue).joined(separator: ", "))
                return []
            }
            types.append(type)
        }
        if let layers, types.count != layers {
            report("invalid_value", "`layer_types` lists \(types.count) layers but `num_hidden_layers` is \(layers)", key: "layer_types")
            return []
        }
        return shortestPeriod(types)
    }

    /// The shortest prefix that, repeated, gives back `types`.
    private func shortestPeriod(_ types: [AttentionLayerType]) -> [AttentionLayerType] {
        for period in 1...max(types.count, 1) where types.indices.allSatisfy({ types[$0] == types[$0 % period] }) {
            return Array(types.prefix(period))
        }
        return types
    }

    /// The checkpoint's `quantization_config` (at the top level), when it names a scheme the model
    /// counts; plain per-tensor fp8 needs no scheme (one scale per matrix).
    private mutating func quantization(moe: Bool) -> WeightQuantization? {
        guard case .object(let q)? = root["quantization_config"] else { return nil }
        guard case .string(let method)? = q["quant_method"] else {
            report("unsupported_field", "`quantization_config` has no `quant_method`", key: "quantization_config")
            return nil
        }
        switch method {
        case "fp8":
            guard case .array(let block)? = q["weight_block_size"] else { return nil }
            guard block.count == 2, case .int(let rows) = block[0], block[1] == .int(rows), rows > 0 else {
                report("unsupported_field", "`weight_block_size` must be two equal sizes to be modelled", key: "weight_block_size")
                return nil
            }
            return WeightQuantization(scheme: .fp8Block, groupSize: rows)
        case "mxfp4":
            var keepsAttention = false
            if case .array(let modules)? = q["modules_to_not_convert"] {
                keepsAttention = modules.contains { if case .string(let s) = $0 { s.contains("self_attn") } else { false } }
            }
            return WeightQuantization(scheme: .mxfp4, scope: moe && keepsAttention ? .routedExperts : .allLayers)
        case "awq", "gptq":
            let bits = int("bits", in: q), group = int("group_size", in: q)
            guard let bits, let group else { return nil }
            guard bits == 4 else {
                report("unsupported_field", "`bits` \(bits): only 4-bit \(method.uppercased()) is modelled", key: "bits")
                return nil
            }
            return WeightQuantization(scheme: method == "awq" ? .int4AWQ : .int4GPTQ, groupSize: group)
        case "modelopt":
            if case .string(let algorithm)? = q["quant_algo"] {
                if algorithm == "NVFP4" { return WeightQuantization(scheme: .nvfp4) }
                if algorithm == "FP8" { return nil }
            }
            report("unsupported_field", "`quantization_config` uses a modelopt algorithm that is not modelled", key: "quantization_config",
                   hint: "modelled: NVFP4, FP8")
            return nil
        default:
            report("unsupported_field", "`quant_method` `\(method)` is not modelled", key: "quant_method",
                   hint: "modelled: fp8 (block), mxfp4, awq, gptq (4-bit), modelopt NVFP4; remove `quantization_config` to import the architecture alone")
            return nil
        }
    }

    // MARK: Typed fields

    /// A positive integer; `default` applies when the key is absent or null (transformers' own default).
    private mutating func int(_ key: String, default fallback: Int?? = .none, optional: Bool = false,
                              allowZero: Bool = false, in source: [String: JSONValue]? = nil) -> Int? {
        switch (source ?? object)[key] {
        case nil, .null?:
            if case .some(let value) = fallback { return value }
            if optional { return nil }
            report("missing_key", "config.json has no `\(key)`", key: nil)
            return nil
        case .int(let value)?:
            guard value > 0 || (allowZero && value == 0) else {
                report("not_positive", "`\(key)` must be greater than 0, found \(value)", key: key)
                return nil
            }
            guard value <= 1_000_000_000 else {
                report("out_of_range", "`\(key)` is implausibly large: \(value)", key: key)
                return nil
            }
            return value
        case let other?:
            report("wrong_type", "`\(key)` must be a whole number, found \(other.described)", key: key)
            return nil
        }
    }

    /// A positive integer that may be null or absent (then nil, not an error).
    private mutating func nullableInt(_ key: String) -> Int? {
        int(key, optional: true)
    }

    private mutating func bool(_ key: String, default fallback: Bool, in source: [String: JSONValue]? = nil) -> Bool? {
        switch (source ?? object)[key] {
        case nil, .null?: return fallback
        case .bool(let value)?: return value
        case let other?:
            report("wrong_type", "`\(key)` must be true or false, found \(other.described)", key: key)
            return nil
        }
    }

    // MARK: Positions

    /// Foundation's JSON parser says "around character N"; that offset becomes a line and column.
    mutating func reportSyntaxError(data: Data, text: String) {
        var detail = "", line = 1, column = 1
        do { _ = try JSONSerialization.jsonObject(with: data) } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            detail = ": " + description
            if let match = description.firstMatch(of: /character (\d+)/), let offset = Int(match.output.1) {
                for character in text.prefix(offset) {
                    if character == "\n" { line += 1; column = 1 } else { column += 1 }
                }
            }
        }
        diagnostics.append(Diagnostic(.error, code: "json_syntax", "not valid JSON\(detail)",
                                      at: .init(file: path, line: line, column: column),
                                      hint: "download the raw config.json, not its web page",
                                      sourceLine: lines.indices.contains(line - 1) ? lines[line - 1] : nil))
    }

    mutating func report(_ code: String, _ message: String, key: String?, hint: String? = nil) {
        let (line, column) = key.flatMap(position(of:)) ?? (1, 1)
        diagnostics.append(Diagnostic(.error, code: code, message, at: .init(file: path, line: line, column: column),
                                      hint: hint, sourceLine: lines.indices.contains(line - 1) ? lines[line - 1] : nil))
    }

    /// Line and column of `"key":` in the text (its first occurrence).
    private func position(of key: String) -> (Int, Int)? {
        let quotedKey = "\"\(key)\""
        for (index, line) in lines.enumerated() {
            guard let range = line.range(of: quotedKey) else { continue }
            let after = line[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard after.hasPrefix(":") || after.isEmpty else { continue }
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
        return nil
    }
}
