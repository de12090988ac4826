import Foundation
import InferCostCore
import InferCostCatalog
import Testing
@testable import InferCostStore

@Suite struct ResolverTests {
    static let catalog = Catalog(
        devices: [
            "h100-sxm": Device(id: "h100-sxm", name: "NVIDIA H100 SXM 80GB", vendor: "nvidia", kind: .gpu, memoryGB: 80,
                               memoryBandwidthGBs: 3350, denseTFLOPS: [:], precisions: [.bf16, .fp8], tdpW: 700,
                               aliases: ["NVIDIA H100-SXM-80GB", "H100 SXM"]),
            "h100-pcie": Device(id: "h100-pcie", name: "NVIDIA H100 PCIe 80GB", vendor: "nvidia", kind: .gpu, memoryGB: 80,
                                memoryBandwidthGBs: 2000, denseTFLOPS: [:], precisions: [.bf16], tdpW: 350),
        ],
        models: [
            "meta-llama--Llama-2-70b-hf": ModelSpec(
                id: "meta-llama--Llama-2-70b-hf", name: "Llama 2 70B", kind: .decoder, layers: 80, hiddenSize: 8192,
                intermediateSize: 28672, attentionHeads: 64, kvHeads: 8, vocabSize: 32000, maxContextTokens: 4096, mlp: .gated,
                tieWordEmbeddings: false, aliases: ["Llama-2-70B", "llama2-70b-99", "llama2-70b-99.9"], source: "test",
                asOf: Day(year: 2026, month: 1, day: 1)!),
        ])

    @Test func matchesIdNameAndAliasesExactlyIgnoringCaseAndSpace() {
        let resolver = MeasurementResolver(catalog: Self.catalog)
        #expect(resolver.device(named: "h100-sxm")?.id == "h100-sxm")
        #expect(resolver.device(named: "  nvidia h100 sxm 80gb ")?.id == "h100-sxm")
        #expect(resolver.device(named: "NVIDIA H100-SXM-80GB")?.id == "h100-sxm")
        #expect(resolver.device(named: "NVIDIA H100 PCIe 80GB")?.id == "h100-pcie")
        #expect(resolver.device(named: "H100") == nil)  // no fuzzy matching
        #expect(resolver.model(named: "LLAMA2-70B-99")?.id == "meta-llama--Llama-2-70b-hf")
        #expect(resolver.model(named: "Llama 2 70B")?.id == "meta-llama--Llama-2-70b-hf")
        #expect(resolver.model(named: "llama2-70b") == nil)
    }

    /// The key trims what Foundation's `whitespacesAndNewlines` trims (it did so through NSString before), no more.
    @Test func keyTrimsWhatFoundationTrims() {
        let names = ["h100", " H100 ", "\tH100\r\n", "\u{0B}\u{0C}H100\u{1C}\u{1F}", "\r\nx\r\n", "A\u{0}", "\u{00A0}H100\u{3000}", "\u{2028}a b\u{0085}", "\u{200B}H100\u{200B}",
                     "\u{FEFF}x", "", " \n ", "Ä é\u{0301}  ", "e\u{0301} ", " \u{0301}x", "x\u{2029}", "ÉCOLE\u{1680}"]
        for name in names {
            #expect(MeasurementResolver.key(name) == name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), "\(name.debugDescription)")
        }
    }

    @Test func unmappedRowsAreCountedPerDeviceAndModel() throws {
        let resolver = MeasurementResolver(catalog: Self.catalog)
        let parsed = try Fixtures.parse("mlperf/summary-v4.1-GigaComputing.csv")
        let unmapped = resolver.unmapped(parsed.measurements)
        // The H200 is not in this test catalog; llama2-70b-99 is (by alias) but its rows still lack a device.
        #expect(unmapped.first == MeasurementResolver.Unmapped(deviceName: "NVIDIA H200-SXM-141GB", modelName: "resnet50",
                                                              deviceKnown: false, modelKnown: false, rows: 2))
        #expect(unmapped.reduce(0) { $0 + $1.rows } == parsed.measurements.count)
        #expect(unmapped.contains { $0.modelName == "llama2-70b-99" && $0.modelKnown && !$0.deviceKnown && $0.rows == 1 })
        let mapped = sampleRows(3, device: "H100 SXM").map { row -> BenchmarkMeasurement in
            var row = row; row.modelName = "Llama-2-70B"; return row
        }
        #expect(resolver.unmapped(mapped).isEmpty && mapped.allSatisfy(resolver.isMapped))
    }

    /// Every device and model the shipped corpus names resolves against the shipped catalog (by id,
    /// name or alias); a row that does not would be silently left out of calibration.
    @Test func everyShippedCorpusRowResolvesAgainstTheShippedCatalog() throws {
        let (catalog, diagnostics) = CatalogLoader.load(root: Fixtures.catalogRoot)
        #expect(diagnostics.isEmpty)
        let rows = try PublishedCorpusTests.parsed().measurements
        #expect(rows.count == 723)
        let unmapped = MeasurementResolver(catalog: catalog).unmapped(rows)
        #expect(unmapped.isEmpty, "add catalog aliases for: \(unmapped.map { "\($0.deviceName) / \($0.modelName) (\($0.rows) rows)" })")
    }
}
