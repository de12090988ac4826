import Testing
@testable import InferCostEngine
import InferCostCore

@Suite struct MemoryModelTests {
    @Test func parameterCountOfLlama8BMatchesPublished() {
        // embed 128256*4096 = 525,336,576; per layer: attention 4096*128*(2*32+2*8) = 41,943,040,
        // MLP 3*4096*14336 = 176,160,768, norms 8,192 -> 218,112,000 x 32 = 6,979,584,000;
        // final norm 4,096; lm_head 525,336,576. Total 8,030,261,248 (the published 8.03B).
        #expect(Fixtures.llama8B.totalParameters == 8_030_261_248)
        #expect(Fixtures.llama8B.activeParameters == 6_979_588_096 + 525_336_576)
    }

    @Test func mixtureOfExpertsCountsAllExpertsForMemoryAndTwoForCompute() {
        // Per layer: attention 41,943,040; 8 experts x 176,160,768; router 4096*8 = 32,768; norms 8,192.
        let m = Fixtures.mixtral
        let perLayerAll = 41_943_040.0 + 8 * 176_160_768 + 32_768 + 8_192
        let perLayerActive = 41_943_040.0 + 2 * 176_160_768 + 32_768 + 8_192
        #expect(m.layerParameters == 32 * perLayerAll + 4096)
        #expect(m.activeLayerParameters == 32 * perLayerActive + 4096)
        // 46.7B total, ~12.9B active: the published figures.
        #expect(abs(m.totalParameters / 1e9 - 46.70) < 0.01)
    }

    @Test func weightBytesKeepEmbeddingsInSixteenBitsWhenQuantised() {
        let m = Fixtures.llama8B
        #expect(MemoryModel.weightBytes(m, precision: .bf16) == 8_030_261_248 * 2)
        // int4: layers 6,979,588,096 x (0.5 + 2/128) = 3,598,850,112; embedding and head 2 x 1,050,673,152.
        #expect(MemoryModel.weightBytes(m, precision: .int4) == 3_598_850_112 + 2 * 1_050_673_152)
    }

    @Test func kvCachePerTokenSplitsHeadsAcrossTensorParallelDevices() {
        let m = Fixtures.llama8B
        // 2 x 32 layers x 8 heads x 128 x 2 bytes = 131,072 bytes per token.
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 1000, tensorParallel: 1, pipelineParallel: 1) == 131_072)
        #expect(m.kvBytesPerToken(kv: .fp8, contextTokens: 1000, tensorParallel: 2, pipelineParallel: 1) == 32_768)
        // TP 16 > 8 KV heads: each device still holds one head (replicated).
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 1000, tensorParallel: 16, pipelineParallel: 1) == 16_384)
        #expect(m.kvBytesPerToken(kv: .bf16, contextTokens: 1000, tensorParallel: 1, pipelineParallel: 2) == 65_536)
    }

    @Test func maxBatchIsWhatFitsBesideWeightsAndReserve() {
        let point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                    inputTokens: 1000, outputTokens: 1000)
        let mem = MemoryModel.memory(Fixtures.llama8B, point: point, capacityGB: 80, factors: .defaults(for: .gpu))
        // free = 80 - 8 (10% reserve) - 16.060522496 = 55.939477504 GB; per sequence 2000 x 131,072 B = 0.262144 GB.
        #expect(mem.maxBatch == 213)
        #expect(abs(mem.kvCacheGBPerSequence - 0.262144) < 1e-12)
        #expect(mem.fits)
    }
}
