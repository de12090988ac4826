import ArgumentParser
import Foundation
import InferCostCatalog

/// `infercost validate FILES`: check profiles and catalog files, print every problem.
struct ValidateCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check profile and catalog files; print every problem as path:line:col with a hint.",
        discussion: "Catalog files are recognised by their path (devices/, offers/cloud/, offers/onprem/, models/, cost-defaults.yaml, currencies.yaml); anything else is read as a profile. References are checked against the catalog.")

    @Argument(help: "Files to check.", completion: Completions.yamlFiles) var files: [String]
    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to validate") }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        let diagnostics = CatalogLoader.validate(files: files.map { URL(fileURLWithPath: $0) }, catalog: loaded)
        if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
        env.writeOut("\(files.count) file\(files.count == 1 ? "" : "s") ok")
        return ExitStatus.success
    }
}
