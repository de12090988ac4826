import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

@Suite struct HuggingFaceConfigImporterTests {
    static let asOf = Day(year: 2024, month: 7, day: 23)!

    func importFixture(_ name: String, id: String) -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        HuggingFaceConfigImporter.importConfig(at: Fixtures.url("hf-configs/" + name), id: id,
                                               source: "https://huggingface.co/\(id)/blob/main/config.json", asOf: Self.asOf)
    }

    @Test func llama31_8B() throws {
        let (model, diagnostics) = importFixture("llama-3.1-8b.json", id: "meta-llama--Llama-3.1-8B")
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let m = try #require(model)
        #expect(m.kind == .decoder && m.mlp == .gated && !m.tieWordEmbeddings && m.experts == nil)
        #expect(m.layers == 32 && m.hiddenSize == 4096 && m.attentionHeads == 32 && m.kvHeads == 8 && m.headDim == 128)
        #expect(m.intermediateSize == 14336 && m.vocabSize == 128256 && m.maxContextTokens == 131072)
        #expect(m.name == "Llama-3.1-8B")
        // embed 128256*4096 = 525,336,576; per layer attention 4096*128*(2*32+2*8) = 41,943,040,
        // MLP 3*4096*14336 = 176,160,768, norms 8,192 -> 218,112,000 x 32 = 6,979,584,000;
        // final norm 4,096; lm_head 525,336,576. Total 8,030,261,248.
        #expect(m.totalParameters == 8_030_261_248)
    }

    @Test func mixtral8x7B() throws {
        let (model, diagnostics) = importFixture("mixtral-8x7b.json", id: "mistralai--Mixtral-8x7B-Instruct-v0.1")
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let m = try #require(model)
        #expect(m.experts == 8 && m.expertsPerToken == 2 && m.isMoE)
        #expect(m.vocabSize == 32000 && m.maxContextTokens == 32768 && m.kvHeads == 8)
        // embed 32000*4096 = 131,072,000; per layer attention 41,943,040 + 8 experts x 176,160,768
        // = 1,409,286,144 + router 4096*8 = 32,768 + norms 8,192 -> 1,451,270,144 x 32 = 46,440,644,608;
        // final norm 4,096; lm_head 131,072,000. Total 46,702,792,704 (the published "46.7B").
        #expect(m.totalParameters == 46_702_792_704)
    }

    @Test func bgeLargeEncoder() throws {
        let (model, diagnostics) = importFixture("bert-bge-large.json", id: "BAAI--bge-large-en-v1.5")
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let m = try #require(model)
        #expect(m.kind == .encoder && m.mlp == .standard && m.kvHeads == 16 && m.headDim == 64)
        #expect(m.layers == 24 && m.hiddenSize == 1024 && m.intermediateSize == 4096 && m.maxContextTokens == 512)
        #expect(m.lmHeadParameters == 0)
    }

    @Test(arguments: ["llama-3.1-8b.json", "mixtral-8x7b.json", "bert-bge-large.json"])
    func yamlRoundTripsThroughTheLoader(_ config: String) throws {
        let stem = "org--\(config.replacingOccurrences(of: ".json", with: ""))"
        let (imported, _) = importFixture(config, id: stem)
        let model = try #require(imported)
        let yaml = HuggingFaceConfigImporter.yaml(for: model)
        #expect(yaml.hasPrefix("schema_version: 1\nid: "))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString)/models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try yaml.write(to: folder.appendingPathComponent(stem + ".yaml"), atomically: true, encoding: .utf8)
        let (catalog, diagnostics) = CatalogLoader.load(root: folder.deletingLastPathComponent())
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)\n\(yaml)")
        #expect(catalog.models[stem] == model)
    }

    @Test func yamlKeepsKeyOrderAndQuotesText() {
        let model = ModelSpec(id: "google--gemma-7b", name: "Gemma \"7B\": base", kind: .decoder, layers: 28, hiddenSize: 3072,
                              intermediateSize: 24576, attentionHeads: 16, kvHeads: 16, headDim: 256, vocabSize: 256000,
                              maxContextTokens: 8192, mlp: .gated, tieWordEmbeddings: true, source: "hf", asOf: Self.asOf)
        let yaml = HuggingFaceConfigImporter.yaml(for: model)
        let keys = yaml.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        #expect(keys == ["schema_version", "id", "name", "kind", "layers", "hidden_size", "intermediate_size",
                         "attention_heads", "kv_heads", "head_dim", "vocab_size", "max_context_tokens", "mlp",
                         "tie_word_embeddings", "source", "as_of"])
        #expect(yaml.contains(#"name: "Gemma \"7B\": base""#))
        #expect(yaml.contains("as_of: 2024-07-23\n"))
    }

    @Test func unsupportedArchitectureIsLocated() throws {
        let (model, diagnostics) = importFixture("../hf-bad/unsupported_architecture.json", id: "google--t5-small")
        #expect(model == nil)
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.code == "unsupported_architecture" && d.location.line == 2 && d.location.column == 3)
        #expect(d.hint?.contains("LlamaForCausalLM") == true)
    }

    @Test func wrongTypeIsLocatedAtTheKey() throws {
        let (model, diagnostics) = importFixture("../hf-bad/wrong_type.json", id: "x--y")
        #expect(model == nil)
        #expect(diagnostics.map(\.code) == ["wrong_type"])
        #expect(diagnostics.first?.location.line == 3 && diagnostics.first?.location.column == 3)
        #expect(diagnostics.first?.sourceLine == #"  "hidden_size": "4096","#)
    }

    @Test func missingFieldIsReported() {
        let (model, diagnostics) = importFixture("../hf-bad/missing_key.json", id: "x--y")
        #expect(model == nil)
        #expect(diagnostics.map(\.code) == ["missing_key"])
        #expect(diagnostics.first?.message.contains("max_position_embeddings") == true)
    }

    @Test func invalidJSONAndMissingFile() {
        let (bad, syntax) = importFixture("../hf-bad/json_syntax.json", id: "x--y")
        #expect(bad == nil && syntax.map(\.code) == ["json_syntax"])
        // The second comma of `"hidden_size": 4096,,`.
        #expect(syntax.first?.location.line == 3 && syntax.first?.location.column == 23)
        let (none, unreadable) = importFixture("absent.json", id: "x--y")
        #expect(none == nil && unreadable.map(\.code) == ["unreadable_file"])
    }
}
