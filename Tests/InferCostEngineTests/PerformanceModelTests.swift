import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

@Suite struct PerformanceModelTests {
    let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu)

    func point(batch: Int = 1, tp: Int = 1, input: Int = 1000, output: Int = 100) -> DeploymentPoint {
        DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, weightPrecision: .bf16, kvPrecision: .bf16, batch: batch,
                        inputTokens: input, outputTokens: output)
    }

    /// The estimate reads a device's TFLOPS through `PrecisionTable`: the same value as the dictionary, for every precision.
    @Test func precisionTableReadsWhatTheDictionaryHolds() {
        let dictionary = Dictionary(uniqueKeysWithValues: Precision.allCases.enumerated().map { ($0.element, Double($0.offset) + 0.5) })
        let table = PrecisionTable(dictionary)
        for precision in Precision.allCases { #expect(table[precision] == dictionary[precision], "\(precision)") }
        let partial = PrecisionTable([Precision.fp8: 2.0])
        for precision in Precision.allCases { #expect(partial[precision] == (precision == .fp8 ? 2.0 : nil), "\(precision)") }
    }

    @Test func aDeviceChangedAfterwardsIsReadAfresh() {
        var changed = model
        var device = Fixtures.gpu
        device.denseTFLOPS = [:]
        changed.device = device
        #expect(changed.estimate(point()).missing.contains { $0.hasSuffix("dense_tflops.bf16") })
        #expect(model.estimate(point()).missing.isEmpty)
    }

    @Test func decodeAtBatchOneIsBandwidthBound() throws {
        let decode = try #require(model.estimate(point()).decode)
        // Bytes: weights without the embedding table 16,060,522,496 - 1,050,673,152 = 15,009,849,344
        // + KV 1 x (1000 + 100/2) x 131,072 = 137,625,600
        // + activations 2 B x 32 layers x (10 x 4096 + 4 x 4096 + 5 x 14,336) = 8,257,536
        // -> 15,155,732,480 B / (3350e9 x 0.80) = 5.65513 ms.
        #expect(abs(decode.memorySeconds - 15_155_732_480 / 2.68e12) < 1e-12)
        #expect(decode.bottleneck == .memoryBandwidth)
        // Step = memory time + 0.5 ms fixed overhead + 5 us for the one running sequence.
        #expect(abs(decode.seconds - (15_155_732_480 / 2.68e12 + 0.0005 + 0.000_005)) < 1e-12)
    }

    @Test func prefillIsComputeBoundWithTheQuadraticAttentionTerm() throws {
        let prefill = try #require(model.estimate(point()).prefill)
        // Matmuls: 2 x 6,979,588,096 x 1000 + 2 x 525,336,576 (last token's head) = 13,960,226,865,152 FLOPs.
        // Causal attention: 4 x 32 layers x 32 heads x 128 x 1000 x 1000 x 0.5 = 262,144,000,000 FLOPs.
        // At 989e12 x 0.60 = 593.4e12 FLOP/s: 23.5258 + 0.4418 ms = 23.9676 ms.
        let expected = (13_960_226_865_152.0 + 262_144_000_000) / 593.4e12
        #expect(abs(prefill.computeSeconds - expected) < 1e-12)
        #expect(prefill.bottleneck == .compute)
        // The elementwise kernels run between the GEMMs: their 1000 x 8,257,536 B of activation traffic at
        // 3350e9 x 0.80 B/s (3.0812 ms) adds to the compute-bound GEMMs, as does the 0.5 ms fixed overhead.
        #expect(abs(prefill.activationMemorySeconds - 8_257_536_000 / 2.68e12) < 1e-15)
        #expect(abs(prefill.seconds - (expected + 8_257_536_000 / 2.68e12 + 0.0005)) < 1e-12)
    }

    @Test func decodeTurnsComputeBoundAtLargeBatchAndThroughputGrows() throws {
        let small = model.estimate(point(batch: 1)), large = model.estimate(point(batch: 512, input: 100))
        #expect(try #require(large.outputTokensPerSecond) > 50 * (try #require(small.outputTokensPerSecond)))
        #expect(large.decode?.bottleneck == .compute)
    }

    @Test func tensorParallelAddsTwoAllReducesPerLayer() throws {
        let decode = try #require(model.estimate(point(tp: 2)).decode)
        // Message = 1 token x 4096 x 2 B = 8192 B; ring all-reduce moves 2(n-1)/n = 1x of it at 450e9 x 0.70,
        // plus 2(n-1) = 2 hops of 2 us (NVLink); 2 per layer x 32 layers.
        let perAllReduce = 8192 / (450e9 * 0.7) + 2 * 0.000_002
        #expect(abs(decode.interconnectSeconds - 64 * perAllReduce) < 1e-15)
    }

    @Test func allReduceLatencyGrowsWithTheRingAndCostsMoreOverPCIe() throws {
        let tp8 = try #require(model.estimate(point(tp: 8)).decode)
        var pcie = Fixtures.gpu
        pcie.interconnect = .init(kind: .pcie, bandwidthGBs: 450)
        let overPCIe = try #require(PerformanceModel(model: Fixtures.llama8B, device: pcie).estimate(point(tp: 8)).decode)
        // 2(n-1) = 14 hops of 2 us; PCIe hops cost 4x.
        let bytes = 64 * (2 * 7.0 / 8 * 8192 / (450e9 * 0.7))
        #expect(abs(tp8.interconnectSeconds - (bytes + 64 * 14 * 0.000_002)) < 1e-12)
        #expect(abs(overPCIe.interconnectSeconds - (bytes + 64 * 14 * 0.000_008)) < 1e-12)
    }

    @Test func atLoadPromptsArePrefilledInsideTheDecodePasses() throws {
        // 128 in / 128 out at batch 64: 64 / 128 = 0.5 requests finish per pass, so half the passes carry a
        // whole 128-token prompt beside the 64 decodes and half are pure decode passes (64 x 128/128 = 64
        // prompt tokens per pass on average).
        let p = point(batch: 64, input: 128, output: 128)
        let e = model.estimate(p)
        let serving = try #require(e.serving)
        #expect(serving.batch == 64 && !serving.limitedByStepBudget)
        let mixed = model.step(p, rates, decodes: 64, prefillTokens: 128)
        let decode = model.step(p, rates, decodes: 64, prefillTokens: 0)
        let average = 0.5 * mixed.seconds + 0.5 * decode.seconds
        #expect(abs(serving.step.seconds - average) < 1e-15)
        // Throughput is the batch over the pass time; a request occupies output x pass / batch.
        #expect(abs(try #require(e.outputTokensPerSecond) - 64 / average) < 1e-6)
        // Once a request or more finishes per pass (batch 256 > 128 output), every pass carries prompts.
        let full = point(batch: 256, input: 128, output: 128)
        let fullServing = try #require(model.estimate(full).serving)
        #expect(fullServing.step == model.step(full, rates, decodes: 256, prefillTokens: 256))
    }

    @Test func theStepTokenBudgetCapsTheRunningBatchOfLongPrompts() throws {
        // 2000 in / 100 out: the generic engine on an 80 GiB device passes 8192 tokens a step, so at most
        // 8192 x 100 / 2100 = 390 sequences run while their prompts keep up.
        let serving = try #require(model.estimate(point(batch: 1000, input: 2000, output: 100)).serving)
        #expect(serving.batch == 390 && serving.limitedByStepBudget)
    }

    var rates: PerformanceModel.Rates {
        .init(matmul: 989e12, attention: 989e12, bandwidth: 3350e9, link: 450e9)
    }

    @Test func missingSpecIsNamedNotGuessed() {
        var device = Fixtures.gpu
        device.memoryBandwidthGBs = nil
        let e = PerformanceModel(model: Fixtures.llama8B, device: device).estimate(point())
        #expect(e.missing == ["gpu80.memory_bandwidth_gb_s"])
        #expect(e.prefill == nil && e.ttftSeconds == nil)
    }

    @Test func moeReadsOnlyTheExpertsTheBatchTouches() {
        let moe = PerformanceModel(model: Fixtures.mixtral, device: Fixtures.gpu)
        let p = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1, inputTokens: 10, outputTokens: 10)
        let expertBytes = 32 * Fixtures.mixtral.mlpParametersPerExpert * 2
        let all = MemoryModel.weightBytes(Fixtures.mixtral, precision: .bf16) - Fixtures.mixtral.embeddingParameters * 2
        // One token touches 2 of 8 experts; four tokens touch 8 x (1 - 0.75^4) = 5.46875 on average.
        #expect(abs(moe.weightBytesReadPerStep(p, tokens: 1) - (all - 6 * expertBytes)) < 1)
        #expect(abs(moe.weightBytesReadPerStep(p, tokens: 4) - (all - (8 - 5.46875) * expertBytes)) < 1)
    }
}
