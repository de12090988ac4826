import Foundation
import InferCostCore

/// `infercost bench validate`: out-of-sample error of the calibrated model (and, for comparison,
/// of the uncalibrated physics) by metric family and by device, and the worst rows.
public struct ValidationReport: Sendable, Encodable {
    public var summary: ValidationSummary
    public init(_ summary: ValidationSummary) { self.summary = summary }
    public func encode(to encoder: any Encoder) throws { try summary.encode(to: encoder) }

    public func render(_ format: OutputFormat) -> String {
        if format == .json { return JSONRendering.render(self) }
        if format == .csv { return csv() }
        let (measurements, usable, unusable, sections) = (summary.measurements, summary.usable, summary.unusable, summary.sections)
        let markdown = format == .markdown
        func percent(_ x: Double?) -> String { x.map { NumberFormat.fixed($0 * 100, 1) + "%" } ?? "-" }
        func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + percent(x) }
        func table(_ t: TextTable) -> String { markdown ? t.markdown() : t.render() }
        var out = ["\(measurements) measurements, \(usable) usable for fitting" +
                   (unusable.isEmpty ? "" : "; set aside: " + unusable.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))]
        let physicsFamilies = summary.physicsFamilies
        if !physicsFamilies.isEmpty {
            out.append("")
            out.append("Calibration falls back to the uncalibrated physics for: \(physicsFamilies.joined(separator: ", ")) (calibrated, their out-of-sample mean log error was higher)")
        }
        for s in sections {
            out.append("")
            out.append(markdown ? "### \(s.holdout) (\(s.rows) predictions)" : "\(s.holdout) (\(s.rows) predictions)")
            out.append("")
            let header = ["", "rows", "median APE", "P90 APE", "physics-only median APE"]
            var families = TextTable(header: ["family"] + header.dropFirst(), rightAligned: [1, 2, 3, 4])
            families.rows = s.byFamily.map { [$0.label, String($0.count), percent($0.medianAPE), percent($0.p90APE), percent($0.physicsMedianAPE)] }
            out.append(table(families))
            out.append("")
            if let coverage = s.bandCoverage {
                out.append("P10-P90 band coverage (band made without the row's source; about 80% is honest): \(percent(coverage))")
                out.append("")
            }
            var deployment = TextTable(header: ["deployment family", "rows", "median APE", "P90 APE", "median signed error",
                                                "physics-only median APE"], rightAligned: [1, 2, 3, 4, 5])
            deployment.rows = s.byDeploymentFamily.map {
                [$0.label, String($0.count), percent($0.medianAPE), percent($0.p90APE), signed($0.medianSignedError),
                 percent($0.physicsMedianAPE)]
            }
            out.append(table(deployment))
            out.append("")
            var devices = TextTable(header: ["device"] + header.dropFirst(), rightAligned: [1, 2, 3, 4])
            devices.rows = s.byDevice.map { [$0.label, String($0.count), percent($0.medianAPE), percent($0.p90APE), percent($0.physicsMedianAPE)] }
            out.append(table(devices))
            out.append("")
            out.append(markdown ? "Worst rows:" : "worst rows:")
            out.append("")
            var worst = TextTable(header: ["row", "source", "device", "model", "metric", "measured", "predicted", "error", "fit used"],
                                  rightAligned: [5, 6, 7])
            worst.rows = s.worst.map { [$0.row, $0.source, $0.device, $0.model, $0.metric, NumberFormat.short($0.measured),
                                        NumberFormat.short($0.predicted), percent($0.error), $0.fit] }
            out.append(table(worst))
        }
        if let serving = summary.serving {
            out.append("")
            out.append(contentsOf: Self.serving(serving, markdown: markdown))
        }
        return out.joined(separator: "\n")
    }

    /// One line per held-out prediction, worst first within each holdout: the rows the tables summarise. Errors are
    /// fractions of the measured value (`signed_error` = (predicted - measured) / measured, `ape` its absolute value);
    /// `families` lists the row's deployment families, separated by `;`; `physics` is empty where the uncalibrated
    /// model could not predict the row.
    func csv() -> String {
        let header = ["holdout", "row", "source", "device", "model", "metric", "families", "measured", "predicted", "physics",
                      "signed_error", "ape", "fit"]
        var lines = [header.joined(separator: ",")]
        for section in summary.sections {
            for w in section.worst {
                let signed = (w.predicted - w.measured) / w.measured
                let cells = [section.holdout, w.row, w.source, w.device, w.model, w.metric, w.families.joined(separator: ";"),
                             Self.number(w.measured), Self.number(w.predicted), w.physics.map(Self.number) ?? "",
                             Self.number(signed), Self.number(w.error), w.fit]
                lines.append(cells.map(Escape.csv).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Four decimals, no exponent: finer than any measurement or error needs.
    static func number(_ x: Double) -> String { x.isFinite ? NumberFormat.fixed(x, 4) : "" }

    /// The simulator against serving runs measured at a request rate: median error per metric by rate, then every row.
    static func serving(_ s: ServingValidationSummary, markdown: Bool) -> [String] {
        func percent(_ x: Double) -> String { NumberFormat.fixed(x * 100, 1) + "%" }
        func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + percent(x) }
        func table(_ t: TextTable) -> String { markdown ? t.markdown() : t.render() }
        let title = "serving runs: simulate vs measured (\(s.runs) runs, \(s.rows.count) rows; out of sample)"
        var out = [markdown ? "### " + title : title, "", s.method + "."]
        if !s.setAside.isEmpty {
            out.append("Set aside: " + s.setAside.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ") + ".")
        }
        out.append("")
        let metrics = ServingValidationSummary.Metric.allCases.filter { m in s.byLoad.contains { $0.cells.contains { $0.metric == m } } }
        var byLoad = TextTable(header: ["load", "runs"] + metrics.map { $0.rawValue + " median APE" }, rightAligned: Set(1...(1 + metrics.count)))
        byLoad.rows = s.byLoad.map { group in
            [group.label, String(group.runs)] + metrics.map { m in group.cells.first { $0.metric == m }.map { percent($0.medianAPE) } ?? "-" }
        }
        out.append(table(byLoad))
        out.append("")
        var rows = TextTable(header: ["row", "engine", "device", "model", "load", "metric", "measured", "simulated", "error", ""],
                             rightAligned: [4, 6, 7, 8])
        rows.rows = s.rows.map {
            [$0.row, $0.engine, $0.device, $0.model, $0.load, $0.metric.rawValue, NumberFormat.short($0.measured),
             NumberFormat.short($0.simulated), signed($0.error), $0.saturated ? "saturated" : ""]
        }
        out.append(table(rows))
        return out
    }
}
