import Foundation

/// Efficiency factors fitted to measurements (docs/validation.md): one fit per device class, per device
/// x engine group and per device x engine group x precision, each shrunk toward the level above, plus the
/// out-of-sample error bands estimates carry. Stored as JSON by `bench calibrate`.
public struct Calibration: Sendable, Codable, Equatable {
    /// What a fit covers: a device class, optionally one device under one engine group, optionally one precision.
    public struct Scope: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
        public var kind: Device.Kind
        public var engines: EngineGroup?
        public var deviceID: String?
        public var precision: Precision?
        public init(kind: Device.Kind, engines: EngineGroup? = nil, deviceID: String? = nil, precision: Precision? = nil) {
            self.kind = kind; self.engines = engines; self.deviceID = deviceID; self.precision = precision
        }
        public var description: String {
            let base = [deviceID ?? "all \(kind.rawValue)s", precision?.rawValue].compactMap { $0 }.joined(separator: " ")
            return engines.map { base + " on \($0.label)" } ?? base
        }
        var sortKey: String { "\(kind.rawValue) \(deviceID ?? "") \(engines?.rawValue ?? "") \(precision?.rawValue ?? "")" }
        public static func < (a: Scope, b: Scope) -> Bool { a.sortKey < b.sortKey }
        enum CodingKeys: String, CodingKey { case kind, engines, deviceID = "device", precision }
    }

    public struct Fit: Sendable, Codable, Equatable {
        public var scope: Scope
        public var factors: EfficiencyFactors
        /// Measurements the fit was made from, and their sources.
        public var count: Int
        public var sources: [String]
        /// In-sample fit quality (not a validation figure): median absolute percentage error and
        /// the 10th/90th percentiles of log(measured / predicted).
        public var medianAPE: Double
        public var residualP10: Double
        public var residualP90: Double
        public init(scope: Scope, factors: EfficiencyFactors, count: Int, sources: [String], medianAPE: Double,
                    residualP10: Double, residualP90: Double) {
            self.scope = scope; self.factors = factors; self.count = count; self.sources = sources
            self.medianAPE = medianAPE; self.residualP10 = residualP10; self.residualP90 = residualP90
        }
        enum CodingKeys: String, CodingKey {
            case scope, factors, count, sources, medianAPE = "median_ape", residualP10 = "residual_p10", residualP90 = "residual_p90"
        }
    }

    /// Out-of-sample spread of log(measured / predicted) for one metric family: from leave-one-source-out
    /// for devices the fit has seen, from leave-one-device-out for devices it has not.
    public struct Band: Sendable, Codable, Equatable {
        public var family: BenchmarkMeasurement.Family
        public var seenP10: Double, seenP90: Double, seenCount: Int
        public var unseenP10: Double, unseenP90: Double, unseenCount: Int
        public init(family: BenchmarkMeasurement.Family, seenP10: Double, seenP90: Double, seenCount: Int,
                    unseenP10: Double, unseenP90: Double, unseenCount: Int) {
            self.family = family; self.seenP10 = seenP10; self.seenP90 = seenP90; self.seenCount = seenCount
            self.unseenP10 = unseenP10; self.unseenP90 = unseenP90; self.unseenCount = unseenCount
        }
        enum CodingKeys: String, CodingKey {
            case family, seenP10 = "seen_p10", seenP90 = "seen_p90", seenCount = "seen_count"
            case unseenP10 = "unseen_p10", unseenP90 = "unseen_p90", unseenCount = "unseen_count"
        }
    }

    public var fits: [Fit]
    public var bands: [Band]
    /// Families the fit predicts worse out of sample than the uncalibrated physics: estimates in these
    /// use the uncalibrated factors (docs/validation.md, "Fallback per family").
    public var fallback = PhysicsFallback()
    /// Measurements stored, and those usable for fitting.
    public var measurementCount: Int
    public var usedCount: Int

    public init(fits: [Fit], bands: [Band] = [], measurementCount: Int, usedCount: Int) {
        self.fits = fits.sorted { $0.scope < $1.scope }; self.bands = bands
        self.measurementCount = measurementCount; self.usedCount = usedCount
    }

    enum CodingKeys: String, CodingKey {
        case fits, bands, fallback = "physics_fallback", measurementCount = "measurement_count", usedCount = "used_count"
    }

    /// The factors an estimate for `device` at `precision` uses, and where they come from.
    public struct Choice: Sendable, Equatable {
        public var factors: EfficiencyFactors
        /// Factors for TTFT: the uncalibrated ones when calibration falls back for that family, else nil.
        public var ttftFactors: EfficiencyFactors?
        /// nil: no fit covers the device's class, so the uncalibrated defaults apply.
        public var fit: Fit?
        /// True when no fit covers the device itself and its class's fit is used.
        public var classFallback: Bool
        /// Families whose calibration falls back to physics and that cover this estimate.
        public var fallbackFamilies: [String]
        /// The engine group the fits were looked up for.
        public var engines: EngineGroup?
        public init(factors: EfficiencyFactors, fit: Fit?, classFallback: Bool, ttftFactors: EfficiencyFactors? = nil,
                    fallbackFamilies: [String] = [], engines: EngineGroup? = nil) {
            self.factors = factors; self.fit = fit; self.classFallback = classFallback; self.ttftFactors = ttftFactors
            self.fallbackFamilies = fallbackFamilies; self.engines = engines
        }
        public var provenance: Provenance { fit == nil ? .uncalibratedPhysics : .calibratedPhysics }
        public var explanation: String {
            if !fallbackFamilies.isEmpty {
                return "uncalibrated defaults: calibration predicts \(fallbackFamilies.joined(separator: ", ")) worse out of sample than physics, so it falls back"
            }
            guard let fit else { return "uncalibrated defaults (no measurements for this device class)" }
            let base = "calibrated on \(fit.count) measurement\(fit.count == 1 ? "" : "s") (\(fit.scope))"
            let engines = self.engines.map { " on \($0.label)" } ?? ""
            return classFallback ? base + "; no measurements of this device\(engines), so its class's fit is used" : base
        }
    }

    /// - Parameters:
    ///   - engine: the serving engine; only device fits of its group (`EngineGroup`) apply, else the class fit.
    ///   - deployment: the point's deployment families; the defaults apply when calibration falls back to
    ///     physics for one of them.
    public func choice(for device: Device, precision: Precision, engine: ServingEngine,
                       deployment: [DeploymentFamily] = []) -> Choice {
        if fallback.covers(metric: nil, deployment: deployment) {
            return Choice(factors: .defaults(for: device.kind), fit: nil, classFallback: false,
                          fallbackFamilies: deployment.filter { fallback.deployments.contains($0) }.map(\.rawValue))
        }
        var choice = fittedChoice(for: device, precision: precision, engines: engine.group)
        if fallback.metrics.contains(.ttft) { choice.ttftFactors = .defaults(for: device.kind) }
        if fallback.metrics.contains(.throughput) || fallback.metrics.contains(.tpot) {
            return Choice(factors: .defaults(for: device.kind), fit: nil, classFallback: false, ttftFactors: choice.ttftFactors,
                          fallbackFamilies: fallback.metrics.map(\.rawValue))
        }
        return choice
    }

    /// The most specific fit: the device's under the engine group (at the precision, else all precisions),
    /// else the class's.
    func fittedChoice(for device: Device, precision: Precision, engines: EngineGroup) -> Choice {
        // The first fit of a scope, as a dictionary of them would keep; searched, not hashed: the search asks this for
        // every pipeline it makes, and a dictionary of every fit per question was a twentieth of its time.
        func fit(_ scope: Scope) -> Fit? { fits.first { $0.scope == scope } }
        if let fit = fit(Scope(kind: device.kind, engines: engines, deviceID: device.id, precision: precision))
            ?? fit(Scope(kind: device.kind, engines: engines, deviceID: device.id)) {
            return Choice(factors: fit.factors, fit: fit, classFallback: false, engines: engines)
        }
        if let fit = fit(Scope(kind: device.kind)) {
            return Choice(factors: fit.factors, fit: fit, classFallback: true, engines: engines)
        }
        return Choice(factors: .defaults(for: device.kind), fit: nil, classFallback: false, engines: engines)
    }

    /// The P10–P90 range around `value` for a metric family, or nil without a band.
    public func band(_ family: BenchmarkMeasurement.Family, value: Double, classFallback: Bool) -> (low: Double, high: Double)? {
        guard let band = bands.first(where: { $0.family == family }) else { return nil }
        let (p10, p90, n) = classFallback ? (band.unseenP10, band.unseenP90, band.unseenCount)
                                          : (band.seenP10, band.seenP90, band.seenCount)
        guard n > 0 else { return nil }
        return (value * exp(p10), value * exp(p90))
    }
}
