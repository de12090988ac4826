import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore

/// `--catalog DIR`: where the catalog lives (default: $INFERCOST_CATALOG, else ./Catalog).
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Catalog folder (default: $INFERCOST_CATALOG, else ./Catalog).", valueName: "dir"))
    var catalog: String?

    func root(_ env: CLIEnvironment) -> URL {
        catalog.map { URL(fileURLWithPath: $0) } ?? env.catalogRoot
    }

    /// Loads the catalog, printing its diagnostics; nil when it has errors.
    func load(_ env: CLIEnvironment) -> Catalog? {
        let root = root(env)
        guard FileManager.default.fileExists(atPath: root.path) else {
            env.writeErr("error: catalog folder '\(root.relativePath)' not found\n    hint: run from the repository root, or pass --catalog DIR or set INFERCOST_CATALOG")
            return nil
        }
        let (catalog, diagnostics) = CatalogLoader.load(root: root)
        return Diagnostics.report(diagnostics, env) ? nil : catalog
    }
}

/// `--format`, limited to the formats a command supports.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: String = "table"
}

enum Diagnostics {
    /// Prints diagnostics to stderr with a summary line; true when any is an error.
    @discardableResult
    static func report(_ diagnostics: [Diagnostic], _ env: CLIEnvironment) -> Bool {
        guard !diagnostics.isEmpty else { return false }
        for d in diagnostics.sorted() { env.writeErr(d.rendered) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        env.writeErr("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        return errors > 0
    }
}
