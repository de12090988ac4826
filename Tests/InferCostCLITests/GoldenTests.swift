import Foundation
import Testing
import InferCostCLI
import InferCostCore
import InferCostTestSupport

/// CLI golden tests: each folder under Golden/ holds `args` (one argument per line; `$GOLDEN` is
/// that folder) and `expected` (exit status, stdout, stderr). The CLI runs in-process against the
/// shipped Catalog/ with today fixed at 2026-12-01 and the terminal width pinned (`COLUMNS=80`);
/// the recorded text has every decimal number with more than 6 significant digits rounded to 6
/// (`roundedForGolden`), so the last digits of a fit cannot differ across platforms and maths
/// libraries. `UPDATE_GOLDEN=1 swift test --filter GoldenTests` rewrites what changed and fails
/// listing it; run again without the variable (docs/testing.md, "Goldens").
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
                                   today: Day(year: 2026, month: 12, day: 1)!, writeOut: { _ in }, writeErr: { _ in })
        return CLI.run(["bench", "calibrate"], environment: quiet)
    }()

    /// Terminal width the help text wraps to (ArgumentParser reads `COLUMNS` before asking the terminal).
    /// Any other terminal-dependent input a command gains must be pinned here too.
    static let pinnedTerminal: Bool = {
        setenv("COLUMNS", "80", 1)
        unsetenv("LINES")
        return true
    }()

    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        #expect(pinnedTerminal)
        #expect(calibrated == 0)
        let capture = Capture()
        let env = CLIEnvironment(
            catalogRoot: URL(fileURLWithPath: "Catalog"), benchDatabase: benchDatabase, today: Day(year: 2026, month: 12, day: 1)!,
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
        let actual = Self.roundedForGolden("exit: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)")
        let failure = GoldenFile.check(actual, file: folder.appendingPathComponent("expected"), label: "\(relativeFolder)/expected",
                                       rerun: "swift test --filter GoldenTests")
        #expect(failure == nil, "\(failure ?? "")")
    }

    /// Significant digits a golden keeps of a long decimal number: more than a table prints, fewer
    /// than a Double's 17, whose last digits depend on the platform's maths library.
    static let significantDigits = 6

    /// The text with every decimal number that carries more than `significantDigits` significant
    /// digits rounded to that many, but never to fewer than 2 decimals (money stays to the cent):
    /// `0.09684309857864201` -> `0.0968431`, `756.269164054574` -> `756.269`,
    /// `2.4000000000000004` -> `2.4`, `5171238.7245` -> `5171238.72`. Shorter numbers, integers,
    /// dates and versions are left as the product printed them.
    static func roundedForGolden(_ text: String) -> String {
        // The character before a number is captured (Swift regexes have no lookbehind) and kept.
        text.replacing(/(^|[^\w.])(-?\d+\.\d+(?:[eE][-+]?\d+)?)(?![\w.])/) { match in
            let (before, literal) = (String(match.output.1), String(match.output.2))
            let mantissa = literal.prefix { $0 != "e" && $0 != "E" }
            guard mantissa.filter(\.isNumber).drop(while: { $0 == "0" }).count > significantDigits,
                  let value = Double(literal), value.isFinite else { return before + literal }
            guard mantissa.count == literal.count, abs(value) >= 1 else {
                return before + String(format: "%.\(significantDigits)g", value)
            }
            let integerDigits = Int(log10(abs(value))) + 1
            var rounded = String(format: "%.\(max(significantDigits - integerDigits, 2))f", value)
            while rounded.hasSuffix("0") { rounded.removeLast() }
            if rounded.hasSuffix(".") { rounded.removeLast() }
            return before + rounded
        }
    }
}
