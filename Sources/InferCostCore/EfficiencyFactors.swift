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
    /// Fixed time per forward pass: kernel launches, scheduling, sampling.
    public var stepOverheadSeconds: Double
    /// Fixed latency of one all-reduce or pipeline hop.
    public var collectiveLatencySeconds: Double
    /// Fraction of device memory the runtime reserves (context, activations, fragmentation).
    /// vLLM's default `gpu_memory_utilization` is 0.9, i.e. a 10% reserve.
    public var memoryReserveFraction: Double
    /// Draw of an idle device as a fraction of its TDP, for the energy bill.
    public var idlePowerFraction: Double

    public init(prefillCompute: Double, decodeCompute: Double, memoryBandwidth: Double, interconnectBandwidth: Double,
                stepOverheadSeconds: Double, collectiveLatencySeconds: Double, memoryReserveFraction: Double,
                idlePowerFraction: Double) {
        self.prefillCompute = prefillCompute; self.decodeCompute = decodeCompute
        self.memoryBandwidth = memoryBandwidth; self.interconnectBandwidth = interconnectBandwidth
        self.stepOverheadSeconds = stepOverheadSeconds; self.collectiveLatencySeconds = collectiveLatencySeconds
        self.memoryReserveFraction = memoryReserveFraction; self.idlePowerFraction = idlePowerFraction
    }

    enum CodingKeys: String, CodingKey {
        case prefillCompute = "prefill_compute", decodeCompute = "decode_compute", memoryBandwidth = "memory_bandwidth"
        case interconnectBandwidth = "interconnect_bandwidth", stepOverheadSeconds = "step_overhead_seconds"
        case collectiveLatencySeconds = "collective_latency_seconds", memoryReserveFraction = "memory_reserve_fraction"
        case idlePowerFraction = "idle_power_fraction"
    }

    /// Uncalibrated defaults by device class.
    public static func defaults(for kind: Device.Kind) -> EfficiencyFactors {
        switch kind {
        case .gpu:
            EfficiencyFactors(prefillCompute: 0.60, decodeCompute: 0.40, memoryBandwidth: 0.80,
                              interconnectBandwidth: 0.70, stepOverheadSeconds: 0.0005,
                              collectiveLatencySeconds: 0.00001, memoryReserveFraction: 0.10, idlePowerFraction: 0.30)
        case .accelerator:
            EfficiencyFactors(prefillCompute: 0.50, decodeCompute: 0.35, memoryBandwidth: 0.70,
                              interconnectBandwidth: 0.60, stepOverheadSeconds: 0.001,
                              collectiveLatencySeconds: 0.00002, memoryReserveFraction: 0.10, idlePowerFraction: 0.30)
        case .cpu:
            EfficiencyFactors(prefillCompute: 0.40, decodeCompute: 0.30, memoryBandwidth: 0.60,
                              interconnectBandwidth: 0.50, stepOverheadSeconds: 0.002,
                              collectiveLatencySeconds: 0.00005, memoryReserveFraction: 0.10, idlePowerFraction: 0.40)
        }
    }
}
