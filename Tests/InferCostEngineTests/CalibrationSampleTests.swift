import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// How a measured row becomes the deployment point it is predicted from (docs/validation.md,
/// "From a row to a prediction"): the layout when the source leaves it out, replicas, the batch
/// a load is modelled at, and the rows that cannot be predicted.
@Suite struct CalibrationSampleTests {
    static func row(devices: Int = 1, tp: Int? = nil, pp: Int? = nil, engine: String = "vLLM", load: BenchmarkMeasurement.Load = .staticBatch(8),
                    precision: Precision? = .bf16, input: Int? = 1000, output: Int? = 100,
                    metric: BenchmarkMeasurement.Metric = .outputTokensPerSecond, requests: Int? = nil) -> BenchmarkMeasurement {
        BenchmarkMeasurement(source: "T", rowKey: "R1", deviceName: "gpu80", modelName: "llama-8b", precision: precision,
                             precisionText: precision?.rawValue ?? "unstated", devices: devices, tensorParallel: tp, pipelineParallel: pp,
                             engine: engine, load: load, inputTokens: input, outputTokens: output, metric: metric, value: 1,
                             requests: requests)
    }

    static func sample(_ m: BenchmarkMeasurement, device: Device = Fixtures.gpu, model: ModelSpec = Fixtures.llama8B) throws -> CalibrationSample {
        try CalibrationSample.make(m, device: device, model: model).get()
    }

    @Test func theLayoutWhenTheSourceDoesNotStateIt() throws {
        // Unstated: one replica over all 8 devices.
        let all = try Self.sample(Self.row(devices: 8))
        #expect((all.tensorParallel, all.pipelineParallel, all.replicas) == (8, 1, 1))
        // TP 2 stated on 8 devices: 4 replicas of TP 2.
        let stated = try Self.sample(Self.row(devices: 8, tp: 2))
        #expect((stated.tensorParallel, stated.pipelineParallel, stated.replicas) == (2, 1, 4))
        // llama.cpp splits layers: 2 GPUs are a 2-stage pipeline.
        let split = try Self.sample(Self.row(devices: 2, engine: "llama.cpp b4000"))
        #expect((split.tensorParallel, split.pipelineParallel, split.replicas) == (1, 2, 1))
        // A layout that does not divide the devices cannot be predicted.
        #expect(Self.failure(Self.row(devices: 6, tp: 4)) == .layout("6 devices do not divide into tp 4 x pp 1 replicas"))
    }

    @Test func aRunOfSeveralReplicasIsPredictedAsThatManyTimesOne() throws {
        let factors = EfficiencyFactors.defaults(for: .gpu)
        let one = try #require(try Self.sample(Self.row(devices: 2, tp: 2)).predict(factors))
        let four = try #require(try Self.sample(Self.row(devices: 8, tp: 2)).predict(factors))
        #expect(abs(four / one - 4) < 1e-12)
        // Per-stream and latency metrics do not scale with replicas.
        let tpotOne = try #require(try Self.sample(Self.row(devices: 2, tp: 2, metric: .tpotMs)).predict(factors))
        let tpotFour = try #require(try Self.sample(Self.row(devices: 8, tp: 2, metric: .tpotMs)).predict(factors))
        #expect(tpotOne == tpotFour)
    }

    @Test func aStaticBatchsEndToEndLatencyPrefillsEveryPromptFirst() throws {
        // vLLM's benchmark_latency: one batch of N prompts prefilled together, then `output` decode steps at batch N.
        let factors = EfficiencyFactors.defaults(for: .gpu)
        let sample = try Self.sample(Self.row(load: .staticBatch(64), input: 2048, output: 128, metric: .e2eMs))
        let predicted = try #require(sample.predict(factors))
        let point = DeploymentPoint(deviceID: Fixtures.gpu.id, weightPrecision: .bf16, kvPrecision: .fp16, batch: 64,
                                    inputTokens: 2048, outputTokens: 128, engine: .vllm)
        let e = EstimatePipeline(model: Fixtures.llama8B, device: Fixtures.gpu, factors: factors).estimate(point)
        let batched = try #require(e.batchedPrefillSeconds(prompts: 64)), step = try #require(e.decode?.seconds)
        #expect(abs(predicted - (batched + 128 * step) * 1000) < 1e-9 * predicted)
        // Sixty-four 2,048-token prompts take longer than one: the batch's prefill, not one sequence's, is counted.
        let single = try #require(e.prefill?.seconds)
        #expect(batched > 10 * single)
    }

    @Test func theBatchALoadIsModelledAt() throws {
        #expect(try Self.sample(Self.row(load: .staticBatch(8))).batch == 8)
        #expect(try Self.sample(Self.row(load: .concurrency(32))).batch == 32)
        // max-load: the batch the engine's KV pool holds at average occupancy (methodology, "Memory"; vLLM
        // on an 80 GiB device). Capacity 80 x 2^30 = 85,899,345,920 B, 0.9 of it 77,309,411,328 B; bf16
        // weights 16,060,522,496 B; workspace 8,192 x 2 x (2 x 14,336 + 3 x 4,096) = 671,088,640 + logits
        // 1,024 x 128,256 x 4 = 525,336,576 + 1 GiB = 2,270,167,040 B; pool 58,978,721,792 B. A running
        // sequence holds 1,000 + 100 / 2 + (16 - 1) / 2 = 1,057.5 tokens x 131,072 B = 138,608,640 B:
        // 58,978,721,792 / 138,608,640 = 425.5 -> 425.
        #expect(try Self.sample(Self.row(load: .maxLoad)).batch == 425)
    }

