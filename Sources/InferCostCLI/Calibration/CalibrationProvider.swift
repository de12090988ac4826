import Foundation
import InferCostStore
import InferCostCore
import InferCostEngine

/// The bridge between the benchmark store and the engine: loads the shipped corpus on first use,
/// turns stored measurements the catalog can resolve into calibration samples, and returns the
/// calibration matching the data and the catalog, fitting and saving one when none does.
struct CalibrationProvider {
    let store: BenchStore
    let catalog: Catalog

    /// Bump when the fitting method changes, so stored fits made the old way are refitted.
    static let method = "calibrator-2"

    struct Prepared {
        var samples: [CalibrationSample]
        /// Stored rows set aside, by reason.
        var setAside: [String: Int]
        var measurementCount: Int
        /// Identifies the data and catalog specs a fit is made from.
        var key: String
    }

    init(database: URL, catalog: Catalog, catalogRoot: URL) throws {
        store = try BenchStore(url: database)
        self.catalog = catalog
        try store.ensureShippedCorpus(catalogRoot: catalogRoot, resolver: MeasurementResolver(catalog: catalog))
    }

    func prepare() throws -> Prepared {
        let resolver = MeasurementResolver(catalog: catalog)
        let measurements = try store.measurements()
        var samples: [CalibrationSample] = []
        var setAside: [String: Int] = [:]
        for m in measurements {
            guard let device = resolver.device(named: m.deviceName), let model = resolver.model(named: m.modelName) else {
                setAside["not in the catalog (unmapped device or model)", default: 0] += 1
                continue
            }
            switch CalibrationSample.make(m, device: device, model: model) {
            case .success(let sample):
                if sample.predict(.defaults(for: device.kind)) == nil {
                    setAside["not predictable from the catalog specs (missing figure or does not fit memory)", default: 0] += 1
                } else {
                    samples.append(sample)
                }
            case .failure(let why): setAside[Self.reasonClass(why), default: 0] += 1
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var fingerprint = Self.method + "\n" + (try store.measurementsHash())
        for id in Set(samples.map(\.device.id)).sorted() {
            fingerprint += String(decoding: (try? encoder.encode(catalog.devices[id])) ?? Data(), as: UTF8.self)
        }
        for id in Set(samples.map(\.model.id)).sorted() {
            fingerprint += String(decoding: (try? encoder.encode(catalog.models[id])) ?? Data(), as: UTF8.self)
        }
        return Prepared(samples: samples, setAside: setAside, measurementCount: measurements.count, key: ContentHash.hex(fingerprint))
    }

    /// The stored calibration for `prepared`'s data, else a new fit (saved). `fitted` says which.
    func current(_ prepared: Prepared, now: Date = Date()) throws -> (calibration: Calibration, fitted: Bool) {
        if let stored = try store.latestCalibration(), stored.measurementsHash == prepared.key,
           let calibration = try? JSONDecoder().decode(Calibration.self, from: Data(stored.json.utf8)) {
            return (calibration, false)
        }
        return (try fitAndSave(prepared, now: now), true)
    }

    func fitAndSave(_ prepared: Prepared, now: Date = Date()) throws -> Calibration {
        let calibration = Calibrator.fitWithBands(prepared.samples, measurementCount: prepared.measurementCount)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(calibration), as: UTF8.self)
        try store.saveCalibration(json: json, measurementsHash: prepared.key, createdAt: now)
        return calibration
    }

    private static func reasonClass(_ why: CalibrationSample.Unusable) -> String {
        switch why {
        case .noPrecision: "precision not stated"
        case .noLengths: "variable-length dataset"
        case .unsupportedLoad: "latency-bound arrival scenario"
        case .layout: "parallel layout unclear"
        case .cpuMemoryUnknown: "CPU host memory not stated"
        case .encoderMetric: "metric does not apply to the model"
        }
    }
}
