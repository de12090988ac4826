import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore

/// `infercost init`: writes a commented profile from flags, asking for what is missing when a
/// person is at a terminal; the profile is validated before it is written.
struct InitCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new commented profile from flags (or questions at a terminal), validated before it is written.",
        discussion: "Without a terminal every value must come from a flag. Exit status: 0, 64 a value is missing or wrong, 65 the profile does not validate, 73 the file exists (use --force) or cannot be written.")

    @Option(name: .long, help: "Profile name (report title).") var name: String?
    @Option(name: .long, help: "Model id, alias or Hugging Face name.", completion: Completions.models) var model: String?
    @Option(name: .customLong("requests-per-second"), help: "Average requests per second.") var requestsPerSecond: Double?
    @Option(name: .customLong("peak-to-average"), help: "Peak traffic as a multiple of the average.") var peakToAverage: Double?
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request.") var inputTokens: Int?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request (0 for embeddings).") var outputTokens: Int?
    @Option(name: .customLong("ttft-ms"), help: "Time-to-first-token target, ms.") var ttftMs: Double?
    @Option(name: .customLong("tpot-ms"), help: "Time-per-output-token target, ms (not for embeddings).") var tpotMs: Double?
    @Option(name: .long, help: "Percentile the TTFT target holds at: 50, 90, 95 or 99.") var percentile: Int?
    @Option(name: [.short, .long], help: ArgumentHelp("Write the profile here instead of stdout.", valueName: "file"),
            completion: Completions.yamlFiles)
    var output: String?
    @Flag(name: .long, help: "Overwrite --output if it exists.") var force = false
    @OptionGroup var catalog: CatalogOptions

    /// A value from its flag, else the answer to a question, else the default; nil when none.
    func value<T>(_ flag: T?, _ question: String, default fallback: T? = nil, _ env: CLIEnvironment, parse: (String) -> T?) -> T? {
        if let flag { return flag }
        guard let ask = env.ask else { return fallback }
        let shown = fallback.map { " [\($0)]" } ?? ""
        while true {
            guard let answer = ask("\(question)\(shown): ")?.trimmingCharacters(in: .whitespaces) else { return fallback }
            if answer.isEmpty, let fallback { return fallback }
            if let parsed = parse(answer) { return parsed }
            env.writeErr("  not a valid answer; try again")
        }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        let name = value(self.name, "Profile name", default: "New workload", env, parse: { $0 })
        let model = value(self.model, "Model (e.g. meta-llama/Llama-3.1-8B)", env, parse: { $0 })
        let rps = value(requestsPerSecond, "Average requests per second", env, parse: { Double($0) })
        let peak = value(peakToAverage, "Peak-to-average ratio", default: 2.0, env, parse: { Double($0) })
        let input = value(inputTokens, "Input tokens per request", env, parse: { Int($0) })
        let outputTokens = value(self.outputTokens, "Output tokens per request", env, parse: { Int($0) })
        let ttft = value(ttftMs, "TTFT target, ms", env, parse: { Double($0) })
        let tpot = (outputTokens ?? 0) > 0 ? value(tpotMs, "TPOT target, ms", env, parse: { Double($0) }) : nil
        let percentile = value(self.percentile, "Percentile of the TTFT target", default: 95, env, parse: { Int($0) })
        var missing: [String] = []
        if model == nil { missing.append("--model") }
        if rps == nil { missing.append("--requests-per-second") }
        if input == nil { missing.append("--input-tokens") }
        if outputTokens == nil { missing.append("--output-tokens") }
        if ttft == nil { missing.append("--ttft-ms") }
        guard missing.isEmpty, let name, let model, let rps, let peak, let input, let outputTokens, let ttft, let percentile else {
            env.writeErr("error: missing \(missing.joined(separator: ", ")) (no terminal to ask at)\n    hint: infercost init --model meta-llama/Llama-3.1-8B --requests-per-second 10 --input-tokens 1000 --output-tokens 200 --ttft-ms 800 --tpot-ms 50")
            return ExitStatus.usage
        }
        let path = output ?? "<stdout>"
        let schema = output.map { Self.schemaPath(from: $0) }
        let template = ProfileTemplate(name: name, modelID: model, requestsPerSecond: rps, peakToAverage: peak, inputTokens: input,
                                       outputTokens: outputTokens, ttftMs: ttft, tpotMs: tpot, percentile: percentile, schemaPath: schema)
        let (text, profile, diagnostics) = CatalogLoader.newProfile(template, path: path, catalog: loaded)
        if Diagnostics.report(diagnostics, env) || profile == nil { return ExitStatus.dataError }
        guard let output else { env.writeOut(String(text.dropLast())); return ExitStatus.success }
        if FileManager.default.fileExists(atPath: output), !force {
            env.writeErr("error: \(output) exists\n    hint: pass --force to overwrite it")
            return ExitStatus.cannotCreate
        }
        do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
            env.writeErr("error: cannot write \(output): \(error)")
            return ExitStatus.cannotCreate
        }
        env.writeOut("wrote \(output); next: infercost recommend \(output)")
        return ExitStatus.success
    }

    /// docs/schema/profile.schema.json relative to the file's folder, for the editor modeline
    /// (assumes the profile lives in this repository, below the current folder).
    static func schemaPath(from output: String) -> String {
        let depth = (output as NSString).deletingLastPathComponent.split(separator: "/").filter { $0 != "." }.count
        return String(repeating: "../", count: depth) + "docs/schema/profile.schema.json"
    }
}
