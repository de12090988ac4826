import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

/// The catalog and profiles the repository ships must load with no diagnostics at all.
@Suite struct ShippedDataTests {
    static var catalogRoot: URL { Fixtures.repository.appendingPathComponent("Catalog") }
    static var profilesFolder: URL { Fixtures.repository.appendingPathComponent("Profiles") }

    @Test func shippedCatalogLoadsWithZeroDiagnostics() {
        let (catalog, diagnostics) = CatalogLoader.load(root: Self.catalogRoot)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        #expect(!catalog.models.isEmpty && !catalog.devices.isEmpty && !catalog.offers.isEmpty)
        #expect(catalog.costDefaults != nil)
        for offer in catalog.offers { #expect(catalog.devices[offer.deviceID] != nil, "\(offer.id)") }
    }

    @Test func validatingEveryShippedFileFindsNothing() throws {
        // The same files through `infercost validate`, which tells each file's kind from its path.
        let catalog = CatalogLoader.load(root: Self.catalogRoot).catalog
        var files: [URL] = []
        for folder in [Self.catalogRoot, Self.profilesFolder] {
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "yaml" { files.append(url) }
            }
        }
        #expect(files.count > 10)
        let diagnostics = CatalogLoader.validate(files: files, catalog: catalog)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
    }

    @Test func shippedProfilesLoadWithZeroDiagnostics() throws {
        let catalog = CatalogLoader.load(root: Self.catalogRoot).catalog
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.profilesFolder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let (profile, diagnostics) = CatalogLoader.loadProfile(at: Self.profilesFolder.appendingPathComponent(name), catalog: catalog)
            #expect(diagnostics.isEmpty, "\(name):\n\(diagnostics.rendered)")
            #expect(profile != nil, "\(name)")
        }
    }

    @Test func shippedModelsMatchTheirHuggingFaceConfigs() throws {
        // Each kept config.json imports to exactly the shipped model file.
        let pairs = [
            ("llama-3.1-8b.json", "meta-llama--Llama-3.1-8B"),
            ("mixtral-8x7b.json", "mistralai--Mixtral-8x7B-Instruct-v0.1"),
            ("bert-bge-large.json", "BAAI--bge-large-en-v1.5"),
            ("deepseek-v3.json", "deepseek-ai--DeepSeek-V3"),
            ("deepseek-v3.json", "deepseek-ai--DeepSeek-R1"),
            ("gpt-oss-120b.json", "openai--gpt-oss-120b"),
            ("gpt-oss-20b.json", "openai--gpt-oss-20b"),
            ("qwen3-30b-a3b.json", "Qwen--Qwen3-30B-A3B"),
            ("qwen3-32b.json", "Qwen--Qwen3-32B"),
            ("qwen3-8b.json", "Qwen--Qwen3-8B"),
            ("gemma-3-27b-it.json", "google--gemma-3-27b-it"),
            ("llama-4-maverick-17b-128e.json", "meta-llama--Llama-4-Maverick-17B-128E"),
            ("gpt-j-6b.json", "EleutherAI--gpt-j-6b"),
        ]
        let catalog = CatalogLoader.load(root: Self.catalogRoot).catalog
        for (config, id) in pairs {
            let url = Fixtures.url("hf-configs/" + config)
            try #require(FileManager.default.fileExists(atPath: url.path), "fixture hf-configs/\(config) is missing")
            let shipped = try #require(catalog.models[id], "the shipped catalog has no model \(id)")
            let (imported, diagnostics) = HuggingFaceConfigImporter.importConfig(at: url, id: id, source: shipped.source, asOf: shipped.asOf)
            #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
            var expected = shipped
            expected.name = imported?.name ?? ""
            expected.aliases = []  // aliases are ours, not the config's
            #expect(imported == expected, "\(config)")
        }
    }
}
