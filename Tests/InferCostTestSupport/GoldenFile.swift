import Foundation

/// Checks a generated text (a CLI golden, a generated doc) against the file that records it, and
/// rewrites the file only when asked with exactly `UPDATE_GOLDEN=1`. An update run never passes:
/// every check then fails, naming the file it rewrote (or saying it was already current), so a run
/// with the variable set cannot go green in CI by accident. Regenerating is two runs: one with
/// `UPDATE_GOLDEN=1` (fails, listing what it rewrote), then one without it (must pass).
public enum GoldenFile {
    public enum Mode: Equatable, Sendable {
        /// The variable is unset or empty: compare only.
        case compare
        /// `UPDATE_GOLDEN=1`: rewrite what differs, and fail.
        case update
        /// Any other value (`0`, `true`, ...): rewrite nothing, and fail saying so.
        case invalid(String)
    }

    /// The switch for goldens and generated docs. The accuracy floor has its own
    /// (`UPDATE_ACCURACY_FLOOR`), so regenerating goldens can never lower it.
    public static let goldenVariable = "UPDATE_GOLDEN"

    public static func mode(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                            variable: String = goldenVariable) -> Mode {
        switch environment[variable] {
        case nil, "": .compare
        case "1": .update
        case let other?: .invalid(other)
        }
    }

    /// Compares `generated` with the file at `url` (shown as `label`, a repository-relative path).
    /// Returns nil when the check passes, else the message to fail with. `rerun` is the command
    /// that regenerates the file, quoted in the messages with `variable`.
    public static func check(_ generated: String, file url: URL, label: String, rerun: String,
                             variable: String = goldenVariable, mode: Mode? = nil) -> String? {
        let mode = mode ?? GoldenFile.mode(variable: variable)
        let current = try? String(contentsOf: url, encoding: .utf8)
        switch mode {
        case .compare:
            guard let current else { return "\(label) is missing: run `\(variable)=1 \(rerun)`, then again without it" }
            if current == generated { return nil }
            return "\(label) is stale:\n\(diff(current, generated))\nif intended: `\(variable)=1 \(rerun)`, then run again without it and read the diff"
        case .update:
            if current == generated {
                return "\(variable)=1: \(label) is current, not rewritten (an update run always fails: run again without \(variable))"
            }
            do {
                try generated.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                return "\(variable)=1: could not rewrite \(label): \(error)"
            }
            return "\(variable)=1: rewrote \(label) (an update run always fails: run again without \(variable) and read the diff)"
        case .invalid(let value):
            return "\(variable)=\(value) rewrites nothing: only \(variable)=1 does; unset it to compare"
        }
    }

    /// Line diff: the lines that differ with their position, enough to see what moved.
    public static func diff(_ expected: String, _ actual: String) -> String {
        let x = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let y = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : nil) != (i < y.count ? y[i] : nil) {
            out.append("line \(i + 1):")
            if i < x.count { out.append("- \(x[i])") }
            if i < y.count { out.append("+ \(y[i])") }
            if out.count > 60 { out.append("..."); break }
        }
        return out.joined(separator: "\n")
    }
}
