import Foundation
import InferCostCore

/// Roofline estimate of one replica, built from per-operation times (docs/methodology.md, "Time"):
/// the weight GEMMs, attention, MoE experts, collectives and a per-step overhead, for an idle prefill,
/// a pure decode step, and the mixed step a continuously batching engine runs at load.
/// Pure: the same inputs always give the same estimate.
public struct PerformanceModel: Sendable {
    public var model: ModelSpec { didSet { constants = ModelConstants(model) } }
    public var device: Device { didSet { denseTFLOPS = PrecisionTable(device.denseTFLOPS); isA100 = EngineDefaults.mentionsA100(device.id) } }
    /// `device.denseTFLOPS`, read three times per estimate without hashing a precision's name each time.
    private var denseTFLOPS: PrecisionTable<Double>
    /// Whether the device is an A100, which engines' defaults treat apart (`EngineDefaults.defaults`).
    private var isA100: Bool
    /// The model's parameter counts and weight bytes, which every pass of every estimate reads.
    private var constants: ModelConstants
    public var factors: EfficiencyFactors
    /// Factors for time to first token, when they differ (calibration falls back to the uncalibrated
    /// physics for a metric family it makes worse out of sample; docs/validation.md, "Fallback").
    public var ttftFactors: EfficiencyFactors?

    public init(model: ModelSpec, device: Device, factors: EfficiencyFactors? = nil, ttftFactors: EfficiencyFactors? = nil) {
        self.model = model; self.device = device; denseTFLOPS = PrecisionTable(device.denseTFLOPS)
        isA100 = EngineDefaults.mentionsA100(device.id)
        constants = ModelConstants(model)
        self.factors = factors ?? .defaults(for: device.kind)
        self.ttftFactors = ttftFactors
    }

    /// Bytes of one activation value exchanged between devices (16-bit activations).
    static let activationBytes = Precision.bf16.bytesPerValue

    public func engineDefaults(_ point: DeploymentPoint) -> EngineDefaults {
        EngineDefaults.defaults(point.engine, capacityGiB: device.memoryGB ?? 0, isA100: isA100, tensorParallel: point.tensorParallel)
    }

    public func estimate(_ point: DeploymentPoint) -> Estimate { estimate(point, provenance: Self.provenance) }

