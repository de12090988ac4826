import Foundation
import InferCostCore

/// `infercost bench calibrate`: each fit (scope, data, factors, in-sample error) and the
/// out-of-sample bands estimates carry.
public struct CalibrationReport: Sendable, Encodable {
    public var calibration: Calibration
    public var setAside: [String: Int]

    public init(calibration: Calibration, setAside: [String: Int]) {
        self.calibration = calibration; self.setAside = setAside
    }

    enum CodingKeys: String, CodingKey { case calibration, setAside = "set_aside" }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: return JSONRendering.render(self)
        case .csv: return csv()
        case .table, .markdown: break
        }
        let markdown = format == .markdown
        func table(_ t: TextTable) -> String { markdown ? t.markdown() : t.render() }
        let c = calibration
        var out = ["Calibrated on \(c.usedCount) of \(c.measurementCount) stored measurements" +
                   (setAside.isEmpty ? "." : "; set aside: " + setAside.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")),
                   ""]
        var fits = TextTable(header: ["scope", "rows", "sources", "prefill", "decode", "bandwidth", "step ms", "per-sequence µs",
                                      "in-sample median APE"],
                             rightAligned: [1, 3, 4, 5, 6, 7, 8])
        fits.rows = c.fits.map { f in
            [f.scope.description, String(f.count), f.sources.joined(separator: " "), NumberFormat.fixed(f.factors.prefillCompute, 3),
             NumberFormat.fixed(f.factors.decodeCompute, 3), NumberFormat.fixed(f.factors.memoryBandwidth, 3),
             NumberFormat.fixed(f.factors.stepOverheadSeconds * 1000, 3), NumberFormat.fixed(f.factors.sequenceOverheadSeconds * 1e6, 1),
             NumberFormat.fixed(f.medianAPE * 100, 1) + "%"]
        }
        out.append(table(fits))
        out.append("")
        out.append("Uncertainty bands (P10–P90 of measured/predicted, out of sample):")
        if markdown { out.append("") }
        var bands = TextTable(header: ["family", "seen device", "rows", "unseen device", "rows"], rightAligned: [2, 4])
        func range(_ low: Double, _ high: Double) -> String {
            NumberFormat.fixed(exp(low), 2) + "x–" + NumberFormat.fixed(exp(high), 2) + "x"
        }
        bands.rows = c.bands.map { b in
            [b.family.rawValue, range(b.seenP10, b.seenP90), String(b.seenCount), range(b.unseenP10, b.unseenP90), String(b.unseenCount)]
        }
        out.append(table(bands))
        return out.joined(separator: "\n")
    }

    /// One line per fit, its factors unrounded as fitted (the bands are in the JSON).
    func csv() -> String {
        let header = ["scope", "rows", "sources", "prefill_compute", "decode_compute", "memory_bandwidth", "step_overhead_seconds",
                      "sequence_overhead_seconds", "in_sample_median_ape"]
        let lines = calibration.fits.map { f in
            [f.scope.description, String(f.count), f.sources.joined(separator: " "), String(f.factors.prefillCompute),
             String(f.factors.decodeCompute), String(f.factors.memoryBandwidth), String(f.factors.stepOverheadSeconds),
             String(f.factors.sequenceOverheadSeconds), String(f.medianAPE)].map(Escape.csv).joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\n")
    }
}
