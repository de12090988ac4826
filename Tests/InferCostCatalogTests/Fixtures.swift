import Foundation
import InferCostCore
import InferCostCatalog

/// Where the test fixtures and the shipped data live.
enum Fixtures {
    static var root: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            // The resources are copied by SwiftPM; fall back to the source tree.
            return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        }
        return url
    }
    static var catalogRoot: URL { root.appendingPathComponent("catalog") }
    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The valid fixture catalog (its diagnostics are asserted empty in CatalogLoaderTests).
    static var catalog: Catalog { CatalogLoader.load(root: catalogRoot).catalog }

    /// The repository root: this file is Tests/InferCostCatalogTests/Fixtures.swift.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

extension Array where Element == Diagnostic {
    /// One line per diagnostic, for failure messages.
    var rendered: String { map(\.rendered).joined(separator: "\n") }
}
