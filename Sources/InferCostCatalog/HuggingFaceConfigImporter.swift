import Foundation
import InferCostCore

/// `infercost model import config.json`: a Hugging Face `config.json` -> `ModelSpec`, and the
/// catalog YAML for it. Only architectures whose parameter layout the methodology models are
/// accepted; a config that uses a feature the model cannot count fails naming that field.
public enum HuggingFaceConfigImporter {
    /// How one family lays out its config, and what transformers assumes for a key it leaves out.
    enum Family: Sendable {
        /// Llama-style decoders (Llama, Mistral, Qwen2/3, Phi-3, Gemma 1/2/3, Mixtral).
        case standard(Standard)
        case qwen3MoE
        case deepSeek
        case gptOSS
        case gptJ
        case falcon
        case llama4
        /// BERT-style encoders; RoBERTa counts positions from padding_idx + 1 = 2.
        case encoder(reservedPositions: Int)

        struct Standard: Sendable {
            var tiedByDefault = false
            var moe = false
            /// `sliding_window`, when not null, applies to every layer (Mistral, Mixtral).
            var slidingWindowEveryLayer = false
            /// Gemma 2 and 3: a repeating sliding/full pattern, post-norms (4 norms a layer).
            var gemma: Int?
            /// Defaults transformers' config class supplies for keys the file leaves out.
            var defaults: [String: Int] = [:]
        }
    }

    static let families: [String: Family] = {
        let dense = Family.standard(.init())
        let mistral = Family.standard(.init(slidingWindowEveryLayer: true))
        return [
            "LlamaForCausalLM": dense, "MistralForCausalLM": mistral, "Qwen2ForCausalLM": dense,
            "Qwen3ForCausalLM": dense, "Phi3ForCausalLM": dense,
            "GemmaForCausalLM": .standard(.init(tiedByDefault: true)),
            "Gemma2ForCausalLM": .standard(.init(tiedByDefault: true, gemma: 2)),
            // transformers' Gemma3TextConfig: vocab_size 262208, max_position_embeddings 131072.
            "Gemma3ForCausalLM": .standard(.init(tiedByDefault: true, gemma: 3,
                                                 defaults: ["vocab_size": 262_208, "max_position_embeddings": 131_072])),
            "Gemma3ForConditionalGeneration": .standard(.init(tiedByDefault: true, gemma: 3,
                                                              defaults: ["vocab_size": 262_208, "max_position_embeddings": 131_072])),
            "MixtralForCausalLM": .standard(.init(moe: true, slidingWindowEveryLayer: true)),
            "Qwen3MoeForCausalLM": .qwen3MoE,
            "DeepseekV3ForCausalLM": .deepSeek, "DeepseekV2ForCausalLM": .deepSeek,
            "GptOssForCausalLM": .gptOSS,
            "GPTJForCausalLM": .gptJ,
            "FalconForCausalLM": .falcon,
            "Llama4ForConditionalGeneration": .llama4, "Llama4ForCausalLM": .llama4,
            "BertModel": .encoder(reservedPositions: 0), "BertForMaskedLM": .encoder(reservedPositions: 0),
            "XLMRobertaModel": .encoder(reservedPositions: 2), "RobertaModel": .encoder(reservedPositions: 2),
            "XLMRobertaForMaskedLM": .encoder(reservedPositions: 2),
        ]
    }()

    /// `model_type` -> architecture, for configs without an `architectures` list.
    static let modelTypes: [String: String] = [
        "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "qwen2": "Qwen2ForCausalLM",
        "qwen3": "Qwen3ForCausalLM", "phi3": "Phi3ForCausalLM", "gemma": "GemmaForCausalLM",
        "gemma2": "Gemma2ForCausalLM", "gemma3_text": "Gemma3ForCausalLM", "gemma3": "Gemma3ForConditionalGeneration",
        "mixtral": "MixtralForCausalLM", "qwen3_moe": "Qwen3MoeForCausalLM", "deepseek_v3": "DeepseekV3ForCausalLM",
        "deepseek_v2": "DeepseekV2ForCausalLM", "gpt_oss": "GptOssForCausalLM", "gptj": "GPTJForCausalLM",
        "falcon": "FalconForCausalLM", "llama4": "Llama4ForConditionalGeneration", "llama4_text": "Llama4ForCausalLM",
        "bert": "BertModel", "xlm-roberta": "XLMRobertaModel", "roberta": "RobertaModel",
        "jamba": "JambaForCausalLM", "nemotron_h": "NemotronHForCausalLM", "qwen3_next": "Qwen3NextForCausalLM",
        "mamba": "MambaForCausalLM", "mamba2": "Mamba2ForCausalLM",
    ]

    /// Hybrid attention/state-space architectures: the field that brings in layers whose fixed-size
    /// recurrent state and projections the model does not count, and what those layers are.
    static let hybridArchitectures: [String: (field: String, layers: String)] = [
        "JambaForCausalLM": ("attn_layer_period", "Mamba (selective state-space) layers between the attention layers"),
        "NemotronHForCausalLM": ("hybrid_override_pattern", "Mamba-2 layers (`M` in the pattern) between the attention layers"),
        "Qwen3NextForCausalLM": ("layer_types", "Gated DeltaNet linear-attention layers (`linear_attention`)"),
        "MambaForCausalLM": ("ssm_state_size", "Mamba state-space layers in place of attention"),
        "Mamba2ForCausalLM": ("ssm_state_size", "Mamba-2 state-space layers in place of attention"),
    ]

