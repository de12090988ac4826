import ArgumentParser

/// `infercost`: which deployment serves this model, at this traffic and latency, for the least money.
public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "infercost",
        abstract: "Recommend the lowest-TCO deployment for an LLM inference workload.",
        discussion: "Docs: docs/getting-started.md, docs/cli.md. Exit status: 0 ok, 1 no option meets the profile, 64 usage, 65 bad input data, 70 internal error.",
        subcommands: [RecommendCommand.self, CompareCommand.self, EstimateCommand.self, ValidateCommand.self, CatalogCommand.self, ModelCommand.self, BenchCommand.self])
    public init() {}
}
