import Foundation
import InferCostCore
import InferCostEngine

/// `infercost bench validate`: out-of-sample error of the calibrated model (and, for comparison,
/// of the uncalibrated physics) by metric family and by device, and the worst rows.
public struct ValidationReport: Sendable, Encodable {
    public struct Section: Sendable, Encodable {
        public var holdout: String
        public var rows: Int
        public var byFamily: [Line]
        public var byDevice: [Line]
        public var worst: [Worst]
        enum CodingKeys: String, CodingKey { case holdout, rows, byFamily = "by_family", byDevice = "by_device", worst }
    }
    public struct Line: Sendable, Encodable {
        public var label: String
        public var count: Int
        public var medianAPE: Double
        public var p90APE: Double
        /// The same rows predicted by the uncalibrated physics.
        public var physicsMedianAPE: Double?
        enum CodingKeys: String, CodingKey {
            case label, count, medianAPE = "median_ape", p90APE = "p90_ape", physicsMedianAPE = "physics_median_ape"
        }
    }
    public struct Worst: Sendable, Encodable {
        public var row: String, source: String, device: String, model: String, metric: String
        public var measured: Double, predicted: Double, error: Double, fit: String
    }

    public var measurements: Int
    public var usable: Int
    public var unusable: [String: Int]
    public var sections: [Section]

    /// - Parameters:
    ///   - results: cross-validated rows per holdout.
    ///   - physics: the uncalibrated model's prediction of each row, by row key.
    public init(measurements: Int, usable: Int, unusable: [String: Int], results: [(CrossValidation.Holdout, [CrossValidation.Row])],
                physics: [String: Double], worst: Int = 10) {
        self.measurements = measurements; self.usable = usable; self.unusable = unusable
        sections = results.map { holdout, rows in
            func lines(_ key: (CrossValidation.Row) -> String) -> [Line] {
                Dictionary(grouping: rows, by: key).sorted { $0.key < $1.key }.map { label, group in
                    let summary = CrossValidation.Summary(label: label, rows: group)
                    let physicsErrors = group.compactMap { row in
                        physics[ValidationReport.key(row.measurement)].map { abs($0 - row.measured) / row.measured }
                    }.sorted()
                    return Line(label: label, count: summary.count, medianAPE: summary.medianAPE, p90APE: summary.p90APE,
                                physicsMedianAPE: physicsErrors.isEmpty ? nil : Calibrator.quantile(physicsErrors, 0.5))
                }
            }
            let all = lines { _ in "all" }
            let worstRows = rows.sorted { $0.absolutePercentError > $1.absolutePercentError }.prefix(worst).map {
                Worst(row: $0.measurement.rowKey, source: $0.measurement.source, device: $0.deviceID, model: $0.modelID,
                      metric: $0.measurement.metric.rawValue, measured: $0.measured, predicted: $0.predicted,
                      error: $0.absolutePercentError, fit: $0.fitScope)
            }
            return Section(holdout: holdout == .source ? "leave-one-source-out" : "leave-one-device-out", rows: rows.count,
                           byFamily: lines { $0.family.rawValue } + all, byDevice: lines(\.deviceID), worst: Array(worstRows))
        }
    }

    public static func key(_ m: BenchmarkMeasurement) -> String { "\(m.source) \(m.rowKey)" }

    public func render(_ format: OutputFormat) -> String {
        if format == .json { return JSONRendering.render(self) }
        let markdown = format == .markdown
        func percent(_ x: Double?) -> String { x.map { NumberFormat.fixed($0 * 100, 1) + "%" } ?? "-" }
        func table(_ t: TextTable) -> String { markdown ? t.markdown() : t.render() }
        var out = ["\(measurements) measurements, \(usable) usable for fitting" +
                   (unusable.isEmpty ? "" : "; set aside: " + unusable.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))]
        for s in sections {
            out.append("")
            out.append(markdown ? "### \(s.holdout) (\(s.rows) predictions)" : "\(s.holdout) (\(s.rows) predictions)")
            out.append("")
            let header = ["", "rows", "median APE", "P90 APE", "physics-only median APE"]
            var families = TextTable(header: ["family"] + header.dropFirst(), rightAligned: [1, 2, 3, 4])
            families.rows = s.byFamily.map { [$0.label, String($0.count), percent($0.medianAPE), percent($0.p90APE), percent($0.physicsMedianAPE)] }
            out.append(table(families))
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
        return out.joined(separator: "\n")
    }
}