    /// Turns a local `config.json` into a `ModelSpec`. An unknown architecture, a missing or mistyped
    /// field gives a diagnostic at the key's line and column (1:1 when the key is absent).
    public static func importConfig(at url: URL, id: String, source: String, asOf: Day) -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        let path = YAMLFile.displayPath(url)
        switch InputFile.text(url) {
        case .success(let text): return importConfig(text: text, path: path, id: id, source: source, asOf: asOf)
        case .failure(let problem):
            return (nil, [Diagnostic(.error, code: "unreadable_file", "\(path) \(problem)", at: .init(file: path, line: 1, column: 1))])
        }
    }

    /// `importConfig(at:)` for a config's text, as if read from `path` (fuzzing).
    public static func importConfig(text: String, path: String, id: String, source: String, asOf: Day) -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        let data = Data(text.utf8)
        var config = HuggingFaceConfigReader(path: path, text: text)
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            config.reportSyntaxError(data: data, text: text)
            return (nil, config.diagnostics)
        }
        guard case .object(let object) = root else {
            config.report("wrong_type", "a config.json must be a JSON object, found \(root.described)", key: nil)
            return (nil, config.diagnostics)
        }
        config.root = object
        guard let model = config.model(id: id, source: source, asOf: asOf) else { return (nil, config.diagnostics.sorted()) }
        // The file this would write goes through the catalog's own reader: an import never writes a
        // model file that `infercost validate` then refuses.
        let (written, _) = YAMLFile.parse(yaml(for: model), path: "\(id).yaml")
        let problems = ModelFile.read(written, stem: id).diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty else {
            let refusals = problems.map { problem in
                Diagnostic(.error, code: problem.code, "the model file this config gives would not validate: \(problem.message)",
                           at: .init(file: path, line: 1, column: 1), hint: problem.hint)
            }
            return (nil, (config.diagnostics + refusals).sorted())
        }
        return (model, config.diagnostics.sorted())
    }

    /// The model as a catalog YAML document: `schema_version: 1`, keys in docs/catalog-format.md order.
    /// `head_dim` is written only when it differs from what the loader would derive; every other
    /// optional key only when it differs from its default.
    public static func yaml(for model: ModelSpec) -> String {
        var lines = [
            "schema_version: 1",
            "id: \(quoted(model.id))",
            "name: \(quoted(model.name))",
            "kind: \(model.kind.rawValue)",
            "layers: \(model.layers)",
            "hidden_size: \(model.hiddenSize)",
            "intermediate_size: \(model.intermediateSize)",
            "attention_heads: \(model.attentionHeads)",
            "kv_heads: \(model.kvHeads)",
        ]
        let impliedHeadDim = model.multiLatentAttention?.queryKeyHeadDim
            ?? (model.attentionHeads > 0 && model.hiddenSize % model.attentionHeads == 0 ? model.hiddenSize / model.attentionHeads : nil)
        if model.headDim != impliedHeadDim { lines.append("head_dim: \(model.headDim)") }
        if let mla = model.multiLatentAttention {
            lines.append("mla:")
            if let q = mla.queryLoraRank { lines.append("  q_lora_rank: \(q)") }
            lines += ["  kv_lora_rank: \(mla.kvLoraRank)", "  qk_nope_head_dim: \(mla.qkNopeHeadDim)",
                      "  qk_rope_head_dim: \(mla.qkRopeHeadDim)", "  v_head_dim: \(mla.valueHeadDim)"]
        }
        if !model.attentionLayerPattern.isEmpty {
            lines.append("attention_layer_pattern: [" + model.attentionLayerPattern.map(\.rawValue).joined(separator: ", ") + "]")
        }
        if let window = model.slidingWindowTokens { lines.append("sliding_window_tokens: \(window)") }
        if let chunk = model.attentionChunkTokens { lines.append("attention_chunk_tokens: \(chunk)") }
        if model.normsPerLayer != 2 { lines.append("norms_per_layer: \(model.normsPerLayer)") }
        lines += [
            "vocab_size: \(model.vocabSize)",
            "max_context_tokens: \(model.maxContextTokens)",
            "mlp: \(model.mlp.rawValue)",
            "tie_word_embeddings: \(model.tieWordEmbeddings)",
        ]
        if let experts = model.experts {
            lines.append("experts: \(experts)")
            if let perToken = model.expertsPerToken { lines.append("experts_per_token: \(perToken)") }
            if model.expertIntermediateSize != model.intermediateSize {
                lines.append("expert_intermediate_size: \(model.expertIntermediateSize)")
            }
            if model.sharedExperts != 0 { lines.append("shared_experts: \(model.sharedExperts)") }
            if model.moeLayerStep != 1 { lines.append("moe_layer_step: \(model.moeLayerStep)") }
            if model.firstDenseLayers != 0 { lines.append("first_dense_layers: \(model.firstDenseLayers)") }
        }
        if let q = model.quantization {
            lines += ["quantization:", "  scheme: \(q.scheme.rawValue)"]
            if q.groupSize != q.scheme.defaultGroupSize { lines.append("  group_size: \(q.groupSize)") }
            if q.scope != .allLayers { lines.append("  scope: \(q.scope.rawValue)") }
        }
        lines += ["source: \(quoted(model.source))", "as_of: \(model.asOf)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted string (JSON escapes are valid YAML escapes).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
