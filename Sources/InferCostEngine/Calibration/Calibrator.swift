import Foundation
import InferCostCore

/// Fits efficiency factors to measurements: robust least squares on log(predicted / measured),
/// level by level (device class, then device x engine group, then that at one precision), each level's
/// factors pulled toward the level above so a handful of rows cannot drag them far (docs/validation.md).
public enum Calibrator {
    /// How strongly a level's factors are pulled toward its parent's: the weight, in residuals, of a
    /// factor one prior width away from its parent (class from the defaults, device x engine group from its
    /// class, device x engine group x precision from that).
    static let shrinkage: [Double] = [1, 2, 2]
    /// Residuals beyond this log error count linearly, not quadratically (soft-L1), so one
    /// structurally mis-modelled row cannot dominate a fit.
    static let robustScale = 0.3
    /// The fitted factors, their bounds, and the prior width in log space (how far from its parent a
    /// factor plausibly moves: efficiencies within about 1.6x, overheads, which vary by engine and host, 7x).
    /// The per-sequence overhead is host work (scheduling, sampling) that faster GPUs do not shrink; its
    /// default is an assumption, so it is fitted like the per-step overhead. The other factors keep their
    /// class defaults.
    nonisolated(unsafe) static let bounds: [(WritableKeyPath<EfficiencyFactors, Double>, ClosedRange<Double>, Double)] = [
        (\.prefillCompute, 0.02...1, 0.5), (\.decodeCompute, 0.02...1, 0.5), (\.memoryBandwidth, 0.02...1, 0.5),
        (\.stepOverheadSeconds, 0.000_01...0.1, 2.0), (\.sequenceOverheadSeconds, 0.000_001...0.000_2, 2.0),
    ]

    /// The rows one device fit is made from: one device under one engine group.
    struct DeviceKey: Hashable, Comparable {
        var engines: EngineGroup
        var deviceID: String
        static func < (a: DeviceKey, b: DeviceKey) -> Bool { (a.deviceID, a.engines) < (b.deviceID, b.engines) }
    }

    /// A hierarchical fit (`bands` left empty; `fitWithBands` adds them). `devices` limits the
    /// device-level fits to those devices (cross-validation needs only the held-out ones); nil fits all.
    public static func fit(_ samples: [CalibrationSample], measurementCount: Int? = nil, devices: Set<String>? = nil) -> Calibration {
        var fits: [Calibration.Fit] = []
        for kind in Device.Kind.allCases {
            let ofKind = samples.filter { $0.device.kind == kind }
            guard !ofKind.isEmpty else { continue }
            // The class fit, which a device with no rows of its own uses, keeps the per-step and per-sequence overheads at
            // their defaults: they are the host work of one engine (llama.cpp without CUDA graphs spends about 1.5 ms a
            // token, lmdeploy's Python front end tens of microseconds a sequence, TensorRT-LLM's executor a few), and a class
            // fit pools every engine's rows, so one engine's few sequences would set what another's thousands cost
            // (docs/validation.md, "The fit"). Devices are fitted toward the class fit of all five factors (`prior`), so
            // that a device's efficiencies do not start from ones bent to make up for overheads held at their defaults.
            let prior = fitOne(ofKind, scope: .init(kind: kind), prior: .defaults(for: kind), shrinkage: shrinkage[0])
            let classFit = fitOne(ofKind, scope: .init(kind: kind), prior: .defaults(for: kind), shrinkage: shrinkage[0],
                                  fixing: [\.stepOverheadSeconds, \.sequenceOverheadSeconds])
            fits.append(classFit)
            // Devices are fitted per engine group (`EngineGroup`), each toward the class prior over every group:
            // a device measured only under llama.cpp gets no fit for serving engines, which then use the class fit.
            // (A class fit per engine group too was tried and predicted worse out of sample, docs/validation.md.)
            let byDevice = Dictionary(grouping: ofKind, by: { DeviceKey(engines: $0.engine.group, deviceID: $0.device.id) })
            for (key, ofDevice) in byDevice.sorted(by: { $0.key < $1.key }) where devices?.contains(key.deviceID) ?? true {
                let deviceFit = fitOne(ofDevice, scope: .init(kind: kind, engines: key.engines, deviceID: key.deviceID),
                                       prior: prior.factors, shrinkage: shrinkage[1])
                fits.append(deviceFit)
                let byPrecision = Dictionary(grouping: ofDevice, by: \.precision)
                guard byPrecision.count > 1 else { continue }  // the device fit already is the precision's
                for (precision, rows) in byPrecision.sorted(by: { $0.key < $1.key }) {
                    fits.append(fitOne(rows, scope: .init(kind: kind, engines: key.engines, deviceID: key.deviceID, precision: precision),
                                       prior: deviceFit.factors, shrinkage: shrinkage[2]))
                }
            }
        }
        return Calibration(fits: fits, measurementCount: measurementCount ?? samples.count, usedCount: samples.count)
    }

