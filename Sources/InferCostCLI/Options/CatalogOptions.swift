import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `--catalog DIR` (repeatable): overlay folders laid over the shipped catalog, in order.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "An overlay catalog folder whose entries replace shipped ones by id (repeatable; later wins; after $INFERCOST_CATALOG_PATH).",
        valueName: "dir"), completion: .directory)
    var catalog: [String] = []

    /// The shipped catalog ($INFERCOST_CATALOG or ./Catalog), then $INFERCOST_CATALOG_PATH, then each --catalog.
    func roots(_ env: CLIEnvironment) -> [URL] {
        [env.catalogRoot] + env.catalogOverlays + catalog.map { URL(fileURLWithPath: $0) }
    }

    /// Loads the catalog and its overlays, printing diagnostics (overrides as notes); nil when it has errors.
    func load(_ env: CLIEnvironment, lintingAsOf today: Day? = nil) -> Catalog? {
        guard FileManager.default.fileExists(atPath: env.catalogRoot.path) else {
            env.writeErr("error: catalog folder '\(env.catalogRoot.relativePath)' not found\n    hint: run from the repository root, or set INFERCOST_CATALOG")
            return nil
        }
        let roots = roots(env)
        let (catalog, diagnostics) = env.catalogPrefetch.flatMap { $0.roots == roots && today == nil ? $0.loaded() : nil }
            ?? CatalogLoader.load(roots: roots, lintingAsOf: today, cache: env.catalogCache)
        return Diagnostics.report(diagnostics, env) ? nil : catalog
    }
}

/// A catalog load (`CatalogLoader.load` of `roots`, not linted) started on a thread of its own; `loaded()` waits for it.
public final class CatalogPrefetch: Sendable {
    let roots: [URL]
    private let load: OnOwnThread<(catalog: Catalog, diagnostics: [Diagnostic])>

    init(roots: [URL], cache: CatalogCache?) {
        self.roots = roots
        load = OnOwnThread { CatalogLoader.load(roots: roots, lintingAsOf: nil, cache: cache) }
    }

    func loaded() -> (catalog: Catalog, diagnostics: [Diagnostic]) { load.value }
}

/// `--format`, limited to the formats a command supports.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or markdown.", completion: Completions.formats)
    var format: OutputFormat = .table
    @Flag(name: .long, help: "Tables: show every column, however wide (default: fit the terminal, COLUMNS).")
    var wide = false

    /// The width tables must fit, or nil for all columns.
    func width(_ env: CLIEnvironment) -> Int? { wide ? nil : env.terminalColumns }

    static func mustBe(_ allowed: [OutputFormat]) -> String {
        let names = allowed.map(\.rawValue)
        return names.count == 2 ? "--format must be \(names[0]) or \(names[1])"
            : "--format must be \(names.dropLast().joined(separator: ", ")) or \(names[names.count - 1])"
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}

enum Diagnostics {
    /// Prints diagnostics to stderr with a summary line; true when any is an error.
    @discardableResult
    static func report(_ diagnostics: [Diagnostic], _ env: CLIEnvironment) -> Bool {
        guard !diagnostics.isEmpty else { return false }
        for d in diagnostics.sorted() { env.writeErr(d.rendered) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let notes = diagnostics.count - errors - warnings
        var summary = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if notes > 0 { summary += ", \(notes) note\(notes == 1 ? "" : "s")" }
        env.writeErr(summary)
        return errors > 0
    }
}
