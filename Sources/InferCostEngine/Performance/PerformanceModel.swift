import Foundation
import InferCostCore

/// Roofline estimate of one replica: prefill and decode time, memory, power
/// (docs/methodology.md, "Time"). Pure: the same inputs always give the same estimate.
public struct PerformanceModel: Sendable {
    public var model: ModelSpec
    public var device: Device
    public var factors: EfficiencyFactors

    public init(model: ModelSpec, device: Device, factors: EfficiencyFactors? = nil) {
        self.model = model; self.device = device
        self.factors = factors ?? .defaults(for: device.kind)
    }

    /// Bytes of one activation value exchanged between devices (16-bit activations).
    static let activationBytes = Precision.bf16.bytesPerValue

    public func estimate(_ point: DeploymentPoint) -> Estimate {
        var missing: [String] = []
        func need<T>(_ value: T?, _ field: String) -> T? {
            if value == nil { missing.append("\(device.id).\(field)") }
            return value
        }

        let capacityGB = need(point.memoryGBPerDevice ?? device.memoryGB,
                              device.kind == .cpu ? "memory_gb (from the offer's memory_gb_per_device)" : "memory_gb") ?? 0
        let memory = MemoryModel.memory(model, point: point, capacityGB: capacityGB, factors: factors)

        let compute = point.weightPrecision.computePrecision
        let matmulTFLOPS = need(device.denseTFLOPS[compute], "dense_tflops.\(compute.rawValue)")
        let attentionTFLOPS = device.denseTFLOPS[.bf16] ?? device.denseTFLOPS[.fp16] ?? matmulTFLOPS
        let bandwidth = need(device.memoryBandwidthGBs, "memory_bandwidth_gb_s")
        let needsLink = point.devicesPerReplica > 1
        let link = needsLink ? need(device.interconnect?.bandwidthGBs, "interconnect.bandwidth_gb_s") : nil

        var prefill: Estimate.Phase?
        var decode: Estimate.Phase?
        if let matmulTFLOPS, let attentionTFLOPS, let bandwidth, !needsLink || link != nil {
            let rates = Rates(matmul: matmulTFLOPS * Units.flopsPerTFLOP, attention: attentionTFLOPS * Units.flopsPerTFLOP,
                              bandwidth: bandwidth * Units.bytesPerGB, link: (link ?? 0) * Units.bytesPerGB)
            prefill = prefillPhase(point, rates)
            if model.kind == .decoder && point.outputTokens > 0 { decode = decodePhase(point, rates) }
        }

        return Estimate(point: point, prefillSequences: prefillSequences(point), memory: memory, prefill: prefill, decode: decode,
                        powerWPerDevice: device.tdpW, missing: missing, provenance: Self.provenance)
    }

    /// Until calibration lands, every time and rate is uncalibrated physics; memory and power are arithmetic.
    static let provenance: [String: Provenance] = [
        "memory": .arithmetic, "prefill": .uncalibratedPhysics, "decode": .uncalibratedPhysics,
        "ttft_ms": .uncalibratedPhysics, "tpot_ms": .uncalibratedPhysics,
        "output_tokens_per_second": .uncalibratedPhysics, "prefill_tokens_per_second": .uncalibratedPhysics,
        "power_w_per_device": .arithmetic,
    ]

    struct Rates {
        /// FLOP/s per device for the weight matmuls, for attention, and bytes/s of memory and link.
        var matmul, attention, bandwidth, link: Double
    }

    /// Encoders answer a whole batch in one pass; decoders prefill one new prompt at a time.
    func prefillSequences(_ p: DeploymentPoint) -> Int { model.kind == .encoder ? p.batch : 1 }

    /// Prefill of `prefillSequences` prompts of `inputTokens` on one replica. Pipeline stages run one
    /// after another, so only tensor parallelism divides the work.
    func prefillPhase(_ p: DeploymentPoint, _ r: Rates) -> Estimate.Phase {
        let sequences = Double(prefillSequences(p))
        let length = Double(p.inputTokens)
        let tokens = length * sequences
        let tp = Double(p.tensorParallel)
        let headTokens: Double = model.kind == .decoder ? 1 : 0  // only the last position is projected to the vocabulary
        let matmulFLOPs = 2 * model.activeLayerParameters * tokens + 2 * model.lmHeadParameters * headTokens * sequences
        let computeSeconds = matmulFLOPs / (tp * r.matmul * factors.prefillCompute)
            + sequences * attentionFLOPs(queries: length, context: length, causal: model.kind == .decoder)
            / (tp * r.attention * factors.prefillCompute)
        let memorySeconds = MemoryModel.weightBytes(model, precision: p.weightPrecision) / tp
            / (r.bandwidth * factors.memoryBandwidth)
        let link = collectiveSeconds(p, tokensInFlight: tokens, linkBytesPerSecond: r.link)
        return phase(compute: computeSeconds, memory: memorySeconds, interconnect: link,
                     overhead: factors.stepOverheadSeconds * Double(p.pipelineParallel))
    }

