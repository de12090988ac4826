import Foundation
import InferCostCore

/// What `infercost diff` prints: a summary of the cost and deployment changes, each with its
/// causes; as Markdown it is a pull-request comment (summary table, details collapsed).
/// Amounts are US dollars in every format.
public struct DiffReport: Sendable, Encodable {
    public static let schemaVersion = 1
    public var diff: DeploymentDiff
    /// Policy violations found by `diff --policy`; nil when no policy was given.
    public var violations: [PolicyViolation]?
    /// The table's width limit (the terminal's); nil: every column. Table format only.
    public var maxWidth: Int?

    public init(diff: DeploymentDiff, violations: [PolicyViolation]? = nil) {
        self.diff = diff; self.violations = violations
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", base, head, currency, summary, profiles, catalogChanges = "catalog_changes"
        case violations
    }
    struct Summary: Encodable {
        var profiles: Int, changed: Int, added: Int, removed: Int
        var usdPerMonth: AmountDelta, tcoDeltaUSD: Decimal
        enum CodingKeys: String, CodingKey {
            case profiles, changed, added, removed, usdPerMonth = "usd_per_month", tcoDeltaUSD = "tco_delta_usd"
        }
    }
    var summary: Summary {
        let d = diff
        return Summary(profiles: d.profiles.count, changed: d.changed.count,
                       added: d.profiles.filter { $0.status == .added }.count, removed: d.profiles.filter { $0.status == .removed }.count,
                       usdPerMonth: AmountDelta(baseUSD: d.monthlyBaseUSD, headUSD: d.monthlyBaseUSD + d.monthlyDeltaUSD),
                       tcoDeltaUSD: d.tcoDeltaUSD)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(diff.baseLabel, forKey: .base); try c.encode(diff.headLabel, forKey: .head)
        try c.encode(Money.base, forKey: .currency)
        try c.encode(summary, forKey: .summary)
        try c.encode(diff.profiles, forKey: .profiles)
        try c.encode(diff.catalogChanges, forKey: .catalogChanges)
        if let violations { try c.encode(violations, forKey: .violations) }
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .csv: csv()
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        }
    }

    // MARK: Cells

    static let columns = ["profile", "status", "deployment", "$/month", "change", "TCO change", "$/Mtok", "latency vs target", "causes"]
    static let numericColumns: Set<Int> = [3, 4, 5, 6]
    static let dropOrder = [1, 6, 5, 7, 2, 3]

    /// Three significant figures without a trailing `.0`.
    static func number(_ x: Double) -> String {
        let text = NumberFormat.short(x)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func money(_ usd: Decimal) -> String { "$" + NumberFormat.usd(usd) }
    static func signed(_ usd: Decimal) -> String {
        (usd < 0 ? "-" : "+") + "$" + NumberFormat.usd(usd < 0 ? -usd : usd)
    }
    static func percent(_ p: Double?) -> String {
        guard let p else { return "" }
        return " (" + (p >= 0 ? "+" : "") + Self.number(p) + "%)"
    }
    static func change(_ d: AmountDelta?) -> String {
        guard let d else { return "-" }
        return signed(d.deltaUSD) + percent(d.percent)
    }
    static func arrow(_ a: String?, _ b: String?) -> String {
        switch (a, b) {
        case let (x?, y?): x == y ? x : "\(x) → \(y)"
        case let (nil, y?): "→ \(y)"
        case let (x?, nil): "\(x) →"
        default: "-"
        }
    }
    static func deployment(_ o: ProfileOutcome?) -> String? {
        guard let o else { return nil }
        return o.best?.label ?? "no option meets the targets"
    }
    static func cost(_ o: ProfileOutcome?) -> String? { o.map { $0.best?.usdPerMonth.map(money) ?? "-" } }
    static func perToken(_ o: ProfileOutcome?) -> String? { o.map { $0.best?.usdPerMillionTokens.map(money) ?? "-" } }

    /// `TTFT 420/800 ms, TPOT 38/45 ms` for the head (the base when removed).
    static func latency(_ o: ProfileOutcome?) -> String {
        guard let o else { return "-" }
        guard let best = o.best else { return "no option meets the targets" }
        var text = "TTFT \(Self.number(best.ttftMs))/\(Self.number(o.targets.ttftMs)) ms p\(Int(o.targets.percentile))"
        if let tpot = best.tpotMs, let target = o.targets.tpotMs {
            text += ", TPOT \(Self.number(tpot))/\(Self.number(target)) ms"
        }
        return text
    }

    static func cells(_ p: ProfileDiff) -> [String] {
        let causes: String
        switch p.status {
        case .added: causes = "profile added"
        case .removed: causes = "profile removed"
        default: causes = p.causes.isEmpty ? "-" : p.causes.map(\.text).joined(separator: "; ")
        }
        return [p.path, p.status.rawValue, arrow(deployment(p.base), deployment(p.head)), arrow(cost(p.base), cost(p.head)),
                change(p.monthly), p.tco.map { signed($0.deltaUSD) } ?? "-", arrow(perToken(p.base), perToken(p.head)),
                latency(p.head ?? p.base), causes]
    }

    // MARK: Renderers

    var headline: String {
        let d = diff, changed = d.changed.count
        guard changed > 0 else { return "No cost change: \(d.profiles.count) profile\(d.profiles.count == 1 ? "" : "s") unchanged" }
        let percentText = summary.usdPerMonth.percent.map { " (" + ($0 >= 0 ? "+" : "") + Self.number($0) + "%)" } ?? ""
        return "\(Self.signed(d.monthlyDeltaUSD))/month\(percentText), TCO \(Self.signed(d.tcoDeltaUSD)): \(changed) of \(d.profiles.count) profile\(d.profiles.count == 1 ? "" : "s") changed"
    }

    func text(markdown md: Bool) -> String {
        let d = diff
        var out: [String] = []
        out.append(md ? "### InferCost: \(headline)" : headline)
        out.append("Base `\(d.baseLabel)` → head `\(d.headLabel)`; amounts in USD per month of the recommended (lowest-TCO) deployment.")
        if let violations {
            out.append(violations.isEmpty ? "Policy: passed." : "Policy: \(violations.count) violation\(violations.count == 1 ? "" : "s") (see below).")
        }
        let rows = d.changed.map(Self.cells)
        if !rows.isEmpty {
            out.append("")
            let table = TextTable(header: Self.columns, rows: rows, rightAligned: Self.numericColumns)
            if md { out.append(table.markdown()) } else { out += TextTable.fittedLines(table, width: maxWidth, dropOrder: Self.dropOrder) }
        }
        if let violations, !violations.isEmpty {
            out.append("")
            out.append(md ? "**Policy violations**" : "Policy violations:")
            out += violations.map { "- " + $0.line }
        }
        let details = detailLines()
        if !details.isEmpty {
            out.append("")
            if md { out += ["<details><summary>Details: \(d.changed.count) profile\(d.changed.count == 1 ? "" : "s"), \(d.catalogChanges.count) catalog change\(d.catalogChanges.count == 1 ? "" : "s")</summary>", ""] }
            out += details
            if md { out += ["", "</details>"] }
        }
        return out.joined(separator: "\n")
    }

    /// Per changed profile: before and after in full, the causes, the split; then the catalog changes.
    func detailLines() -> [String] {
        var out: [String] = []
        for p in diff.changed {
            if !out.isEmpty { out.append("") }
            out.append("\(p.path) (\(p.status.rawValue))")
            for (word, side) in [("before", p.base), ("after", p.head)] {
                guard let side else { continue }
                guard let b = side.best else { out.append("- \(word): no option meets the targets"); continue }
                let cost = b.usdPerMonth.map { Self.money($0) + "/month" } ?? "cost unknown"
                let tco = b.tcoUSD.map { ", TCO " + Self.money($0) } ?? ""
                out.append("- \(word): \(b.label) (\(b.region ?? b.provider), TP\(b.tensorParallel)xPP\(b.pipelineParallel), batch \(b.batch)); \(cost)\(tco); \(Self.latency(side))")
            }
            for cause in p.causes { out.append("- cause: \(cause.text)") }
            if let a = p.attribution {
                out.append("- of the monthly change: profile edits \(Self.signed(a.profileUSDPerMonth)), catalog changes \(Self.signed(a.catalogUSDPerMonth))")
            }
        }
        if !diff.catalogChanges.isEmpty {
            if !out.isEmpty { out.append("") }
            out.append("Catalog changes (\(diff.catalogChanges.count))")
            let shown = diff.catalogChanges.prefix(Self.catalogLinesShown)
            out += shown.map { "- \($0.text)" }
            if diff.catalogChanges.count > shown.count {
                out.append("- … and \(diff.catalogChanges.count - shown.count) more (`--format json` lists all)")
            }
        }
        return out
    }

    /// Catalog changes listed in the text formats; JSON has all.
    static let catalogLinesShown = 10

    func csv() -> String {
        let header = ["path", "status", "base_deployment", "head_deployment", "base_usd_per_month", "head_usd_per_month",
                      "delta_usd_per_month", "delta_percent", "delta_tco_usd", "base_usd_per_mtok", "head_usd_per_mtok", "causes"]
        var lines = [header.joined(separator: ",")]
        for p in diff.profiles {
            let cells = [p.path, p.status.rawValue, p.base?.best?.label ?? "", p.head?.best?.label ?? "",
                         CSVNumber.plain(p.base?.best?.usdPerMonth), CSVNumber.plain(p.head?.best?.usdPerMonth),
                         CSVNumber.plain(p.monthly?.deltaUSD), p.monthly?.percent.map { NumberFormat.fixed($0, 2) } ?? "",
                         CSVNumber.plain(p.tco?.deltaUSD), CSVNumber.plain(p.base?.best?.usdPerMillionTokens),
                         CSVNumber.plain(p.head?.best?.usdPerMillionTokens), p.causes.map(\.text).joined(separator: "; ")]
            lines.append(cells.map(Escape.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}

/// Plain numbers for CSV: no thousands separators, no currency sign, cents kept.
enum CSVNumber {
    static func plain(_ d: Decimal?) -> String {
        guard let d else { return "" }
        var value = d, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        return "\(rounded)"
    }
}
