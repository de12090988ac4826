import Foundation
import Testing
import InferCostCore

/// A model or device may be named by its id, a Hugging Face `org/name`, or an alias, in any case.
@Suite struct CatalogNamesTests {
    static let day = Day(year: 2026, month: 1, day: 1)!
    static func model(_ id: String, aliases: [String]) -> ModelSpec {
        ModelSpec(id: id, name: id, kind: .decoder, layers: 1, hiddenSize: 64, intermediateSize: 128, attentionHeads: 1, kvHeads: 1,
                  vocabSize: 10, maxContextTokens: 10, mlp: .gated, tieWordEmbeddings: false, aliases: aliases, source: "t", asOf: day)
    }
    static let catalog = Catalog(
        devices: ["h100-sxm": Device(id: "h100-sxm", name: "H100 SXM", vendor: "nvidia", kind: .gpu, memoryGB: 80, memoryBandwidthGBs: 3350,
                                     denseTFLOPS: [:], precisions: [.bf16], tdpW: 700, aliases: ["H100-SXM5-80GB"])],
        models: ["meta-llama--Llama-3.1-8B": model("meta-llama--Llama-3.1-8B", aliases: ["Llama-3.1-8B-Instruct"]),
                 "a--x": model("a--x", aliases: ["shared"]), "b--y": model("b--y", aliases: ["shared"])])

    @Test func modelNames() {
        let c = Self.catalog
        #expect(c.modelID(named: "meta-llama--Llama-3.1-8B") == "meta-llama--Llama-3.1-8B")
        #expect(c.modelID(named: "meta-llama/Llama-3.1-8B") == "meta-llama--Llama-3.1-8B")
        #expect(c.modelID(named: "meta-llama/llama-3.1-8b-instruct") == "meta-llama--Llama-3.1-8B")
        #expect(c.modelID(named: "shared") == nil, "an alias two models share names neither")
        #expect(c.modelID(named: "nothing") == nil)
    }

    @Test func deviceNames() {
        #expect(Self.catalog.deviceID(named: "h100-sxm5-80gb") == "h100-sxm")
        #expect(Self.catalog.deviceID(named: "h200") == nil)
    }
}
