import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

/// One bad-input fixture per diagnostic code: the exact code, position, and a useful message or hint.
@Suite struct DiagnosticCodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// Under Fixtures/bad/.
        let file: String
        let code: String
        let severity: Diagnostic.Severity
        let line: Int
        let column: Int
        /// Text the message or hint must contain.
        let mentions: String
        var testDescription: String { "\(code) (\(file))" }

        init(_ file: String, _ code: String, _ line: Int, _ column: Int, _ mentions: String,
             severity: Diagnostic.Severity = .error) {
            self.file = file; self.code = code; self.line = line; self.column = column
            self.mentions = mentions; self.severity = severity
        }
    }

    static let cases: [Case] = [
        Case("yaml_syntax/profile.yaml", "yaml_syntax", 6, 11, "invalid YAML"),
        Case("wrong_type/profile.yaml", "wrong_type", 13, 12, "`targets.ttft_ms` must be a number"),
        Case("unknown_key/profile.yaml", "unknown_key", 14, 3, "did you mean `tpot_ms`?"),
        Case("missing_key/profile.yaml", "missing_key", 12, 1, "missing required key `ttft_ms` in `targets`"),
        Case("not_positive/profile.yaml", "not_positive", 10, 17, "must be a whole number from 1 to 10,000,000 tokens, found 0"),
        Case("out_of_range/profile.yaml", "out_of_range", 14, 15, "one of 50, 90, 95, 99"),
        Case("invalid_value/devices/nvidia/h100-sxm.yaml", "invalid_value", 5, 7, "did you mean `gpu`?"),
        Case("invalid_date/models/meta-llama--Llama-3.1-8B.yaml", "invalid_date", 23, 8, "YYYY-MM-DD"),
        Case("unknown_reference/profile.yaml", "unknown_reference", 3, 8, "did you mean `meta-llama--Llama-3.1-8B`?"),
        Case("unknown_reference_device/offers/cloud/acme.yaml", "unknown_reference", 9, 13, "did you mean `h100-sxm`?"),
        Case("duplicate_id/offers/cloud/acme.yaml", "duplicate_id", 17, 9, "first listed at line 8"),
        Case("duplicate_key/profile.yaml", "duplicate_id", 11, 3, "`input_tokens` appears twice"),
        Case("id_mismatch/models/meta-llama--Llama-3.1-8B.yaml", "id_mismatch", 2, 5, "file name is `meta-llama--Llama-3.1-8B`"),
        Case("unsourced_field/devices/nvidia/h100-sxm.yaml", "unsourced_field", 16, 8, "add `tdp_w` to the `fields`"),
        Case("schema_version/profile.yaml", "schema_version", 1, 17, "reads version 1"),
        Case("missing_price/offers/cloud/acme.yaml", "missing_price", 11, 13, "no prices", severity: .warning),
        Case("unknown_engine/profile.yaml", "unknown_engine", 16, 9, "did you mean `vllm`?", severity: .warning),
        Case("conflicting_keys/profile.yaml", "conflicting_keys", 9, 3, "not both"),
        Case("unsupported_precision/profile.yaml", "unsupported_precision", 5, 19, "cannot include `fp6`"),
        Case("control_character/profile.yaml", "control_character", 2, 7, "control character U+0000 at character 5"),
    ]

    @Test(arguments: cases) func badFixtureGivesExactlyOneDiagnostic(_ c: Case) throws {
        let url = Fixtures.url("bad/" + c.file)
        let diagnostics = CatalogLoader.validate(files: [url], catalog: Fixtures.catalog)
        #expect(diagnostics.count == 1, "\(diagnostics.rendered)")
        let d = try #require(diagnostics.first)
        #expect(d.code == c.code)
        #expect(d.severity == c.severity)
        #expect(d.location.file == url.path)
        #expect(d.location.line == c.line, "\(d.rendered)")
        #expect(d.location.column == c.column, "\(d.rendered)")
        #expect(d.message.contains(c.mentions) || (d.hint ?? "").contains(c.mentions), "\(d.rendered)")
        #expect(d.sourceLine != nil)
    }

    @Test func everyDocumentedCodeHasAFixtureOrTest() throws {
        let doc = try String(contentsOf: Fixtures.repository.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        let documented = Set(doc.matches(of: /^## `([a-z_]+)`/.anchorsMatchLineEndings()).map { String($0.output.1) })
        let fixtures = Set(Self.cases.map(\.code))
        // Exercised outside the table: a missing file and the Hugging Face importer's own codes.
        let elsewhere: Set = ["unreadable_file", "json_syntax", "unsupported_architecture", "unsupported_field"]
        #expect(documented == fixtures.union(elsewhere))
    }

    @Test func missingFileIsUnreadable() throws {
        let url = Fixtures.url("bad/does-not-exist.yaml")
        let diagnostics = CatalogLoader.validate(files: [url], catalog: Fixtures.catalog)
        #expect(diagnostics.map(\.code) == ["unreadable_file"])
        #expect(diagnostics.first?.location == Diagnostic.Location(file: url.path, line: 1, column: 1))
    }

    @Test func renderedDiagnosticHasCaretUnderTheValue() throws {
        let diagnostics = CatalogLoader.validate(files: [Fixtures.url("bad/invalid_value/devices/nvidia/h100-sxm.yaml")],
                                                 catalog: Fixtures.catalog)
        let text = try #require(diagnostics.first).rendered
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("h100-sxm.yaml:5:7: error: [invalid_value] `kind` cannot be `gpux`"))
        #expect(lines[1] == "    kind: gpux")
        #expect(lines[2] == "          ^")
        #expect(lines[3] == "    hint: did you mean `gpu`?")
    }

    @Test func everyProblemInAFileIsReportedInOnePass() throws {
        let yaml = """
            schema_version: 1
            name: Many problems
            model: nope
            precisions:
              weights: bf16
              kv_cache: [int4]
            traffic:
              peak_to_average: 0.5
              input_tokens: 10.5
              output_tokens: -1
            targets:
              ttft_ms: 0
              percentile: 95
            colour: blue
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let diagnostics = CatalogLoader.validate(files: [url], catalog: Fixtures.catalog)
        #expect(diagnostics.map(\.code) == [
            "unknown_reference", "wrong_type", "unsupported_precision", "missing_key", "out_of_range", "wrong_type",
            "out_of_range", "not_positive", "unknown_key",
        ], "\(diagnostics.rendered)")
        #expect(diagnostics == diagnostics.sorted())
    }

    @Test func garbageNeverCrashes() {
        let inputs = ["", "---", "[1, 2]", "just text", "schema_version: 1\nid: [a", "?: :", "a: &x 1\nb: *x",
                      "schema_version: 1\ninstances: {a: 1}", "\u{0}\u{1}", "schema_version: 1\nprovider: x\ninstances: [1, [2]]"]
        for kind in ["devices/nvidia/x.yaml", "offers/cloud/x.yaml", "offers/onprem/x.yaml", "models/x.yaml", "cost-defaults.yaml", "p.yaml"] {
            for (index, input) in inputs.enumerated() {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-garbage-\(UUID().uuidString)")
                let url = folder.appendingPathComponent(kind)
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? input.write(to: url, atomically: true, encoding: .utf8)
                let diagnostics = CatalogLoader.validate(files: [url], catalog: Catalog())
                #expect(!diagnostics.isEmpty, "input \(index) as \(kind)")
                try? FileManager.default.removeItem(at: folder)
            }
        }
    }
}
