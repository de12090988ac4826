import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

@Suite struct CatalogLoaderTests {
    @Test func loadsTheFixtureCatalogWithoutDiagnostics() throws {
        let (catalog, diagnostics) = CatalogLoader.load(root: Fixtures.catalogRoot)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        #expect(catalog.devices.keys.sorted() == ["h100-sxm", "xeon-8480"])
        #expect(catalog.offers.map(\.id) == ["aws/m7i.48xlarge", "aws/p5.48xlarge", "onprem/hgx-h100-8"])
        #expect(catalog.models.keys.sorted() == ["meta-llama--Llama-3.1-8B"])
        #expect(catalog.costDefaults?.assumptions.pue == 1.56)
    }

    @Test func readsDeviceFacts() throws {
        let h100 = try #require(Fixtures.catalog.devices["h100-sxm"])
        #expect(h100.vendor == "nvidia" && h100.kind == .gpu && h100.launchYear == 2022)
        #expect(h100.memoryGB == 80 && h100.memoryBandwidthGBs == 3350 && h100.tdpW == 700)
        #expect(h100.denseTFLOPS == [.bf16: 989.5, .fp16: 989.5, .fp8: 1979, .int8: 1979])
        #expect(h100.precisions == [.bf16, .fp16, .fp8, .int8, .int4])
        #expect(h100.interconnect == Device.Interconnect(kind: .nvlink, bandwidthGBs: 450))
        #expect(h100.sources.first?.asOf == Day(year: 2023, month: 7, day: 1))

        let xeon = try #require(Fixtures.catalog.devices["xeon-8480"])
        #expect(xeon.kind == .cpu && xeon.memoryGB == nil)
        #expect(xeon.cpu == Device.CPU(cores: 56, memoryChannels: 8, memorySpeedMTs: 4800, matrixExtensions: ["amx_bf16", "amx_int8"]))
        #expect(xeon.notes == "test fixture")
    }

    @Test func readsCloudOffersWithExactPrices() throws {
        let offers = Fixtures.catalog.offers
        let p5 = try #require(offers.first { $0.id == "aws/p5.48xlarge" })
        #expect(p5.name == "p5.48xlarge" && p5.deviceID == "h100-sxm" && p5.devicesPerUnit == 8 && p5.provider == "aws")
        guard case .cloud(let provider, let prices) = p5.terms else { Issue.record("not a cloud offer"); return }
        #expect(provider == "aws")
        // Parsed from the text, never through Double: 98.32 stays 98.32.
        #expect(prices.map(\.perHour) == [Decimal(string: "98.32")!, Decimal(string: "31.4591")!])
        #expect(prices.map(\.pricing) == [.onDemand, .spot])
        #expect(prices[1].notes == "spot prices move hourly")
        #expect(prices[0].asOf == Day(iso: "2026-08-21"))

        let cpu = try #require(offers.first { $0.id == "aws/m7i.48xlarge" })
        #expect(cpu.memoryGBPerDevice == 384 && cpu.devicesPerUnit == 2)
    }

    @Test func readsOnPremOffers() throws {
        let server = try #require(Fixtures.catalog.offers.first { $0.id == "onprem/hgx-h100-8" })
        #expect(server.deployment == .onprem && server.provider == "onprem" && server.devicesPerUnit == 8)
        guard case .onPrem(let terms) = server.terms else { Issue.record("not on-prem"); return }
        #expect(terms.serverPrice == 289000 && terms.devicePrice == nil && terms.currency == "USD")
        #expect(terms.supportPerYear == Decimal(string: "12000.50"))
        #expect(terms.hostPowerW == 3500)
    }

    @Test func readsModelsAndCostDefaults() throws {
        let catalog = Fixtures.catalog
        let llama = try #require(catalog.models["meta-llama--Llama-3.1-8B"])
        #expect(llama.layers == 32 && llama.headDim == 128 && llama.kvHeads == 8 && !llama.tieWordEmbeddings)
        #expect(llama.asOf == Day(iso: "2024-07-23"))
        let defaults = try #require(catalog.costDefaults)
        #expect(defaults.assumptions.electricityUSDPerKWh == Decimal(string: "0.081"))
        #expect(defaults.assumptions.planningUtilization == 0.7)
        #expect(defaults.sources.count == 3)
    }

