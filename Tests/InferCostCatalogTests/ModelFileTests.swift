import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

/// The architecture keys of a model file: each inconsistency is one positioned diagnostic.
@Suite struct ModelFileTests {
    static let base = """
        schema_version: 1
        id: org--m
        name: M
        kind: decoder
        layers: 4
        hidden_size: 64
        intermediate_size: 128
        attention_heads: 4
        kv_heads: 2
        vocab_size: 100
        max_context_tokens: 1000
        mlp: gated
        tie_word_embeddings: false
        source: "s"
        as_of: 2025-01-01

        """

    func load(_ extra: String) throws -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString)/models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try (Self.base + extra).write(to: folder.appendingPathComponent("org--m.yaml"), atomically: true, encoding: .utf8)
        let (catalog, diagnostics) = CatalogLoader.load(root: folder.deletingLastPathComponent())
        return (catalog.models["org--m"], diagnostics)
    }

    @Test func slidingLayersAndTheirWindowLoad() throws {
        let (model, diagnostics) = try load("attention_layer_pattern: [sliding_attention, sliding_attention, full_attention]\nsliding_window_tokens: 16\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let m = try #require(model)
        // Layers 0, 1 slide, 2 is full, 3 repeats layer 0: 3 sliding, 1 full.
        #expect(m.attentionLayerCounts == [.sliding: 3, .full: 1])
        // 2 KV heads x d 16 x 2 (K, V) x 2 bytes = 128 B per token and layer. 100 tokens:
        // 1 full layer x 100 + 3 sliding layers x 16 = 148 layer-tokens x 128 = 18,944 B.
        #expect(m.kvCacheBytes(sequenceTokens: 100, kv: .bf16) == 18_944)
    }

    @Test(arguments: [
        ("attention_layer_pattern: [sliding_attention]\n", "missing_key", "`sliding_window_tokens` is not set"),
        ("attention_layer_pattern: [full_attention]\nattention_chunk_tokens: 8\n", "conflicting_keys", "no layer"),
        ("attention_layer_pattern: [full_attention, full_attention, full_attention, full_attention, full_attention]\n",
         "invalid_value", "lists 5 layers"),
        ("attention_layer_pattern: [global]\n", "invalid_value", "cannot include `global`"),
        ("quantization:\n  scheme: mxfp4\n  group_size: 16\n", "invalid_value", "fixed at 32"),
        ("quantization:\n  scheme: int4_awq\n  scope: routed_experts\n", "conflicting_keys", "mixture-of-experts"),
        ("first_dense_layers: 1\n", "conflicting_keys", "mixture-of-experts"),
        ("experts: 4\nexperts_per_token: 1\nfirst_dense_layers: 4\n", "out_of_range", "fewer than `layers`"),
        ("mla:\n  kv_lora_rank: 8\n  qk_rope_head_dim: 4\n  v_head_dim: 16\n", "missing_key", "qk_nope_head_dim"),
    ])
    func inconsistentArchitectureKeysAreReported(_ extra: String, _ code: String, _ mentions: String) throws {
        let (model, diagnostics) = try load(extra)
        #expect(model == nil)
        #expect(diagnostics.map(\.code) == [code], "\(diagnostics.rendered)")
        let d = try #require(diagnostics.first)
        #expect(d.message.contains(mentions), "\(d.rendered)")
        #expect(d.location.line >= 16, "\(d.rendered)")  // at the added key, not the top of the file
    }

    @Test func quantisedCheckpointSetsTheBytesOfItsOwnPrecisionOnly() throws {
        let (model, diagnostics) = try load("quantization:\n  scheme: int4_gptq\n  group_size: 64\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let m = try #require(model)
        // GPTQ, group 64: 0.5 + 2/64 (fp16 scale) + 0.5/64 (4-bit zero) = 0.5390625 bytes per layer weight.
        #expect(m.bytesPerLayerWeight(.int4, routedExpert: false) == 0.5390625)
        // Another precision ignores the checkpoint's format: fp8 is 1 byte.
        #expect(m.bytesPerLayerWeight(.fp8, routedExpert: false) == 1)
    }
}
