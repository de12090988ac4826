import Foundation
import InferCostCore
import Yams

/// `models/<org>--<name>.yaml` -> `ModelSpec`.
enum ModelFile {
    /// In the order of docs/catalog-format.md, which `HuggingFaceConfigImporter.yaml(for:)` also writes.
    static let keys = [
        "schema_version", "id", "name", "kind", "layers", "hidden_size", "intermediate_size", "attention_heads",
        "kv_heads", "head_dim", "vocab_size", "max_context_tokens", "mlp", "tie_word_embeddings", "experts",
        "experts_per_token", "expert_intermediate_size", "shared_experts", "moe_layer_step", "aliases", "source", "as_of",
        "notes",
    ]

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
        let vocab = r.int("vocab_size", required: true, domain: Domains.vocabSize)
        let context = r.int("max_context_tokens", required: true, domain: Domains.contextTokens)
        let mlp = r.choice("mlp", ModelSpec.MLP.self, required: true)
        let tied = r.bool("tie_word_embeddings", required: true)
        let experts = r.int("experts", domain: Domains.experts)
        let expertsPerToken = r.int("experts_per_token", domain: Domains.experts)
        let expertWidth = r.int("expert_intermediate_size", domain: Domains.intermediateSize)
        let sharedExperts = r.int("shared_experts", domain: Domains.sharedExperts)
        let moeLayerStep = r.int("moe_layer_step", domain: Domains.layers)
        let aliases = r.stringList("aliases") ?? []
        for key in ["expert_intermediate_size", "shared_experts", "moe_layer_step"] where r.contains(key) && !r.contains("experts") {
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
        if let hidden, let heads, headDim == nil, !r.contains("head_dim"), hidden % heads != 0 {
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
        }
        if let experts, let expertsPerToken, expertsPerToken > experts {
            r.report("out_of_range", "`experts_per_token` (\(expertsPerToken)) cannot exceed `experts` (\(experts))",
                     at: r.valueMark("experts_per_token"))
        }

        guard !r.diagnostics.contains(where: { $0.severity == .error }), let id, let name, let kind, let layers,
              let hidden, let intermediate, let heads, let kvHeads, let vocab, let context, let mlp, let tied,
              let source, let asOf else { return (nil, r.diagnostics) }
        let model = ModelSpec(id: id, name: name, kind: kind, layers: layers, hiddenSize: hidden,
                              intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                              vocabSize: vocab, maxContextTokens: context, mlp: mlp, tieWordEmbeddings: tied,
                              experts: experts, expertsPerToken: expertsPerToken, expertIntermediateSize: expertWidth,
                              sharedExperts: sharedExperts ?? 0, moeLayerStep: moeLayerStep ?? 1, aliases: aliases,
                              source: source, asOf: asOf)
        return (Located(value: model, file: file, mark: r.valueMark("id")), r.diagnostics)
    }
}
