import Foundation
import InferCostCore
import InferCostEngine

/// What `infercost estimate` prints: one deployment point, every figure with its provenance.
/// Its JSON is a contract for scripts: docs/schema/estimate.schema.json.
public struct EstimateReport: Sendable, Encodable {
    public static let schemaVersion = 1
    public var model: ModelSpec
    public var device: Device
    public var estimate: Estimate
    public var factors: EfficiencyFactors

    public init(model: ModelSpec, device: Device, estimate: Estimate, factors: EfficiencyFactors) {
        self.model = model; self.device = device; self.estimate = estimate; self.factors = factors
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", model, device, point, memory, prefill, decode
        case ttftMs = "ttft_ms", tpotMs = "tpot_ms", prefillTokensPerSecond = "prefill_tokens_per_second"
        case outputTokensPerSecond = "output_tokens_per_second"
        case outputTokensPerSecondPerDevice = "output_tokens_per_second_per_device"
        case requestsPerSecond = "requests_per_second", powerWPerDevice = "power_w_per_device"
        case provenance, missing, efficiencyFactors = "efficiency_factors", parameters
        case prefillSequences = "prefill_sequences"
    }

    struct Parameters: Encodable {
        var total: Double, active: Double
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let e = estimate
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(model.id, forKey: .model)
        try c.encode(device.id, forKey: .device)
        try c.encode(Parameters(total: model.totalParameters, active: model.activeParameters), forKey: .parameters)
        try c.encode(e.point, forKey: .point)
        try c.encode(e.memory, forKey: .memory)
        try c.encode(e.prefillSequences, forKey: .prefillSequences)
        try c.encodeIfPresent(e.prefill, forKey: .prefill)
        try c.encodeIfPresent(e.decode, forKey: .decode)
        try c.encode(e.ttftSeconds.map { $0 * 1000 }, forKey: .ttftMs)
        try c.encode(e.tpotSeconds.map { $0 * 1000 }, forKey: .tpotMs)
        try c.encode(e.prefillTokensPerSecond, forKey: .prefillTokensPerSecond)
        try c.encode(e.outputTokensPerSecond, forKey: .outputTokensPerSecond)
        try c.encode(e.outputTokensPerSecondPerDevice, forKey: .outputTokensPerSecondPerDevice)
        try c.encode(e.requestsPerSecond, forKey: .requestsPerSecond)
        try c.encode(e.powerWPerDevice, forKey: .powerWPerDevice)
        try c.encode(e.provenance, forKey: .provenance)
        try c.encode(e.missing, forKey: .missing)
        try c.encode(factors, forKey: .efficiencyFactors)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONRendering.render(self)
        case .table, .markdown, .csv: return text()
        }
    }

    func text() -> String {
        let e = estimate, p = e.point, m = e.memory
        func ms(_ s: Double?) -> String { s.map { NumberFormat.short($0 * 1000) + " ms" } ?? "unknown" }
        func rate(_ x: Double?) -> String { x.map(NumberFormat.short) ?? "unknown" }
        var out: [String] = []
        out.append("\(model.name) on \(p.devicesPerReplica) x \(device.name) (TP \(p.tensorParallel), PP \(p.pipelineParallel))")
        out.append("\(p.weightPrecision.rawValue) weights, \(p.kvPrecision.rawValue) KV cache, batch \(p.batch), \(p.inputTokens) input / \(p.outputTokens) output tokens")
        out.append("")
        out.append("Memory per device (\(m.fits ? "fits" : "DOES NOT FIT")): \(NumberFormat.short(m.totalGBPerDevice)) of \(NumberFormat.short(m.capacityGBPerDevice)) GB")
        out.append("  weights        \(NumberFormat.short(m.weightsGBPerDevice)) GB")
        out.append("  KV cache       \(NumberFormat.short(m.kvCacheGBPerDevice)) GB (\(NumberFormat.fixed(m.kvCacheGBPerSequence, 3)) GB per sequence per replica)")
        out.append("  runtime reserve \(NumberFormat.short(m.overheadGBPerDevice)) GB")
        out.append("  max batch      \(m.maxBatch)")
        out.append("")
        let phaseLine = { (name: String, ph: Estimate.Phase?) -> String in
            guard let ph else { return "\(name): unknown" }
            return "\(name): \(ms(ph.seconds)) (\(ph.bottleneck.rawValue)-bound; compute \(ms(ph.computeSeconds)), memory \(ms(ph.memorySeconds)), interconnect \(ms(ph.interconnectSeconds)), overhead \(ms(ph.overheadSeconds)))"
        }
        out.append(phaseLine("Prefill", e.prefill))
        if model.kind == .decoder && p.outputTokens > 0 { out.append(phaseLine("Decode step", e.decode)) }
        out.append("")
        out.append("TTFT                 \(ms(e.ttftSeconds))")
        if model.kind == .decoder && p.outputTokens > 0 { out.append("TPOT                 \(ms(e.tpotSeconds))") }
        out.append("Prefill tokens/s     \(rate(e.prefillTokensPerSecond))")
        out.append("Output tokens/s      \(rate(e.outputTokensPerSecond)) (\(rate(e.outputTokensPerSecondPerDevice)) per device)")
        out.append("Requests/s           \(rate(e.requestsPerSecond))")
        out.append("Power per device     \(e.powerWPerDevice.map { NumberFormat.short($0) + " W (TDP)" } ?? "unknown")")
        out.append("")
        if !e.missing.isEmpty { out.append("Unknown: needs " + e.missing.joined(separator: ", ")) }
        out.append("Provenance: memory and power are arithmetic from catalog specs; times and rates are uncalibrated physics (docs/methodology.md).")
        return out.joined(separator: "\n")
    }
}
