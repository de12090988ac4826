import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport
import InferCostStore

/// What the fuzz targets share. Each target feeds one loader; what the loader accepts then goes
/// through the engine and the JSON renderer, because the promise under test is "a file the
/// loader calls ok never crashes a command" — a trap anywhere is a finding. Invariants that
/// would otherwise fail quietly are checked with `require`, which traps on purpose.
public enum Fuzz {
    /// The shipped catalog ($INFERCOST_CATALOG, else ./Catalog), loaded once.
    public static let catalog: Catalog = {
        let root = ProcessInfo.processInfo.environment["INFERCOST_CATALOG"] ?? "Catalog"
        let (catalog, diagnostics) = CatalogLoader.load(root: URL(fileURLWithPath: root))
        require(!diagnostics.contains { $0.severity == .error } && !catalog.models.isEmpty,
                "the shipped catalog must load: run from the repository root or set INFERCOST_CATALOG")
        return catalog
    }()

    public static let today = Day(year: 2026, month: 11, day: 21)!

    /// A catalog of at most `limit` offers (those `keep` picks first), so one engine run takes milliseconds.
    public static func small(_ catalog: Catalog, keeping keep: (Offer) -> Bool = { _ in false }, limit: Int = 6) -> Catalog {
        var small = catalog
        let picked = catalog.offers.filter(keep)
        let sample = [catalog.offers.first { $0.deployment == .cloud }, catalog.offers.first { $0.deployment == .onprem }].compactMap { $0 }
        small.offers = Array((picked + sample).prefix(limit))
        return small
    }

    /// The engine and both report renderers on an accepted profile; the JSON must parse.
    public static func recommend(_ profile: Profile, in catalog: Catalog) {
        guard let recommendation = try? Recommender(catalog: catalog, today: today).recommend(profile) else { return }
        let report = RecommendReport(profile: profile, recommendation: recommendation, top: 3, explain: true)
        _ = report.render(.table)
        _ = report.render(.csv)
        requireValidJSON(report.render(.json))
    }

    /// Imported rows, turned into calibration samples and predicted, as `bench calibrate` would.
    public static func calibrate(_ parsed: ParsedImport) {
        _ = GenericCSVWriter.render(parsed.measurements)
        let resolver = MeasurementResolver(catalog: catalog)
        for m in parsed.measurements.prefix(50) {
            guard let device = resolver.device(named: m.deviceName), let model = resolver.model(named: m.modelName),
                  case .success(let sample) = CalibrationSample.make(m, device: device, model: model) else { continue }
            _ = sample.predict(.defaults(for: device.kind))
        }
    }

    public static func requireValidJSON(_ json: String) {
        require((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "invalid JSON output:\n\(json.prefix(500))")
    }

    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz invariant: \(message())") }
    }

    public static func text(_ data: UnsafeRawPointer, _ count: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    public static func bytes(_ data: UnsafeRawPointer, _ count: Int) -> Data { Data(bytes: data, count: count) }
}
