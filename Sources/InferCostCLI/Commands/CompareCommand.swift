import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost compare PROFILE`: buy vs rent (each commitment) vs per-token API vs hybrid over the horizon.
struct CompareCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare buying, renting (on-demand, reserved, spot), per-token APIs and a hybrid over the profile's horizon.",
        discussion: "Shows the best option of each kind, month-by-month and cumulative cost, break-even months, $/Mtok, energy and carbon, a sensitivity tornado and the assumptions with their values. --format html writes one self-contained page.")

    @Argument(help: "A profile YAML file (see Profiles/ and docs/profile-format.md).")
    var profile: String
    @Option(name: .long, help: "Output format: table, json, markdown or html.")
    var format: String = "table"
    @Flag(name: .long, help: "Also list on-prem options whose cost leaves out unsourced parts (shown apart, never ranked).")
    var allowIncomplete = false
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard CompareReport.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: table, json, markdown, html")
        }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let catalog = catalog.load(env) else { return ExitStatus.dataError }
        let (loaded, diagnostics) = CatalogLoader.loadProfile(at: URL(fileURLWithPath: profile), catalog: catalog)
        if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
        guard let loaded, let outputFormat = CompareReport.Format(rawValue: format) else { return ExitStatus.internalError }
        let fitted = calibration.load(env, catalog: catalog, database: database.url(env))
        let recommendation: Recommendation
        do {
            recommendation = try Recommender(catalog: catalog, today: env.today, calibration: fitted?.calibration).recommend(loaded)
        } catch {
            env.writeErr("internal error: \(error) after validation; please report it with the profile attached")
            return ExitStatus.internalError
        }
        let comparison = Comparer(catalog: catalog).compare(profile: loaded, recommendation: recommendation,
                                                             allowIncomplete: allowIncomplete)
        let basis = fitted.map { "calibrated physics, efficiency factors fitted to \($0.calibration.usedCount) measurements" }
            ?? "uncalibrated physics (--physics-only)"
        let report = CompareReport(profile: loaded, comparison: comparison, today: env.today, calibration: basis)
        env.writeOut(report.render(outputFormat))
        return comparison.options.isEmpty ? ExitStatus.noOption : ExitStatus.success
    }
}
