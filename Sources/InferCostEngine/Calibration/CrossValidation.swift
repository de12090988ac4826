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
        /// The deployment families the row belongs to (tight memory, TP >= 8, ...).
        public var deploymentFamilies: [DeploymentFamily]
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
                let choice = calibration.choice(for: s.device, precision: s.precision, engine: s.engine)
                guard let predicted = s.predict(choice.factors), predicted > 0 else { continue }
                rows.append(Row(measurement: s.measurement, deviceID: s.device.id, modelID: s.model.id,
                                measured: s.measurement.value, predicted: predicted,
                                fitScope: choice.fit.map { "\($0.scope)" } ?? "uncalibrated",
                                deploymentFamilies: DeploymentFamily.families(of: s)))
            }
        }
        return rows
    }


    /// Every sample's prediction by the uncalibrated physics (it fits nothing, so it is out of sample).
    public static func physicsPredictions(_ samples: [CalibrationSample]) -> [String: Double] {
        var out: [String: Double] = [:]
        for s in samples { if let value = s.predict(.defaults(for: s.device.kind)) { out[rowKey(s.measurement)] = value } }
        return out
    }

    /// Calibration must not make a family worse out of sample than the uncalibrated physics. Greedily, the
    /// family whose calibrated mean absolute log error most exceeds the physics-only one on the same rows
    /// falls back to physics (its rows predicted by physics), until no family is worse. The log error is
    /// the fit's own measure of a miss, and its mean weighs a family's tail as well as its middle: judged
    /// by the median alone, a family could fall back and double its P90.
    public static func fallback(_ rows: [Row], physics: [String: Double]) -> PhysicsFallback {
        var fallback = PhysicsFallback()
        while true {
            let current = applying(fallback, to: rows, physics: physics)
            func gap(_ group: [Row]) -> Double? {
                let pairs = group.compactMap { row in physics[rowKey(row.measurement)].map { (row, $0) } }
                guard !pairs.isEmpty else { return nil }
                let calibrated = pairs.reduce(0) { $0 + abs(log($1.0.predicted / $1.0.measured)) }
                let uncalibrated = pairs.reduce(0) { $0 + abs(log($1.1 / $1.0.measured)) }
                return (calibrated - uncalibrated) / Double(pairs.count)
            }
            var worst: (gap: Double, apply: (inout PhysicsFallback) -> Void)?
            for family in BenchmarkMeasurement.Family.allCases where !fallback.metrics.contains(family) {
                if let g = gap(current.filter { $0.family == family }), g > 0, g > (worst?.gap ?? 0) {
                    worst = (g, { $0.metrics.append(family) })
                }
            }
            for family in DeploymentFamily.allCases where family != .ttft && !fallback.deployments.contains(family) {
                if let g = gap(current.filter { $0.deploymentFamilies.contains(family) }), g > 0, g > (worst?.gap ?? 0) {
                    worst = (g, { $0.deployments.append(family) })
                }
            }
            guard let worst else { break }
            worst.apply(&fallback)
        }
        fallback.metrics.sort { $0.rawValue < $1.rawValue }
        fallback.deployments.sort()
        return fallback
    }

    /// `rows` with the rows the fallback covers predicted by the uncalibrated physics instead.
    public static func applying(_ fallback: PhysicsFallback, to rows: [Row], physics: [String: Double]) -> [Row] {
        guard !fallback.isEmpty else { return rows }
        return rows.map { row in
            guard fallback.covers(metric: row.family, deployment: row.deploymentFamilies),
                  let value = physics[rowKey(row.measurement)], value > 0 else { return row }
            var r = row
            r.predicted = value
            r.fitScope = "uncalibrated (family falls back to physics)"
            return r
        }
    }

    /// Share of rows whose measurement falls inside the P10-P90 band an estimate would carry, the band
    /// made without the row's own source: the 10th and 90th percentiles of log(measured / predicted) of
    /// the same metric family's held-out rows from every other source. About 0.8 means honest bands.
    public static func bandCoverage(_ rows: [Row]) -> Double? {
        guard !rows.isEmpty else { return nil }
        let byFamily = Dictionary(grouping: rows, by: \.family)
        var inside = 0, counted = 0
        for (_, group) in byFamily {
            for (source, own) in Dictionary(grouping: group, by: \.measurement.source) {
                let others = group.filter { $0.measurement.source != source }.map(\.logRatio).sorted()
                guard others.count >= 5 else { continue }
                let low = Calibrator.quantile(others, 0.1), high = Calibrator.quantile(others, 0.9)
                for row in own {
                    counted += 1
                    if row.logRatio >= low && row.logRatio <= high { inside += 1 }
                }
            }
        }
        return counted == 0 ? nil : Double(inside) / Double(counted)
    }

    /// Median and 90th-percentile absolute percentage error of a set of rows.
    public struct Summary: Sendable {
        public var label: String
        public var count: Int
        public var medianAPE: Double
        public var p90APE: Double
        /// Median of (predicted - measured) / measured: the family's bias (positive: predicted too high).
        public var medianSignedError: Double
        public init(label: String, rows: [Row]) {
            let errors = rows.map(\.absolutePercentError).sorted()
            medianSignedError = Calibrator.quantile(rows.map { ($0.predicted - $0.measured) / $0.measured }.sorted(), 0.5)
            self.label = label; count = rows.count
            medianAPE = Calibrator.quantile(errors, 0.5); p90APE = Calibrator.quantile(errors, 0.9)
        }
    }

    public static func summaries(_ rows: [Row], by key: (Row) -> String) -> [Summary] {
        Dictionary(grouping: rows, by: key).sorted { $0.key < $1.key }.map { Summary(label: $0.key, rows: $0.value) }
    }

    /// The holdouts summarised for `bench validate`: error by metric family, by deployment family and by
    /// device beside the uncalibrated physics on the same rows, band coverage, and the worst rows. Families
    /// calibration makes worse out of sample fall back to physics (decided on leave-one-source-out).
    public static func summary(_ samples: [CalibrationSample], measurementCount: Int, setAside: [String: Int],
                               worst: Int, holdouts: [Holdout] = Holdout.allCases) -> ValidationSummary {
        let physics = physicsPredictions(samples)
        let bySource = run(samples, holdout: .source)
        let fallback = fallback(bySource, physics: physics)
        let sections = holdouts.map { holdout -> ValidationSummary.Section in
            let rows = applying(fallback, to: holdout == .source ? bySource : run(samples, holdout: holdout), physics: physics)
            func summarise(_ groups: [(key: String, value: [Row])]) -> [ValidationSummary.Line] {
                groups.map { label, group in
                    let summary = Summary(label: label, rows: group)
                    let physicsErrors = group.compactMap { row in
                        physics[rowKey(row.measurement)].map { abs($0 - row.measured) / row.measured }
                    }.sorted()
                    return .init(label: label, count: summary.count, medianAPE: summary.medianAPE, p90APE: summary.p90APE,
                                 medianSignedError: summary.medianSignedError,
                                 physicsMedianAPE: physicsErrors.isEmpty ? nil : Calibrator.quantile(physicsErrors, 0.5))
                }
            }
            func lines(_ key: (Row) -> String) -> [ValidationSummary.Line] {
                summarise(Dictionary(grouping: rows, by: key).sorted { $0.key < $1.key })
            }
            let deployment = DeploymentFamily.allCases.map { family in
                (key: family.rawValue, value: rows.filter { $0.deploymentFamilies.contains(family) })
            }.filter { !$0.value.isEmpty }
            let worstRows = rows.sorted { $0.absolutePercentError > $1.absolutePercentError }.prefix(worst).map {
                ValidationSummary.Worst(row: $0.measurement.rowKey, source: $0.measurement.source, device: $0.deviceID,
                                        model: $0.modelID, metric: $0.measurement.metric.rawValue, measured: $0.measured,
                                        predicted: $0.predicted, error: $0.absolutePercentError, fit: $0.fitScope,
                                        physics: physics[rowKey($0.measurement)], families: $0.deploymentFamilies.map(\.rawValue))
            }
            return .init(holdout: holdout == .source ? "leave-one-source-out" : "leave-one-device-out", rows: rows.count,
                         byFamily: lines { $0.family.rawValue } + lines { _ in "all" }, byDeploymentFamily: summarise(deployment),
                         byDevice: lines(\.deviceID), bandCoverage: bandCoverage(rows), worst: Array(worstRows))
        }
        return ValidationSummary(measurements: measurementCount, usable: samples.count, unusable: setAside,
                                 physicsFamilies: fallback.labels, sections: sections)
    }

    static func rowKey(_ m: BenchmarkMeasurement) -> String { "\(m.source) \(m.rowKey)" }
}