    /// `provenance`: the figures' provenance the estimate carries (a pipeline's, where calibration changed it).
    func estimate(_ point: DeploymentPoint, provenance: [String: Provenance]) -> Estimate {
        var missing: [String] = []
        // Captures the id, not `self` (a copy of the model and device per estimate), and names the field only when it is
        // missing: this runs for every candidate.
        let deviceID = device.id
        func need<T>(_ value: T?, _ field: @autoclosure () -> String) -> T? {
            if value == nil { missing.append("\(deviceID).\(field())") }
            return value
        }

        let engine = engineDefaults(point)
        let capacityGB = need(point.memoryGBPerDevice ?? device.memoryGB,
                              device.kind == .cpu ? "memory_gb (from the offer's memory_gb_per_device)" : "memory_gb") ?? 0
        let memory = MemoryModel.memory(model, point: point, capacityGB: capacityGB, engine: engine,
                                        weightBytes: constants.weightBytes[point.weightPrecision], kvLayout: constants.kvLayout)

        let compute = point.weightPrecision.computePrecision
        let matmulTFLOPS = need(denseTFLOPS[compute], "dense_tflops.\(compute.rawValue)")
        let attentionTFLOPS = denseTFLOPS[.bf16] ?? denseTFLOPS[.fp16] ?? matmulTFLOPS
        let bandwidth = need(device.memoryBandwidthGBs, "memory_bandwidth_gb_s")
        let needsLink = point.devicesPerReplica > 1
        let link = needsLink ? need(device.interconnect?.bandwidthGBs, "interconnect.bandwidth_gb_s") : nil

        var prefill: Estimate.Phase?
        var decode: Estimate.Phase?
        var serving: Estimate.Serving?
        var ttft: Double?
        if let matmulTFLOPS, let attentionTFLOPS, let bandwidth, !needsLink || link != nil {
            let rates = Rates(matmul: matmulTFLOPS * Units.flopsPerTFLOP, attention: attentionTFLOPS * Units.flopsPerTFLOP,
                              bandwidth: bandwidth * Units.bytesPerGB, link: (link ?? 0) * Units.bytesPerGB)
            prefill = prefillPhase(point, rates)
            if model.kind == .decoder && point.outputTokens > 0 {
                decode = step(point, rates, decodes: Double(point.batch), prefillTokens: 0)
                serving = servingStep(point, rates, engine: engine)
            }
            if let ttftFactors, ttftFactors != factors {
                // The same physics at the TTFT factors (a copy of this estimator with them).
                var latency = self
                latency.factors = ttftFactors
                latency.ttftFactors = nil
                ttft = latency.prefillPhase(point, rates).seconds
                    + (decode == nil ? 0 : latency.step(point, rates, decodes: Double(point.batch), prefillTokens: 0).seconds)
                if serving != nil { serving?.ttftSeconds = latency.servingStep(point, rates, engine: engine).ttftSeconds }
            }
        }

        return Estimate(point: point, prefillSequences: prefillSequences(point), memory: memory, prefill: prefill, decode: decode,
                        serving: serving, ttftSeconds: ttft, powerWPerDevice: device.tdpW, missing: missing, provenance: provenance)
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

    /// Prefill of `prefillSequences` prompts of `inputTokens` on an idle replica. Pipeline stages run one
    /// after another, so only tensor parallelism divides the work.
    func prefillPhase(_ p: DeploymentPoint, _ r: Rates) -> Estimate.Phase {
        let sequences = Double(prefillSequences(p))
        let length = Double(p.inputTokens)
        let tokens = length * sequences
        let tp = Double(p.tensorParallel)
        // Under attention data parallel the prompt sits on one rank: only the routed experts are split.
        let attentionTP = Double(MemoryModel.attentionTensorParallel(isMoE: constants.isMoE, p))
        let headTokens: Double = model.kind == .decoder ? 1 : 0  // only the last position is projected to the vocabulary
        let gemm = gemmFLOPs(tokens: tokens)
        let matmulFLOPs = gemm.dense + 2 * constants.lmHeadParameters * headTokens * sequences
        let attentionSeconds = sequences * attentionFLOPs(queries: length, context: model.kind == .decoder ? length / 2 : length)
            / (attentionTP * r.attention * factors.prefillCompute)
        let computeSeconds = (matmulFLOPs / attentionTP + gemm.routed / tp) / (r.matmul * factors.prefillCompute)
            + attentionSeconds
        let activationSeconds = activationBytes(p, tokens: tokens) / (r.bandwidth * factors.memoryBandwidth)
        let memorySeconds = weightBytesReadPerDevice(p, tokens: tokens) / (r.bandwidth * factors.memoryBandwidth)
            + activationSeconds
        let link = collectiveSeconds(p, tokensInFlight: tokens, linkBytesPerSecond: r.link)
        return phase(compute: computeSeconds, memory: memorySeconds, interconnect: link,
                     overhead: factors.stepOverheadSeconds * Self.stagesPayingStepOverhead(p),
                     attentionCompute: attentionSeconds, attentionMemory: 0, activationMemory: activationSeconds)
    }

    /// One forward pass of a continuously batching engine: `decodes` running sequences gain a token each
    /// (attending to their average context, input + output/2) while `prefillTokens` prompt tokens of
    /// arriving requests are processed in the same pass (chunked prefill). With pipeline parallelism the
    /// batch is split into one micro-batch per stage: compute divides by every busy device (every device
    /// once there are at least as many sequences as stages), weight reads do not.
    ///
    /// Under attention data parallel the ranks meet at every MoE layer, so the attention and dense layers take
    /// as long as on the busiest rank: `gatedPrefillTokens` (default `prefillTokens`) is the prompt load those
    /// parts are timed at, as if every rank carried the busiest rank's; the routed experts see the real total.
    func step(_ p: DeploymentPoint, _ r: Rates, decodes: Double, prefillTokens: Double,
              gatedPrefillTokens: Double? = nil) -> Estimate.Phase {
        let tp = Double(p.tensorParallel), pp = Double(p.pipelineParallel)
        let context = Double(p.inputTokens) + Double(p.outputTokens) / 2
        let tokens = decodes + prefillTokens
        let gatedPrefill = gatedPrefillTokens ?? prefillTokens
        let gatedTokens = decodes + gatedPrefill
        // Each prefill token attends on average to half the prompt; each decode token to its whole context.
        let dense = gemmFLOPs(tokens: gatedTokens).dense, routed = gemmFLOPs(tokens: tokens).routed
        let prefillFLOPs = (gatedPrefill > 0 ? share(dense, gatedPrefill / gatedTokens) : 0)
            + (prefillTokens > 0 ? share(routed, prefillTokens / tokens) : 0)
        let prefillAttention = gatedPrefill > 0 ? attentionFLOPs(queries: gatedPrefill, context: Double(p.inputTokens) / 2) : 0
        let decodeFLOPs = share(dense, decodes / max(gatedTokens, 1)) + share(routed, decodes / max(tokens, 1))
            + 2 * constants.lmHeadParameters * decodes
        let decodeAttention = attentionFLOPs(queries: decodes, context: context)
        // Pipeline bubbles: with fewer sequences in the pass than stages, only as many micro-batches
        // (of at least one sequence) are in flight as there are sequences, and the other stages idle.
        let microBatches = min(pp, max(1, (decodes + (prefillTokens > 0 ? 1 : 0)).rounded(.up)))
        let busy = tp * microBatches
        // Attention runs at the 16-bit rate whatever the weight precision (as in the prefill).
        let attentionCompute = prefillAttention / (busy * r.attention * factors.prefillCompute)
            + decodeAttention / (busy * r.attention * factors.decodeCompute)
        let computeSeconds = prefillFLOPs / (busy * r.matmul * factors.prefillCompute)
            + decodeFLOPs / (busy * r.matmul * factors.decodeCompute) + attentionCompute
        let weightBytes = weightBytesReadPerDevice(p, tokens: max(1, tokens / pp))
        // Under attention data parallel each rank attends for its 1/ranks of the sequences with whole KV heads.
        let ranks = Double(MemoryModel.dataParallelRanks(isMoE: constants.isMoE, p))
        let attentionTP = MemoryModel.attentionTensorParallel(isMoE: constants.isMoE, p)
        // Decode attention reads each sequence's whole cached context (a sliding or chunked layer only its
        // window, an MLA layer its latent); prefill attention reads the prompt's earlier keys once per tile
        // of queries (flash attention), not once per query.
        let prefillTiles = (gatedPrefill / Self.attentionQueryTile).rounded(.up)
        let contextKV = MemoryModel.kvBytesPerSequencePerDevice(constants.kvLayout, tokens: context, kv: p.kvPrecision,
                                                                tensorParallel: attentionTP, pipelineParallel: p.pipelineParallel) / ranks
        let promptKV = MemoryModel.kvBytesPerSequencePerDevice(constants.kvLayout, tokens: Double(p.inputTokens) / 2, kv: p.kvPrecision,
                                                               tensorParallel: attentionTP, pipelineParallel: p.pipelineParallel) / ranks
        let kvBytes = decodes * contextKV + prefillTiles * promptKV
        let attentionMemory = kvBytes / (r.bandwidth * factors.memoryBandwidth)
        let activationSeconds = activationBytes(p, tokens: gatedTokens) / (r.bandwidth * factors.memoryBandwidth)
        let memorySeconds = weightBytes / (r.bandwidth * factors.memoryBandwidth) + activationSeconds + attentionMemory
        let link = collectiveSeconds(p, tokensInFlight: tokens, linkBytesPerSecond: r.link)
        // Under attention data parallel the per-sequence host work is not divided by the ranks: part of it (request
        // intake, detokenising, the ranks' step-by-step agreement on their loads) stays in one process.
        let overhead = factors.stepOverheadSeconds * Self.stagesPayingStepOverhead(p) + factors.sequenceOverheadSeconds * decodes
        return phase(compute: computeSeconds, memory: memorySeconds, interconnect: link, overhead: overhead,
                     attentionCompute: attentionCompute, attentionMemory: attentionMemory, activationMemory: activationSeconds)
    }

    private func share(_ value: Double, _ fraction: Double) -> Double { value * min(max(fraction, 0), 1) }

    /// How many times a pass pays the per-step overhead (launches, scheduling, sampling). A serving engine runs each
    /// pipeline stage as a worker of its own, which launches and schedules its part of every pass: once per stage.
    /// llama.cpp's layer split runs the whole pass as one graph in one process (`ggml_backend_sched` splits it by device
    /// and copies each split's inputs across, the hand-off `collectiveSeconds` times): once per pass, however many
    /// devices (docs/methodology.md, "Engines").
    static func stagesPayingStepOverhead(_ p: DeploymentPoint) -> Double {
        p.engine == .llamaCpp ? 1 : Double(p.pipelineParallel)
    }

    /// The average pass when a share `share` of passes is `a` and the rest `b`: times and terms weighted
    /// by the share (the roofline applies per pass, before averaging).
    static func blend(_ a: Estimate.Phase, _ b: Estimate.Phase, share: Double) -> Estimate.Phase {
        let w = min(max(share, 0), 1)
        func mix(_ x: Double, _ y: Double) -> Double { x * w + y * (1 - w) }
        return Estimate.Phase(seconds: mix(a.seconds, b.seconds), computeSeconds: mix(a.computeSeconds, b.computeSeconds),
                              memorySeconds: mix(a.memorySeconds, b.memorySeconds),
                              interconnectSeconds: mix(a.interconnectSeconds, b.interconnectSeconds),
                              overheadSeconds: mix(a.overheadSeconds, b.overheadSeconds),
                              bottleneck: w >= 0.5 ? a.bottleneck : b.bottleneck,
                              attentionComputeSeconds: mix(a.attentionComputeSeconds, b.attentionComputeSeconds),
                              attentionMemorySeconds: mix(a.attentionMemorySeconds, b.attentionMemorySeconds),
                              activationMemorySeconds: mix(a.activationMemorySeconds, b.activationMemorySeconds))
    }

    /// The steady state of a replica kept full (docs/methodology.md, "Serving at load"): B sequences decode
    /// while arriving prompts are prefilled in the same passes. Requests finish at the rate they start:
    /// r = B / output of them per pass, so B x input/output prompt tokens per pass on average; the
    /// engine's step token budget caps B at budget x output / (input + output). A freed slot is refilled
    /// at once and the new prompt prefilled in as few passes as the budget allows, so when fewer than one
    /// request finishes per pass (r < 1) the prompt tokens come in bursts: a share f = r x input / q of
    /// the passes carries q = min(input, budget - B) prompt tokens and the rest are pure decode passes.
    /// Averaging the pass times (not the tokens) matters because a pass's GEMMs turn compute-bound
    /// when it carries a prompt and stay weight-bound when it does not.
    func servingStep(_ p: DeploymentPoint, _ r: Rates, engine: EngineDefaults) -> Estimate.Serving {
        let input = Double(p.inputTokens), output = Double(max(p.outputTokens, 1))
        // Under attention data parallel each of the n ranks runs its own 1/n of the sequences with its own step
        // token budget, and a pass lasts as long as its busiest rank.
        let ranks = MemoryModel.dataParallelRanks(isMoE: constants.isMoE, p)
        let n = Double(ranks), budget = Double(engine.stepTokenBudget)
        let budgetBatch = max(1, Int((budget * output / (input + output)).rounded(.down)))
        let (budgetBatches, overflow) = budgetBatch.multipliedReportingOverflow(by: ranks)
        let batch = max(1, min(p.batch, overflow ? Int.max : budgetBatches))
        let b = Double(batch), rankBatch = b / n
        let perPass = rankBatch * input / output
        let room = max(budget - rankBatch, 1)
        let carried = min(room, max(input, perPass))
        let share = carried > 0 ? min(1, perPass / carried) : 0
        // A pass is a prefill pass when any rank carries a prompt chunk: with n ranks, a share 1 - (1 - f)^n of
        // passes; those carry, in all, the prompt tokens of the ranks that have one (n f / that share of a chunk
        // each on average), and their attention and dense layers take as long as one chunk on every rank.
        let prefillShare = ranks > 1 ? 1 - pow(1 - share, n) : share
        let mixed = ranks > 1 && prefillShare > 0
            ? step(p, r, decodes: b, prefillTokens: n * share * carried / prefillShare, gatedPrefillTokens: n * carried)
            : step(p, r, decodes: b, prefillTokens: carried)
        let step = prefillShare >= 1 ? mixed : Self.blend(mixed, step(p, r, decodes: b, prefillTokens: 0), share: prefillShare)
        // TTFT at load: the prompt is processed (on one rank) in chunks of what the budget leaves beside the
        // other decodes, then the first token comes with the next pass.
        let chunks = max(1, (input / max(budget - (rankBatch - 1), 1)).rounded(.up))
        let loadedTTFT = chunks * mixed.seconds + step.seconds
        return Estimate.Serving(batch: batch, step: step, ttftSeconds: loadedTTFT, limitedByStepBudget: batch < p.batch)
    }

    /// FLOPs of the weight GEMMs for `tokens` tokens passing the layers (the vocabulary projection apart).
    /// Mixture-of-experts layers run grouped GEMMs: each touched expert gets tokens x k / touched rows,
    /// padded to whole tiles of the matrix unit, so a few tokens per expert cost a full tile.
    func gemmFLOPs(tokens: Double) -> (dense: Double, routed: Double, total: Double) {
        guard let experts = model.experts, experts > 1, let k = model.expertsPerToken else {
            let dense = 2 * constants.activeLayerParameters * tokens
            return (dense, 0, dense)
        }
        let e = Double(experts)
        let touched = e * (1 - pow(1 - Double(k) / e, tokens))
        let rowsPerExpert = tokens * Double(k) / max(touched, 1)
        let tile = Self.gemmTileRows
        let paddedRows = (rowsPerExpert / tile).rounded(.up) * tile
        let routed = Double(constants.moeLayers) * constants.mlpParametersPerExpert * Double(k)
        let dense = constants.activeLayerParameters - routed
        let routedFLOPs = 2 * Double(constants.moeLayers) * constants.mlpParametersPerExpert * touched * paddedRows
        return (2 * dense * tokens, routedFLOPs, 2 * dense * tokens + routedFLOPs)
    }

    /// Rows of one tensor-core tile in a grouped GEMM (the m16 of an MMA instruction).
    static let gemmTileRows = 16.0
    /// Queries one flash-attention block processes against each pass over the keys (FlashAttention's
    /// 128-row query tile).
    static let attentionQueryTile = 128.0

    /// Activation traffic of the operations around the GEMMs that are not fused into them (norms, rotary
    /// embedding, the MLP activation, residual adds): per token and layer about 14 hidden-size and 5
    /// MLP-width 16-bit reads and writes, the MLP and head parts split by TP. It does not shrink with
    /// lower weight precision, which is why fp8 and fp4 fall short of their peak.
    func activationBytes(_ p: DeploymentPoint, tokens: Double) -> Double {
        let h = Double(model.hiddenSize), tp = Double(p.tensorParallel)
        let mlpWidth = constants.isMoE
            ? Double(model.expertIntermediateSize) * Double((model.expertsPerToken ?? 1) + model.sharedExperts)
            : Double(model.intermediateSize)
        // Under attention data parallel each rank carries its own share of the tokens through every operation.
        let ranks = Double(MemoryModel.dataParallelRanks(isMoE: constants.isMoE, p))
        let perLayer = ranks > 1 ? (14 * h + 5 * mlpWidth) / ranks : 10 * h + (4 * h + 5 * mlpWidth) / tp
        // A mixture-of-experts layer also copies each token's hidden state to its k experts' rows (the expand, in the
        // precision the expert GEMMs read), writes the k expert outputs and reads them back to sum them (the finalize,
        // 16-bit): k hidden-size values each, per token, split with the experts.
        let expand = p.weightPrecision.computePrecision.bytesPerValue
        let routing = constants.isMoE
            ? Double(constants.moeLayers) * Double(model.expertsPerToken ?? 1) * h * (expand + 2 * Self.activationBytes) / tp : 0
        return (Self.activationBytes * Double(model.layers) * perLayer + routing) / Double(p.pipelineParallel) * tokens
    }

    /// QK^T and AV: 4 x layers x heads x head_dim FLOPs per (query, key) pair.
    func attentionFLOPs(queries: Double, context: Double) -> Double {
        4 * Double(model.layers) * Double(model.attentionHeads) * Double(model.headDim) * queries * context
    }

    /// Weight bytes one forward pass of `tokens` tokens reads. The embedding table is gathered, not
    /// streamed. In a mixture of experts, `tokens` tokens each pick k of E experts; the expected number
    /// of distinct experts touched per layer is E x (1 - (1 - k/E)^tokens).
    func weightBytesReadPerStep(_ p: DeploymentPoint, tokens: Double) -> Double {
        let parts = weightBytesRead(p, tokens: tokens)
        return parts.shared + parts.routed
    }

    /// The weight bytes a pass reads, split into the routed experts touched and everything else.
    private func weightBytesRead(_ p: DeploymentPoint, tokens: Double) -> (shared: Double, routed: Double) {
        let all = constants.weightBytes[p.weightPrecision]
        let embedding = model.tieWordEmbeddings ? 0 : constants.embeddingParameters * Precision.bf16.bytesPerValue
        guard let experts = model.experts, experts > 1, let k = model.expertsPerToken else { return (all - embedding, 0) }
        let e = Double(experts)
        let touched = e * (1 - pow(1 - Double(k) / e, tokens))
        let expertBytes = constants.expertWeightBytes[p.weightPrecision]
        return (all - embedding - expertBytes * e, expertBytes * touched)
    }

    /// Weight bytes one device reads in a pass of `tokens` tokens: its 1/TP of them, or under attention data
    /// parallel every non-expert weight (each rank holds them whole) and 1/TP of the touched experts.
    func weightBytesReadPerDevice(_ p: DeploymentPoint, tokens: Double) -> Double {
        let parts = weightBytesRead(p, tokens: tokens)
        let tp = Double(p.tensorParallel)
        return MemoryModel.dataParallelRanks(isMoE: constants.isMoE, p) > 1 ? parts.shared + parts.routed / tp : (parts.shared + parts.routed) / tp
    }

    /// Tensor parallel: two all-reduces of the activations per layer (after attention and after the MLP),
    /// not overlapped with compute. Each costs a latency that grows with the ring's 2(n-1) hops plus
    /// 2(n-1)/n of the message over each link. Pipeline parallel: one activation hop between stages.
    func collectiveSeconds(_ p: DeploymentPoint, tokensInFlight: Double, linkBytesPerSecond: Double) -> Double {
        guard p.devicesPerReplica > 1, linkBytesPerSecond > 0 else { return 0 }
        let message = tokensInFlight * Double(model.hiddenSize) * Self.activationBytes
        let link = linkBytesPerSecond * factors.interconnectBandwidth
        let hop = factors.collectiveLatencySeconds * topologyLatencyMultiplier
        var seconds = 0.0
        if p.tensorParallel > 1 {
            let n = Double(p.tensorParallel)
            let perAllReduce = 2 * (n - 1) / n * message / link + hop * 2 * (n - 1)
            if MemoryModel.dataParallelRanks(isMoE: constants.isMoE, p) > 1 {
                // Attention data parallel: around each MoE layer the ranks all-gather the step's tokens and
                // reduce-scatter the experts' outputs (together one all-reduce's traffic); other layers exchange nothing.
                seconds += Double(constants.moeLayers) * perAllReduce
            } else {
                seconds += 2 * Double(model.layers) * perAllReduce
            }
        }
        if p.pipelineParallel > 1 {
            // Stage boundaries inside a node go over its device link; with a replica over several nodes,
            // `nodes - 1` of them cross the scale-out network instead.
            let crossings = min(p.nodes - 1, p.pipelineParallel - 1)
            seconds += Double(p.pipelineParallel - 1 - crossings) * (message / link + hop)
            if crossings > 0, let span = p.span {
                seconds += Double(crossings) * networkHopSeconds(span, message: message, tensorParallel: p.tensorParallel)
            }
        }
        return seconds
    }

    /// One stage hand-off over the scale-out network: each of the stage's TP ranks sends its 1/TP slice
    /// of the activations through its own share of the node's ports (ranks all-gather on arrival, as
    /// vLLM and Megatron do), so a stage of TP devices uses TP / devices-per-node of the node's bandwidth;
    /// plus the network's one-way latency (sourced, else the stated assumption `networkLatencySeconds`).
    func networkHopSeconds(_ span: NodeSpan, message: Double, tensorParallel tp: Int) -> Double {
        let share = Double(min(tp, span.devicesPerNode)) / Double(max(span.devicesPerNode, 1))
        let bytesPerSecond = span.networkGBsPerNode * Units.bytesPerGB * share * factors.interconnectBandwidth
        let latency = span.networkLatencyUs.map { $0 / 1_000_000 } ?? Self.networkLatencySeconds
        return (bytesPerSecond > 0 ? message / bytesPerSecond : .infinity) + latency
    }

    /// One-way latency assumed for a stage hand-off between nodes when the catalog gives none: an RDMA
    /// message through one switch plus the GPU-to-NIC copy and the engine's send/receive, of the order
    /// NCCL reports for small point-to-point messages between nodes. An assumption, stated in
    /// docs/methodology.md ("Multi-node layouts"), not a sourced figure.
    static let networkLatencySeconds = 0.000_02

    /// A PCIe hop (through a switch or the host, peer-to-peer often off) costs more than an NVLink or
    /// other direct-link hop. An assumption, stated in docs/methodology.md ("Collectives").
    var topologyLatencyMultiplier: Double {
        device.interconnect?.kind == .pcie ? Self.pcieLatencyMultiplier : 1
    }
    static let pcieLatencyMultiplier = 4.0

    /// Roofline per operation: within the weight GEMMs, and within the attention kernels, compute and
    /// memory traffic overlap; the two run one after the other, and communication and fixed overhead do
    /// not overlap either (`Estimate.Phase.rooflineSeconds`). `compute` and `memory` are totals, attention
    /// included.
    func phase(compute: Double, memory: Double, interconnect: Double, overhead: Double,
               attentionCompute: Double = 0, attentionMemory: Double = 0, activationMemory: Double = 0) -> Estimate.Phase {
        let bottleneck: Bottleneck
        if interconnect > max(compute, memory) {
            bottleneck = .interconnect
        } else {
            bottleneck = compute >= memory ? .compute : .memoryBandwidth
        }
        let seconds = Estimate.Phase.rooflineSeconds(compute: compute, memory: memory, attentionCompute: attentionCompute,
                                                     attentionMemory: attentionMemory, activationMemory: activationMemory,
                                                     interconnect: interconnect,
                                                     overhead: overhead)
        return Estimate.Phase(seconds: seconds, computeSeconds: compute, memorySeconds: memory,
                              interconnectSeconds: interconnect, overheadSeconds: overhead, bottleneck: bottleneck,
                              attentionComputeSeconds: attentionCompute, attentionMemorySeconds: attentionMemory,
                              activationMemorySeconds: activationMemory)
    }
}

/// Derived counts of a model that every pass reads, computed once per `PerformanceModel` (each is a sum over
/// the model's layer types; recomputing them per pass was a fifth of an estimate's time).
private struct ModelConstants: Sendable {
    var activeLayerParameters: Double
    var mlpParametersPerExpert: Double
    var embeddingParameters: Double
    var lmHeadParameters: Double
    /// `MemoryModel.weightBytes` at each precision.
    var weightBytes: EveryPrecision
    var kvLayout: KVLayout
    var isMoE: Bool
    var moeLayers: Int
    /// The bytes of one routed expert's weights in every MoE layer, at each precision.
    var expertWeightBytes: EveryPrecision

