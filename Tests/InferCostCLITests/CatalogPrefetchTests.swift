import Foundation
import Testing
@testable import InferCostCLI
import InferCostCore
import InferCostTestSupport

/// The live environment starts loading the catalog while the command line is parsed (`CatalogPrefetch`); a command
/// takes that load only when it asks for the same folders, unlinted.
@Suite struct CatalogPrefetchTests {
    static let day = Day(year: 2026, month: 12, day: 1)!

    static func environment(root: URL, prefetching roots: [URL]) -> CLIEnvironment {
        var env = CLIEnvironment(catalogRoot: root, benchDatabase: URL(fileURLWithPath: "/nonexistent/bench.sqlite"), today: day,
                                 writeOut: { _ in }, writeErr: { _ in })
        env.catalogPrefetch = CatalogPrefetch(roots: roots, cache: nil)
        return env
    }

    /// A copy of the shipped catalog is prefetched, then one of its model files is removed: a load that takes the prefetch
    /// still has the model, one made anew does not.
    @Test func aPrefetchIsTakenOnlyForTheSameFoldersUnlinted() throws {
        let copy = try ScratchFolder.make("prefetch").appendingPathComponent("Catalog")
        try FileManager.default.copyItem(at: GoldenTests.repository.appendingPathComponent("Catalog"), to: copy)
        let env = Self.environment(root: copy, prefetching: [copy])
        _ = env.catalogPrefetch?.loaded()
        let models = try FileManager.default.contentsOfDirectory(at: copy.appendingPathComponent("models"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        try FileManager.default.removeItem(at: try #require(models.first))

        #expect(try #require(CatalogOptions.parse([]).load(env)).models.count == models.count)
        #expect(try #require(CatalogOptions.parse([]).load(env, lintingAsOf: Self.day)).models.count == models.count - 1)
        let overlay = try ScratchFolder.make("prefetch-overlay")
        try FileManager.default.createDirectory(at: overlay.appendingPathComponent("models"), withIntermediateDirectories: true)
        let withOverlay = try CatalogOptions.parse(["--catalog", overlay.path])
        #expect(try #require(withOverlay.load(env)).models.count == models.count - 1)
    }

    /// A prefetch of a folder that does not exist, taken, would fail the load.
    @Test func aPrefetchOfOtherFoldersIsNotTaken() throws {
        let missing = try ScratchFolder.make("prefetch-missing").appendingPathComponent("no-such-catalog")
        let env = Self.environment(root: GoldenTests.repository.appendingPathComponent("Catalog"), prefetching: [missing])
        #expect(try CatalogOptions.parse([]).load(env) != nil)
    }
}
