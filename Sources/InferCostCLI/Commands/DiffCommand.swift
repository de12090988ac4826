import ArgumentParser
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine
import InferCostReport

/// `infercost diff BASE HEAD` or `infercost diff --git BASE_REV[..HEAD_REV] [PATH...]`: what a
/// change to profiles (and the catalog) does to their recommended deployments, and why.
struct DiffCommand: InferCostCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how a change to profiles or the catalog changes their recommended deployments and costs, and why.",
        discussion: """
            BASE and HEAD are two profile files or two folders of profiles (paired by path). With --git, \
            the paths (default: Profiles) are read at BASE_REV and at HEAD_REV (default: the working tree), \
            and so is the catalog when git tracks it. `A...B` compares B with its merge base with A. \
            Exit status: 0, or 3 when --policy is given and a rule is violated (docs/policy-format.md).
            """)

    @Argument(help: ArgumentHelp("BASE HEAD (files or folders); with --git, the profile paths to compare.", valueName: "path"), completion: Completions.yamlFiles)
    var paths: [String] = []
    @Option(name: .long, help: ArgumentHelp("Compare git revisions: BASE_REV, BASE_REV..HEAD_REV or BASE_REV...HEAD_REV.", valueName: "range"))
    var git: String?
    @Option(name: .long, help: ArgumentHelp("Also check the change against a policy file.", valueName: "file"), completion: Completions.yamlFiles)
    var policy: String?
    @OptionGroup var format: FormatOption
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var calibration: CalibrationOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if git == nil, paths.count != 2 { throw ValidationError("give BASE and HEAD (two profile files or two folders), or --git RANGE") }
        if let git, git.isEmpty || git.hasPrefix("..") { throw ValidationError("--git needs a base revision, e.g. --git main or --git main..HEAD") }
    }

    /// The base and head revisions of `--git`; a nil head is the working tree.
    static func revisions(_ range: String, git: Git) throws(Git.Failure) -> (base: String, head: String?, baseLabel: String) {
        if let r = range.range(of: "...") {
            let a = String(range[..<r.lowerBound]), b = String(range[r.upperBound...])
            let head = b.isEmpty ? "HEAD" : b
            return (try git.mergeBase(a, head), head, "merge-base(\(a), \(head))")
        }
        if let r = range.range(of: "..") {
            let a = String(range[..<r.lowerBound]), b = String(range[r.upperBound...])
            return (a, b.isEmpty ? "HEAD" : b, a)
        }
        return (range, nil, range)
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let headCatalogNow = catalog.load(env) else { return ExitStatus.dataError }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let overlays = Array(catalog.roots(env).dropFirst())

        var baseItems: [ProfileInputs.Item], headItems: [ProfileInputs.Item]
        var baseCatalog = headCatalogNow, headCatalog = headCatalogNow
        let baseLabel: String, headLabel: String
        if let range = git {
            let git = Git()
            do {
                let (base, head, label) = try Self.revisions(range, git: git)
                for revision in [base] + (head.map { [$0] } ?? []) { _ = try git.commit(revision) }
                let targets = paths.isEmpty ? ["Profiles"] : paths
                baseItems = try ProfileInputs.atRevision(base, paths: targets, git: git)
                headItems = try head.map { try ProfileInputs.atRevision($0, paths: targets, git: git) }
                    ?? targets.flatMap { ProfileInputs.onDisk($0) }
                baseLabel = label; headLabel = head ?? "working tree"
                for item in baseItems.indices { baseItems[item].display = baseItems[item].display.replacingOccurrences(of: "\(base):", with: "\(label):") }
                if let side = try ProfileInputs.catalog(at: base, root: env.catalogRoot, into: scratch.appendingPathComponent("base")) {
                    guard let loaded = loadCatalog([side] + overlays, env) else { return ExitStatus.dataError }
                    baseCatalog = loaded
                }
                if let head, let side = try ProfileInputs.catalog(at: head, root: env.catalogRoot, into: scratch.appendingPathComponent("head")) {
                    guard let loaded = loadCatalog([side] + overlays, env) else { return ExitStatus.dataError }
                    headCatalog = loaded
                }
            } catch {
                env.writeErr("error: \(error)\n    hint: run inside the git repository; --git takes BASE_REV, BASE_REV..HEAD_REV or BASE_REV...HEAD_REV")
                return ExitStatus.usage
            }
        } else {
            var isFolder: (ObjCBool, ObjCBool) = (false, false)
            let exists = (FileManager.default.fileExists(atPath: paths[0], isDirectory: &isFolder.0),
                          FileManager.default.fileExists(atPath: paths[1], isDirectory: &isFolder.1))
            if exists.0, exists.1, isFolder.0.boolValue != isFolder.1.boolValue {
                env.writeErr("error: BASE and HEAD must both be files or both be folders")
                return ExitStatus.usage
            }
            if isFolder.0.boolValue {
                baseItems = ProfileInputs.onDisk(paths[0], relativeToFolder: true)
                headItems = ProfileInputs.onDisk(paths[1], relativeToFolder: true)
            } else {
                // Two files are one profile, shown under the head's path.
                baseItems = [ProfileInputs.Item(key: paths[1], display: paths[0], url: URL(fileURLWithPath: paths[0]))]
                headItems = [ProfileInputs.Item(key: paths[1], display: paths[1], url: URL(fileURLWithPath: paths[1]))]
            }
            baseLabel = paths[0]; headLabel = paths[1]
        }

        let (base, baseDiagnostics) = ProfileInputs.load(baseItems, catalog: baseCatalog)
        let (head, headDiagnostics) = ProfileInputs.load(headItems, catalog: headCatalog)
        var policyValue: Policy?
        var policyDiagnostics: [Diagnostic] = []
        if let policy {
            (policyValue, policyDiagnostics) = CatalogLoader.loadPolicy(at: URL(fileURLWithPath: policy), catalog: headCatalog)
        }
        if Diagnostics.report(baseDiagnostics + headDiagnostics + policyDiagnostics, env) { return ExitStatus.dataError }

        let fitted = calibration.load(env, catalog: headCatalog, database: database.url(env))
        let diff = ProfileDiffer(baseCatalog: baseCatalog, headCatalog: headCatalog, today: env.today, calibration: fitted?.calibration)
            .diff(base: base, head: head, baseLabel: baseLabel, headLabel: headLabel)
        let violations = policyValue.map { PolicyCheck(policy: $0, catalog: headCatalog, today: env.today).violations(diff) }
        var report = DiffReport(diff: diff, violations: violations)
        report.maxWidth = format.width(env)
        env.writeOut(report.render(format.format))
        return (violations ?? []).isEmpty ? ExitStatus.success : ExitStatus.policyViolation
    }

    /// A catalog at a revision: only its errors are printed (its notes repeat the current catalog's).
    func loadCatalog(_ roots: [URL], _ env: CLIEnvironment) -> Catalog? {
        let (loaded, diagnostics) = CatalogLoader.load(roots: roots)
        return Diagnostics.report(diagnostics.filter { $0.severity == .error }, env) ? nil : loaded
    }
}
