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
    /// Where the factors come from (nil: --physics-only).
    public var calibration: Calibration.Choice?
    /// P10–P90 of each headline figure, from the calibration's out-of-sample residuals.
    public var bands: [String: [Double]]
    /// Measured (or interpolated) values that replace the model's headline figures.
    public var measured: [MeasuredLookup.Answer]

    public init(model: ModelSpec, device: Device, estimate: Estimate, factors: EfficiencyFactors,
                calibration: Calibration.Choice? = nil, bands: [String: [Double]] = [:], measured: [MeasuredLookup.Answer] = []) {
        self.model = model; self.device = device; self.estimate = estimate; self.factors = factors
        self.calibration = calibration; self.bands = bands; self.measured = measured
    }

    /// Report field -> the measurement metric that answers it.
    static let measuredFields: [(field: String, metric: BenchmarkMeasurement.Metric)] = [
        ("ttft_ms", .ttftMs), ("tpot_ms", .tpotMs), ("output_tokens_per_second", .outputTokensPerSecond),
        ("prefill_tokens_per_second", .prefillTokensPerSecond),
    ]

    func measuredValue(_ field: String) -> MeasuredLookup.Answer? {
        guard let metric = Self.measuredFields.first(where: { $0.field == field })?.metric else { return nil }
        return measured.first { $0.metric == metric }
    }

    /// The headline value of a field: measured when a measurement answers it, else the model's.
    func headline(_ field: String, model value: Double?) -> Double? { measuredValue(field)?.value ?? value }

    var provenance: [String: Provenance] {
        var p = estimate.provenance
        if let calibration {
            for (key, value) in p where value == .uncalibratedPhysics { p[key] = calibration.provenance }
        }
        for (field, _) in Self.measuredFields { if let answer = measuredValue(field) { p[field] = answer.provenance } }
        return p
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", model, device, point, memory, prefill, decode
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
        try c.encode(headline("ttft_ms", model: e.ttftSeconds.map { $0 * 1000 }), forKey: .ttftMs)
        try c.encode(headline("tpot_ms", model: e.tpotSeconds.map { $0 * 1000 }), forKey: .tpotMs)
        try c.encode(headline("prefill_tokens_per_second", model: e.prefillTokensPerSecond), forKey: .prefillTokensPerSecond)
        try c.encode(headline("output_tokens_per_second", model: e.outputTokensPerSecond), forKey: .outputTokensPerSecond)
        try c.encode(e.outputTokensPerSecondPerDevice, forKey: .outputTokensPerSecondPerDevice)
        try c.encode(e.requestsPerSecond, forKey: .requestsPerSecond)
        try c.encode(e.powerWPerDevice, forKey: .powerWPerDevice)
        try c.encode(provenance, forKey: .provenance)
        try c.encode(e.missing, forKey: .missing)
        try c.encode(factors, forKey: .efficiencyFactors)
        if let calibration {
            try c.encode(CalibrationJSON(provenance: calibration.provenance, explanation: calibration.explanation,
                                         fit: calibration.fit.map { "\($0.scope)" }, measurements: calibration.fit?.count,
                                         classFallback: calibration.classFallback), forKey: .calibration)
        }
        if !bands.isEmpty { try c.encode(bands, forKey: .uncertainty) }
        if !measured.isEmpty {
            let modelValues: [String: Double?] = ["ttft_ms": e.ttftSeconds.map { $0 * 1000 }, "tpot_ms": e.tpotSeconds.map { $0 * 1000 },
                                                  "output_tokens_per_second": e.outputTokensPerSecond,
                                                  "prefill_tokens_per_second": e.prefillTokensPerSecond]
            let list = Self.measuredFields.compactMap { field, _ in
                measuredValue(field).map { MeasuredJSON(field: field, value: $0.value, provenance: $0.provenance, rows: $0.rows,
                                                        model: modelValues[field] ?? nil) }
            }
            try c.encode(list, forKey: .measured)
        }
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
        func annotated(_ field: String, _ text: String, unit: String) -> String {
            if let answer = measuredValue(field) {
                return NumberFormat.short(answer.value) + unit + " (\(answer.provenance.rawValue): \(answer.rows.joined(separator: ", ")); model \(text))"
            }
            guard let band = bands[field], band.count == 2 else { return text }
            return text + " (P10–P90 \(NumberFormat.short(band[0]))–\(NumberFormat.short(band[1]))\(unit))"
        }
        out.append("TTFT                 " + annotated("ttft_ms", ms(e.ttftSeconds), unit: " ms"))
        if model.kind == .decoder && p.outputTokens > 0 { out.append("TPOT                 " + annotated("tpot_ms", ms(e.tpotSeconds), unit: " ms")) }
        out.append("Prefill tokens/s     " + annotated("prefill_tokens_per_second", rate(e.prefillTokensPerSecond), unit: ""))
        out.append("Output tokens/s      " + annotated("output_tokens_per_second", rate(e.outputTokensPerSecond), unit: "") + " (\(rate(e.outputTokensPerSecondPerDevice)) per device)")
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
