import Foundation
import Testing
@testable import InferCostCLI
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostTestSupport

/// `Catalog/benchmarks/published_calibration.json` is the fit a new store makes from the shipped corpus with
/// the shipped catalog, under the key such a store computes: a new store uses it instead of fitting, so a
/// stale file would answer with an old fit only if its key still matched, and this test fails first
/// (`UPDATE_GOLDEN=1 swift test --filter ShippedCalibrationTests` rewrites it and fails; then run again without it).
@Suite struct ShippedCalibrationTests {
    static let catalogRoot = GoldenTests.repository.appendingPathComponent("Catalog")

    /// The file as it must be: the key of a new store, and the fit `bench calibrate` saved under that key in the
    /// goldens' store (which holds the shipped corpus only), else a fit made here.
    static func expected() throws -> CalibrationProvider.Shipped {
        let (catalog, diagnostics) = CatalogLoader.load(root: catalogRoot)
        #expect(!diagnostics.contains { $0.severity == .error })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-shipped-calibration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fresh = try CalibrationProvider(database: folder.appendingPathComponent("bench.sqlite"), catalog: catalog, catalogRoot: catalogRoot)
        let prepared = try fresh.prepare()
        #expect(GoldenTests.calibrated == 0)
        let golden = try CalibrationProvider(database: GoldenTests.benchDatabase, catalog: catalog, catalogRoot: catalogRoot)
        let calibration = try golden.store.calibration(forHash: prepared.key)
            .map { try JSONDecoder().decode(Calibration.self, from: Data($0.json.utf8)) }
            ?? Calibrator.fitWithBands(prepared.samples, measurementCount: prepared.measurementCount)
        return CalibrationProvider.Shipped(method: CalibrationProvider.method, key: prepared.key, calibration: calibration)
    }

    /// Compared as values (the same method and key, every factor and band bit for bit), so the file's number
    /// formatting does not matter; an update writes it as `Shipped.json()` does.
    @Test func shippedCalibrationIsCurrent() throws {
        let expected = try Self.expected()
        let url = Self.catalogRoot.appendingPathComponent(CalibrationProvider.shippedPath)
        if GoldenFile.mode() == .compare, let data = FileManager.default.contents(atPath: url.path),
           let current = try? JSONDecoder().decode(CalibrationProvider.Shipped.self, from: data), current == expected {
            return
        }
        let failure = GoldenFile.check(try expected.json(), file: url, label: "Catalog/" + CalibrationProvider.shippedPath,
                                       rerun: "swift test --filter ShippedCalibrationTests")
        #expect(failure == nil, "\(failure ?? "")")
    }

    /// A new store with the shipped corpus takes the shipped fit without fitting; one whose catalog changes a
    /// device the fit uses does not (its key differs), so it fits.
    @Test func aNewStoreUsesTheShippedFitOnlyWhenTheKeyMatches() throws {
        let (catalog, _) = CatalogLoader.load(root: Self.catalogRoot)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-shipped-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = try CalibrationProvider(database: folder.appendingPathComponent("a.sqlite"), catalog: catalog, catalogRoot: Self.catalogRoot)
        let prepared = try provider.prepare()
        let shipped = try #require(provider.shipped(), "Catalog/\(CalibrationProvider.shippedPath) is missing or does not decode")
        try #require(shipped.key == prepared.key, "the shipped calibration is stale: see shippedCalibrationIsCurrent")
        let (calibration, origin) = try provider.current(prepared)
        #expect(origin == .shipped)
        #expect(calibration == shipped.calibration)
        // Saved: the next run finds it in the store.
        #expect(try provider.current(prepared).origin == .stored)

        var edited = catalog
        let device = try #require(prepared.samples.first?.device.id)
        let bandwidth = edited.devices[device]?.memoryBandwidthGBs ?? 1
        edited.devices[device]?.memoryBandwidthGBs = bandwidth * 1.5
        let other = try CalibrationProvider(database: folder.appendingPathComponent("b.sqlite"), catalog: edited, catalogRoot: Self.catalogRoot)
        #expect(try other.prepare().key != prepared.key)
        #expect(try other.quickKey() != provider.quickKey())
    }
}
