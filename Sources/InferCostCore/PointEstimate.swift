/// A headline figure of an estimate, the measurement metric that answers it, and the family its
/// error band comes from. The raw value is the report's field name.
public enum HeadlineFigure: String, Sendable, CaseIterable, Comparable {
    case ttftMs = "ttft_ms"
    case tpotMs = "tpot_ms"
    case outputTokensPerSecond = "output_tokens_per_second"
    case prefillTokensPerSecond = "prefill_tokens_per_second"

    public var metric: BenchmarkMeasurement.Metric {
        switch self {
        case .ttftMs: .ttftMs
        case .tpotMs: .tpotMs
        case .outputTokensPerSecond: .outputTokensPerSecond
        case .prefillTokensPerSecond: .prefillTokensPerSecond
        }
    }

    /// The family whose out-of-sample band the figure carries (nil: none is reported).
    public var bandFamily: BenchmarkMeasurement.Family? {
        switch self {
        case .ttftMs: .ttft
        case .tpotMs: .tpot
        case .outputTokensPerSecond: .throughput
        case .prefillTokensPerSecond: nil
        }
    }

    /// The model's value of the figure in the report's unit.
    public func value(of e: Estimate) -> Double? {
        switch self {
        case .ttftMs: e.ttftSeconds.map { $0 * 1000 }
        case .tpotMs: e.tpotSeconds.map { $0 * 1000 }
        case .outputTokensPerSecond: e.outputTokensPerSecond
        case .prefillTokensPerSecond: e.prefillTokensPerSecond
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: HeadlineFigure, b: HeadlineFigure) -> Bool { a.order < b.order }
}

/// What the estimate pipeline returns for one deployment point: the physics estimate (its
/// provenance already saying calibrated, measured or interpolated where that applies), the
/// efficiency factors it used and where they come from, the out-of-sample band of each headline
/// figure, and the measurements that answer figures directly.
public struct PointEstimate: Sendable {
    public var model: ModelSpec
    public var device: Device
    public var estimate: Estimate
    public var factors: EfficiencyFactors
    /// Where the factors come from; nil: the uncalibrated physics (--physics-only).
    public var calibration: Calibration.Choice?
    /// P10–P90 of a headline figure, from the calibration's out-of-sample residuals.
    public var bands: [HeadlineFigure: ClosedRange<Double>]
    /// Measured (or interpolated) values that replace the model's headline figures.
    public var measured: [MeasuredValue]

    public init(model: ModelSpec, device: Device, estimate: Estimate, factors: EfficiencyFactors,
                calibration: Calibration.Choice?, bands: [HeadlineFigure: ClosedRange<Double>] = [:],
                measured: [MeasuredValue] = []) {
        self.model = model; self.device = device; self.estimate = estimate; self.factors = factors
        self.calibration = calibration; self.bands = bands; self.measured = measured
    }

    public func measuredValue(_ figure: HeadlineFigure) -> MeasuredValue? {
        measured.first { $0.metric == figure.metric }
    }

    /// The headline value of a figure: measured when a measurement answers it, else the model's.
    public func headline(_ figure: HeadlineFigure) -> Double? {
        measuredValue(figure)?.value ?? figure.value(of: estimate)
    }
}
