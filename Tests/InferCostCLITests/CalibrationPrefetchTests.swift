import Foundation
import Testing
@testable import InferCostCLI
import InferCostCore
import InferCostTestSupport

/// The live environment looks the stored calibration up while the command line is parsed and the catalog loads
/// (`CalibrationPrefetch`, the store opened to read only); a command takes it for the same store and a catalog with the
/// same devices and models, and it is what the usual path finds.
@Suite struct CalibrationPrefetchTests {
    static let root = GoldenTests.repository.appendingPathComponent("Catalog")

    static func environment(database: URL) -> CLIEnvironment {
        CLIEnvironment(catalogRoot: root, benchDatabase: database, today: Day(year: 2026, month: 12, day: 1)!,
                       writeOut: { _ in }, writeErr: { _ in })
    }

    @Test func theStoredCalibrationIsFoundBesideTheCatalog() throws {
        let database = try ScratchFolder.make("calibration-prefetch").appendingPathComponent("bench.sqlite")
        var env = Self.environment(database: database)
        let catalog = try #require(CatalogOptions.parse([]).load(env))
        // The usual path: the shipped corpus imported, the calibration found and remembered under the quick key.
        let usual = try #require(CalibrationOptions.parse([]).load(env, catalog: catalog, database: database))

        let prefetch = CalibrationPrefetch(database: database, catalogRoot: Self.root, catalog: CatalogPrefetch(roots: [Self.root], cache: nil))
        #expect(prefetch.calibration(for: catalog) == usual.calibration)
        var fewer = catalog
        fewer.devices.removeValue(forKey: try #require(catalog.devices.keys.sorted().first))
        #expect(prefetch.calibration(for: fewer) == nil)

        // Taken for the same store only: another path takes the usual way (here a store that cannot be made).
        env.calibrationPrefetch = prefetch
        #expect(try CalibrationOptions.parse([]).load(env, catalog: catalog, database: database)?.calibration == usual.calibration)
        let unusable = URL(fileURLWithPath: "/dev/null/bench.sqlite")
        #expect(try CalibrationOptions.parse([]).load(env, catalog: catalog, database: unusable) == nil)
    }

    /// No store, no lookup: the prefetch never creates one.
    @Test func aMissingStoreIsNotCreated() throws {
        let database = try ScratchFolder.make("calibration-prefetch-missing").appendingPathComponent("bench.sqlite")
        let catalog = try #require(CatalogOptions.parse([]).load(Self.environment(database: database)))
        let prefetch = CalibrationPrefetch(database: database, catalogRoot: Self.root, catalog: CatalogPrefetch(roots: [Self.root], cache: nil))
        #expect(prefetch.calibration(for: catalog) == nil)
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }
}
