import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore

/// `infercost model import config.json`: a Hugging Face config.json (local file) to a catalog model file.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Work with model files.", subcommands: [Import.self])

    struct Import: InferCostCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Turn a local Hugging Face config.json into a catalog model file (no network).",
            discussion: "Writes YAML to stdout, or to --output (never overwriting an existing file without --force).")

        @Argument(help: "Path to a config.json.") var config: String
        @Option(name: .long, help: "Model id: the Hugging Face repo id with '/' replaced by '--', e.g. meta-llama--Llama-3.1-8B.") var id: String
        @Option(name: .long, help: "Where the config came from (default: the file path).") var source: String?
        @Option(name: .customLong("as-of"), help: "Date of the config, YYYY-MM-DD (default: today).") var asOf: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?
        @Flag(name: .long, help: "Overwrite --output if it exists.") var force = false

        func validate() throws {
            if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD") }
            guard !id.isEmpty, !id.contains("/") else { throw ValidationError("--id must be non-empty and use '--' instead of '/'") }
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            let date = asOf.flatMap(Day.init(iso:)) ?? env.today
            let (model, diagnostics) = HuggingFaceConfigImporter.importConfig(
                at: URL(fileURLWithPath: config), id: id, source: source ?? config, asOf: date)
            if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
            guard let model else { return ExitStatus.internalError }
            let yaml = HuggingFaceConfigImporter.yaml(for: model)
            guard let output else { env.writeOut(yaml); return ExitStatus.success }
            let url = URL(fileURLWithPath: output)
            if FileManager.default.fileExists(atPath: url.path) && !force {
                env.writeErr("error: \(output) exists\n    hint: pass --force to overwrite it")
                return ExitStatus.cannotCreate
            }
            do {
                try Data(yaml.utf8).write(to: url, options: .atomic)
            } catch {
                env.writeErr("error: cannot write \(output): \(error.localizedDescription)")
                return ExitStatus.cannotCreate
            }
            env.writeOut("wrote \(output) (\(NumberFormat.short(model.totalParameters / 1e9))B parameters)")
            return ExitStatus.success
        }
    }
}
