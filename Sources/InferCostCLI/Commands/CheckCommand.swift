import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost check [--policy FILE] [PROFILE|FOLDER...]`: the CI gate. Every profile must load,
/// have a deployment that meets it, and keep the policy's rules.
struct CheckCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check profiles against a budget and policy file (a CI gate).",
        discussion: """
            Recommends each profile and checks its recommended deployment against the policy \
            (docs/policy-format.md): budget caps, allowed and denied vendors, providers, markets and pricing, \
            price freshness, redundancy, required targets. Without --policy, ./policy.yaml is used when it exists. \
            Exit status: 0 passed, 3 a rule is violated (each violation names the rule, the profile and the amount), \
            65 a profile or the policy has errors.
            """)

    @Argument(help: ArgumentHelp("Profile files or folders of profiles (default: Profiles).", valueName: "path"), completion: Completions.yamlFiles)
    var paths: [String] = []
    @Option(name: .long, help: ArgumentHelp("The policy file (default: ./policy.yaml when it exists).", valueName: "file"), completion: Completions.yamlFiles)
    var policy: String?
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    static let defaultPolicy = "policy.yaml"


    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
        let items = (paths.isEmpty ? ["Profiles"] : paths).flatMap { ProfileInputs.onDisk($0) }
        let (profiles, diagnostics) = ProfileInputs.load(items, catalog: loaded)
        let policyPath = policy ?? (FileManager.default.fileExists(atPath: Self.defaultPolicy) ? Self.defaultPolicy : nil)
        var policyValue = Policy()
        var policyDiagnostics: [Diagnostic] = []
        if let policyPath {
            let (read, found) = CatalogLoader.loadPolicy(at: URL(fileURLWithPath: policyPath), catalog: loaded)
            policyDiagnostics = found
            if let read { policyValue = read }
        }
        if Diagnostics.report(diagnostics + policyDiagnostics, env) { return ExitStatus.dataError }
        if items.isEmpty {
            env.writeErr("error: no profiles found in \(paths.isEmpty ? "Profiles" : paths.joined(separator: ", "))")
            return ExitStatus.usage
        }
        let fitted = calibration.load(env, catalog: loaded, database: database.url(env))
        let ordered = items.compactMap { item in profiles[item.key].map { (path: item.key, profile: $0) } }
        let results = PolicyCheck(policy: policyValue, catalog: loaded, today: env.today).results(for: ordered, calibration: fitted?.calibration)
        var report = CheckReport(policyPath: policyPath, results: results)
        report.maxWidth = format.width(env)
        env.writeOut(report.render(format.format))
        return report.passed ? ExitStatus.success : ExitStatus.policyViolation
    }
}
