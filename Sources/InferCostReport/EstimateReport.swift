import Foundation
import InferCostCore

/// What `infercost estimate` prints: one deployment point, every figure with its provenance.
/// Its JSON is a contract for scripts: docs/schema/estimate.schema.json.
public struct EstimateReport: Sendable, Encodable {
    public static let schemaVersion = 1
    /// The estimate pipeline's answer.
    public var result: PointEstimate

    public init(_ result: PointEstimate) { self.result = result }

    var model: ModelSpec { result.model }
    var device: Device { result.device }
    var estimate: Estimate { result.estimate }
    var calibration: Calibration.Choice? { result.calibration }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", model, device, point, memory, prefill, decode, serving
        case ttftMs = "ttft_ms", tpotMs = "tpot_ms", prefillTokensPerSecond = "prefill_tokens_per_second"
        case outputTokensPerSecond = "output_tokens_per_second"
        case outputTokensPerSecondPerDevice = "output_tokens_per_second_per_device"
        case requestsPerSecond = "requests_per_second", powerWPerDevice = "power_w_per_device"
        case provenance, missing, efficiencyFactors = "efficiency_factors", parameters
        case prefillSequences = "prefill_sequences", calibration, uncertainty, measured
    }

    struct CalibrationJSON: Encodable {
        var provenance: Provenance
        var explanation: String
        var fit: String?
        var measurements: Int?
        var classFallback: Bool
        enum CodingKeys: String, CodingKey { case provenance, explanation, fit, measurements, classFallback = "class_fallback" }
    }
    struct MeasuredJSON: Encodable {
        var field: String, value: Double, provenance: Provenance, rows: [String], model: Double?
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
        try c.encodeIfPresent(e.serving, forKey: .serving)
        try c.encode(result.headline(.ttftMs), forKey: .ttftMs)
        try c.encode(result.headline(.tpotMs), forKey: .tpotMs)
        try c.encode(result.headline(.prefillTokensPerSecond), forKey: .prefillTokensPerSecond)
        try c.encode(result.headline(.outputTokensPerSecond), forKey: .outputTokensPerSecond)
        try c.encode(e.outputTokensPerSecondPerDevice, forKey: .outputTokensPerSecondPerDevice)
        try c.encode(e.requestsPerSecond, forKey: .requestsPerSecond)
        try c.encode(e.powerWPerDevice, forKey: .powerWPerDevice)
        try c.encode(e.provenance, forKey: .provenance)
        try c.encode(e.missing, forKey: .missing)
        try c.encode(result.factors, forKey: .efficiencyFactors)
        if let calibration {
            try c.encode(CalibrationJSON(provenance: calibration.provenance, explanation: calibration.explanation,
                                         fit: calibration.fit.map { "\($0.scope)" }, measurements: calibration.fit?.count,
                                         classFallback: calibration.classFallback), forKey: .calibration)
        }
        if !result.bands.isEmpty {
            let bands = Dictionary(uniqueKeysWithValues: result.bands.map { ($0.key.rawValue, [$0.value.lowerBound, $0.value.upperBound]) })
            try c.encode(bands, forKey: .uncertainty)
        }
        let measured = HeadlineFigure.allCases.compactMap { figure in
            result.measuredValue(figure).map { MeasuredJSON(field: figure.rawValue, value: $0.value, provenance: $0.provenance,
                                                            rows: $0.rows, model: figure.value(of: e)) }
        }
        if !measured.isEmpty { try c.encode(measured, forKey: .measured) }
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
        out.append("\(model.name) on \(p.devicesPerReplica) x \(device.name) (TP \(p.tensorParallel), PP \(p.pipelineParallel)\(p.attentionDataParallel ? ", attention data parallel" : ""))")
        out.append("\(p.weightPrecision.rawValue) weights, \(p.kvPrecision.rawValue) KV cache, batch \(p.batch), \(p.inputTokens) input / \(p.outputTokens) output tokens, engine \(p.engine.rawValue)")
        out.append("")
        out.append("Memory per device (\(m.fits ? "fits" : "DOES NOT FIT")): \(NumberFormat.short(m.totalGBPerDevice)) of \(NumberFormat.short(m.capacityGBPerDevice)) GiB")
        out.append("  weights        \(NumberFormat.short(m.weightsGBPerDevice)) GiB")
        out.append("  KV cache       \(NumberFormat.short(m.kvCacheGBPerDevice)) GiB at the batch, whole sequences (\(NumberFormat.fixed(m.kvCacheGBPerSequence, 3)) GiB per sequence per replica); pool \(NumberFormat.short(m.kvPoolGBPerDevice)) GiB")
        out.append("  not for KV     \(NumberFormat.short(m.overheadGBPerDevice)) GiB (engine's unused share, workspace \(NumberFormat.short(m.workspaceGBPerDevice)) GiB)")
        out.append("  max batch      \(m.maxBatch) with whole sequences, \(m.averageOccupancyBatch) at average occupancy")
        out.append("")
        let phaseLine = { (name: String, ph: Estimate.Phase?) -> String in
            guard let ph else { return "\(name): unknown" }
            return "\(name): \(ms(ph.seconds)) (\(ph.bottleneck.rawValue)-bound; compute \(ms(ph.computeSeconds)), memory \(ms(ph.memorySeconds)), interconnect \(ms(ph.interconnectSeconds)), overhead \(ms(ph.overheadSeconds)))"
        }
        out.append(phaseLine("Prefill", e.prefill))
        if model.kind == .decoder && p.outputTokens > 0 { out.append(phaseLine("Decode step", e.decode)) }
        if let serving = e.serving {
            out.append(phaseLine("At load, step", serving.step) + "; batch \(serving.batch)"
                       + (serving.limitedByStepBudget ? " (capped by the engine's step token budget)" : "")
                       + ", TTFT at load \(ms(serving.ttftSeconds))")
        }
        out.append("")
        func annotated(_ figure: HeadlineFigure, _ text: String, unit: String) -> String {
            if let answer = result.measuredValue(figure) {
                return NumberFormat.short(answer.value) + unit + " (\(answer.provenance.rawValue): \(answer.rows.joined(separator: ", ")); model \(text))"
            }
            guard let band = result.bands[figure] else { return text }
            return text + " (P10–P90 \(NumberFormat.short(band.lowerBound))–\(NumberFormat.short(band.upperBound))\(unit))"
        }
        out.append("TTFT                 " + annotated(.ttftMs, ms(e.ttftSeconds), unit: " ms"))
        if model.kind == .decoder && p.outputTokens > 0 { out.append("TPOT                 " + annotated(.tpotMs, ms(e.tpotSeconds), unit: " ms")) }
        out.append("Prefill tokens/s     " + annotated(.prefillTokensPerSecond, rate(e.prefillTokensPerSecond), unit: ""))
        out.append("Output tokens/s      " + annotated(.outputTokensPerSecond, rate(e.outputTokensPerSecond), unit: "") + " (\(rate(e.outputTokensPerSecondPerDevice)) per device)")
        out.append("Requests/s           \(rate(e.requestsPerSecond))")
        out.append("Power per device     \(e.powerWPerDevice.map { NumberFormat.short($0) + " W (TDP)" } ?? "unknown")")
        out.append("")
        if !e.missing.isEmpty { out.append("Unknown: needs " + e.missing.joined(separator: ", ")) }
        let timing = calibration.map { "times and rates are \($0.provenance.rawValue.replacingOccurrences(of: "_", with: " ")): \($0.explanation)" }
            ?? "times and rates are uncalibrated physics (--physics-only)"
        out.append("Provenance: memory and power are arithmetic from catalog specs; \(timing) (docs/validation.md).")
        return out.joined(separator: "\n")
    }
}
