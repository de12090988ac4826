import Foundation
import InferCostCatalog
import InferCostStore
import InferCostCore
import InferCostEngine

/// The bridge between the benchmark store and the engine: loads the shipped corpus on first use,
/// turns stored measurements the catalog can resolve into calibration samples, and returns the
/// calibration matching the data and the catalog, fitting and saving one when none does.
struct CalibrationProvider {
    let store: BenchStore
    let catalog: Catalog

    /// Bump when the fitting method or the physics it fits changes, so stored fits (and the shipped one)
    /// made the old way are refitted. 3: elementwise kernels timed apart from the GEMMs, NVFP4 scale bytes.
    /// 5: the per-sequence overhead is fitted too. 6: rows run with attention data parallel are predicted with it.
    /// 7: an offline run of a stated number of requests is predicted wave by wave; families fall back to physics
    /// by mean absolute log error. 8: mixture-of-experts layers' routing copies (expand, finalize) in the activation
    /// traffic. 9: llama.cpp's layer split pays the per-step overhead once per pass, not once per device; the class fit an
    /// unmeasured device uses keeps the per-step and per-sequence overheads at their defaults.
    static let method = "calibrator-9"

    struct Prepared {
        var samples: [CalibrationSample]
        /// Stored rows set aside, by reason.
        var setAside: [String: Int]
        var measurementCount: Int
        /// Serving runs (a request rate, a closed loop), for checking the serving simulator (never fitted).
        var servingRows: [ServingValidation.Input] = []
        /// Identifies the data and catalog specs a fit is made from.
        var key: String
    }

    let catalogRoot: URL

    /// Where a calibration came from.
    enum Origin: Equatable {
        /// Saved in the store for the same data and catalog specs.
        case stored
        /// The fit of the shipped corpus shipped beside it (`shippedPath`), for the same data and catalog specs.
        case shipped
        /// Fitted now (and saved).
        case fitted
    }

    /// The calibration fitted from the shipped corpus against the shipped catalog, shipped beside the corpus so
    /// that a new store need not fit it (16 s on two cores); used only when its key equals the key of the
    /// store's data and the catalog's specs, so it can never stand in for a different fit.
    /// `ShippedCalibrationTests` fails when it is out of date (regenerate with `UPDATE_GOLDEN=1`).
    static let shippedPath = "benchmarks/published_calibration.json"

    struct Shipped: Codable, Equatable {
        var method: String
        /// `Prepared.key` of a store holding only the shipped corpus, with the shipped catalog.
        var key: String
        var calibration: Calibration

        /// The file's text: sorted keys, one field a line, so a refit shows as a readable diff.
        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    init(database: URL, catalog: Catalog, catalogRoot: URL) throws {
        store = try BenchStore(url: database)
        self.catalog = catalog
        self.catalogRoot = catalogRoot
        try store.ensureShippedCorpus(catalogRoot: catalogRoot, resolver: MeasurementResolver(catalog: catalog))
    }

    /// A cheap key for the calibration of this store and catalog, computed without reading a measurement: the
    /// method, the stored files' hashes and every device and model of the catalog. Equal keys mean equal
    /// `Prepared.key`s (the samples depend only on the stored rows and the catalog's devices and models), so a
    /// calibration found under it is the one `prepare()` + `current` would return; any catalog device or model
    /// edit changes it, and the next run takes the full path once.
    func quickKey() throws -> String { Self.quickKey(measurementsHash: try store.measurementsHash(), catalog: catalog) }

    /// `quickKey()` of a store whose `measurementsHash()` is `measurementsHash`.
    static func quickKey(measurementsHash: String, catalog: Catalog) -> String {
        let fingerprint = Data((method + "\nquick-2\n" + measurementsHash + "\n").utf8) + CatalogFingerprint.devicesAndModels(catalog)
        return "quick " + ContentHash.hex(fingerprint)
    }

    /// The calibration saved under `quickKey`, if any.
    func stored(quickKey: String) throws -> Calibration? { try Self.stored(quickKey: quickKey, in: store) }

    static func stored(quickKey: String, in store: BenchStore) throws -> Calibration? {
        try store.calibration(forHash: quickKey).flatMap { try? JSONDecoder().decode(Calibration.self, from: Data($0.json.utf8)) }
    }

    /// Saves `calibration` under `quickKey` too, so the next run finds it without `prepare()`. Best effort: a
    /// read-only store keeps working, on the full path.
    func remember(_ calibration: Calibration, quickKey: String, now: Date = Date()) {
        guard !store.isReadOnly else { return }
        try? save(calibration, key: quickKey, now: now)
    }

    /// The shipped fit, when the file is there and decodes.
    func shipped() -> Shipped? {
        guard let data = FileManager.default.contents(atPath: catalogRoot.appendingPathComponent(Self.shippedPath).path) else { return nil }
        return try? JSONDecoder().decode(Shipped.self, from: data)
    }

