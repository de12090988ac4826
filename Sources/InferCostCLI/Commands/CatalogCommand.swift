import ArgumentParser
import Foundation
import InferCostCore
import InferCostReport

/// `infercost catalog list|show`: browse devices, offers and models.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Browse the catalog.", subcommands: [List.self, Show.self])

    struct List: InferCostCommand {
        static let configuration = CommandConfiguration(abstract: "List devices, offers or models (default: all three).")
        @Argument(help: "devices, offers or models") var section: String?
        @OptionGroup var format: FormatOption
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if let section, !CatalogListing.Section.allCases.map(\.rawValue).contains(section) {
                throw ValidationError("section must be one of: devices, offers, models")
            }
            guard OutputFormat(rawValue: format.format) != nil else {
                throw ValidationError("--format must be one of: table, json, csv, markdown")
            }
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            let sections = section.flatMap(CatalogListing.Section.init(rawValue:)).map { [$0] } ?? CatalogListing.Section.allCases
            let listing = CatalogListing(catalog: loaded, sections: sections)
            env.writeOut(listing.render(OutputFormat(rawValue: format.format) ?? .table))
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
}
