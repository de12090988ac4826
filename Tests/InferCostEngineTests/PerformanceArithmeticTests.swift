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
    /// prefill 0.5, decode 0.25, memory 0.5, link 0.5, 1 ms per pass, 10 us per collective.
    static let factors = EfficiencyFactors(prefillCompute: 0.5, decodeCompute: 0.25, memoryBandwidth: 0.5, interconnectBandwidth: 0.5,
                                           stepOverheadSeconds: 0.001, collectiveLatencySeconds: 0.00001,
                                           memoryReserveFraction: 0.1, idlePowerFraction: 0.3)
    static let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu, factors: factors)

    // Rates with these factors.
    static let prefillFLOPs = 989e12 * 0.5      // 494.5e12 FLOP/s
    static let decodeFLOPs = 989e12 * 0.25      // 247.25e12 FLOP/s
    static let bytesPerSecond = 3350e9 * 0.5    // 1.675e12 B/s
    static let linkBytesPerSecond = 450e9 * 0.5 // 225e9 B/s

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
        // Each device reads half the weights: 8,030,261,248 B / 1.675e12 = 4.794186 ms.
        #expect(Self.close(prefill.memorySeconds, 8_030_261_248 / Self.bytesPerSecond))
        // Two ring all-reduces per layer of 1,000 x 4,096 x 2 B = 8,192,000 B; at n = 2 each moves
        // 2(n-1)/n = 1 message: 64 x (8,192,000 / 225e9 + 10 us) = 2.970169 ms.
        let link = 64 * (8_192_000 / Self.linkBytesPerSecond + 0.00001)
        #expect(Self.close(prefill.interconnectSeconds, link))
        // max(compute, memory) + link + 1 ms = 18.350726 ms.
        #expect(Self.close(prefill.seconds, compute + link + 0.001))
        #expect(abs(prefill.seconds - 0.0183507259) < 1e-9)
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
        // 1,153,433,600 -> 16,163,282,944 B / 1.675e12 = 9.649721 ms; + 1 ms overhead.
        #expect(Self.close(decode.memorySeconds, 16_163_282_944 / Self.bytesPerSecond))
        #expect(Self.close(decode.seconds, 16_163_282_944 / Self.bytesPerSecond + 0.001))
        #expect(decode.bottleneck == .memoryBandwidth && decode.interconnectSeconds == 0)
    }

    @Test func decodeTurnsComputeBoundWhenTheBatchOutweighsTheWeights() throws {
        // Batch 512, 100 in / 100 out (context 150): matmuls 2 x 7,504,924,672 x 512 = 7,685,042,864,128 and
        // attention 524,288 x 512 x 150 = 40,265,318,400 FLOPs -> 31.244927 ms at 247.25e12;
        // bytes 15,009,849,344 + 512 x 150 x 131,072 = 25,076,178,944 -> 14.970853 ms.
        let decode = try #require(Self.model.estimate(Self.point(batch: 512, input: 100, output: 100)).decode)
        let compute = (7_685_042_864_128.0 + 40_265_318_400) / Self.decodeFLOPs
        #expect(Self.close(decode.computeSeconds, compute))
        #expect(Self.close(decode.memorySeconds, 25_076_178_944 / Self.bytesPerSecond))
        #expect(decode.bottleneck == .compute && Self.close(decode.seconds, compute + 0.001))
    }

    @Test func pipelineParallelTwoStages() throws {
        let e = Self.model.estimate(Self.point(pp: 2, batch: 8))
        let prefill = try #require(e.prefill), decode = try #require(e.decode)
        // Prefill: stages run one after the other, so compute is not divided; every weight is read once;
        // one hop of 8,192,000 B between the stages; 1 ms per stage.
        #expect(Self.close(prefill.computeSeconds, (13_960_226_865_152.0 + 262_144_000_000) / Self.prefillFLOPs))
        #expect(Self.close(prefill.memorySeconds, 16_060_522_496 / Self.bytesPerSecond))
        #expect(Self.close(prefill.interconnectSeconds, 8_192_000 / Self.linkBytesPerSecond + 0.00001))
        #expect(prefill.overheadSeconds == 0.002)
        // Decode: two micro-batches keep both stages busy, so compute divides by the 2 devices; each
        // device reads its half of the layers once per micro-batch (15,009,849,344 B per step in all)
        // and holds half the layers' KV: 8 x 1,100 x 65,536 = 576,716,800 B.
        #expect(Self.close(decode.computeSeconds, (120_078_794_752.0 + 4_613_734_400) / (2 * Self.decodeFLOPs)))
        #expect(Self.close(decode.memorySeconds, (15_009_849_344.0 + 576_716_800) / Self.bytesPerSecond))
        // One hop of 8 tokens x 4,096 x 2 B = 65,536 B.
        #expect(Self.close(decode.interconnectSeconds, 65_536 / Self.linkBytesPerSecond + 0.00001))
        #expect(decode.overheadSeconds == 0.002)
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
}
