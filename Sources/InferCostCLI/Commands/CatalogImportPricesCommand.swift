import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore

extension CatalogCommand {
    /// `infercost catalog import-prices FILE --format skypilot|csv [--out DIR]`: a price table -> an overlay folder.
    struct ImportPrices: InferCostCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-prices",
            abstract: "Import a price table into an overlay folder (never the shipped catalog).",
            discussion: """
                Formats: skypilot (a SkyPilot catalog vms.csv; pass --provider) and csv (docs/catalog-format.md, \
                "Importing prices"). Accelerator names map to devices by catalog id, name or alias (or --map); \
                unmapped names are reported and their rows skipped. Use the result with --catalog DIR or \
                INFERCOST_CATALOG_PATH. Exits 65 on invalid rows (nothing is written).
                """)

        @Argument(help: "The price table to read.") var file: String
        @Option(name: .long, help: "Table format: \(PriceTableFormat.names).") var format: String
        @Option(name: .long, help: ArgumentHelp("The overlay folder to write offers/cloud/<provider>.yaml into.", valueName: "dir"))
        var out: String = "catalog-overlay"
        @Option(name: .long, help: "skypilot: the provider slug the file prices (e.g. oci, aws).") var provider: String?
        @Option(name: .long, help: "skypilot: the source recorded on every price (default: the file and today's date).") var source: String?
        @Option(name: .long, help: ArgumentHelp("Map an accelerator name to a device id (repeatable).", valueName: "name=device"))
        var map: [String] = []
        @Option(name: .long, help: ArgumentHelp("The market of a region the catalog does not know (repeatable).", valueName: "region=market"))
        var regionMarket: [String] = []
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            guard PriceTableFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be one of: \(PriceTableFormat.names)")
            }
            for pair in map where Self.split(pair) == nil { throw ValidationError("--map takes NAME=DEVICE, found '\(pair)'") }
            for pair in regionMarket {
                guard let (_, market) = Self.split(pair), Market(rawValue: market) != nil else {
                    throw ValidationError("--region-market takes REGION=MARKET with a market among: \(Market.allCases.map(\.rawValue).joined(separator: ", ")); found '\(pair)'")
                }
            }
        }

        static func split(_ pair: String) -> (String, String)? {
            guard let eq = pair.lastIndex(of: "=") else { return nil }
            let (name, value) = (String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
            return name.isEmpty || value.isEmpty ? nil : (name, value)
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            let outURL = URL(fileURLWithPath: out).standardizedFileURL
            let shipped = env.catalogRoot.standardizedFileURL
            if outURL.path == shipped.path || outURL.path.hasPrefix(shipped.path + "/") {
                env.writeErr("error: --out \(out) is inside the shipped catalog (\(env.catalogRoot.relativePath))\n    hint: write to an overlay folder and use it with --catalog DIR")
                return ExitStatus.usage
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                env.writeErr("error: cannot read '\(file)' as UTF-8 text")
                return ExitStatus.usage
            }
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            let request = PriceImportRequest(
                text: text, path: file, format: PriceTableFormat(rawValue: format) ?? .csv, provider: provider, source: source,
                today: env.today, deviceNames: Dictionary(map.compactMap(Self.split), uniquingKeysWith: { _, last in last }),
                regionMarkets: Dictionary(regionMarket.compactMap(Self.split).compactMap { pair in Market(rawValue: pair.1).map { (pair.0, $0) } },
                                          uniquingKeysWith: { _, last in last }))
            let result = PriceImporter.run(request, catalog: loaded)
            if Diagnostics.report(result.diagnostics, env) { return ExitStatus.dataError }
            for written in result.files {
                let url = outURL.appendingPathComponent(written.path)
                do {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try written.text.write(to: url, atomically: true, encoding: .utf8)
                } catch {
                    env.writeErr("error: cannot write \(url.path): \(error.localizedDescription)")
                    return ExitStatus.cannotCreate
                }
                env.writeOut("wrote \(URL(fileURLWithPath: out).appendingPathComponent(written.path).relativePath): \(written.instances) instance\(written.instances == 1 ? "" : "s"), \(written.prices) price\(written.prices == 1 ? "" : "s")")
            }
            if result.files.isEmpty { env.writeOut("nothing to write: no row mapped to a catalog device") }
            for item in result.unmapped {
                env.writeOut("unmapped: \(item.name) (\(item.rows) row\(item.rows == 1 ? "" : "s"), first at line \(item.firstLine))")
            }
            if result.rowsWithoutAccelerator > 0 {
                env.writeOut("skipped: \(result.rowsWithoutAccelerator) row\(result.rowsWithoutAccelerator == 1 ? "" : "s") without an accelerator (CPU-only instance types)")
            }
            if !result.files.isEmpty { env.writeOut("use it with: --catalog \(out)   (or INFERCOST_CATALOG_PATH=\(out))") }
            return ExitStatus.success
        }
    }
}
