/// The calibrated model's out-of-sample error (and, for comparison, the uncalibrated physics's)
/// by metric family and by device, and the worst rows, per holdout. Computed by the engine's
/// cross-validation; rendered by `bench validate`.
public struct ValidationSummary: Sendable, Encodable {
    public struct Section: Sendable, Encodable {
        public var holdout: String
        public var rows: Int
        public var byFamily: [Line]
        public var byDevice: [Line]
        public var worst: [Worst]
        public init(holdout: String, rows: Int, byFamily: [Line], byDevice: [Line], worst: [Worst]) {
            self.holdout = holdout; self.rows = rows; self.byFamily = byFamily; self.byDevice = byDevice; self.worst = worst
        }
        enum CodingKeys: String, CodingKey { case holdout, rows, byFamily = "by_family", byDevice = "by_device", worst }
    }
    public struct Line: Sendable, Encodable {
        public var label: String
        public var count: Int
        public var medianAPE: Double
        public var p90APE: Double
        /// The same rows predicted by the uncalibrated physics.
        public var physicsMedianAPE: Double?
        public init(label: String, count: Int, medianAPE: Double, p90APE: Double, physicsMedianAPE: Double?) {
            self.label = label; self.count = count; self.medianAPE = medianAPE; self.p90APE = p90APE
            self.physicsMedianAPE = physicsMedianAPE
        }
        enum CodingKeys: String, CodingKey {
            case label, count, medianAPE = "median_ape", p90APE = "p90_ape", physicsMedianAPE = "physics_median_ape"
        }
    }
    public struct Worst: Sendable, Encodable {
        public var row: String, source: String, device: String, model: String, metric: String
        public var measured: Double, predicted: Double, error: Double, fit: String
        public init(row: String, source: String, device: String, model: String, metric: String, measured: Double,
                    predicted: Double, error: Double, fit: String) {
            self.row = row; self.source = source; self.device = device; self.model = model; self.metric = metric
            self.measured = measured; self.predicted = predicted; self.error = error; self.fit = fit
        }
    }

    public var measurements: Int
    public var usable: Int
    public var unusable: [String: Int]
    public var sections: [Section]

    public init(measurements: Int, usable: Int, unusable: [String: Int], sections: [Section]) {
        self.measurements = measurements; self.usable = usable; self.unusable = unusable; self.sections = sections
    }
}
