import Foundation
import InferCostCore
import Yams

/// `models/<org>--<name>.yaml` -> `ModelSpec`.
enum ModelFile {
    /// In the order of docs/catalog-format.md, which `HuggingFaceConfigImporter.yaml(for:)` also writes.
    static let keys = [
        "schema_version", "id", "name", "kind", "layers", "hidden_size", "intermediate_size", "attention_heads",
        "kv_heads", "head_dim", "mla", "attention_layer_pattern", "sliding_window_tokens", "attention_chunk_tokens",
        "norms_per_layer", "vocab_size", "max_context_tokens", "mlp", "tie_word_embeddings", "experts",
        "experts_per_token", "expert_intermediate_size", "shared_experts", "moe_layer_step", "first_dense_layers",
        "quantization", "aliases", "source", "as_of", "notes",
    ]
    static let mlaKeys = ["q_lora_rank", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"]
    static let quantizationKeys = ["scheme", "group_size", "scope"]
    /// Keys that only mean something for a mixture of experts.
    static let moeOnlyKeys = ["expert_intermediate_size", "shared_experts", "moe_layer_step", "first_dense_layers"]

    static func read(_ file: YAMLFile, stem: String?) -> (model: Located<ModelSpec>?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let id = r.identity("id", mustEqual: stem, what: "file name")
        let name = r.string("name", required: true)
        let kind = r.choice("kind", ModelSpec.Kind.self, required: true)
        let layers = r.int("layers", required: true, domain: Domains.layers)
        let hidden = r.int("hidden_size", required: true, domain: Domains.hiddenSize)
        let intermediate = r.int("intermediate_size", required: true, domain: Domains.intermediateSize)
        let heads = r.int("attention_heads", required: true, domain: Domains.heads)
        let kvHeads = r.int("kv_heads", required: true, domain: Domains.heads)
        let headDim = r.int("head_dim", domain: Domains.heads)
        let mla = r.mapping("mla", keys: mlaKeys) { m -> MultiLatentAttention? in
            let qRank = m.int("q_lora_rank", domain: Domains.latentDims)
            let kvRank = m.int("kv_lora_rank", required: true, domain: Domains.latentDims)
            let nope = m.int("qk_nope_head_dim", required: true, domain: Domains.latentDims)
            let rope = m.int("qk_rope_head_dim", required: true, domain: Domains.latentDims)
            let value = m.int("v_head_dim", required: true, domain: Domains.latentDims)
            guard let kvRank, let nope, let rope, let value else { return nil }
            return MultiLatentAttention(queryLoraRank: qRank, kvLoraRank: kvRank, qkNopeHeadDim: nope,
                                        qkRopeHeadDim: rope, valueHeadDim: value)
        }
        let pattern = r.choiceList("attention_layer_pattern", AttentionLayerType.self, allowDuplicates: true) ?? []
        let window = r.int("sliding_window_tokens", domain: Domains.attentionSpan)
        let chunk = r.int("attention_chunk_tokens", domain: Domains.attentionSpan)
        let norms = r.int("norms_per_layer", domain: Domains.normsPerLayer)
        let vocab = r.int("vocab_size", required: true, domain: Domains.vocabSize)
        let context = r.int("max_context_tokens", required: true, domain: Domains.contextTokens)
        let mlp = r.choice("mlp", ModelSpec.MLP.self, required: true)
        let tied = r.bool("tie_word_embeddings", required: true)
        let experts = r.int("experts", domain: Domains.experts)
        let expertsPerToken = r.int("experts_per_token", domain: Domains.experts)
        let expertWidth = r.int("expert_intermediate_size", domain: Domains.intermediateSize)
        let sharedExperts = r.int("shared_experts", domain: Domains.sharedExperts)
        let moeLayerStep = r.int("moe_layer_step", domain: Domains.layers)
        let firstDense = r.int("first_dense_layers", domain: Domains.firstDenseLayers)
        let quantization = r.mapping("quantization", keys: quantizationKeys) { m -> WeightQuantization? in
            let scheme = m.choice("scheme", WeightQuantization.Scheme.self, required: true)
            let group = m.int("group_size", domain: Domains.quantizationGroup)
            let scope = m.choice("scope", WeightQuantization.Scope.self)
            if let scheme, let group, scheme.hasFixedGroupSize, group != scheme.defaultGroupSize {
                m.report("invalid_value", "`quantization.group_size` of \(scheme.rawValue) is fixed at \(scheme.defaultGroupSize), found \(group)",
                         at: m.valueMark("group_size"), hint: "remove `group_size`; the format sets it")
            }
            return scheme.map { WeightQuantization(scheme: $0, groupSize: group, scope: scope ?? .allLayers) }
        }
        let aliases = r.stringList("aliases") ?? []
        for key in moeOnlyKeys where r.contains(key) && !r.contains("experts") {
            r.report("conflicting_keys", "`\(key)` only applies to a mixture-of-experts model", at: r.keyMark(key),
                     hint: "add `experts` and `experts_per_token`, or remove `\(key)`")
        }
        let source = r.string("source", required: true)
        let asOf = r.day("as_of", required: true)
        _ = r.string("notes")

        if let heads, let kvHeads, heads % kvHeads != 0 {
            r.report("invalid_value", "`kv_heads` (\(kvHeads)) must divide `attention_heads` (\(heads))",
                     at: r.valueMark("kv_heads"), hint: "grouped-query attention shares each KV head among a whole number of query heads")
        }
        if let hidden, let heads, headDim == nil, !r.contains("head_dim"), !r.contains("mla"), hidden % heads != 0 {
            r.report("missing_key", "`hidden_size` (\(hidden)) is not a multiple of `attention_heads` (\(heads)), so `head_dim` must be given",
                     at: r.anchor, hint: "copy `head_dim` from the model's config.json")
        }
        if r.isMapping {
            switch (r.contains("experts"), r.contains("experts_per_token")) {
            case (true, false):
                r.report("missing_key", "`experts` is set but `experts_per_token` is not", at: r.keyMark("experts"),
                         hint: "a mixture-of-experts model needs both")
            case (false, true):
                r.report("missing_key", "`experts_per_token` is set but `experts` is not", at: r.keyMark("experts_per_token"),
                         hint: "a mixture-of-experts model needs both")
            default: break
            }
            checkAttentionLayers(&r, pattern: pattern, layers: layers, kind: kind)
            if r.contains("mla") && kind == .encoder {
                r.report("conflicting_keys", "`mla` describes a decoder's KV cache; this model is an encoder", at: r.keyMark("mla"))
            }
            if quantization?.scope == .routedExperts && !r.contains("experts") {
                r.report("conflicting_keys", "`quantization.scope: routed_experts` needs a mixture-of-experts model",
                         at: r.keyMark("quantization"), hint: "add `experts`, or use `scope: all_layers`")
            }
        }
        if let experts, let expertsPerToken, expertsPerToken > experts {
            r.report("out_of_range", "`experts_per_token` (\(expertsPerToken)) cannot exceed `experts` (\(experts))",
                     at: r.valueMark("experts_per_token"))
        }
        if let firstDense, let layers, firstDense >= layers {
            r.report("out_of_range", "`first_dense_layers` (\(firstDense)) must be fewer than `layers` (\(layers))",
                     at: r.valueMark("first_dense_layers"))
        }

        guard !r.diagnostics.contains(where: { $0.severity == .error }), let id, let name, let kind, let layers,
              let hidden, let intermediate, let heads, let kvHeads, let vocab, let context, let mlp, let tied,
              let source, let asOf else { return (nil, r.diagnostics) }
        let model = ModelSpec(id: id, name: name, kind: kind, layers: layers, hiddenSize: hidden,
                              intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                              vocabSize: vocab, maxContextTokens: context, mlp: mlp, tieWordEmbeddings: tied,
                              experts: experts, expertsPerToken: expertsPerToken, expertIntermediateSize: expertWidth,
                              sharedExperts: sharedExperts ?? 0, moeLayerStep: moeLayerStep ?? 1,
                              firstDenseLayers: firstDense ?? 0, multiLatentAttention: mla,
                              attentionLayerPattern: pattern, slidingWindowTokens: window, attentionChunkTokens: chunk,
                              normsPerLayer: norms ?? 2, quantization: quantization, aliases: aliases,
                              source: source, asOf: asOf)
        return (Located(value: model, file: file, mark: r.valueMark("id")), r.diagnostics)
    }

    /// A sliding or chunked layer needs its window; a window needs a layer that uses it; the
    /// pattern repeats over the layers, so it cannot be longer than them.
    private static func checkAttentionLayers(_ r: inout MappingReader, pattern: [AttentionLayerType], layers: Int?,
                                             kind: ModelSpec.Kind?) {
        let windows: [(AttentionLayerType, String)] = [(.sliding, "sliding_window_tokens"), (.chunked, "attention_chunk_tokens")]
        for (type, key) in windows {
            if pattern.contains(type) && !r.contains(key) {
                r.report("missing_key", "`attention_layer_pattern` has `\(type.rawValue)` layers but `\(key)` is not set",
                         at: r.keyMark("attention_layer_pattern"), hint: "copy the window from the model's config.json")
            } else if r.contains(key) && !pattern.contains(type) {
                r.report("conflicting_keys", "`\(key)` is set but no layer in `attention_layer_pattern` is `\(type.rawValue)`",
                         at: r.keyMark(key), hint: "add the layer pattern, e.g. `attention_layer_pattern: [\(type.rawValue), full_attention]`")
            }
        }
        if let layers, pattern.count > layers {
            r.report("invalid_value", "`attention_layer_pattern` lists \(pattern.count) layers but the model has \(layers)",
                     at: r.valueMark("attention_layer_pattern"), hint: "the pattern repeats from the first layer; list one period")
        }
        if kind == .encoder && !pattern.isEmpty {
            r.report("conflicting_keys", "`attention_layer_pattern` describes a decoder's KV cache; this model is an encoder",
                     at: r.keyMark("attention_layer_pattern"))
        }
    }
}