    init(_ model: ModelSpec) {
        activeLayerParameters = model.activeLayerParameters
        mlpParametersPerExpert = model.mlpParametersPerExpert
        embeddingParameters = model.embeddingParameters
        lmHeadParameters = model.lmHeadParameters
        weightBytes = EveryPrecision { MemoryModel.weightBytes(model, precision: $0) }
        kvLayout = KVLayout(model)
        isMoE = model.isMoE
        moeLayers = model.moeLayers
        expertWeightBytes = EveryPrecision { [mlpParametersPerExpert] in
            Double(model.moeLayers) * mlpParametersPerExpert * model.bytesPerLayerWeight($0, routedExpert: true)
        }
    }
}

/// Values by precision in an array, for the hot loop: a `[Precision: Value]` lookup hashes the precision's raw name.
struct PrecisionTable<Value: Sendable>: Sendable {
    private var values: [Value?]

    init(_ dictionary: [Precision: Value]) {
        values = Precision.allCases.map { dictionary[$0] }
    }

    subscript(precision: Precision) -> Value? { values[Self.index(precision)] }

    /// The precision's place in `Precision.allCases`, by a switch.
    static func index(_ precision: Precision) -> Int {
        switch precision {
        case .fp32: 0
        case .tf32: 1
        case .bf16: 2
        case .fp16: 3
        case .fp8: 4
        case .int8: 5
        case .fp4: 6
        case .int4: 7
        }
    }
}

/// A value for every precision, in an array (`PrecisionTable`'s layout, none missing).
struct EveryPrecision: Sendable {
    private var values: [Double]

    init(_ value: (Precision) -> Double) {
        values = Precision.allCases.map(value)
    }

    subscript(precision: Precision) -> Double { values[PrecisionTable<Double>.index(precision)] }
}