    func prepare() throws -> Prepared {
        let measurements = try store.measurements()
        let (samples, setAside, servingRows) = Self.samples(of: measurements, resolver: MeasurementResolver(catalog: catalog))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var fingerprint = Self.method + "\n" + (try store.measurementsHash())
        for id in Set(samples.map(\.device.id)).sorted() {
            fingerprint += String(decoding: (try? encoder.encode(catalog.devices[id])) ?? Data(), as: UTF8.self)
        }
        for id in Set(samples.map(\.model.id)).sorted() {
            fingerprint += String(decoding: (try? encoder.encode(catalog.models[id])) ?? Data(), as: UTF8.self)
        }
        return Prepared(samples: samples, setAside: setAside, measurementCount: measurements.count, servingRows: servingRows,
                        key: ContentHash.hex(fingerprint))
    }

    /// The stored measurements of one device and model as calibration samples (`estimate`'s measured values),
    /// without making samples of the other rows: the same samples of that pair as `prepare()` gives.
    /// Only rows whose names resolve to the pair are read (the names are resolved once per distinct pair).
    func samples(deviceID: String, modelID: String) throws -> [CalibrationSample] {
        let resolver = MeasurementResolver(catalog: catalog)
        let names = try store.measurementNames().filter {
            resolver.device(named: $0.device)?.id == deviceID && resolver.model(named: $0.model)?.id == modelID
        }
        guard !names.isEmpty else { return [] }
        var filter = MeasurementFilter()
        filter.deviceNames = Set(names.map(\.device)).sorted()
        filter.modelNames = Set(names.map(\.model)).sorted()
        return Self.samples(of: try store.measurements(filter: filter), resolver: resolver, only: (deviceID, modelID)).samples
    }

    /// Rows the catalog resolves, as samples; the others set aside by reason. With `only`, rows of other
    /// devices and models are skipped (and not counted).
    static func samples(of measurements: [BenchmarkMeasurement], resolver: MeasurementResolver, only: (deviceID: String, modelID: String)? = nil)
        -> (samples: [CalibrationSample], setAside: [String: Int], servingRows: [ServingValidation.Input]) {
        var samples: [CalibrationSample] = []
        var setAside: [String: Int] = [:]
        var servingRows: [ServingValidation.Input] = []
        for m in measurements {
            guard let device = resolver.device(named: m.deviceName), let model = resolver.model(named: m.modelName) else {
                setAside["not in the catalog (unmapped device or model)", default: 0] += 1
                continue
            }
            if let only, device.id != only.deviceID || model.id != only.modelID { continue }
            if m.isServingRun { servingRows.append(.init(measurement: m, device: device, model: model)) }
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
        return (samples, setAside, servingRows)
    }

    /// The stored calibration for `prepared`'s data, else the shipped one when it was fitted from the same data and
    /// specs (saved), else a new fit (saved). `origin` says which; `progress`, when set, hears before a fit starts.
    func current(_ prepared: Prepared, now: Date = Date(), progress: ((String) -> Void)? = nil) throws
        -> (calibration: Calibration, origin: Origin) {
        if let stored = try store.calibration(forHash: prepared.key),
           let calibration = try? JSONDecoder().decode(Calibration.self, from: Data(stored.json.utf8)) {
            return (calibration, .stored)
        }
        if let shipped = shipped(), shipped.method == Self.method, shipped.key == prepared.key {
            if !store.isReadOnly { try save(shipped.calibration, key: prepared.key, now: now) }
            return (shipped.calibration, .shipped)
        }
        progress?("calibrating: fitting \(prepared.samples.count) measurements with cross-validated bands (once per change of the stored data or catalog specs; about 15 s on two cores)...")
        return (try fitAndSave(prepared, now: now), .fitted)
    }

    func fitAndSave(_ prepared: Prepared, now: Date = Date()) throws -> Calibration {
        let calibration = Calibrator.fitWithBands(prepared.samples, measurementCount: prepared.measurementCount)
        try save(calibration, key: prepared.key, now: now)
        return calibration
    }

    private func save(_ calibration: Calibration, key: String, now: Date) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(calibration), as: UTF8.self)
        try store.saveCalibration(json: json, measurementsHash: key, createdAt: now)
    }

    private static func reasonClass(_ why: CalibrationSample.Unusable) -> String {
        switch why {
        case .noPrecision: "precision not stated"
        case .noLengths: "variable-length dataset"
        case .unsupportedLoad: "serving runs at a request rate or a closed loop (checks simulate instead)"
        case .layout: "parallel layout unclear"
        case .cpuMemoryUnknown: "CPU host memory not stated"
        case .encoderMetric: "metric does not apply to the model"
        }
    }
}
