import Testing
@testable import InferCostCore

/// The headline figures an estimate derives from its two phases, and the batched prefill, on
/// hand-made phases: every expected value is worked out in the comment beside it.
@Suite struct EstimateTests {
    static func phase(_ seconds: Double, compute: Double = 0, memory: Double = 0, link: Double = 0, overhead: Double = 0) -> Estimate.Phase {
        Estimate.Phase(seconds: seconds, computeSeconds: compute, memorySeconds: memory, interconnectSeconds: link,
                       overheadSeconds: overhead, bottleneck: .compute)
    }

    static let memory = Estimate.Memory(weightsGBPerDevice: 16, kvCacheGBPerDevice: 2, overheadGBPerDevice: 8, capacityGBPerDevice: 80,
                                        kvCacheGBPerSequence: 0.125, maxBatch: 400)

    /// A decoder at TP 2, batch 16, 1,000 in / 200 out: prefill 20 ms, one decode step 5 ms, and at load a
    /// mixed pass of 6.6 ms (16 decodes plus 16 x 1,000 / 200 = 80 prompt tokens of arriving requests).
    static func decoder(prefill: Estimate.Phase = phase(0.020), decode: Estimate.Phase? = phase(0.005)) -> Estimate {
        Estimate(point: DeploymentPoint(deviceID: "g", tensorParallel: 2, weightPrecision: .bf16, kvPrecision: .bf16, batch: 16,
                                        inputTokens: 1000, outputTokens: 200),
                 memory: memory, prefill: prefill, decode: decode,
                 serving: decode == nil ? nil : Estimate.Serving(batch: 16, step: phase(0.0066), ttftSeconds: 0.0132, limitedByStepBudget: false),
                 powerWPerDevice: 700, missing: [], provenance: [:])
    }

    @Test func headlineFiguresOfADecoder() throws {
        let e = Self.decoder()
        // TTFT = prefill + first decode step = 20 + 5 = 25 ms; TPOT = one step = 5 ms.
        #expect(abs(try #require(e.ttftSeconds) - 0.025) < 1e-15)
        #expect(e.tpotSeconds == 0.005)
        // Service time = its 200 tokens' share of the mixed passes at load (which also prefill its prompt),
        // shared by 16: 200 x 0.0066 / 16 = 0.0825 s.
        #expect(abs(try #require(e.serviceSecondsPerRequest) - 0.0825) < 1e-15)
        // 1 / 0.0825 = 12.1212... requests/s; x 200 = 2,424.24 tokens/s; per device (TP 2) 1,212.12.
        #expect(abs(try #require(e.requestsPerSecond) - 12.121212121212121) < 1e-9)
        #expect(abs(try #require(e.outputTokensPerSecond) - 2424.2424242424242) < 1e-9)
        #expect(abs(try #require(e.outputTokensPerSecondPerDevice) - 1212.1212121212121) < 1e-9)
        // Prefill rate: 1,000 prompt tokens in 20 ms = 50,000 tokens/s.
        #expect(abs(try #require(e.prefillTokensPerSecond) - 50_000) < 1e-6)
    }

    @Test func headlineFiguresOfAnEncoder() throws {
        // An encoder answers its batch of 32 prompts of 512 tokens in one 64 ms pass, with no decode.
        let e = Estimate(point: DeploymentPoint(deviceID: "g", weightPrecision: .bf16, kvPrecision: .bf16, batch: 32,
                                                inputTokens: 512, outputTokens: 0),
                         prefillSequences: 32, memory: Self.memory, prefill: Self.phase(0.064), decode: nil, powerWPerDevice: 700,
                         missing: [], provenance: [:])
        // Service per request = 64 ms / 32 = 2 ms -> 500 requests/s; 32 x 512 tokens / 0.064 s = 256,000 tokens/s.
        #expect(abs(try #require(e.serviceSecondsPerRequest) - 0.002) < 1e-15)
        #expect(abs(try #require(e.requestsPerSecond) - 500) < 1e-9)
        #expect(abs(try #require(e.prefillTokensPerSecond) - 256_000) < 1e-6)
        #expect(e.tpotSeconds == nil && e.outputTokensPerSecond == 0)
        // TTFT with no decode is the pass itself.
        #expect(e.ttftSeconds == 0.064)
    }

    @Test func missingPhasesLeaveTheHeadlineUnknown() {
        #expect(Self.decoder(decode: nil).serviceSecondsPerRequest == nil)
        #expect(Self.decoder(decode: nil).requestsPerSecond == nil)
        var none = Self.decoder()
        none.prefill = nil
        #expect(none.ttftSeconds == nil && none.serviceSecondsPerRequest == nil && none.batchedPrefillSeconds(prompts: 4) == nil)
    }

    @Test func aBatchedPrefillScalesComputeAndLinksButReadsTheWeightsOnce() throws {
        // One prompt: compute 10 ms, weight reads 4 ms, links 1 ms, overhead 0.5 ms.
        let e = Self.decoder(prefill: Self.phase(0.0115, compute: 0.010, memory: 0.004, link: 0.001, overhead: 0.0005))
        // 8 prompts: max(8 x 10, 4) + 8 x 1 + 0.5 = 88.5 ms.
        #expect(abs(try #require(e.batchedPrefillSeconds(prompts: 8)) - 0.0885) < 1e-12)
        // 1 prompt is the single prefill: max(10, 4) + 1 + 0.5 = 11.5 ms.
        #expect(abs(try #require(e.batchedPrefillSeconds(prompts: 1)) - 0.0115) < 1e-12)
        // Weight-bound: compute 1 ms, reads 4 ms -> 2 prompts: max(2, 4) + 2 x 1 + 0.5 = 6.5 ms (the reads are shared).
        let light = Self.decoder(prefill: Self.phase(0.0055, compute: 0.001, memory: 0.004, link: 0.001, overhead: 0.0005))
        #expect(abs(try #require(light.batchedPrefillSeconds(prompts: 2)) - 0.0065) < 1e-12)
    }

    @Test func anEncodersBatchedPrefillCountsPassesOfItsOwnBatch() throws {
        // The phase already covers 4 prompts: 8 prompts are 2 of its passes' compute, one read of the weights.
        let e = Estimate(point: DeploymentPoint(deviceID: "g", weightPrecision: .bf16, kvPrecision: .bf16, batch: 4,
                                                inputTokens: 512, outputTokens: 0),
                         prefillSequences: 4, memory: Self.memory,
                         prefill: Self.phase(0.0215, compute: 0.020, memory: 0.003, link: 0.001, overhead: 0.0005),
                         decode: nil, powerWPerDevice: nil, missing: [], provenance: [:])
        // max(2 x 20, 3) + 2 x 1 + 0.5 = 42.5 ms.
        #expect(abs(try #require(e.batchedPrefillSeconds(prompts: 8)) - 0.0425) < 1e-12)
    }
}
