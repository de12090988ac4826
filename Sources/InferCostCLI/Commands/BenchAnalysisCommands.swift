import ArgumentParser
import Foundation
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost bench calibrate`: fit the efficiency factors to the stored measurements and save the fit.
struct BenchCalibrateCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the efficiency factors to the stored measurements, save the fit, and print it.",
        discussion: "estimate and recommend fit automatically when the data or the catalog changed; this command refits and shows the result. docs/validation.md explains the method.")
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var database: DatabaseOptions

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        do {
            let provider = try CalibrationProvider(database: database.url(env), catalog: loaded, catalogRoot: env.catalogRoot)
            let prepared = try provider.prepare()
            guard !prepared.samples.isEmpty else {
                env.writeErr("error: no stored measurement can be used for fitting (\(prepared.measurementCount) stored)\n    hint: import results with `infercost bench import FILE`, and map their devices and models with catalog aliases")
                return ExitStatus.dataError
            }
            let calibration = try provider.fitAndSave(prepared)
            env.writeOut(CalibrationReport(calibration: calibration, setAside: prepared.setAside)
                .render(format.format))
            return ExitStatus.success
        } catch {
            env.writeErr("error: benchmark store \(database.url(env).path): \(error)")
            return ExitStatus.cannotCreate
        }
    }
}

/// `infercost bench validate`: out-of-sample error by cross-validation; never scored on a fit's own rows.
struct BenchValidateCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report the calibrated model's out-of-sample error (leave one source out, leave one device out).",
        discussion: "Median and P90 absolute percentage error per metric family and device, beside the uncalibrated physics on the same rows, and the worst rows; then the serving simulator against runs measured at a request rate. docs/validation.md holds the current tables. --format csv writes one line per held-out prediction instead (worst first, per holdout), for analysis elsewhere.")
    @Option(name: .long, parsing: .unconditional,
            help: "Worst rows to list per holdout (default: 10; with --format csv, every held-out row).") var worst: Int?
    @Option(name: .long, help: "Holdout to run: source, device, or all (both).") var holdout = "all"
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let worst { try Domains.rowsFlag.check(worst, flag: "--worst") }
        guard holdout == "all" || CrossValidation.Holdout(rawValue: holdout) != nil else {
            throw ValidationError("--holdout must be source, device or all")
        }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        do {
            let provider = try CalibrationProvider(database: database.url(env), catalog: loaded, catalogRoot: env.catalogRoot)
            let prepared = try provider.prepare()
            let holdouts = CrossValidation.Holdout(rawValue: holdout).map { [$0] } ?? CrossValidation.Holdout.allCases
            var summary = CrossValidation.summary(prepared.samples, measurementCount: prepared.measurementCount,
                                                  setAside: prepared.setAside, worst: worst ?? (format.format == .csv ? .max : 10),
                                                  holdouts: holdouts)
            if format.format != .csv {  // the csv holds the held-out rows only: no simulation to run for it
                summary.serving = ServingValidation.summary(prepared.servingRows, calibration: try provider.current(prepared).calibration)
            }
            let report = ValidationReport(summary)
            env.writeOut(report.render(format.format))
            return ExitStatus.success
        } catch {
            env.writeErr("error: benchmark store \(database.url(env).path): \(error)")
            return ExitStatus.cannotCreate
        }
    }
}
