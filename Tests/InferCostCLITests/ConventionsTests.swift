import Foundation
import Testing
@testable import InferCostCLI

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

/// The man page and shell completions come from the commands' own definitions.
@Suite struct ManPageAndCompletionTests {
    @Test func theShippedManPageIsCurrent() throws {
        let result = GoldenTests.run(["--generate-manual"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(".TH INFERCOST 1"))
        for verb in ["recommend", "estimate", "diff", "check", "init", "fmt", "validate", "catalog lint"] {
            #expect(result.stdout.contains(".SS \"infercost \(verb)\""), "\(verb) missing from the man page")
        }
        let url = GoldenTests.repository.appendingPathComponent("docs/man/infercost.1")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try result.stdout.write(to: url, atomically: true, encoding: .utf8)
        }
        let shipped = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(shipped == result.stdout, "docs/man/infercost.1 is stale: run UPDATE_GOLDEN=1 swift test --filter ManPageAndCompletionTests")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverTheCommands(_ shell: String) {
        let result = GoldenTests.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for word in ["recommend", "diff", "check", "fmt", "format", "---completion"] {
            #expect(result.stdout.contains(word), "\(shell) script lacks \(word)")
        }
    }

    @Test func catalogIDsComplete() {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        #expect(Completions.ids(.models).contains("meta-llama--Llama-3.1-8B"))
        #expect(Completions.ids(.devices).contains("h100-sxm"))
        #expect(Completions.ids(.offers).contains { $0.hasPrefix("aws/") })
    }
}