    /// A model small enough that hundreds of thousands of sequences fit: 2 layers, hidden 256,
    /// 4 heads of 64, one KV head -> 2 x 2 x 1 x 64 x 2 B = 512 B of KV per token.
    static let tiny = ModelSpec(id: "tiny", name: "Tiny", kind: .decoder, layers: 2, hiddenSize: 256, intermediateSize: 1024,
                                attentionHeads: 4, kvHeads: 1, vocabSize: 32_000, maxContextTokens: 4096, mlp: .gated,
                                tieWordEmbeddings: true, source: "test", asOf: Fixtures.day)

    @Test func maxLoadIsCappedWhereEnginesCapTheBatch() throws {
        // About 200 tokens x 512 B per sequence: hundreds of thousands fit in the pool, but vLLM runs at
        // most max_num_seqs = 1,024 sequences on a device of 70 GiB or more; TensorRT-LLM up to 8,192.
        let s = try Self.sample(Self.row(load: .maxLoad, input: 128, output: 128), model: Self.tiny)
        #expect(s.batch == 1024)
        let trt = try Self.sample(Self.row(engine: "TensorRT-LLM", load: .maxLoad, input: 128, output: 128), model: Self.tiny)
        #expect(trt.batch == 8192 && CalibrationSample.maxLoadBatchCap == 8192)
    }

    @Test func aFiniteOfflineRunIsPredictedWaveByWave() throws {
        let factors = EfficiencyFactors.defaults(for: .gpu)
        // 425 sequences fit (above); a run of 200 requests never holds more than 200, and 300 over two replicas 150 each.
        #expect(try Self.sample(Self.row(load: .maxLoad, requests: 200)).batch == 200)
        let split = try Self.sample(Self.row(devices: 2, tp: 1, load: .maxLoad, requests: 301))
        #expect((split.replicas, split.requestsPerReplica, split.batch) == (2, 151, 151))
        #expect(try Self.sample(Self.row(load: .maxLoad, requests: 5000)).batch == 425)

        // A run of whole waves goes at the steady rate; one more request costs a last wave of its own.
        let steadySample = try Self.sample(Self.row(load: .maxLoad))
        let steady = try #require(steadySample.predict(factors))
        let full = try #require(EstimatePipeline(model: Fixtures.llama8B, device: Fixtures.gpu, factors: factors)
            .estimate(steadySample.point(batch: steadySample.batch)).serving?.batch)
        let whole = try #require(try Self.sample(Self.row(load: .maxLoad, requests: 2 * full)).predict(factors))
        #expect(abs(whole / steady - 1) < 1e-12)
        // 2B + 1 requests: two waves of B at the steady rate r(B) requests/s, then one request alone at r(1):
        // (2B + 1) x 100 output tokens / (2B / r(B) + 1 / r(1)).
        let oneMore = try #require(try Self.sample(Self.row(load: .maxLoad, requests: 2 * full + 1)).predict(factors))
        let alone = try #require(EstimatePipeline(model: Fixtures.llama8B, device: Fixtures.gpu, factors: factors)
            .estimate(steadySample.point(batch: 1)).requestsPerSecond)
        let steadyRequests = steady / 100
        let expected = Double(2 * full + 1) * 100 / (Double(2 * full) / steadyRequests + 1 / alone)
        #expect(abs(oneMore / expected - 1) < 1e-12)
        #expect(oneMore < steady)
        // Requests/s and total tokens/s come from the same run time.
        let requestRate = try #require(try Self.sample(Self.row(load: .maxLoad, metric: .requestsPerSecond, requests: 2 * full + 1))
            .predict(factors))
        #expect(abs(requestRate * 100 / oneMore - 1) < 1e-12)
    }

    /// Why a row cannot be predicted, or nil when it can.
    static func failure(_ m: BenchmarkMeasurement, device: Device = Fixtures.gpu) -> CalibrationSample.Unusable? {
        if case .failure(let why) = CalibrationSample.make(m, device: device, model: Fixtures.llama8B) { return why }
        return nil
    }

    @Test func rowsThatCannotBePredictedSayWhy() {
        #expect(Self.failure(Self.row()) == nil)
        #expect(Self.failure(Self.row(precision: nil)) == .noPrecision("unstated"))
        #expect(Self.failure(Self.row(input: nil)) == .noLengths)
        #expect(Self.failure(Self.row(load: .requestRate(3))) == .unsupportedLoad("request_rate"))
        // A closed loop of a stated number of requests is a serving run (replayed, not fitted); a steady concurrency is fitted.
        #expect(Self.failure(Self.row(load: .concurrency(8), requests: 80)) == .unsupportedLoad("concurrency"))
        #expect(Self.failure(Self.row(load: .concurrency(8))) == nil)
        var cpu = Fixtures.gpu
        cpu.kind = .cpu
        #expect(Self.failure(Self.row(), device: cpu) == .cpuMemoryUnknown)
        // Weights that do not fit one 16 GB device at max-load.
        #expect(Self.failure(Self.row(load: .maxLoad), device: Fixtures.smallGPU) == .layout("the model does not fit 1 x gpu16 memory"))
    }

    @Test func theKVCacheIsFp8ForEightBitFloatWeightsElseSixteenBit() throws {
        #expect(try Self.sample(Self.row(precision: .fp8)).kvPrecision == .fp8)
        #expect(try Self.sample(Self.row(precision: .fp4)).kvPrecision == .fp8)
        #expect(try Self.sample(Self.row(precision: .int4)).kvPrecision == .fp16)
        #expect(try Self.sample(Self.row(precision: .bf16)).kvPrecision == .fp16)
    }
}
