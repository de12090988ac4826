import ArgumentParser

/// `infercost --generate-manual`: a man page (roff) made from the commands' own help, so it
/// never drifts from `--help`. docs/man/infercost.1 is its output, kept current by a test.
enum ManPage {
    static func render() -> String {
        var out = [
            ".TH INFERCOST 1 \"\" \"infercost \(CLI.versionNumber)\" \"User Commands\"",
            ".SH NAME",
            "infercost \\- \(escape(RootCommand.configuration.abstract))",
            ".SH DESCRIPTION",
        ]
        out += block(RootCommand.helpMessage(columns: 80))
        out.append(".SH COMMANDS")
        for (path, command) in commands(RootCommand.self, path: ["infercost"]).dropFirst() {
            out.append(".SS \"\(path.joined(separator: " "))\"")
            out += block(RootCommand.helpMessage(for: command, columns: 80))
        }
        out.append(".SH EXIT STATUS")
        for (status, meaning) in ExitStatus.documented { out += [".TP", "\(status)", escape(meaning)] }
        out += [".SH SEE ALSO", "docs/cli.md, docs/profile-format.md, docs/policy-format.md in the InferCost repository."]
        return out.joined(separator: "\n")
    }

    /// Every command and subcommand, depth first, with its words.
    static func commands(_ command: any ParsableCommand.Type, path: [String]) -> [([String], any ParsableCommand.Type)] {
        [(path, command)] + command.configuration.subcommands.flatMap { commands($0, path: path + [$0._commandName]) }
    }

    static func block(_ text: String) -> [String] {
        [".nf"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) } + [".fi"]
    }

    /// Backslashes, and a leading `.` or `'` that roff would read as a request.
    static func escape(_ line: String) -> String {
        let text = line.replacingOccurrences(of: "\\", with: "\\e")
        return text.hasPrefix(".") || text.hasPrefix("'") ? "\\&" + text : text
    }
}
