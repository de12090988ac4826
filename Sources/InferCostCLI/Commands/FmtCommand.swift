import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore

/// `infercost fmt [--check] [PATH...]`: profiles in canonical key order and style, comments kept,
/// so that diffs stay small.
struct FmtCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite profiles in canonical key order and style, keeping comments (--check: only report).",
        discussion: "Exit status: 0, or 4 with --check when a file is not in canonical form; 65 when a profile has errors (nothing is written to it).")

    @Argument(help: ArgumentHelp("Profile files or folders of profiles (default: Profiles).", valueName: "path"), completion: Completions.yamlFiles)
    var paths: [String] = []
    @Flag(name: .long, help: "Write nothing; list the files that are not formatted and exit 4 if any.")
    var check = false
    @OptionGroup var catalog: CatalogOptions

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        var unformatted: [String] = []
        var diagnostics: [Diagnostic] = []
        for item in (paths.isEmpty ? ["Profiles"] : paths).flatMap({ ProfileInputs.onDisk($0) }) {
            guard let url = item.url, let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics += CatalogLoader.loadProfile(at: URL(fileURLWithPath: item.display), catalog: loaded).diagnostics
                continue
            }
            let formatted: String?
            do {
                let (text, found) = try CatalogLoader.formatProfile(text: text, path: item.display, catalog: loaded)
                formatted = text; diagnostics += found
            } catch {
                env.writeErr("internal error: \(error); please report it with the file attached")
                return ExitStatus.internalError
            }
            guard let formatted, formatted != text else { continue }
            unformatted.append(item.display)
            if check { continue }
            do { try formatted.write(to: url, atomically: true, encoding: .utf8) } catch {
                env.writeErr("error: cannot write \(item.display): \(error)")
                return ExitStatus.cannotCreate
            }
        }
        if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
        for path in unformatted { env.writeOut(check ? "not formatted: \(path)" : "formatted \(path)") }
        return check && !unformatted.isEmpty ? ExitStatus.notFormatted : ExitStatus.success
    }
}