    /// `fit` plus error bands from leave-one-source-out (seen devices) and leave-one-device-out
    /// (unseen devices) cross-validation.
    public static func fitWithBands(_ samples: [CalibrationSample], measurementCount: Int? = nil) -> Calibration {
        var calibration = fit(samples, measurementCount: measurementCount)
        let physics = CrossValidation.physicsPredictions(samples)
        let seenCalibrated = CrossValidation.run(samples, holdout: .source)
        calibration.fallback = CrossValidation.fallback(seenCalibrated, physics: physics)
        let seen = CrossValidation.applying(calibration.fallback, to: seenCalibrated, physics: physics)
        let unseen = CrossValidation.applying(calibration.fallback, to: CrossValidation.run(samples, holdout: .device),
                                              physics: physics)
        calibration.bands = BenchmarkMeasurement.Family.allCases.compactMap { family in
            let s = seen.filter { $0.family == family }.map(\.logRatio).sorted()
            let u = unseen.filter { $0.family == family }.map(\.logRatio).sorted()
            guard !s.isEmpty || !u.isEmpty else { return nil }
            return Calibration.Band(family: family, seenP10: quantile(s, 0.1), seenP90: quantile(s, 0.9), seenCount: s.count,
                                    unseenP10: quantile(u, 0.1), unseenP90: quantile(u, 0.9), unseenCount: u.count)
        }
        return calibration
    }

    static func fitOne(_ samples: [CalibrationSample], scope: Calibration.Scope, prior: EfficiencyFactors,
                       shrinkage lambda: Double, fixing fixed: [WritableKeyPath<EfficiencyFactors, Double>] = []) -> Calibration.Fit {
        let bounds = Self.bounds.filter { !fixed.contains($0.0) }
        let start = bounds.map { log(clamp(prior[keyPath: $0.0], $0.1)) }
        func factors(_ u: [Double]) -> EfficiencyFactors {
            var f = prior
            for (index, (path, range, _)) in bounds.enumerated() { f[keyPath: path] = clamp(exp(u[index]), range) }
            return f
        }
        func loss(_ u: [Double]) -> Double {
            let f = factors(u)
            var total = 0.0
            for s in samples {
                guard let predicted = s.predict(f), predicted > 0 else { continue }
                let r = log(predicted / s.measurement.value) / robustScale
                total += 2 * (sqrt(1 + r * r) - 1)
            }
            for (index, value) in u.enumerated() { total += lambda * pow((value - start[index]) / bounds[index].2, 2) }
            return total
        }
        // Nelder–Mead can stall on a long valley (bandwidth against per-step overhead); restarting
        // from the best point with a fresh simplex is the standard remedy.
        var best = start
        for step in [0.5, 0.2, 0.05] { best = NelderMead.minimize(loss, start: best, step: step, maxEvaluations: 300) }
        let fitted = factors(best)
        let ratios = samples.compactMap { s in s.predict(fitted).map { log(s.measurement.value / $0) } }.sorted()
        let ape = ratios.map { abs(exp(-$0) - 1) }.sorted()
        return Calibration.Fit(scope: scope, factors: fitted, count: samples.count,
                               sources: Set(samples.map(\.measurement.source)).sorted(),
                               medianAPE: quantile(ape, 0.5), residualP10: quantile(ratios, 0.1), residualP90: quantile(ratios, 0.9))
    }

    static func clamp(_ value: Double, _ range: ClosedRange<Double>) -> Double { min(max(value, range.lowerBound), range.upperBound) }

    /// Linear interpolation between order statistics of sorted values; 0 when empty.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}

/// Derivative-free minimisation for the handful of factors a fit has.
enum NelderMead {
    static func minimize(_ f: ([Double]) -> Double, start: [Double], step: Double, maxEvaluations: Int) -> [Double] {
        let n = start.count
        var simplex = [start] + (0..<n).map { i -> [Double] in var p = start; p[i] += step; return p }
        var values = simplex.map(f)
        var evaluations = simplex.count
        func combine(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] { zip(a, b).map { $0 + t * ($1 - $0) } }
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            if values[n] - values[0] < 1e-7 * (abs(values[0]) + 1e-9) { break }
            let centroid = (0..<n).map { i in simplex.prefix(n).map { $0[i] }.reduce(0, +) / Double(n) }
            let reflected = combine(centroid, simplex[n], -1)
            let fr = f(reflected); evaluations += 1
            if fr < values[0] {
                let expanded = combine(centroid, simplex[n], -2)
                let fe = f(expanded); evaluations += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = combine(centroid, simplex[n], 0.5)
                let fc = f(contracted); evaluations += 1
                if fc < values[n] {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n { simplex[i] = combine(simplex[0], simplex[i], 0.5); values[i] = f(simplex[i]) }
                    evaluations += n
                }
            }
        }
        return simplex[values.indices.min { values[$0] < values[$1] } ?? 0]
    }
}
