import Foundation
import Testing
import InferCostCLI
import InferCostCore

/// CLI golden tests: each folder under Golden/ holds `args` (one argument per line; `$GOLDEN` is
/// that folder) and `expected` (exit status, stdout, stderr). The CLI runs in-process against the
/// shipped Catalog/ with today fixed at 2026-11-21. `UPDATE_GOLDEN=1 swift test` rewrites them.
/// A golden test answers "did it change?", not "is it right?": accuracy lives in the engine tests.
@Suite struct GoldenTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: goldenRoot.path)) ?? []).sorted()

    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var out = "", err = ""
        func write(_ text: String, error: Bool) { lock.withLock { if error { err += text + "\n" } else { out += text + "\n" } } }
        var stdout: String { lock.withLock { out } }
        var stderr: String { lock.withLock { err } }
    }

    /// One fresh database per test process, shared by the cases (the store is safe for concurrent use).
    static let benchDatabase = FileManager.default.temporaryDirectory
        .appendingPathComponent("infercost-golden-\(ProcessInfo.processInfo.processIdentifier)").appendingPathComponent("bench.sqlite")

    /// Fits the calibration once, before any case runs, so no case's output depends on being first.
    static let calibrated: Int32 = {
        let quiet = CLIEnvironment(catalogRoot: URL(fileURLWithPath: "Catalog"), benchDatabase: benchDatabase,
                                   today: Day(year: 2026, month: 11, day: 21)!, writeOut: { _ in }, writeErr: { _ in })
        return CLI.run(["bench", "calibrate"], environment: quiet)
    }()

    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        #expect(calibrated == 0)
        let capture = Capture()
        let env = CLIEnvironment(
            catalogRoot: URL(fileURLWithPath: "Catalog"), benchDatabase: benchDatabase, today: Day(year: 2026, month: 11, day: 21)!,
            writeOut: { capture.write($0, error: false) }, writeErr: { capture.write($0, error: true) })
        let status = CLI.run(arguments, environment: env)
        return (status, capture.stdout, capture.stderr)
    }

    @Test func thereAreGoldenCases() { #expect(Self.cases.count >= 10) }

    @Test(arguments: cases)
    func golden(_ name: String) throws {
        // Paths in arguments and diagnostics are relative to the repository root, as a user types them.
        #expect(FileManager.default.changeCurrentDirectoryPath(Self.repository.path))
        let folder = Self.goldenRoot.appendingPathComponent(name)
        let relativeFolder = "Tests/InferCostCLITests/Golden/\(name)"
        let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.replacingOccurrences(of: "$GOLDEN", with: relativeFolder) }
        let result = Self.run(args)
        let actual = "exit: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
        let expectedURL = folder.appendingPathComponent("expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "(missing expected file)"
        #expect(actual == expected, "golden \(name) changed:\n\(Self.diff(expected, actual))\nrun UPDATE_GOLDEN=1 swift test --filter GoldenTests if intended")
    }

    /// Line diff: the first differing lines with context, enough to see what moved.
    static func diff(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : nil) != (i < y.count ? y[i] : nil) {
            if i < x.count { out.append("- \(x[i])") }
            if i < y.count { out.append("+ \(y[i])") }
            if out.count > 40 { out.append("..."); break }
        }
        return out.joined(separator: "\n")
    }
}
