import Foundation
import Testing
import InferCostCLI

/// Exit statuses live in one place (ExitStatus.documented); the help and docs/cli.md must agree with it.
@Suite struct ConventionsTests {
    @Test func everyExitStatusIsInTheHelpAndTheDocs() throws {
        let doc = try String(contentsOf: GoldenTests.repository.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let help = GoldenTests.run(["--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
        for (status, meaning) in ExitStatus.documented {
            #expect(doc.contains("| \(status) |"), "docs/cli.md lacks exit status \(status)")
            let words = "\(status) \(meaning)".split(separator: " ").joined(separator: " ")
            #expect(help.split(separator: " ").joined(separator: " ").contains(words), "--help lacks `\(words)`")
        }
    }
}
