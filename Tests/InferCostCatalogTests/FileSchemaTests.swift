import Foundation
import Testing
import InferCostTestSupport
@testable import InferCostCatalog

/// The editor schemas for catalog files (docs/schema) name exactly the keys the loader reads,
/// and every shipped file satisfies its schema.
@Suite struct FileSchemaTests {
    struct Kind: Sendable, CustomStringConvertible {
        var schema: String
        var keys: [String]
        /// Shipped files of this kind, relative to the repository.
        var files: @Sendable () -> [String]
        var description: String { schema }
    }

    static func yaml(under folder: String) -> [String] {
        let root = Fixtures.repository.appendingPathComponent(folder)
        let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    static let kinds: [Kind] = [
        Kind(schema: "device", keys: DeviceFile.keys, files: { yaml(under: "Catalog/devices") }),
        Kind(schema: "cloud-offers", keys: CloudOfferFile.keys, files: { yaml(under: "Catalog/offers/cloud") }),
        Kind(schema: "onprem-offer", keys: OnPremOfferFile.keys, files: { yaml(under: "Catalog/offers/onprem") }),
        Kind(schema: "api-offers", keys: APIOfferFile.keys, files: { yaml(under: "Catalog/offers/api") }),
        Kind(schema: "grid-carbon", keys: GridCarbonFile.keys, files: { ["Catalog/grid-carbon.yaml"] }),
        Kind(schema: "model", keys: ModelFile.keys, files: { yaml(under: "Catalog/models") }),
        Kind(schema: "cost-defaults", keys: CostDefaultsFile.keys, files: { ["Catalog/cost-defaults.yaml"] }),
        Kind(schema: "currencies", keys: CurrenciesFile.keys, files: { ["Catalog/currencies.yaml"] }),
        Kind(schema: "profile", keys: ProfileFile.keys, files: { yaml(under: "Profiles") }),
        Kind(schema: "policy", keys: PolicyFile.keys, files: { ["docs/ci/policy.yaml"] }),
    ]

    static func schema(_ name: String) throws -> (url: URL, object: [String: Any]) {
        let url = Fixtures.repository.appendingPathComponent("docs/schema/\(name).schema.json")
        return (url, try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]))
    }

    @Test(arguments: kinds.map(\.schema))
    func schemaKeysAreTheLoadersKeys(_ name: String) throws {
        let kind = try #require(Self.kinds.first { $0.schema == name })
        let properties = try #require(try Self.schema(name).object["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(kind.keys), "docs/schema/\(name).schema.json must list the keys the loader reads")
    }

    @Test(arguments: kinds.map(\.schema))
    func shippedFilesSatisfyTheirSchema(_ name: String) throws {
        let kind = try #require(Self.kinds.first { $0.schema == name })
        let files = kind.files()
        #expect(!files.isEmpty)
        let url = try Self.schema(name).url
        for file in files {
            let text = try String(contentsOf: Fixtures.repository.appendingPathComponent(file), encoding: .utf8)
            let errors = try SchemaCheck.errors(YAMLJSON.value(text), schemaAt: url)
            #expect(errors.isEmpty, "\(file): \(errors.prefix(5))")
        }
    }
}
