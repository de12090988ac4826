import Foundation
import InferCostCore

/// What `infercost check` prints: each profile's recommended deployment against the policy,
/// and every violation with its rule, profile and amount. Amounts are US dollars.
public struct CheckReport: Sendable, Encodable {
    public static let schemaVersion = 1
    /// The policy file, or nil when none was given (only the built-in `feasible` rule applies).
    public var policyPath: String?
    public var results: [PolicyCheckResult]
    /// The table's width limit (the terminal's); nil: every column. Table format only.
    public var maxWidth: Int?

    public init(policyPath: String?, results: [PolicyCheckResult]) { self.policyPath = policyPath; self.results = results }

    public var violations: [PolicyViolation] { results.flatMap(\.violations) }
    public var passed: Bool { violations.isEmpty }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", policy, currency, passed, profiles, violations
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(policyPath, forKey: .policy)
        try c.encode(Money.base, forKey: .currency)
        try c.encode(passed, forKey: .passed)
        try c.encode(results, forKey: .profiles)
        try c.encode(violations, forKey: .violations)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .csv: csv()
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        }
    }

    static let columns = ["profile", "deployment", "$/month", "TCO", "$/Mtok", "latency vs target", "result"]
    static let numericColumns: Set<Int> = [2, 3, 4]
    static let dropOrder = [4, 3, 5, 1]

    func cells(_ r: PolicyCheckResult) -> [String] {
        let b = r.best
        let outcome = ProfileOutcome(name: r.name, modelID: "", targets: r.targets, reportCurrency: Money.base, best: b, optionsPassing: b == nil ? 0 : 1)
        return [r.path, b?.label ?? "no option meets the targets", b?.usdPerMonth.map(DiffReport.money) ?? "-",
                b?.tcoUSD.map(DiffReport.money) ?? "-", b?.usdPerMillionTokens.map(DiffReport.money) ?? "-",
                DiffReport.latency(outcome), r.violations.isEmpty ? "ok" : "\(r.violations.count) violation\(r.violations.count == 1 ? "" : "s")"]
    }

    func text(markdown md: Bool) -> String {
        let count = violations.count
        let policy = policyPath.map { "policy `\($0)`" } ?? "no policy file (only: a deployment must meet each profile)"
        var out: [String] = []
        let verdict = passed ? "passed" : "FAILED: \(count) violation\(count == 1 ? "" : "s")"
        out.append((md ? "### " : "") + "InferCost check \(verdict) — \(results.count) profile\(results.count == 1 ? "" : "s"), \(policy)")
        out.append("")
        let table = TextTable(header: Self.columns, rows: results.map(cells), rightAligned: Self.numericColumns)
        if md { out.append(table.markdown()) } else { out += TextTable.fittedLines(table, width: maxWidth, dropOrder: Self.dropOrder) }
        if !passed {
            out.append("")
            out.append(md ? "**Violations**" : "Violations:")
            out += violations.map { "- " + $0.line }
        }
        return out.joined(separator: "\n")
    }

    func csv() -> String {
        var lines = ["path,rule,message,actual,limit"]
        for v in violations {
            lines.append([v.profile, v.rule.rawValue, v.message, CSVNumber.plain(v.actual), CSVNumber.plain(v.limit)]
                .map(Escape.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
