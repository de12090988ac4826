/// The fractions of peak a real serving stack reaches, and its fixed costs. These are the
/// only tuning knobs of the physics model, kept in one place so calibration (fitting them to
/// measured benchmarks) replaces exactly these numbers. Until then they are uncalibrated
/// defaults per device class, documented in docs/methodology.md ("Efficiency factors").
public struct EfficiencyFactors: Sendable, Hashable, Codable {
    /// Fraction of dense peak matrix throughput reached by prefill (large matmuls).
    public var prefillCompute: Double
    /// Fraction of dense peak reached by decode-step matmuls (skinny at small batch).
    public var decodeCompute: Double
    /// Fraction of peak memory bandwidth reached streaming weights and KV cache.
    public var memoryBandwidth: Double
    /// Fraction of the per-direction link bandwidth reached by collectives.
    public var interconnectBandwidth: Double
    /// Fixed time per forward pass: kernel launches, scheduling.
    public var stepOverheadSeconds: Double
    /// Time per running sequence per forward pass that does not shrink with faster hardware: the
    /// scheduler's bookkeeping, input preparation and sampling of each sequence (host-side work).
    public var sequenceOverheadSeconds: Double
    /// Latency of one hop of a collective over a direct link (an all-reduce over n devices takes 2(n-1)
    /// hops; PCIe hops cost more, see PerformanceModel.topologyLatencyMultiplier).
    public var collectiveLatencySeconds: Double
    /// Draw of an idle device as a fraction of its TDP, for the energy bill.
    public var idlePowerFraction: Double

    public init(prefillCompute: Double, decodeCompute: Double, memoryBandwidth: Double, interconnectBandwidth: Double,
                stepOverheadSeconds: Double, sequenceOverheadSeconds: Double, collectiveLatencySeconds: Double,
                idlePowerFraction: Double) {
        self.sequenceOverheadSeconds = sequenceOverheadSeconds
        self.prefillCompute = prefillCompute; self.decodeCompute = decodeCompute
        self.memoryBandwidth = memoryBandwidth; self.interconnectBandwidth = interconnectBandwidth
        self.stepOverheadSeconds = stepOverheadSeconds; self.collectiveLatencySeconds = collectiveLatencySeconds
        self.idlePowerFraction = idlePowerFraction
    }

    enum CodingKeys: String, CodingKey {
        case prefillCompute = "prefill_compute", decodeCompute = "decode_compute", memoryBandwidth = "memory_bandwidth"
        case interconnectBandwidth = "interconnect_bandwidth", stepOverheadSeconds = "step_overhead_seconds"
        case sequenceOverheadSeconds = "sequence_overhead_seconds"
        case collectiveLatencySeconds = "collective_latency_seconds", idlePowerFraction = "idle_power_fraction"
    }

    /// Uncalibrated defaults by device class.
    public static func defaults(for kind: Device.Kind) -> EfficiencyFactors {
        switch kind {
        case .gpu:
            EfficiencyFactors(prefillCompute: 0.60, decodeCompute: 0.40, memoryBandwidth: 0.80,
                              interconnectBandwidth: 0.70, stepOverheadSeconds: 0.0005, sequenceOverheadSeconds: 0.000_005,
                              collectiveLatencySeconds: 0.000_002, idlePowerFraction: 0.30)
        case .accelerator:
            EfficiencyFactors(prefillCompute: 0.50, decodeCompute: 0.35, memoryBandwidth: 0.70,
                              interconnectBandwidth: 0.60, stepOverheadSeconds: 0.001, sequenceOverheadSeconds: 0.000_005,
                              collectiveLatencySeconds: 0.000_004, idlePowerFraction: 0.30)
        case .cpu:
            EfficiencyFactors(prefillCompute: 0.40, decodeCompute: 0.30, memoryBandwidth: 0.60,
                              interconnectBandwidth: 0.50, stepOverheadSeconds: 0.002, sequenceOverheadSeconds: 0.000_005,
                              collectiveLatencySeconds: 0.000_01, idlePowerFraction: 0.40)
        }
    }
}
