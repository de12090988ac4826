import Foundation
import InferCostCore

/// Out-of-sample error: hold out every row of one source (or one device), fit on the rest,
/// predict the held-out rows. No row is ever scored by a fit that saw it.
public enum CrossValidation {
    public enum Holdout: String, Sendable, CaseIterable {
        /// Leave one source out: how well the model predicts a lab, engine and method it has not seen.
        case source
        /// Leave one device out: how well it predicts hardware with no measurements (the class fit).
        case device
    }

    public struct Row: Sendable {
        public var measurement: BenchmarkMeasurement
        public var deviceID: String
        public var modelID: String
        public var measured: Double
        public var predicted: Double
        /// The fit the prediction used, e.g. `h100-sxm fp8` or `all gpus`.
        public var fitScope: String
        public var family: BenchmarkMeasurement.Family { measurement.metric.family }
        /// log(measured / predicted): the band statistic.
        public var logRatio: Double { log(measured / predicted) }
        /// |predicted - measured| / measured.
        public var absolutePercentError: Double { abs(predicted - measured) / measured }
    }

    public static func run(_ samples: [CalibrationSample], holdout: Holdout) -> [Row] {
        let key: (CalibrationSample) -> String = holdout == .source ? { $0.measurement.source } : { $0.device.id }
        let groups = Dictionary(grouping: samples, by: key)
        var rows: [Row] = []
        for (_, heldOut) in groups.sorted(by: { $0.key < $1.key }) {
            let heldKey = key(heldOut[0])
            let training = samples.filter { key($0) != heldKey }
            // Only the fits the held-out rows can use: their devices' (none when the device is held out) and the classes'.
            let calibration = Calibrator.fit(training, devices: holdout == .device ? [] : Set(heldOut.map(\.device.id)))
            for s in heldOut {
                let choice = calibration.choice(for: s.device, precision: s.precision)
                guard let predicted = s.predict(choice.factors), predicted > 0 else { continue }
                rows.append(Row(measurement: s.measurement, deviceID: s.device.id, modelID: s.model.id,
                                measured: s.measurement.value, predicted: predicted,
                                fitScope: choice.fit.map { "\($0.scope)" } ?? "uncalibrated"))
            }
        }
        return rows
    }

    /// Median and 90th-percentile absolute percentage error of a set of rows.
    public struct Summary: Sendable {
        public var label: String
        public var count: Int
        public var medianAPE: Double
        public var p90APE: Double
        public init(label: String, rows: [Row]) {
            let errors = rows.map(\.absolutePercentError).sorted()
            self.label = label; count = rows.count
            medianAPE = Calibrator.quantile(errors, 0.5); p90APE = Calibrator.quantile(errors, 0.9)
        }
    }

    public static func summaries(_ rows: [Row], by key: (Row) -> String) -> [Summary] {
        Dictionary(grouping: rows, by: key).sorted { $0.key < $1.key }.map { Summary(label: $0.key, rows: $0.value) }
    }

    /// Both holdouts summarised for `bench validate`: error by family and by device beside the
    /// uncalibrated physics on the same rows (through the one estimate pipeline), and the worst rows.
    public static func summary(_ samples: [CalibrationSample], measurementCount: Int, setAside: [String: Int],
                               worst: Int) -> ValidationSummary {
        var physics: [String: Double] = [:]
        for s in samples {
            if let value = s.predict(.defaults(for: s.device.kind)) { physics[rowKey(s.measurement)] = value }
        }
        let sections = Holdout.allCases.map { holdout -> ValidationSummary.Section in
            let rows = run(samples, holdout: holdout)
            func lines(_ key: (Row) -> String) -> [ValidationSummary.Line] {
                Dictionary(grouping: rows, by: key).sorted { $0.key < $1.key }.map { label, group in
                    let summary = Summary(label: label, rows: group)
                    let physicsErrors = group.compactMap { row in
                        physics[rowKey(row.measurement)].map { abs($0 - row.measured) / row.measured }
                    }.sorted()
                    return .init(label: label, count: summary.count, medianAPE: summary.medianAPE, p90APE: summary.p90APE,
                                 physicsMedianAPE: physicsErrors.isEmpty ? nil : Calibrator.quantile(physicsErrors, 0.5))
                }
            }
            let worstRows = rows.sorted { $0.absolutePercentError > $1.absolutePercentError }.prefix(worst).map {
                ValidationSummary.Worst(row: $0.measurement.rowKey, source: $0.measurement.source, device: $0.deviceID,
                                        model: $0.modelID, metric: $0.measurement.metric.rawValue, measured: $0.measured,
                                        predicted: $0.predicted, error: $0.absolutePercentError, fit: $0.fitScope)
            }
            return .init(holdout: holdout == .source ? "leave-one-source-out" : "leave-one-device-out", rows: rows.count,
                         byFamily: lines { $0.family.rawValue } + lines { _ in "all" }, byDevice: lines(\.deviceID),
                         worst: Array(worstRows))
        }
        return ValidationSummary(measurements: measurementCount, usable: samples.count, unusable: setAside, sections: sections)
    }

    static func rowKey(_ m: BenchmarkMeasurement) -> String { "\(m.source) \(m.rowKey)" }
}
