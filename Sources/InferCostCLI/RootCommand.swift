import ArgumentParser

/// `infercost`: which deployment serves this model, at this traffic and latency, for the least money.
public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "infercost",
        abstract: "Recommend the lowest-TCO deployment for an LLM inference workload.",
        discussion: "Docs: docs/getting-started.md, docs/cli.md. `infercost --version` prints the version, the catalog's date and the corpus size. Exit status: \(ExitStatus.summary).",
        subcommands: [RecommendCommand.self, CompareCommand.self, EstimateCommand.self, TuneCommand.self, SimulateCommand.self, DiffCommand.self, CheckCommand.self, ValidateCommand.self, CatalogCommand.self, ModelCommand.self, BenchCommand.self])
    public init() {}
}
