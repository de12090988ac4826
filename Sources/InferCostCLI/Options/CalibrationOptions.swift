import ArgumentParser
import Foundation
import InferCostCore
import InferCostEngine

/// `--physics-only`, and the calibration estimate and recommend use by default.
struct CalibrationOptions: ParsableArguments {
    @Flag(name: .customLong("physics-only"), help: "Use the uncalibrated physics model: no fitted factors, no measurements.")
    var physicsOnly = false

    struct Loaded {
        var calibration: Calibration
        var samples: [CalibrationSample]
    }

    /// The calibration for this catalog and database (the shipped fit when it matches, else fitted and saved on
    /// first use), or nil with --physics-only. A store that cannot be opened is reported and the physics model is used.
    /// - Parameter measurementsOf: also return the stored measurements of this device and model as samples
    ///   (`estimate`'s measured values); without it a calibration saved for the same data and catalog is found
    ///   without reading a row.
    func load(_ env: CLIEnvironment, catalog: Catalog, database: URL,
              measurementsOf: (deviceID: String, modelID: String)? = nil) -> Loaded? {
        guard !physicsOnly else { return nil }
        do {
            let provider = try CalibrationProvider(database: database, catalog: catalog, catalogRoot: env.catalogRoot)
            let quickKey = try provider.quickKey()
            let quick = try provider.stored(quickKey: quickKey)
            if let quick {
                let samples = try measurementsOf.map { try provider.samples(deviceID: $0.deviceID, modelID: $0.modelID) } ?? []
                return Loaded(calibration: quick, samples: samples)
            }
            let prepared = try provider.prepare()
            let (calibration, origin) = try provider.current(prepared, progress: env.progress)
            switch origin {
            case .fitted:
                env.writeErr("note: calibrated on \(calibration.usedCount) of \(calibration.measurementCount) stored measurements (saved to \(database.path); `infercost bench calibrate` shows the fit)")
            case .shipped, .stored: break
            }
            provider.remember(calibration, quickKey: quickKey)
            let samples = measurementsOf.map { only in
                prepared.samples.filter { $0.device.id == only.deviceID && $0.model.id == only.modelID }
            } ?? []
            return Loaded(calibration: calibration, samples: samples)
        } catch {
            env.writeErr("warning: benchmark store \(database.path) unusable (\(error)); using the uncalibrated physics model\n    hint: pass --db PATH or set INFERCOST_DB, or use --physics-only")
            return nil
        }
    }
}
