import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

/// One golden test per architecture family: the importer reads the published config.json and the
/// counts it yields are checked against numbers worked out by hand below (weights only; biases,
/// per-head q/k norms and attention sinks are not counted — docs/methodology.md, "Parameters").
/// Notation: h hidden, a heads, g KV heads, d head dim, L layers, V vocabulary, E experts.
@Suite struct ArchitectureImportTests {
    static let asOf = Day(year: 2026, month: 12, day: 1)!

    func imported(_ file: String, id: String) throws -> ModelSpec {
        let (model, diagnostics) = HuggingFaceConfigImporter.importConfig(
            at: Fixtures.url("hf-configs/" + file), id: id, source: "https://huggingface.co/\(id)", asOf: Self.asOf)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        return try #require(model)
    }

    func failure(_ file: String) throws -> Diagnostic {
        let (model, diagnostics) = HuggingFaceConfigImporter.importConfig(
            at: Fixtures.url("hf-configs/" + file), id: "x--y", source: "s", asOf: Self.asOf)
        #expect(model == nil)
        #expect(diagnostics.count == 1, "\(diagnostics.rendered)")
        return try #require(diagnostics.first)
    }

    @Test func deepSeekV3MultiLatentAttentionAndDenseFirstLayers() throws {
        let m = try imported("deepseek-v3.json", id: "deepseek-ai--DeepSeek-V3")
        #expect(m.multiLatentAttention == MultiLatentAttention(queryLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128,
                                                               qkRopeHeadDim: 64, valueHeadDim: 128))
        #expect(m.firstDenseLayers == 3 && m.moeLayers == 58 && m.sharedExperts == 1 && m.experts == 256)
        #expect(m.quantization == WeightQuantization(scheme: .fp8Block, groupSize: 128))
        // Attention per layer, h = 7168, a = 128:
        //   q down 7168 x 1536 = 11,010,048 + q norm 1,536 + q up 1536 x 128 x (128 + 64) = 37,748,736
        //   kv down 7168 x (512 + 64) = 4,128,768 + kv norm 512 + kv up 512 x 128 x (128 + 128) = 16,777,216
        //   o 128 x 128 x 7168 = 117,440,512                                         -> 187,107,328
        #expect(m.attentionParametersPerLayer == 187_107_328)
        // Dense MLP 3 x 7168 x 18432 = 396,361,728 (3 layers); one expert 3 x 7168 x 2048 = 44,040,192;
        // router 7168 x 256 = 1,835,008; norms 2 x 7168 = 14,336 per layer.
        // Total = embedding 129280 x 7168 = 926,679,040, twice (untied)          1,853,358,080
        //       + 61 x (187,107,328 + 14,336)                                   11,414,421,504
        //       + 3 x 396,361,728                                                1,189,085,184
        //       + 58 x (257 x 44,040,192 + 1,835,008)                          656,569,532,416
        //       + final norm 7,168                                        = 671,026,404,352 (the published 671B)
        #expect(m.totalParameters == 671_026_404_352)
        // Active: 9 experts (8 routed + 1 shared) in the 58 MoE layers, no embedding gather:
        //   11,414,421,504 + 1,189,085,184 + 58 x (9 x 44,040,192 + 1,835,008) + 7,168 + lm_head 926,679,040
        //   = 36,625,603,584 (the published 37B; "36.6B including 0.9B for the output head")
        #expect(m.activeParameters == 36_625_603_584)
        // KV cache: 512 + 64 = 576 values per token and layer, 61 layers, 2 bytes = 70,272 B/token in bf16,
        // against 2 x 128 heads x 128 x 61 x 2 = 3,997,696 for the same heads without MLA (56.9x).
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 4096) == 70_272)
        // Every tensor-parallel rank holds the whole latent: the same at TP 8.
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 4096, tensorParallel: 8) == 70_272)
        // FP8 block weights: 1 + 4 / (128 x 128) bytes per layer weight; embedding and head in bf16.
        let expected = m.layerParameters * (1 + 4.0 / 16_384) + 2 * 926_679_040 * 2
        #expect(m.weightBytes(precision: .fp8) == expected)
    }

    @Test(arguments: [("gpt-oss-120b.json", 36, 128, 116_789_048_640.0, 5_131_310_400.0, 65_168_599_680.0),
                      ("gpt-oss-20b.json", 24, 32, 20_907_927_360.0, 3_607_283_520.0, 13_747_605_120.0)])
    func gptOSSAlternatingSlidingWindowAndMXFP4Experts(_ file: String, _ layers: Int, _ experts: Int,
                                                      _ total: Double, _ active: Double, _ fp4Bytes: Double) throws {
        let m = try imported(file, id: "openai--" + file.replacingOccurrences(of: ".json", with: ""))
        #expect(m.layers == layers && m.experts == experts && m.expertsPerToken == 4 && m.moeLayers == layers)
        #expect(m.attentionLayerPattern == [.sliding, .full] && m.slidingWindowTokens == 128)
        #expect(m.quantization == WeightQuantization(scheme: .mxfp4, scope: .routedExperts))
        // h = 2880, a = 64, g = 8, d = 64: attention 2880 x 64 x (128 + 16) = 26,542,080;
        // expert 3 x 2880 x 2880 = 24,883,200; router 2880 x E; norms 5,760; V = 201,088.
        // 120b: 2 x 201088 x 2880 + 36 x (26,542,080 + 5,760 + 128 x 24,883,200 + 368,640) + 2880
        //     = 1,158,266,880 + 115,630,778,880 + 2,880 = 116,789,048,640 (published 116.8B)
        // 20b:  1,158,266,880 + 24 x (26,542,080 + 5,760 + 32 x 24,883,200 + 92,160) + 2880
        //     = 20,907,927,360 (published 20.9B)
        #expect(m.totalParameters == total)
        // Active, 4 experts: 120b 201088 x 2880 + 36 x (26,542,080 + 5,760 + 4 x 24,883,200 + 368,640) + 2880
        //     = 5,131,310,400 (published 5.1B); 20b likewise with 24 layers = 3,607,283,520 (3.6B).
        #expect(m.activeParameters == active)
        // KV: 2 x 8 x 64 x 2 bytes = 2,048 B per token and layer. At 8,192 tokens half the layers hold
        // 8,192 tokens and the sliding half 128: (L/2) x 2,048 x (8,192 + 128) / 8,192 per token;
        // 120b: 18 x 2,048 x 8,320 / 8,192 = 37,440; 20b: 12 x 2,048 x 8,320 / 8,192 = 24,960.
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 8192) == Double(layers / 2) * 2048 * 8320 / 8192)
        // Below the window every layer holds every token: L x 2,048.
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 100) == Double(layers) * 2048)
        // MXFP4 experts: L x E x 24,883,200 weights at 0.5 + 1/32 = 0.53125 bytes; the other layer
        // weights (attention, router, norms) stay bf16, and the embedding and head too.
        // 120b: 114,661,785,600 x 0.53125 + 968,996,160 x 2 + 2 x 579,133,440 x 2 = 65,168,599,680 (~65 GB on disk).
        #expect(m.weightBytes(precision: .fp4) == fp4Bytes)
    }

    @Test func qwen3MoEImports() throws {
        let m = try imported("qwen3-30b-a3b.json", id: "Qwen--Qwen3-30B-A3B")
        #expect(m.experts == 128 && m.expertsPerToken == 8 && m.expertIntermediateSize == 768 && m.headDim == 128)
        // h = 2048, a = 32, g = 4, d = 128: attention 2048 x 128 x (64 + 8) = 18,874,368;
        // expert 3 x 2048 x 768 = 4,718,592; router 2048 x 128 = 262,144; norms 4,096; V = 151,936.
        // Total 2 x 151936 x 2048 + 48 x (18,874,368 + 4,096 + 128 x 4,718,592 + 262,144) + 2,048 = 30,532,110,336
        #expect(m.totalParameters == 30_532_110_336)
        // Active (8 experts, no embedding gather): 151936 x 2048 + 48 x (18,874,368 + 4,096 + 8 x 4,718,592
        // + 262,144) + 2,048 = 3,041,855,488 (the published "3.3B activated" also counts the 0.31B embedding).
        #expect(m.activeParameters == 3_041_855_488)
        // KV: 48 x 2 x 4 x 128 x 2 bytes = 98,304 B/token.
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 4096) == 98_304)
    }

    @Test func qwen3DenseImports() throws {
        let big = try imported("qwen3-32b.json", id: "Qwen--Qwen3-32B")
        // h = 5120, a = 64, g = 8, d = 128 (not 5120 / 64 = 80): attention 5120 x 128 x 144 = 94,371,840;
        // MLP 3 x 5120 x 25600 = 393,216,000; norms 10,240; 64 layers; V = 151,936, untied.
        // 2 x 151936 x 5120 + 64 x 487,598,080 + 5,120 = 32,762,106,880 (published 32.8B).
        #expect(big.headDim == 128 && big.totalParameters == 32_762_106_880)
        // KV: 64 x 2 x 8 x 128 x 2 = 262,144 B/token.
        #expect(big.kvBytesPerToken(kv: .bf16, contextTokens: 1000) == 262_144)
        let small = try imported("qwen3-8b.json", id: "Qwen--Qwen3-8B")
        // h = 4096, a = 32, g = 8: attention 41,943,040; MLP 3 x 4096 x 12288 = 150,994,944; norms 8,192;
        // 36 layers: 2 x 151936 x 4096 + 36 x 193,946,176 + 4,096 = 8,190,726,144 (published 8.2B).
        #expect(small.totalParameters == 8_190_726_144)
        // KV: 36 x 2 x 8 x 128 x 2 = 147,456 B/token.
        #expect(small.kvBytesPerToken(kv: .bf16, contextTokens: 1000) == 147_456)
    }

    @Test func gemma2AlternatesSlidingAndGlobalLayers() throws {
        let m = try imported("gemma-2-9b-it.json", id: "google--gemma-2-9b-it")
        #expect(m.attentionLayerPattern == [.sliding, .full] && m.slidingWindowTokens == 4096)
        #expect(m.tieWordEmbeddings && m.normsPerLayer == 4 && m.headDim == 256)
        // h = 3584, a = 16, g = 8, d = 256: attention 3584 x 256 x 48 = 44,040,192; MLP 3 x 3584 x 14336
        // = 154,140,672; 4 norms 14,336; 42 layers; embedding 256000 x 3584 = 917,504,000, tied.
        // 917,504,000 + 42 x 198,195,200 + 3,584 = 9,241,705,984 (published 9.24B).
        #expect(m.totalParameters == 9_241_705_984)
        // KV per layer and token 2 x 8 x 256 x 2 = 8,192 B. At 8,192 tokens: 21 global layers hold 8,192
        // tokens, 21 sliding layers 4,096: 21 x 8,192 x (8,192 + 4,096) = 2,113,929,216 B.
        #expect(m.kvCacheBytes(sequenceTokens: 8192, kv: .bf16) == 2_113_929_216)
    }

    @Test func gemma3FiveSlidingLayersToOneGlobal() throws {
        let m = try imported("gemma-3-27b-it.json", id: "google--gemma-3-27b-it")
        #expect(m.attentionLayerPattern == [.sliding, .sliding, .sliding, .sliding, .sliding, .full])
        #expect(m.slidingWindowTokens == 1024 && m.vocabSize == 262_208 && m.maxContextTokens == 131_072)
        #expect(m.attentionLayerCounts == [.sliding: 52, .full: 10])
        // h = 5376, a = 32, g = 16, d = 128: attention 5376 x 128 x 96 = 66,060,288; MLP 3 x 5376 x 21504
        // = 346,816,512; 4 norms 21,504; 62 layers; embedding 262208 x 5376 = 1,409,630,208, tied.
        // 1,409,630,208 + 62 x 412,898,304 + 5,376 = 27,009,330,432 (the language model of the 27B;
        // the 0.4B vision encoder is not modelled).
        #expect(m.totalParameters == 27_009_330_432)
        // KV per layer and token 2 x 16 x 128 x 2 = 8,192 B. At 32,768 tokens: 10 global layers x 32,768
        // + 52 sliding layers x 1,024 tokens: 8,192 x (327,680 + 53,248) = 3,120,562,176 B.
        #expect(m.kvCacheBytes(sequenceTokens: 32_768, kv: .bf16) == 3_120_562_176)
    }

    @Test func llama4InterleavesMoEAndChunksAttention() throws {
        let m = try imported("llama-4-maverick-17b-128e.json", id: "meta-llama--Llama-4-Maverick-17B-128E")
        #expect(m.moeLayerStep == 2 && m.moeLayers == 24 && m.sharedExperts == 1 && m.intermediateSize == 16384)
        #expect(m.attentionLayerPattern == [.chunked, .chunked, .chunked, .full] && m.attentionChunkTokens == 8192)
        // h = 5120, a = 40, g = 8, d = 128: attention 5120 x 128 x 96 = 62,914,560; expert 3 x 5120 x 8192
        // = 125,829,120; dense MLP 3 x 5120 x 16384 = 251,658,240; router 5120 x 128 = 655,360; norms 10,240.
        // Total 2 x 202048 x 5120 + 48 x (62,914,560 + 10,240) + 24 x 251,658,240
        //     + 24 x (129 x 125,829,120 + 655,360) + 5,120 = 400,711,848,960 (published 400B)
        #expect(m.totalParameters == 400_711_848_960)
        // Active: 1 routed + 1 shared expert: ... + 24 x (2 x 125,829,120 + 655,360) + lm_head 1,034,485,760
        //     = 16,150,205,440 (the published 17B also counts the 1.03B embedding)
        #expect(m.activeParameters == 16_150_205_440)
        // KV per layer and token 2 x 8 x 128 x 2 = 4,096 B. At 32,768 tokens: 12 global layers x 32,768 +
        // 36 chunked layers x 8,192: 4,096 x (393,216 + 294,912) = 2,818,572,288 B.
        #expect(m.kvCacheBytes(sequenceTokens: 32_768, kv: .bf16) == 2_818_572_288)
    }

    @Test func gptJParallelAttentionWithOneNorm() throws {
        let m = try imported("gpt-j-6b.json", id: "EleutherAI--gpt-j-6b")
        #expect(m.intermediateSize == 16384 && m.kvHeads == 16 && m.headDim == 256 && m.mlp == .standard && m.normsPerLayer == 1)
        // h = 4096, a = g = 16, d = 256: attention 4096 x 256 x 64 = 67,108,864; MLP 2 x 4096 x 16384
        // = 134,217,728; one norm 4,096; 28 layers; V = 50,400, untied.
        // 2 x 50400 x 4096 + 28 x 201,330,688 + 4,096 = 6,050,140,160 (published 6.05B).
        #expect(m.totalParameters == 6_050_140_160)
        // KV: 28 x 2 x 16 x 256 x 2 = 458,752 B/token (multi-head attention).
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 2048) == 458_752)
    }

    @Test func falconMultiQueryAndNewDecoder() throws {
        let seven = try imported("falcon-7b.json", id: "tiiuae--falcon-7b")
        #expect(seven.kvHeads == 1 && seven.normsPerLayer == 1 && seven.tieWordEmbeddings && seven.maxContextTokens == 2048)
        // h = 4544, a = 71, g = 1 (multi-query), d = 64: attention 4544 x 64 x 144 = 41,877,504;
        // MLP 2 x 4544 x 18176 = 165,183,488; one norm 4,544; 32 layers; embedding 65024 x 4544, tied.
        // 295,469,056 + 32 x 207,065,536 + 4,544 = 6,921,570,752 (published 6.92B).
        #expect(seven.totalParameters == 6_921_570_752)
        // KV: 32 x 2 x 1 x 64 x 2 = 8,192 B/token; at TP 4 the single head is replicated: still 8,192.
        #expect(seven.kvBytesPerToken(kv: .bf16, contextTokens: 2048) == 8192)
        #expect(seven.kvBytesPerToken(kv: .bf16, contextTokens: 2048, tensorParallel: 4) == 8192)
        let forty = try imported("falcon-40b.json", id: "tiiuae--falcon-40b")
        #expect(forty.kvHeads == 8 && forty.normsPerLayer == 2)
        // h = 8192, a = 128, g = 8, d = 64: attention 8192 x 64 x 272 = 142,606,336; MLP 2 x 8192 x 32768
        // = 536,870,912; two norms 16,384; 60 layers; embedding 65024 x 8192 = 532,676,608, tied.
        // 532,676,608 + 60 x 679,493,632 + 8,192 = 41,302,302,720 (published 40B class, 41.3B).
        #expect(forty.totalParameters == 41_302_302_720)
        // KV: 60 x 2 x 8 x 64 x 2 = 122,880 B/token.
        #expect(forty.kvBytesPerToken(kv: .bf16, contextTokens: 2048) == 122_880)
    }

    @Test(arguments: [("jamba-v0.1.json", "attn_layer_period", 11),
                      ("nemotron-h-8b-base-8k.json", "hybrid_override_pattern", 20),
                      ("qwen3-next-80b-a3b.json", "layer_types", 17)])
    func hybridStateSpaceModelsFailNamingTheField(_ file: String, _ field: String, _ line: Int) throws {
        let d = try failure(file)
        #expect(d.code == "unsupported_field" && d.message.hasPrefix("`\(field)`"), "\(d.rendered)")
        #expect(d.location.line == line && d.location.column == 3, "\(d.rendered)")
    }

    @Test(arguments: ["deepseek-v3.json", "gpt-oss-120b.json", "gemma-3-27b-it.json", "llama-4-maverick-17b-128e.json",
                      "falcon-7b.json", "gpt-j-6b.json", "qwen3-30b-a3b.json"])
    func everyNewFamilyRoundTripsThroughTheCatalogLoader(_ config: String) throws {
        let stem = "org--\(config.replacingOccurrences(of: ".json", with: ""))"
        let model = try imported(config, id: stem)
        // The closed-form layer counts agree with asking layer by layer.
        #expect(model.moeLayers == (0..<model.layers).filter(model.isMoELayer).count)
        for type in AttentionLayerType.allCases {
            #expect(model.attentionLayers(type) == (0..<model.layers).filter { model.attentionLayerType($0) == type }.count)
        }
        let yaml = HuggingFaceConfigImporter.yaml(for: model)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString)/models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try yaml.write(to: folder.appendingPathComponent(stem + ".yaml"), atomically: true, encoding: .utf8)
        let (catalog, diagnostics) = CatalogLoader.load(root: folder.deletingLastPathComponent())
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)\n\(yaml)")
        #expect(catalog.models[stem] == model, "\(yaml)")
    }
}