    @Test func missingRootIsReported() {
        let (catalog, diagnostics) = CatalogLoader.load(root: URL(fileURLWithPath: "/nonexistent/catalog"))
        #expect(catalog.devices.isEmpty)
        #expect(diagnostics.map(\.code) == ["unreadable_file"])
    }

    @Test func crossReferencesAreCheckedAfterLoading() throws {
        // A catalog whose offer names a device in a file read later still resolves; a missing one does not.
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("devices/intel/xeon-8480.yaml"))
        let (catalog, diagnostics) = CatalogLoader.load(root: root)
        #expect(diagnostics.map(\.code) == ["unknown_reference"])
        #expect(diagnostics.first?.location.line == 24)
        #expect(catalog.offers.map(\.id) == ["aws/p5.48xlarge", "onprem/hgx-h100-8"])
    }

    @Test func cpuOfferWithoutHostMemoryIsMissingKey() throws {
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        let aws = root.appendingPathComponent("offers/cloud/aws.yaml")
        let text = try String(contentsOf: aws, encoding: .utf8).replacingOccurrences(of: "    memory_gb_per_device: 384\n", with: "")
        try text.write(to: aws, atomically: true, encoding: .utf8)
        let diagnostics = CatalogLoader.load(root: root).diagnostics
        #expect(diagnostics.map(\.code) == ["missing_key"])
        #expect(diagnostics.first?.message.contains("memory_gb_per_device") == true)
    }

    @Test func duplicateDeviceAcrossVendorFolders() throws {
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("devices/amd")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: root.appendingPathComponent("devices/nvidia/h100-sxm.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "vendor: nvidia", with: "vendor: amd")
        try text.write(to: folder.appendingPathComponent("h100-sxm.yaml"), atomically: true, encoding: .utf8)
        let diagnostics = CatalogLoader.load(root: root).diagnostics
        #expect(diagnostics.map(\.code) == ["duplicate_id"])
        #expect(diagnostics.first?.location.file.hasSuffix("devices/nvidia/h100-sxm.yaml") == true)
        #expect(diagnostics.first?.hint?.contains("devices/amd/h100-sxm.yaml") == true)
    }

    @Test func relativePathsStayRelative() {
        let cwd = FileManager.default.currentDirectoryPath
        let relative = URL(fileURLWithPath: "no-such-profile.yaml", relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
        let diagnostics = CatalogLoader.validate(files: [relative], catalog: Catalog())
        #expect(diagnostics.first?.location.file == "no-such-profile.yaml")
        #expect(diagnostics.first?.code == "unreadable_file")
    }

    @Test func validateDetectsKindsFromPaths() {
        let files = [
            Fixtures.url("catalog/devices/nvidia/h100-sxm.yaml"), Fixtures.url("catalog/offers/cloud/aws.yaml"),
            Fixtures.url("catalog/offers/onprem/hgx-h100-8.yaml"), Fixtures.url("catalog/models/meta-llama--Llama-3.1-8B.yaml"),
            Fixtures.url("catalog/cost-defaults.yaml"), Fixtures.url("profiles/chat.yaml"),
        ]
        // The offers name xeon-8480, which only the full catalog has.
        #expect(CatalogLoader.validate(files: files, catalog: Fixtures.catalog).isEmpty)
        let alone = CatalogLoader.validate(files: files, catalog: Catalog())
        // Alone, xeon-8480 is unknown (error) and so is the profile's vendor `intel` (warning).
        #expect(alone.map(\.code) == ["unknown_reference", "unknown_reference"], "\(alone.rendered)")
        #expect(alone.map(\.severity) == [.error, .warning])
    }
}

/// A scratch copy of a fixture catalog that a test may change.
enum TemporaryCatalog {
    static func copy(_ source: URL) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }
}
