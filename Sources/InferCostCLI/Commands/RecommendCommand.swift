import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost recommend PROFILE`: the lowest-TCO deployments that meet the profile.
struct RecommendCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank the deployments that meet a profile's targets by total cost of ownership.")

    @Argument(help: "A profile YAML file (see Profiles/ and docs/profile-format.md).", completion: Completions.yamlFiles)
    var profile: String
    @Option(name: .long, parsing: .unconditional, help: "How many options to show.")
    var top: Int = 10
    @Flag(name: .long, help: "List every rejected candidate group with the rule that rejected it.")
    var explain = false
    @Flag(name: .long, help: "Also find the cheapest fleet of up to 3 offer types serving the profile's request classes (traffic.request_mix), beside the best single offer type.")
    var mix = false
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        try Domains.rowsFlag.check(top, flag: "--top")
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let catalog = catalog.load(env) else { return ExitStatus.dataError }
        let (loaded, diagnostics) = CatalogLoader.loadProfile(at: URL(fileURLWithPath: profile), catalog: catalog)
        if Diagnostics.report(diagnostics, env) { return ExitStatus.dataError }
        guard let loaded else { return ExitStatus.internalError }
        let recommendation: Recommendation
        var fleet: FleetPlan?
        let fitted = calibration.load(env, catalog: catalog, database: database.url(env))
        do {
            var recommender = Recommender(catalog: catalog, today: env.today, calibration: fitted?.calibration)
            recommender.gathersRejections = explain
            recommendation = try recommender.recommend(loaded)
            if mix { fleet = try FleetPlanner(recommender: recommender).plan(loaded) }
        } catch {
            env.writeErr("internal error: \(error) after validation; please report it with the profile attached")
            return ExitStatus.internalError
        }
        let basis = fitted.map {
            "calibrated physics, efficiency factors fitted to \($0.calibration.usedCount) measurements (per device where it has data under the profile's engine, else its class's fit); times carry the out-of-sample error of `infercost bench validate`"
        } ?? "uncalibrated physics (--physics-only)"
        var report = RecommendReport(profile: loaded, recommendation: recommendation, top: top, explain: explain, calibration: basis)
        report.maxWidth = format.width(env)
        report.fleet = fleet
        env.writeOut(report.render(format.format))
        return recommendation.ranked.isEmpty ? ExitStatus.noOption : ExitStatus.success
    }
}
