import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostReport

/// `infercost catalog list|show|lint|import-prices`: browse, check and refresh devices, offers and models.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Browse, check and refresh the catalog.", subcommands: [List.self, Show.self, Lint.self, ImportPrices.self])

    struct List: InferCostCommand {
        static let configuration = CommandConfiguration(abstract: "List coverage, devices, offers or models (default: all four).")
        @Argument(help: "coverage, devices, offers or models") var section: String?
        @OptionGroup var format: FormatOption
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if let section, !CatalogListing.Section.allCases.map(\.rawValue).contains(section) {
                throw ValidationError("section must be one of: \(CatalogListing.Section.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            let sections = section.flatMap(CatalogListing.Section.init(rawValue:)).map { [$0] } ?? CatalogListing.Section.allCases
            let listing = CatalogListing(catalog: loaded, sections: sections, today: env.today)
            env.writeOut(listing.render(format.format))
            return ExitStatus.success
        }
    }

    struct Show: InferCostCommand {
        static let configuration = CommandConfiguration(abstract: "Show one device, offer or model with its sources, as JSON.")
        @Argument(help: "A device, offer or model id.") var id: String
        @OptionGroup var catalog: CatalogOptions

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            if let device = loaded.devices[id] { env.writeOut(CatalogListing.json(device)); return ExitStatus.success }
            if let model = loaded.models[id] { env.writeOut(CatalogListing.json(model)); return ExitStatus.success }
            if let offer = loaded.offers.first(where: { $0.id == id }) { env.writeOut(CatalogListing.json(offer)); return ExitStatus.success }
            let ids = Array(loaded.devices.keys) + Array(loaded.models.keys) + loaded.offers.map(\.id)
            env.writeErr(Suggest.unknown("catalog id", id, among: ids, list: "infercost catalog list"))
            return ExitStatus.usage
        }
    }

    struct Lint: InferCostCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the catalog (and overlays): schema, units, sources and dates, plausibility, stale prices, cross-references.",
            discussion: "Exits 65 when there are errors (or warnings, with --strict). docs/diagnostics.md lists every code.")
        @Flag(name: .long, help: "Fail on warnings too.") var strict = false
        @OptionGroup var catalog: CatalogOptions

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard FileManager.default.fileExists(atPath: env.catalogRoot.path) else {
                return catalog.load(env) == nil ? ExitStatus.dataError : ExitStatus.success
            }
            let (loaded, diagnostics) = CatalogLoader.load(roots: catalog.roots(env), lintingAsOf: env.today)
            let failed = Diagnostics.report(diagnostics, env)
            let warnings = diagnostics.contains { $0.severity == .warning }
            if failed || (strict && warnings) { return ExitStatus.dataError }
            env.writeOut("catalog ok: \(loaded.devices.count) devices, \(loaded.offers.count) offers, \(loaded.models.count) models, \(loaded.exchangeRates.count) exchange rates")
            return ExitStatus.success
        }
    }
}
