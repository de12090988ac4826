import ArgumentParser

/// `infercost`: which deployment serves this model, at this traffic and latency, for the least money.
public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "infercost",
        abstract: "Recommend the lowest-TCO deployment for an LLM inference workload.",
        discussion: "Docs: docs/getting-started.md, docs/cli.md. `infercost --version` prints the version, the catalog's date and the corpus size; `--generate-completion-script bash|zsh|fish` a shell completion script; `--generate-manual` a man page. Exit status: \(ExitStatus.summary).",
        subcommands: [RecommendCommand.self, CompareCommand.self, EstimateCommand.self, TuneCommand.self, SimulateCommand.self, DiffCommand.self, CheckCommand.self, ValidateCommand.self, InitCommand.self, FmtCommand.self, CatalogCommand.self, ModelCommand.self, BenchCommand.self])
    public init() {}
}
