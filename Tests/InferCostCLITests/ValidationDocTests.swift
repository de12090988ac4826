import Foundation
import Testing
@testable import InferCostCLI

/// docs/validation.md carries the table `infercost bench validate --format markdown` prints on the
/// shipped corpus, between two markers; it fails when stale (UPDATE_GOLDEN=1 rewrites the block).
@Suite struct ValidationDocTests {
    static let begin = "<!-- BEGIN `infercost bench validate --format markdown` (generated; UPDATE_GOLDEN=1 swift test --filter ValidationDocTests) -->"
    static let end = "<!-- END bench validate -->"

    @Test func validationTableIsCurrent() throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(["bench", "validate", "--format", "markdown"])
        #expect(result.status == 0, "\(result.stderr)")
        let url = GoldenTests.repository.appendingPathComponent("docs/validation.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/validation.md lacks the begin marker")
        let stop = try #require(text.range(of: Self.end), "docs/validation.md lacks the end marker")
        let current = String(text[start.upperBound..<stop.lowerBound])
        let generated = "\n" + result.stdout
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil, current != generated {
            try (String(text[..<start.upperBound]) + generated + String(text[stop.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == generated, "docs/validation.md is stale: run UPDATE_GOLDEN=1 swift test --filter ValidationDocTests")
    }
}
