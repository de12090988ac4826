import Foundation
import Testing
import InferCostCore
@testable import InferCostCatalog

/// `infercost fmt`: canonical key order at both levels, comments travel with their key, the
/// result loads to the same profile, formatting twice changes nothing, shipped profiles are formatted.
@Suite struct ProfileFormatterTests {
    static let shuffled = """
        # yaml-language-server: $schema=../docs/schema/profile.schema.json
        # Keys out of order, comments above keys, trailing spaces.
        targets:
          percentile: 95   
          # The UI must feel responsive.
          ttft_ms: 800
        model: meta-llama--Llama-3.1-8B
        schema_version: 1
        traffic:
          output_tokens: 250
          input_tokens: 1000
          peak_to_average: 2.5
          requests_per_second: 15


        # Accepted precisions.
        precisions:
          kv_cache: [bf16]
          weights: [bf16, fp8]
        name: Chat
        description: |
          Two lines

          with a blank line inside.

        """

    static let expected = """
        # yaml-language-server: $schema=../docs/schema/profile.schema.json
        # Keys out of order, comments above keys, trailing spaces.
        schema_version: 1
        name: Chat
        description: |
          Two lines

          with a blank line inside.
        model: meta-llama--Llama-3.1-8B
        # Accepted precisions.
        precisions:
          weights: [bf16, fp8]
          kv_cache: [bf16]
        traffic:
          requests_per_second: 15
          peak_to_average: 2.5
          input_tokens: 1000
          output_tokens: 250
        targets:
          # The UI must feel responsive.
          ttft_ms: 800
          percentile: 95

        """

    @Test func keysGoInCanonicalOrderWithTheirComments() throws {
        let (formatted, diagnostics) = try CatalogLoader.formatProfile(text: Self.shuffled, path: "p.yaml", catalog: Fixtures.catalog)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.rendered)")
        #expect(formatted == Self.expected)
        #expect(ProfileFormatter.format(Self.expected) == Self.expected, "formatting is idempotent")
    }

    @Test func aProfileWithErrorsIsNotFormatted() throws {
        let (formatted, diagnostics) = try CatalogLoader.formatProfile(text: "schema_version: 1\nname: x\n", path: "p.yaml", catalog: Fixtures.catalog)
        #expect(formatted == nil)
        #expect(diagnostics.contains { $0.code == "missing_key" })
    }

    @Test func shippedProfilesAreFormatted() throws {
        let folder = Fixtures.repository.appendingPathComponent("Profiles")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(ProfileFormatter.format(text) == text, "run `infercost fmt Profiles/\(name)`")
        }
    }
}
