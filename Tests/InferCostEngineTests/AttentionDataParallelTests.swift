import Foundation
import InferCostCore
import Testing
@testable import InferCostEngine

/// Attention data parallel with expert-parallel MoE layers (docs/methodology.md, "Attention data parallel"):
/// each TP rank keeps the non-expert weights whole and runs attention for its own sequences; only the routed
/// experts are split. Figures worked by hand for Mixtral 8x7B (32 layers, hidden 4096, 8 experts of 14336, 8 KV
/// heads of 128) on 4 x an 80 GB GPU.
@Suite struct AttentionDataParallelTests {
    let mixtral = Fixtures.mixtral
    let gib = 1_073_741_824.0

    func point(dp: Bool, tp: Int = 4, batch: Int = 64, input: Int = 1000, output: Int = 1000,
               engine: ServingEngine = .trtllm) -> DeploymentPoint {
        DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, weightPrecision: .bf16, kvPrecision: .bf16, batch: batch,
                        inputTokens: input, outputTokens: output, engine: engine, attentionDataParallel: dp)
    }

    @Test func onlyTheRoutedExpertsAreSplit() {
        // Routed experts: 32 layers x 8 experts x 3 x 4096 x 14336 = 45,097,156,608 parameters, 2 bytes each.
        #expect(mixtral.routedExpertParameters == 45_097_156_608)
        let routedBytes = 45_097_156_608.0 * 2
        let all = MemoryModel.weightBytes(mixtral, precision: .bf16)
        let tp = MemoryModel.weightBytesPerDevice(mixtral, point: point(dp: false))
        let dp = MemoryModel.weightBytesPerDevice(mixtral, point: point(dp: true))
        #expect(abs(tp - all / 4) < 1)
        #expect(abs(dp - ((all - routedBytes) + routedBytes / 4)) < 1)
        #expect(dp > tp)
    }

    @Test func eachRankHoldsWholeSequencesWithEveryKVHead() {
        let model = PerformanceModel(model: mixtral, device: Fixtures.gpu)
        let dp = model.estimate(point(dp: true)).memory
        // 1000 + 1000 tokens in whole 32-token blocks (TensorRT-LLM reserves the whole sequence): 2016 tokens x
        // 32 layers x 2 x 8 heads x 128 x 2 bytes = 264,241,152 bytes, all on one rank.
        let perSequence = 2016.0 * 32 * 2 * 8 * 128 * 2
        #expect(abs(dp.kvCacheGBPerSequence * gib - perSequence) < 1)
        // Each of the 4 ranks fills its own pool: 4 x floor(pool / per sequence).
        let perRank = Int((dp.kvPoolGBPerDevice * gib / perSequence).rounded(.down))
        #expect(dp.maxBatch == 4 * perRank)
        #expect(abs(dp.kvCacheGBPerDevice * gib - perSequence * 64 / 4) < 1)
        // Under tensor parallel the same sequence is split 4 ways (2 KV heads per device).
        let tp = model.estimate(point(dp: false)).memory
        #expect(abs(tp.kvCacheGBPerSequence * gib - perSequence) < 1)
        #expect(abs(tp.kvCacheGBPerDevice * gib - perSequence / 4 * 64) < 1)
    }

    @Test func ranksExchangeTokensOnlyAroundTheMoELayers() {
        let model = PerformanceModel(model: mixtral, device: Fixtures.gpu)
        // Tensor parallel: two all-reduces per layer; attention data parallel: one all-gather and one
        // reduce-scatter (one all-reduce's traffic) per MoE layer, and every Mixtral layer is one.
        let tp = model.collectiveSeconds(point(dp: false), tokensInFlight: 512, linkBytesPerSecond: 450e9)
        let dp = model.collectiveSeconds(point(dp: true), tokensInFlight: 512, linkBytesPerSecond: 450e9)
        #expect(tp > 0 && abs(dp - tp / 2) < 1e-12)
    }

    @Test func aDenseModelIgnoresTheFlag() {
        let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu)
        var plain = model.estimate(point(dp: false, tp: 2))
        let flagged = model.estimate(point(dp: true, tp: 2))
        plain.point.attentionDataParallel = true
        #expect(plain == flagged)
    }

    @Test func aPromptOnOneRankHoldsUpEveryRank() throws {
        // At the same batch, on a slow PCIe link, attention data parallel beats tensor parallel (half the traffic:
        // no all-reduce around attention)...
        var device = Fixtures.gpu
        device.interconnect = .init(kind: .pcie, bandwidthGBs: 64)
        let model = PerformanceModel(model: mixtral, device: device)
        let dp = try #require(model.estimate(point(dp: true, batch: 256)).serving)
        let tp = try #require(model.estimate(point(dp: false, batch: 256)).serving)
        #expect(dp.step.seconds < tp.step.seconds)
        // ...but a pass is as slow as its busiest rank: with 64 sequences and one 1000-token prompt needed per
        // rank every 1000/64 passes, 1 - (1 - 0.064)^4 = 23% of passes carry a prompt somewhere, against 6.4% on a
        // single rank. Those passes carry 4 x 64 = 256 prompt tokens per pass on average / 23% in all for the
        // experts, and their attention and dense layers take as long as a 1000-token chunk on every rank.
        let r = PerformanceModel.Rates(matmul: 989e12, attention: 989e12, bandwidth: 3350e9, link: 64e9)
        let engine = EngineDefaults.defaults(.trtllm, device: device, tensorParallel: 4)
        let gated = model.servingStep(point(dp: true, batch: 256), r, engine: engine)
        let perRankShare: Double = 64.0 / 1000
        let share: Double = 1 - pow(1 - perRankShare, 4)
        let mixed = model.step(point(dp: true, batch: 256), r, decodes: 256, prefillTokens: 256 / share, gatedPrefillTokens: 4000)
        let decode = model.step(point(dp: true, batch: 256), r, decodes: 256, prefillTokens: 0)
        let blended: Double = share * mixed.seconds + (1 - share) * decode.seconds
        #expect(abs(gated.step.seconds - blended) < 1e-12)
        #expect(mixed.seconds > decode.seconds)
    }

    /// Mixtral on a server of 8 PCIe GPUs at a throughput the all-reduces of tensor parallel make expensive.
    func recommend(engine: ServingEngine) throws -> (Recommendation, Catalog, Profile) {
        var device = Fixtures.gpu
        device.interconnect = .init(kind: .pcie, bandwidthGBs: 64)
        let offer = Fixtures.cloudOffer("pcie8", device: device.id, devices: 8, usdPerHour: 20)
        let catalog = Catalog(devices: [device.id: device], offers: [offer], models: [mixtral.id: mixtral])
        let profile = Profile(name: "moe", modelID: mixtral.id, precisions: .init(weights: [.bf16], kvCache: [.bf16]),
                              traffic: .init(demand: .requestsPerSecond(20), peakToAverage: 2, inputTokens: 1000, outputTokens: 500),
                              targets: .init(ttftMs: 10000, tpotMs: 500, percentile: 95), costs: Fixtures.costs, engine: engine)
        var search = Recommender(catalog: catalog, today: Fixtures.day)
        search.simulatesFinalists = false
        return (try search.recommend(profile), catalog, profile)
    }

    @Test func recommendTriesAttentionDataParallelWhereTheEngineRunsIt() throws {
        // The generic engine (no engine named) is never assumed to run it.
        let (generic, _, _) = try recommend(engine: .generic)
        #expect(generic.best != nil && generic.best?.point.attentionDataParallel == false)
        let (trtllm, catalog, profile) = try recommend(engine: .trtllm)
        let best = try #require(trtllm.best)
        #expect(best.point.attentionDataParallel && best.point.tensorParallel > 1)
        // The brute-force oracle, which writes the layouts out on its own, agrees.
        let oracle = try #require(BruteForceRecommender(catalog: catalog, today: Fixtures.day).recommend(profile))
        #expect(oracle.best.map(Recommender.key) == trtllm.best.map(Recommender.key))
    }
}
