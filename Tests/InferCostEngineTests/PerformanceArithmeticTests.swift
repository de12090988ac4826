import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// The roofline's terms worked by hand for Llama 3.1 8B on the 80 GB fixture GPU (989 bf16
/// TFLOPS, 3,350 GB/s, 450 GB/s link), with round efficiency factors stated here so the defaults
/// can change without moving these numbers. Parameter counts are the published ones
/// (MemoryModelTests): 6,979,588,096 in the layers, 525,336,576 in the embedding and again in the
/// untied head; 16,060,522,496 bytes of bf16 weights.
@Suite struct PerformanceArithmeticTests {
    /// prefill 0.5, decode 0.25, memory 0.5, link 0.5, 1 ms per pass, 10 us per running sequence per
    /// pass, 10 us per collective hop (the fixture's link is NVLink: no PCIe multiplier).
    static let factors = EfficiencyFactors(prefillCompute: 0.5, decodeCompute: 0.25, memoryBandwidth: 0.5, interconnectBandwidth: 0.5,
                                           stepOverheadSeconds: 0.001, sequenceOverheadSeconds: 0.00001,
                                           collectiveLatencySeconds: 0.00001, idlePowerFraction: 0.3)
    static let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu, factors: factors)

    // Rates with these factors.
    static let prefillFLOPs = 989e12 * 0.5      // 494.5e12 FLOP/s
    static let decodeFLOPs = 989e12 * 0.25      // 247.25e12 FLOP/s
    static let bytesPerSecond = 3350e9 * 0.5    // 1.675e12 B/s
    static let linkBytesPerSecond = 450e9 * 0.5 // 225e9 B/s
    // Unfused activation traffic per token (methodology, "Time"): 2 B x 32 layers x (10 h + (4 h + 5 i) / TP)
    // with h = 4,096, i = 14,336: TP 1 -> 2 x 32 x 129,024 = 8,257,536 B; TP 2 -> 2 x 32 x 84,992 = 5,439,488 B.
    static let activationPerTokenTP1 = 8_257_536.0
    static let activationPerTokenTP2 = 5_439_488.0

    static func point(tp: Int = 1, pp: Int = 1, batch: Int = 1, input: Int = 1000, output: Int = 200) -> DeploymentPoint {
        DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, pipelineParallel: pp, weightPrecision: .bf16, kvPrecision: .bf16,
                        batch: batch, inputTokens: input, outputTokens: output)
    }

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool { abs(a - b) <= relative * abs(b) }

    @Test func prefillWithTensorParallelTwo() throws {
        let prefill = try #require(Self.model.estimate(Self.point(tp: 2)).prefill)
        // Matmuls 2 x 6,979,588,096 x 1,000 + 2 x 525,336,576 = 13,960,226,865,152 FLOPs and causal
        // attention 4 x 32 x 32 x 128 x 1,000^2 / 2 = 262,144,000,000 FLOPs, split over 2 devices.
        let compute = (13_960_226_865_152.0 + 262_144_000_000) / (2 * Self.prefillFLOPs)   // 14.380556 ms
        #expect(Self.close(prefill.computeSeconds, compute))
        // Each device reads half the streamed weights (the embedding table is gathered):
        // (16,060,522,496 - 1,050,673,152) / 2 = 7,504,924,672 B, plus unfused activations
        // 1,000 x 5,439,488 = 5,439,488,000 B: 12,944,412,672 B / 1.675e12 = 7.728008 ms.
        #expect(Self.close(prefill.memorySeconds, (7_504_924_672 + 1000 * Self.activationPerTokenTP2) / Self.bytesPerSecond))
        #expect(Self.close(prefill.memorySeconds, 12_944_412_672 / Self.bytesPerSecond))
        // Two ring all-reduces per layer of 1,000 x 4,096 x 2 B = 8,192,000 B; at n = 2 each moves
        // 2(n-1)/n = 1 message and takes 2(n-1) = 2 hops of 10 us: 64 x (8,192,000 / 225e9 + 20 us) = 3.610169 ms.
        let link = 64 * (8_192_000 / Self.linkBytesPerSecond + 0.00002)
        #expect(Self.close(prefill.interconnectSeconds, link))
        // The GEMMs take max(compute, weights 7,504,924,672 B / 1.675e12 = 4.480552 ms); the elementwise
        // kernels' 5,439,488,000 B (3.247455 ms) run between them and add, as do the link and 1 ms:
        // 14.380556 + 3.247455 + 3.610169 + 1 = 22.238181 ms.
        let activations = 1000 * Self.activationPerTokenTP2 / Self.bytesPerSecond
        #expect(Self.close(prefill.activationMemorySeconds, activations))
        #expect(Self.close(prefill.seconds, compute + activations + link + 0.001))
        #expect(abs(prefill.seconds - 0.0222381814) < 1e-9)
        #expect(prefill.bottleneck == .compute)
    }

    @Test func decodeComputeAndBytesAtBatchEight() throws {
        let decode = try #require(Self.model.estimate(Self.point(batch: 8)).decode)
        // Average context 1,000 + 200 / 2 = 1,100 tokens.
        // Matmuls 2 x 7,504,924,672 active x 8 = 120,078,794,752 FLOPs; attention
        // 4 x 32 x 32 x 128 x 8 x 1,100 = 4,613,734,400 FLOPs; at 247.25e12 FLOP/s: 0.504318 ms.
        let compute = (120_078_794_752.0 + 4_613_734_400) / Self.decodeFLOPs
        #expect(Self.close(decode.computeSeconds, compute))
        #expect(abs(decode.computeSeconds - 0.000504318) < 1e-9)
        // Bytes: weights without the gathered embedding 15,009,849,344 + KV 8 x 1,100 x 131,072 =
        // 1,153,433,600 + activations 8 x 8,257,536 = 66,060,288 -> 16,229,343,232 B / 1.675e12 =
        // 9.689160 ms; + 1 ms per pass + 8 x 10 us per sequence.
        #expect(Self.close(decode.memorySeconds, 16_229_343_232 / Self.bytesPerSecond))
        #expect(Self.close(decode.overheadSeconds, 0.001 + 8 * 0.00001))
        #expect(Self.close(decode.seconds, 16_229_343_232 / Self.bytesPerSecond + 0.00108))
        #expect(decode.bottleneck == .memoryBandwidth && decode.interconnectSeconds == 0)
    }

    @Test func decodeTurnsComputeBoundWhenTheBatchOutweighsTheWeights() throws {
        // Batch 512, 100 in / 100 out (context 150): matmuls 2 x 7,504,924,672 x 512 = 7,685,042,864,128 and
        // attention 524,288 x 512 x 150 = 40,265,318,400 FLOPs -> 31.244927 ms at 247.25e12;
        // bytes 15,009,849,344 + KV 512 x 150 x 131,072 = 10,066,329,600 + activations 512 x 8,257,536 =
        // 4,227,858,432 -> 29,304,037,376 B -> 17.494948 ms. Overhead 1 ms + 512 x 10 us = 6.12 ms.
        let decode = try #require(Self.model.estimate(Self.point(batch: 512, input: 100, output: 100)).decode)
        let compute = (7_685_042_864_128.0 + 40_265_318_400) / Self.decodeFLOPs
        #expect(Self.close(decode.computeSeconds, compute))
        #expect(Self.close(decode.memorySeconds, 29_304_037_376 / Self.bytesPerSecond))
        // Per operation: the GEMMs take max(7,685,042,864,128 / 247.25e12 = 31.082074 ms, weights
        // 15,009,849,344 B / 1.675e12 = 8.961104 ms); the elementwise kernels' activations 4,227,858,432 B
        // take 2.524095 ms after them; attention then takes max(40,265,318,400 / 247.25e12 = 0.162853 ms, its
        // KV read 10,066,329,600 B / 1.675e12 = 6.009749 ms): the GEMMs are compute-bound, the rest
        // memory-bound, and each follows the other: 31.082074 + 2.524095 + 6.009749 + 6.12 ms.
        #expect(Self.close(decode.attentionComputeSeconds, 40_265_318_400 / Self.decodeFLOPs))
        #expect(Self.close(decode.attentionMemorySeconds, 10_066_329_600 / Self.bytesPerSecond))
        #expect(Self.close(decode.activationMemorySeconds, 4_227_858_432 / Self.bytesPerSecond))
        let seconds = 7_685_042_864_128.0 / Self.decodeFLOPs + 4_227_858_432 / Self.bytesPerSecond
            + 10_066_329_600 / Self.bytesPerSecond + 0.00612
        #expect(decode.bottleneck == .compute && Self.close(decode.seconds, seconds))
        #expect(abs(decode.seconds - 0.0457359) < 1e-7)
    }

    @Test func pipelineParallelTwoStages() throws {
        let e = Self.model.estimate(Self.point(pp: 2, batch: 8))
        let prefill = try #require(e.prefill), decode = try #require(e.decode)
        // Prefill: stages run one after the other, so compute is not divided; every streamed weight is
        // read once (15,009,849,344 B) and each stage moves the activations of its 16 layers:
        // 1,000 x 8,257,536 / 2 = 4,128,768,000 B; one hop of 8,192,000 B between the stages; 1 ms per stage.
        #expect(Self.close(prefill.computeSeconds, (13_960_226_865_152.0 + 262_144_000_000) / Self.prefillFLOPs))
        #expect(Self.close(prefill.memorySeconds, 19_138_617_344 / Self.bytesPerSecond))
        #expect(Self.close(prefill.interconnectSeconds, 8_192_000 / Self.linkBytesPerSecond + 0.00001))
        #expect(prefill.overheadSeconds == 0.002)
        // Decode: two micro-batches keep both stages busy, so compute divides by the 2 devices; each
        // device reads its half of the layers once per micro-batch (15,009,849,344 B per step in all),
        // holds half the layers' KV: 8 x 1,100 x 65,536 = 576,716,800 B, and moves half the layers'
        // activations: 8 x 8,257,536 / 2 = 33,030,144 B.
        #expect(Self.close(decode.computeSeconds, (120_078_794_752.0 + 4_613_734_400) / (2 * Self.decodeFLOPs)))
        #expect(Self.close(decode.memorySeconds, (15_009_849_344.0 + 576_716_800 + 33_030_144) / Self.bytesPerSecond))
        // One hop of 8 tokens x 4,096 x 2 B = 65,536 B.
        #expect(Self.close(decode.interconnectSeconds, 65_536 / Self.linkBytesPerSecond + 0.00001))
        // 1 ms per stage + 8 sequences x 10 us.
        #expect(Self.close(decode.overheadSeconds, 0.002 + 8 * 0.00001))
    }

    @Test func llamaCppsLayerSplitPaysTheStepOverheadOncePerPass() throws {
        // The same four-stage split under a serving engine (one worker per stage) and under llama.cpp (one graph in one
        // process): the stage hand-offs and every other term are the same, the per-step overhead is paid four times by
        // the one and once by the other (1 ms per pass, plus 10 us for the one running sequence at decode).
        var served = Self.point(pp: 4, batch: 1)
        served.engine = .vllm
        var split = served
        split.engine = .llamaCpp
        let a = Self.model.estimate(served), b = Self.model.estimate(split)
        let (aPrefill, bPrefill) = (try #require(a.prefill), try #require(b.prefill))
        let (aDecode, bDecode) = (try #require(a.decode), try #require(b.decode))
        #expect(aPrefill.overheadSeconds == 0.004 && bPrefill.overheadSeconds == 0.001)
        #expect(Self.close(aDecode.overheadSeconds, 0.004 + 0.00001) && Self.close(bDecode.overheadSeconds, 0.001 + 0.00001))
        #expect(aDecode.interconnectSeconds == bDecode.interconnectSeconds && aDecode.memorySeconds == bDecode.memorySeconds)
        #expect(Self.close(aDecode.seconds - bDecode.seconds, 0.003))
    }

    /// BGE-large-like encoder: 24 layers, hidden 1,024, 16 heads of 64, no decode.
    static let encoder = ModelSpec(
        id: "enc", name: "Encoder", kind: .encoder, layers: 24, hiddenSize: 1024, intermediateSize: 4096, attentionHeads: 16,
        kvHeads: 16, vocabSize: 30_522, maxContextTokens: 512, mlp: .standard, tieWordEmbeddings: true, source: "test", asOf: Fixtures.day)

    @Test func anEncoderPrefillsItsWholeBatchWithFullAttentionAndNoHead() throws {
        let p = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 32, inputTokens: 512, outputTokens: 0)
        let e = PerformanceModel(model: Self.encoder, device: Fixtures.gpu, factors: Self.factors).estimate(p)
        let prefill = try #require(e.prefill)
        #expect(e.prefillSequences == 32 && e.decode == nil)
        // Matmuls 2 x P x 512 x 32 (no vocabulary projection); attention is bidirectional:
        // 4 x 24 x 16 x 64 x 512 x 512 per prompt = 25,769,803,776, x 32 prompts.
        let layerParameters = Self.encoder.activeLayerParameters
        let compute = (2 * layerParameters * 512 * 32 + 32 * 25_769_803_776) / Self.prefillFLOPs
        #expect(Self.close(prefill.computeSeconds, compute))
        // No KV cache: the batch is capped like a serving stack's, not by memory.
        #expect(e.memory.kvCacheGBPerSequence == 0 && e.memory.maxBatch == MemoryModel.encoderBatchCap)
        // Service per request is the pass over the batch divided by its 32 prompts.
        #expect(Self.close(try #require(e.serviceSecondsPerRequest), prefill.seconds / 32))
    }

    @Test func aMixtureOfExpertsMovesItsRoutingCopies() {
        // Mixtral 8x7B (32 MoE layers, h 4,096, k 2, expert width 14,336, no shared expert). The elementwise kernels of
        // every layer: 2 B x (10 h + (4 h + 5 x 2 x 14,336) / TP); the routing copies of every MoE layer: k x h x (q + 4 B)
        // / TP, with the expand in the precision the expert GEMMs read (q = 2 B at bf16, 1 B at fp8).
        let model = PerformanceModel(model: Fixtures.mixtral, device: Fixtures.gpu, factors: Self.factors)
        func point(_ precision: Precision, tp: Int) -> DeploymentPoint {
            DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, weightPrecision: precision, kvPrecision: .bf16, batch: 1,
                            inputTokens: 1000, outputTokens: 200)
        }
        // TP 1, bf16: 2 x 32 x (40,960 + 16,384 + 143,360) = 12,845,056 B; routing 32 x 2 x 4,096 x 6 = 1,572,864 B.
        #expect(Self.close(model.activationBytes(point(.bf16, tp: 1), tokens: 1), 12_845_056 + 1_572_864))
        // TP 2, fp8: (4 h + 5 x 28,672) / 2 = 79,872, so 2 x 32 x (40,960 + 79,872) = 7,733,248 B; routing
        // 32 x 2 x 4,096 x 5 / 2 = 655,360 B.
        #expect(Self.close(model.activationBytes(point(.fp8, tp: 2), tokens: 1), 7_733_248 + 655_360))
        // A dense model moves no routing copies (the Llama arithmetic above).
        #expect(Self.close(Self.model.activationBytes(Self.point(), tokens: 1), Self.activationPerTokenTP1))
    }
}
