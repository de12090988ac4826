import InferCostCore

/// What to estimate: one model on one device at one deployment point, with the calibration and the
/// measurements that may answer it. `estimate`, `recommend` and `bench validate` all ask this way.
public struct EstimateRequest: Sendable {
    public var model: ModelSpec
    public var device: Device
    /// Layout, precisions, lengths and batch (`batch` 0 asks for the largest that fits memory).
    public var point: DeploymentPoint
    /// Fitted factors; nil: the uncalibrated physics.
    public var calibration: Calibration?
    /// Stored measurements that may answer the point directly (`MeasuredLookup`).
    public var measurements: [CalibrationSample]

    public init(model: ModelSpec, device: Device, point: DeploymentPoint, calibration: Calibration?,
                measurements: [CalibrationSample] = []) {
        self.model = model; self.device = device; self.point = point
        self.calibration = calibration; self.measurements = measurements
    }
}

/// The one estimate pipeline (docs/methodology.md, "One estimate pipeline"): efficiency factors
/// from the calibration (or given), the roofline physics, provenance, error bands and measured
/// values. Prepared once per model x device x weight precision so the search's hot loop pays for
/// the factor lookup and the provenance table once, not per candidate.
public struct EstimatePipeline: Sendable {
    public let performance: PerformanceModel
    /// Where the factors come from; nil when they were given or no calibration was supplied.
    public let choice: Calibration.Choice?
    let calibration: Calibration?
    let provenance: [String: Provenance]

    /// Factors from `calibration` (the uncalibrated defaults when nil) for weights in `precision` served by
    /// `engine`, at a deployment in `deployment`'s families (calibration falls back to physics for some of them).
    public init(model: ModelSpec, device: Device, precision: Precision, engine: ServingEngine, calibration: Calibration?,
                deployment: [DeploymentFamily] = []) {
        self.init(base: PerformanceModel(model: model, device: device), precision: precision, engine: engine,
                  calibration: calibration, deployment: deployment)
    }

    /// Given factors (a fit in progress, cross-validation, or the physics-only baseline).
    public init(model: ModelSpec, device: Device, factors: EfficiencyFactors?) {
        self.init(performance: PerformanceModel(model: model, device: device, factors: factors), choice: nil, calibration: nil)
    }

    /// The pipeline for `base`'s model and device with the factors `calibration` chooses for weights in `precision`
    /// served by `engine` at a deployment in `deployment`'s families: `base`'s model constants are reused, not
    /// worked out again (the search makes one pipeline per precision and family set of each device).
    init(base: PerformanceModel, precision: Precision, engine: ServingEngine, calibration: Calibration?,
         deployment: [DeploymentFamily]) {
        let choice = calibration?.choice(for: base.device, precision: precision, engine: engine, deployment: deployment)
        var performance = base
        performance.factors = choice?.factors ?? .defaults(for: base.device.kind)
        performance.ttftFactors = choice?.ttftFactors
        self.init(performance: performance, choice: choice, calibration: calibration)
    }

    private init(performance: PerformanceModel, choice: Calibration.Choice?, calibration: Calibration?) {
        self.performance = performance
        self.choice = choice; self.calibration = calibration
        var provenance = PerformanceModel.provenance
        if let choice, choice.provenance != .uncalibratedPhysics {
            for (key, value) in provenance where value == .uncalibratedPhysics { provenance[key] = choice.provenance }
        }
        self.provenance = provenance
    }

    public var factors: EfficiencyFactors { performance.factors }

    /// The physics estimate with its provenance: the search's per-candidate call.
    public func estimate(_ point: DeploymentPoint) -> Estimate {
        performance.estimate(point, provenance: provenance)
    }

    /// The largest batch whose KV cache fits beside the weights at `point`'s layout (0: nothing fits).
    public func maxBatch(_ point: DeploymentPoint) -> Int {
        var p = point
        p.batch = 1
        return performance.estimate(p).memory.maxBatch
    }

    /// The whole answer for one point: estimate, bands and measured values.
    public func complete(_ point: DeploymentPoint, measurements: [CalibrationSample]) -> PointEstimate {
        var point = point
        if point.batch == 0 { point.batch = max(1, maxBatch(point)) }
        var e = estimate(point)
        var bands: [HeadlineFigure: ClosedRange<Double>] = [:]
        if let calibration, let choice, choice.fit != nil {
            for figure in HeadlineFigure.allCases {
                guard let family = figure.bandFamily, let value = figure.value(of: e),
                      let band = calibration.band(family, value: value, classFallback: choice.classFallback) else { continue }
                bands[figure] = band.low...band.high
            }
        }
        let measured = MeasuredLookup.answers(for: point, modelID: performance.model.id, in: measurements)
        for figure in HeadlineFigure.allCases {
            if let answer = measured.first(where: { $0.metric == figure.metric }) { e.provenance[figure.rawValue] = answer.provenance }
        }
        return PointEstimate(model: performance.model, device: performance.device, estimate: e, factors: factors,
                             calibration: choice, bands: bands, measured: measured)
    }

    /// One request, start to finish.
    public static func estimate(_ request: EstimateRequest) -> PointEstimate {
        let p = request.point
        let families = DeploymentFamily.families(
            model: request.model, device: request.device, precision: p.weightPrecision, tensorParallel: p.tensorParallel,
            pipelineParallel: p.pipelineParallel, inputTokens: p.inputTokens, outputTokens: p.outputTokens, atLoad: p.batch != 1)
        return EstimatePipeline(model: request.model, device: request.device, precision: p.weightPrecision,
                                engine: p.engine, calibration: request.calibration, deployment: families)
            .complete(request.point, measurements: request.measurements)
    }
}
