import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostReport

/// What the shell completes (`infercost --generate-completion-script bash|zsh|fish`,
/// docs/cli.md "Shell completion"): profile and policy paths, catalog ids read from the
/// catalog the command would use, and format names.
enum Completions {
    static let yamlFiles = CompletionKind.file(extensions: ["yaml", "yml"])
    static let formats = CompletionKind.list(OutputFormat.allCases.map(\.rawValue))
    static let models = CompletionKind.custom { _, _, _ in ids(.models) }
    static let devices = CompletionKind.custom { _, _, _ in ids(.devices) }
    /// Devices, models and offers: anything `catalog show` accepts.
    static let catalogIDs = CompletionKind.custom { _, _, _ in ids(.devices) + ids(.models) + ids(.offers) }

    enum Section: Sendable { case devices, models, offers }

    /// The ids of one section of $INFERCOST_CATALOG (or ./Catalog) with its overlays; none when it does not load.
    static func ids(_ section: Section) -> [String] {
        let env = CLIEnvironment.live()
        let (catalog, _) = CatalogLoader.load(roots: [env.catalogRoot] + env.catalogOverlays, cache: env.catalogCache)
        switch section {
        case .devices: return catalog.devices.keys.sorted()
        case .models: return catalog.models.keys.sorted()
        case .offers: return catalog.offers.map(\.id)
        }
    }
}
