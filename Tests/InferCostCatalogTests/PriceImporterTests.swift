import Foundation
import Testing
import InferCostCore
@testable import InferCostCatalog

/// `catalog import-prices`: SkyPilot and generic price tables -> overlay offer files that load.
@Suite struct PriceImporterTests {
    static let today = Day(year: 2026, month: 12, day: 1)!

    static func request(_ fixture: String, _ format: PriceTableFormat, provider: String? = nil,
                        map: [String: String] = [:]) throws -> PriceImportRequest {
        let text = try String(contentsOf: Fixtures.url("prices/\(fixture)"), encoding: .utf8)
        return PriceImportRequest(text: text, path: fixture, format: format, provider: provider, today: today, deviceNames: map)
    }

    /// Writes the import into a fresh overlay folder and loads the fixture catalog with it.
    static func loadWith(_ result: PriceImport) throws -> (catalog: Catalog, diagnostics: [Diagnostic], overlay: URL) {
        let overlay = try OverlayAndLintTests.folder(Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.text) }))
        let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay])
        return (catalog, diagnostics, overlay)
    }

    @Test func aSkyPilotCatalogBecomesAnOverlayThatLoads() throws {
        let result = PriceImporter.run(try Self.request("oci-vms-excerpt.csv", .skypilot, provider: "oci", map: ["H100": "h100-sxm"]),
                                       catalog: Fixtures.catalog)
        #expect(!result.hasErrors, "\(result.diagnostics.rendered)")
        #expect(result.files.map(\.path) == ["offers/cloud/oci.yaml"])
        #expect(result.files.first?.instances == 1 && result.files.first?.prices == 2)
        // A10 and P100 have no device in the fixture catalog: reported with their rows, first line first.
        #expect(result.unmapped.map(\.name) == ["A10", "P100"] && result.unmapped.map(\.rows) == [2, 2])
        #expect(result.unmapped.first?.firstLine == 4)
        #expect(result.rowsWithoutAccelerator == 3)
        #expect(result.diagnostics.filter { $0.code == "unmapped_accelerator" }.map(\.location.line) == [4, 6])

        let (catalog, diagnostics, overlay) = try Self.loadWith(result)
        defer { try? FileManager.default.removeItem(at: overlay) }
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.rendered)")
        let offer = try #require(catalog.offers.first { $0.id == "oci/BM.GPU.H100.8" })
        #expect(offer.deviceID == "h100-sxm" && offer.devicesPerUnit == 8)
        guard case .cloud(_, let prices) = offer.terms else { Issue.record("not cloud"); return }
        #expect(prices.map(\.region) == ["af-casablanca-1", "af-johannesburg-1"])
        #expect(prices.allSatisfy { $0.market == .africa && $0.perHour == 80 && $0.pricing == .onDemand && $0.asOf == Self.today })
        #expect(prices[0].source.contains("oci-vms-excerpt.csv") && prices[0].source.contains("read 2026-12-01"))
        #expect(offer.notes == "8x H100, 224 vCPU, 2048 GiB (SkyPilot row)")
    }

    @Test func zonesCollapseToTheLowestPriceOfTheRegion() throws {
        let text = """
            InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone
            p5.48xlarge,H100,8,192,2048,,98.32,31.5,us-east-1,us-east-1a
            p5.48xlarge,H100,8,192,2048,,98.32,29.9,us-east-1,us-east-1b
            """
        let request = PriceImportRequest(text: text, path: "vms.csv", format: .skypilot, provider: "aws", today: Self.today,
                                         deviceNames: ["H100": "h100-sxm"])
        let result = PriceImporter.run(request, catalog: Fixtures.catalog)
        let yaml = try #require(result.files.first?.text)
        #expect(yaml.contains("per_hour: 29.9") && !yaml.contains("per_hour: 31.5"))
        #expect(yaml.contains("notes: \"lowest of 2 zone rows\""))
        // The shipped instance of the same id is overridden, and the overlay says so when loaded.
        let (_, diagnostics, overlay) = try Self.loadWith(result)
        defer { try? FileManager.default.removeItem(at: overlay) }
        #expect(diagnostics.contains { $0.code == "override" && $0.message.contains("aws/p5.48xlarge") })
    }

    @Test func theGenericCSVRefreshesKnownInstancesAndAddsNewOnes() throws {
        let result = PriceImporter.run(try Self.request("generic-prices.csv", .csv, map: ["H100": "h100-sxm"]), catalog: Fixtures.catalog)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.rendered)")
        #expect(result.files.map(\.provider) == ["aws", "oci"])
        let (catalog, diagnostics, overlay) = try Self.loadWith(result)
        defer { try? FileManager.default.removeItem(at: overlay) }
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.rendered)")
        // aws/p5.48xlarge took its device and size from the catalog.
        let p5 = try #require(catalog.offers.first { $0.id == "aws/p5.48xlarge" })
        guard case .cloud(_, let awsPrices) = p5.terms else { Issue.record("not cloud"); return }
        #expect(p5.deviceID == "h100-sxm" && p5.devicesPerUnit == 8 && awsPrices.map(\.pricing) == [.reserved1y])
        let oci = try #require(catalog.offers.first { $0.id == "oci/BM.GPU.H100.8" })
        guard case .cloud(_, let prices) = oci.terms else { Issue.record("not cloud"); return }
        #expect(prices.map(\.pricing) == [.onDemand, .spot] && prices.map(\.market) == [.northAmerica, .northAmerica])
        #expect(prices[1].notes == "quoted, not public" && prices[1].source == "our quote, ref Q-17")
    }

    @Test func badRowsArePositionedErrorsAndNothingIsProduced() throws {
        let result = PriceImporter.run(try Self.request("generic-bad.csv", .csv), catalog: Fixtures.catalog)
        #expect(result.hasErrors && result.files.isEmpty)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.location.line) == [2, 3, 4, 4, 5, 5], "\(result.diagnostics.rendered)")
        #expect(errors.allSatisfy { $0.location.file == "generic-bad.csv" && $0.location.column == 1 })
        #expect(errors[0].code == "invalid_value" && errors[0].hint?.contains("on_demand") == true)
        #expect(Set(errors.map(\.code)) == ["invalid_value", "invalid_number", "invalid_date", "missing_value"])
    }

    @Test func fileLevelProblemsAreReported() {
        let noProvider = PriceImporter.run(PriceImportRequest(text: "InstanceType\n", path: "vms.csv", format: .skypilot, today: Self.today),
                                           catalog: Fixtures.catalog)
        #expect(noProvider.diagnostics.map(\.code) == ["missing_value"] && noProvider.diagnostics[0].hint?.contains("--provider") == true)
        let columns = PriceImporter.run(PriceImportRequest(text: "provider,instance,prise\n", path: "p.csv", format: .csv, today: Self.today),
                                        catalog: Fixtures.catalog)
        #expect(columns.diagnostics.map(\.code) == ["missing_column", "unknown_column"])
        #expect(columns.diagnostics.last?.hint?.contains("price") == true)
    }

    @Test func aRegionWithNoKnownMarketIsSkippedUnlessMapped() throws {
        let text = """
            provider,instance,region,pricing,price,currency,as_of,source,accelerator,accelerator_count
            azure,Standard_ND96isr_H100_v5,eastus,on_demand,98.32,USD,2026-11-30,price list,h100-sxm,8
            """
        var request = PriceImportRequest(text: text, path: "p.csv", format: .csv, today: Self.today)
        let skipped = PriceImporter.run(request, catalog: Fixtures.catalog)
        #expect(skipped.files.isEmpty && skipped.diagnostics.map(\.code) == ["unknown_region"])
        request.regionMarkets = ["eastus": .northAmerica]
        let mapped = PriceImporter.run(request, catalog: Fixtures.catalog)
        #expect(mapped.diagnostics.isEmpty && mapped.files.first?.text.contains("\"eastus\": north_america") == true)
    }

    @Test func quotedScalarsEscape() {
        #expect(PriceImporter.quoted("a \"b\" \\ c\n") == "\"a \\\"b\\\" \\\\ c\\n\"")
    }
}
