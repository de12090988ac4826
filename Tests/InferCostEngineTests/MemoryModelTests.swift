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

    /// The estimator keeps a model's weight bytes and KV layout (`KVLayout`) instead of asking the model spec on
    /// every estimate; what it predicts must be what the model spec gives, for every attention layout (full,
    /// sliding window, chunked, MLA), with experts and attention data parallel, at any TP, PP and length.
    @Test func theEstimatorsKeptModelFiguresAreTheModelSpecs() {
        var sliding = Fixtures.llama8B
        sliding.attentionLayerPattern = [.sliding, .sliding, .full]; sliding.slidingWindowTokens = 128
        var chunked = Fixtures.mixtral
        chunked.attentionLayerPattern = [.chunked, .chunked, .chunked, .full]; chunked.attentionChunkTokens = 512
        var latent = Fixtures.mixtral
        latent.multiLatentAttention = MultiLatentAttention(queryLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128,
                                                          qkRopeHeadDim: 64, valueHeadDim: 128)
        for model in [Fixtures.llama8B, Fixtures.mixtral, sliding, chunked, latent] {
            let layout = KVLayout(model)
            for (tp, pp, dp) in [(1, 1, false), (2, 1, false), (8, 1, false), (8, 1, true), (2, 2, false), (4, 2, true)] {
                for (input, output) in [(100, 20), (1000, 1000), (8000, 2000)] {
                    for kv in [Precision.bf16, .fp8] {
                        let point = DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, pipelineParallel: pp, weightPrecision: .fp8,
                                                    kvPrecision: kv, batch: 3, inputTokens: input, outputTokens: output,
                                                    engine: .vllm, attentionDataParallel: dp)
                        let engine = EngineDefaults.defaults(.vllm, device: Fixtures.gpu, tensorParallel: tp)
                        #expect(PerformanceModel(model: model, device: Fixtures.gpu).estimate(point).memory
                            == MemoryModel.memory(model, point: point, capacityGB: 80, engine: engine))
                        let tokens = Double(input + output)
                        #expect(layout.bytes(sequenceTokens: tokens, kv: kv, tensorParallel: tp, pipelineParallel: pp)
                            == model.kvCacheBytes(sequenceTokens: tokens, kv: kv, tensorParallel: tp, pipelineParallel: pp))
                    }
                }
            }
        }
        // The layouts differ where they should: the window and the chunk bound what a long sequence keeps.
        let long = 8000.0
        #expect(KVLayout(sliding).bytes(sequenceTokens: long, kv: .bf16, tensorParallel: 1, pipelineParallel: 1)
            < KVLayout(Fixtures.llama8B).bytes(sequenceTokens: long, kv: .bf16, tensorParallel: 1, pipelineParallel: 1))
        #expect(KVLayout(latent).bytes(sequenceTokens: long, kv: .bf16, tensorParallel: 8, pipelineParallel: 1)
            == 32 * 576 * 2 * long)
    }

    @Test func kvPoolIsTheEngineShareLeftAfterWeightsAndWorkspace() {
        let point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                    inputTokens: 1000, outputTokens: 1000)
        let engine = EngineDefaults.defaults(.vllm, device: Fixtures.gpu, tensorParallel: 1)
        let mem = MemoryModel.memory(Fixtures.llama8B, point: point, capacityGB: 80, engine: engine)
        // Capacity 80 GiB = 85,899,345,920 B; vLLM uses 0.9 of it = 77,309,411,328 B.
        // Workspace at vLLM's 8192-token budget (80 GiB, not an A100): 8192 x 2 B x (2 x 14,336 + 3 x 4096) = 671,088,640
        //   + logits of 1024 sequences x 128,256 x 4 B = 525,336,576 + 1 GiB runtime = 2,270,167,040 B.
        // Pool = 77,309,411,328 - 16,060,522,496 (weights) - 2,270,167,040 = 58,978,721,792 B.
        #expect(abs(mem.workspaceGBPerDevice * 1_073_741_824 - 2_270_167_040) < 1)
        #expect(abs(mem.kvPoolGBPerDevice * 1_073_741_824 - 58_978_721_792) < 1)
        // Whole sequences: 2000 tokens (125 blocks of 16) x 131,072 B = 262,144,000 B -> 224 fit.
        #expect(mem.maxBatch == 224)
        // Average occupancy: 1000 + 1000/2 + 7.5 (half a block) = 1507.5 tokens = 197,591,040 B -> 298.
        #expect(mem.averageOccupancyBatch == 298)
        #expect(abs(mem.kvCacheGBPerSequence * 1_073_741_824 - 262_144_000) < 1e-3)
        #expect(mem.fits)
    }

    @Test func tensorRTLLMReservesWholeSequencesAndTakesItsShareOfWhatIsFree() {
        let point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                    inputTokens: 1000, outputTokens: 1000, engine: .trtllm)
        let engine = EngineDefaults.defaults(.trtllm, device: Fixtures.gpu, tensorParallel: 1)
        let mem = MemoryModel.memory(Fixtures.llama8B, point: point, capacityGB: 80, engine: engine)
        // Workspace at 8192 tokens: 671,088,640 + logits 8192 x 128,256 x 4 = 4,202,692,608 + 1 GiB = 5,947,523,072 B.
        // Pool = 0.9 x (85,899,345,920 - 16,060,522,496 - 5,947,523,072) = 57,502,170,316.8 B.
        #expect(abs(mem.kvPoolGBPerDevice * 1_073_741_824 - 57_502_170_316.8) < 1)
        // Whole sequences at admission, blocks of 32: 2016 tokens x 131,072 B = 264,241,152 B -> 217, on average too.
        #expect(mem.maxBatch == 217 && mem.averageOccupancyBatch == 217)
    }

    @Test func weightsThatFillTheDeviceLeaveNoBatch() {
        let point = DeploymentPoint(deviceID: "gpu16", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                    inputTokens: 100, outputTokens: 100)
        let engine = EngineDefaults.defaults(.vllm, device: Fixtures.smallGPU, tensorParallel: 1)
        let mem = MemoryModel.memory(Fixtures.llama8B, point: point, capacityGB: 16, engine: engine)
        #expect(mem.maxBatch == 0 && !mem.fits)
    }
}
