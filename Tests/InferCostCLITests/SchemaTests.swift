import Foundation
import Testing
import InferCostCLI
import InferCostTestSupport

/// Every JSON output validates against its schema in docs/schema, checked on real CLI output
/// (the file schemas are checked against the loaders and shipped files in FileSchemaTests).
/// To add an output: write docs/schema/VERB.schema.json and add a case to `outputs`.
@Suite struct SchemaTests {
    static let schemas = GoldenTests.repository.appendingPathComponent("docs/schema")
    static let golden = "Tests/InferCostCLITests/Golden"

    /// Schema file -> the arguments of a command whose stdout must satisfy it.
    static let outputs: [(schema: String, arguments: [String])] = [
        ("estimate", ["estimate", "--model", "meta-llama--Llama-3.1-8B", "--device", "h100-sxm", "--input-tokens", "1000",
                      "--output-tokens", "200", "--batch", "8", "--format", "json"]),
        ("recommend", ["recommend", "Profiles/embeddings.yaml", "--top", "3", "--explain", "--format", "json"]),
        ("recommend", ["recommend", "Profiles/mixed-lengths.yaml", "--top", "2", "--mix", "--format", "json"]),
        ("diff", ["diff", "\(golden)/diff-files-markdown/base.yaml", "\(golden)/diff-files-markdown/head.yaml", "--format", "json",
                  "--policy", "\(golden)/diff-policy-table/policy.yaml"]),
        ("check", ["check", "Profiles/embeddings.yaml", "--policy", "\(golden)/check-policy-fails/policy.yaml", "--format", "json"]),
        ("compare", ["compare", "Profiles/cio-llama70b-buy-vs-rent.yaml", "--format", "json"]),
        ("tune", ["tune", "--model", "Qwen--Qwen3-30B-A3B", "--device", "h100-sxm", "--input-tokens", "2000", "--output-tokens", "400",
                  "--rate", "4", "--ttft-ms", "1000", "--tpot-ms", "50", "--format", "json"]),
    ]

    @Test(arguments: Array(Set(outputs.map(\.schema))).sorted())
    func jsonOutputSatisfiesItsSchema(_ name: String) throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        for arguments in Self.outputs.filter({ $0.schema == name }).map(\.arguments) {
            let result = GoldenTests.run(arguments)
            #expect(!result.stdout.isEmpty, "\(result.stderr)")
            let errors = try SchemaCheck.errors(json: result.stdout, schemaAt: Self.schemas.appendingPathComponent("\(name).schema.json"))
            #expect(errors.isEmpty, "\(name) \(arguments): \(errors.prefix(10))")
        }
    }

    @Test func everyOutputSchemaIsTested() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemas.path)
        let fileKinds: Set<String> = ["profile", "policy", "common", "device", "cloud-offers", "onprem-offer", "model", "currencies", "cost-defaults", "api-offers", "grid-carbon"]
        let outputSchemas = Set(files.filter { $0.hasSuffix(".schema.json") }.map { String($0.dropLast(12)) }).subtracting(fileKinds)
        #expect(outputSchemas == Set(Self.outputs.map(\.schema)), "add each docs/schema output schema to SchemaTests.outputs")
    }

    static func yamlErrors(_ path: String, schema: String) throws -> [String] {
        let text = try String(contentsOf: GoldenTests.repository.appendingPathComponent(path), encoding: .utf8)
        return try SchemaCheck.errors(YAMLJSON.value(text), schemaAt: schemas.appendingPathComponent("\(schema).schema.json"))
    }

    @Test func aWrongProfileFailsTheSchema() throws {
        let errors = try Self.yamlErrors("Tests/InferCostCLITests/Golden/validate-bad-profile/profile.yaml", schema: "profile")
        #expect(!errors.isEmpty)
        let policyErrors = try Self.yamlErrors("\(Self.golden)/validate-bad-policy/bad.policy.yaml", schema: "policy")
        #expect(policyErrors.contains { $0.contains("max_tco") })
    }

    @Test func thePullRequestCommentFitsOnOneScreen() throws {
        let expected = try String(contentsOfFile: GoldenTests.repository.appendingPathComponent("\(Self.golden)/diff-files-markdown/expected").path,
                                  encoding: .utf8)
        let stdout = expected.components(separatedBy: "--- stdout\n").last?.components(separatedBy: "--- stderr").first ?? ""
        #expect(stdout.split(separator: "\n", omittingEmptySubsequences: false).count <= 40)
        #expect(stdout.contains("<details>"))
    }
}
