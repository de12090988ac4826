/// The calibrated model's out-of-sample error (and, for comparison, the uncalibrated physics's)
/// by metric family and by device, and the worst rows, per holdout. Computed by the engine's
/// cross-validation; rendered by `bench validate`.
public struct ValidationSummary: Sendable, Encodable {
    public struct Section: Sendable, Encodable {
        public var holdout: String
        public var rows: Int
        public var byFamily: [Line]
        /// Error by deployment family (tight memory, TP >= 8, short requests, MoE, weight bits, TTFT).
        public var byDeploymentFamily: [Line]
        public var byDevice: [Line]
        /// Share of held-out rows inside the P10-P90 band made without their source (about 0.8 is honest).
        public var bandCoverage: Double?
        public var worst: [Worst]
        public init(holdout: String, rows: Int, byFamily: [Line], byDeploymentFamily: [Line] = [], byDevice: [Line],
                    bandCoverage: Double? = nil, worst: [Worst]) {
            self.holdout = holdout; self.rows = rows; self.byFamily = byFamily; self.byDeploymentFamily = byDeploymentFamily
            self.byDevice = byDevice; self.bandCoverage = bandCoverage; self.worst = worst
        }
        enum CodingKeys: String, CodingKey {
            case holdout, rows, byFamily = "by_family", byDeploymentFamily = "by_deployment_family", byDevice = "by_device"
            case bandCoverage = "band_coverage", worst
        }
    }
    public struct Line: Sendable, Encodable {
        public var label: String
        public var count: Int
        public var medianAPE: Double
        public var p90APE: Double
        /// Median of (predicted - measured) / measured: the bias (positive: predicted too high).
        public var medianSignedError: Double
        /// The same rows predicted by the uncalibrated physics.
        public var physicsMedianAPE: Double?
        public init(label: String, count: Int, medianAPE: Double, p90APE: Double, medianSignedError: Double = 0,
                    physicsMedianAPE: Double?) {
            self.label = label; self.count = count; self.medianAPE = medianAPE; self.p90APE = p90APE
            self.medianSignedError = medianSignedError; self.physicsMedianAPE = physicsMedianAPE
        }
        enum CodingKeys: String, CodingKey {
            case label, count, medianAPE = "median_ape", p90APE = "p90_ape", medianSignedError = "median_signed_error"
            case physicsMedianAPE = "physics_median_ape"
        }
    }
    public struct Worst: Sendable, Encodable {
        public var row: String, source: String, device: String, model: String, metric: String
        public var measured: Double, predicted: Double, error: Double, fit: String
        /// The uncalibrated physics' prediction of the row.
        public var physics: Double?
        /// The deployment families the row belongs to (`tight_memory`, `tp_ge_8`, ...).
        public var families: [String]
        public init(row: String, source: String, device: String, model: String, metric: String, measured: Double,
                    predicted: Double, error: Double, fit: String, physics: Double? = nil, families: [String] = []) {
            self.row = row; self.source = source; self.device = device; self.model = model; self.metric = metric
            self.measured = measured; self.predicted = predicted; self.error = error; self.fit = fit; self.physics = physics
            self.families = families
        }
    }

    public var measurements: Int
    public var usable: Int
    public var unusable: [String: Int]
    /// Families predicted by the uncalibrated physics because calibration made them worse out of sample.
    public var physicsFamilies: [String]
    public var sections: [Section]
    /// `simulate` against the stored runs measured at a request rate; nil when the store holds none.
    public var serving: ServingValidationSummary?

    public init(measurements: Int, usable: Int, unusable: [String: Int], physicsFamilies: [String] = [], sections: [Section],
                serving: ServingValidationSummary? = nil) {
        self.measurements = measurements; self.usable = usable; self.unusable = unusable
        self.physicsFamilies = physicsFamilies; self.sections = sections; self.serving = serving
    }
    enum CodingKeys: String, CodingKey { case measurements, usable, unusable, physicsFamilies = "physics_families", sections, serving }
}
