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
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List coverage, devices, offers or models (default: all four).")
        @Argument(help: "coverage, devices, offers or models", completion: .list(["coverage", "devices", "offers", "models"])) var section: String?
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
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one device, offer or model with its sources, as JSON.")
        @Argument(help: "A device, offer or model id (or alias).", completion: Completions.catalogIDs) var id: String
        @OptionGroup var catalog: CatalogOptions

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            if let device = loaded.deviceID(named: id).flatMap({ loaded.devices[$0] }) { env.writeOut(CatalogListing.json(device)); return ExitStatus.success }
            if let model = loaded.modelID(named: id).flatMap({ loaded.models[$0] }) { env.writeOut(CatalogListing.json(model)); return ExitStatus.success }
            if let offer = loaded.offers.first(where: { $0.id == id }) { env.writeOut(CatalogListing.json(offer)); return ExitStatus.success }
            let ids = Array(loaded.devices.keys) + Array(loaded.models.keys) + loaded.offers.map(\.id)
            env.writeErr(Suggest.unknown("catalog id", id, among: ids, list: "infercost catalog list"))
            return ExitStatus.usage
        }
    }

    struct Lint: InferCostCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check the catalog (and overlays): schema, units, sources and dates, plausibility, stale prices, cross-references.",
            discussion: "Exits 65 when there are errors; with --strict also on warnings other than market-data reminders, with --fail-stale on stale prices (stale_entry) and with --fail-outliers on outlier prices (price_outlier). docs/diagnostics.md lists every code.")
        @Flag(name: .long, help: "Fail on warnings too, except stale and outlier prices (see --fail-stale, --fail-outliers).") var strict = false
        @Flag(name: .customLong("fail-stale"), help: "Fail on prices, exchange rates and cost figures older than 365 days (stale_entry).")
        var failStale = false
        @Flag(name: .customLong("fail-outliers"), help: "Fail on prices far from the device's median price per device (price_outlier).")
        var failOutliers = false
        @OptionGroup var catalog: CatalogOptions

        /// Staleness is a matter of time passing, and an outlier price a market fact worth a second look
        /// (spot markets, marketplaces, bundled hosts), not a wrong entry: CI gates on them only when asked.
        static let staleCode = "stale_entry"
        static let outlierCode = "price_outlier"

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard FileManager.default.fileExists(atPath: env.catalogRoot.path) else {
                return catalog.load(env) == nil ? ExitStatus.dataError : ExitStatus.success
            }
            let (loaded, diagnostics) = CatalogLoader.load(roots: catalog.roots(env), lintingAsOf: env.today)
            let failed = Diagnostics.report(diagnostics, env)
            let warnings = diagnostics.filter { $0.severity == .warning }
            let failing = warnings.contains { warning in
                switch warning.code {
                case Self.staleCode: failStale
                case Self.outlierCode: failOutliers
                default: strict
                }
            }
            if failed || failing { return ExitStatus.dataError }
            env.writeOut("catalog ok: \(loaded.devices.count) devices, \(loaded.offers.count) offers, \(loaded.models.count) models, \(loaded.exchangeRates.count) exchange rates")
            return ExitStatus.success
        }
    }
}
