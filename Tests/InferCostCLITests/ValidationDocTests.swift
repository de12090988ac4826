import Foundation
import Testing
@testable import InferCostCLI
import InferCostTestSupport

/// docs/validation.md carries the table `infercost bench validate --format markdown` prints on the
/// shipped corpus, between two markers; it fails when stale (`UPDATE_GOLDEN=1` rewrites the block and fails;
/// then run again without it).
@Suite struct ValidationDocTests {
    static let begin = "<!-- BEGIN `infercost bench validate --format markdown` (generated; UPDATE_GOLDEN=1 swift test --filter ValidationDocTests) -->"
    static let end = "<!-- END bench validate -->"

    @Test func validationTableIsCurrent() throws {
        let result = ShippedValidation.markdown
        #expect(result.status == 0, "\(result.stderr)")
        let url = GoldenTests.repository.appendingPathComponent("docs/validation.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/validation.md lacks the begin marker")
        let stop = try #require(text.range(of: Self.end), "docs/validation.md lacks the end marker")
        let generated = String(text[..<start.upperBound]) + "\n" + result.stdout + String(text[stop.lowerBound...])
        let failure = GoldenFile.check(generated, file: url, label: "docs/validation.md", rerun: "swift test --filter ValidationDocTests")
        #expect(failure == nil, "\(failure ?? "")")
    }
}

/// `infercost bench validate --format markdown` on the shipped corpus, run once per test process
/// (cross-validation refits the model dozens of times) and shared by ValidationDocTests and
/// AccuracyFloorTests.
enum ShippedValidation {
    static let markdown: (status: Int32, stdout: String, stderr: String) = {
        _ = FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path)
        return GoldenTests.run(["bench", "validate", "--format", "markdown"])
    }()
}