    /// One decode step: every sequence of the batch gains one token. With pipeline parallelism the
    /// batch is split into one micro-batch per stage, so while a token passes the stages in turn each
    /// device works on a micro-batch: compute divides by every device, weight reads do not (each
    /// stage reads its slice once per micro-batch).
    func decodePhase(_ p: DeploymentPoint, _ r: Rates) -> Estimate.Phase {
        let batch = Double(p.batch)
        let devices = Double(p.devicesPerReplica), tp = Double(p.tensorParallel), pp = Double(p.pipelineParallel)
        let context = Double(p.inputTokens) + Double(p.outputTokens) / 2  // average over the generation
        let matmulFLOPs = 2 * model.activeParameters * batch
        let computeSeconds = matmulFLOPs / (devices * r.matmul * factors.decodeCompute)
            + attentionFLOPs(queries: batch, context: context, causal: false) / (devices * r.attention * factors.decodeCompute)
        let weightBytes = weightBytesReadPerStep(p, tokens: max(1, batch / pp))
        let kvBytes = batch * model.kvCacheBytes(sequenceTokens: context, kv: p.kvPrecision,
                                                 tensorParallel: p.tensorParallel, pipelineParallel: p.pipelineParallel)
        let memorySeconds = (weightBytes / tp + kvBytes) / (r.bandwidth * factors.memoryBandwidth)
        let link = collectiveSeconds(p, tokensInFlight: batch, linkBytesPerSecond: r.link)
        return phase(compute: computeSeconds, memory: memorySeconds, interconnect: link,
                     overhead: factors.stepOverheadSeconds * pp)
    }

    /// QK^T and AV: 4 x layers x heads x head_dim FLOPs per (query, key) pair; causal prefill
    /// attends to half the pairs on average.
    func attentionFLOPs(queries: Double, context: Double, causal: Bool) -> Double {
        let perPair = 4 * Double(model.layers) * Double(model.attentionHeads) * Double(model.headDim)
        return perPair * queries * context * (causal ? 0.5 : 1)
    }

    /// Weight bytes one forward pass of `tokens` tokens reads. The embedding table is gathered, not
    /// streamed. In a mixture of experts, `tokens` tokens each pick k of E experts; the expected number
    /// of distinct experts touched per layer is E x (1 - (1 - k/E)^tokens).
    func weightBytesReadPerStep(_ p: DeploymentPoint, tokens: Double) -> Double {
        let all = MemoryModel.weightBytes(model, precision: p.weightPrecision)
        let embedding = model.tieWordEmbeddings ? 0 : model.embeddingParameters * Precision.bf16.bytesPerValue
        guard let experts = model.experts, experts > 1, let k = model.expertsPerToken else { return all - embedding }
        let e = Double(experts)
        let touched = e * (1 - pow(1 - Double(k) / e, tokens))
        let expertBytes = Double(model.moeLayers) * model.mlpParametersPerExpert
            * model.bytesPerLayerWeight(p.weightPrecision, routedExpert: true)
        return all - embedding - expertBytes * (e - touched)
    }

    /// Tensor parallel: two ring all-reduces of the activations per layer, 2(n-1)/n of the message
    /// over each link. Pipeline parallel: one activation hop between consecutive stages.
    func collectiveSeconds(_ p: DeploymentPoint, tokensInFlight: Double, linkBytesPerSecond: Double) -> Double {
        guard p.devicesPerReplica > 1, linkBytesPerSecond > 0 else { return 0 }
        let message = tokensInFlight * Double(model.hiddenSize) * Self.activationBytes
        let link = linkBytesPerSecond * factors.interconnectBandwidth
        var seconds = 0.0
        if p.tensorParallel > 1 {
            let n = Double(p.tensorParallel)
            let perAllReduce = 2 * (n - 1) / n * message / link + factors.collectiveLatencySeconds
            seconds += 2 * Double(model.layers) * perAllReduce
        }
        if p.pipelineParallel > 1 {
            seconds += Double(p.pipelineParallel - 1) * (message / link + factors.collectiveLatencySeconds)
        }
        return seconds
    }

    /// Roofline: compute and memory traffic overlap, communication and fixed overhead do not.
    func phase(compute: Double, memory: Double, interconnect: Double, overhead: Double) -> Estimate.Phase {
        let bottleneck: Bottleneck
        if interconnect > max(compute, memory) {
            bottleneck = .interconnect
        } else {
            bottleneck = compute >= memory ? .compute : .memoryBandwidth
        }
        return Estimate.Phase(seconds: max(compute, memory) + interconnect + overhead, computeSeconds: compute,
                              memorySeconds: memory, interconnectSeconds: interconnect, overheadSeconds: overhead,
                              bottleneck: bottleneck)
    }
}
