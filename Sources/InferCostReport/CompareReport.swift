import Foundation
import InferCostCore

/// What `infercost compare` prints: buy vs rent vs API vs hybrid over the profile's horizon.
public struct CompareReport: Sendable, Encodable {
    public static let schemaVersion = 1

    /// The formats compare renders (HTML only here: it is the report people forward).
    public enum Format: String, Sendable, CaseIterable {
        case table, json, markdown, html
    }

    public var profile: Profile
    public var comparison: Comparison
    public var today: Day
    /// Where the estimates' efficiency factors come from.
    public var calibration: String

    public init(profile: Profile, comparison: Comparison, today: Day, calibration: String) {
        self.profile = profile; self.comparison = comparison; self.today = today; self.calibration = calibration
    }

    var money: Money { profile.money }
    func amount(_ usd: Decimal) -> String { money.format(usd) }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", profile, today, currency, reportCurrency = "report_currency", answer
        case comparison, calibration
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(profile, forKey: .profile)
        try c.encode(today, forKey: .today)
        try c.encode(Money.base, forKey: .currency)
        try c.encode(money.reportCurrency, forKey: .reportCurrency)
        try c.encode(answer, forKey: .answer)
        try c.encode(comparison, forKey: .comparison)
        try c.encode(calibration, forKey: .calibration)
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        case .html: CompareHTML(report: self).render()
        }
    }

    // MARK: The answer, in one sentence

    var years: String { NumberFormat.short(Double(comparison.horizonMonths) / 12) }

    /// The cheapest complete option, what it costs, and how buying compares with the best rent.
    public var answer: String {
        guard let best = comparison.best else {
            return "No option with a complete cost meets the profile's targets; see why the rest lost."
        }
        var s = "\(best.label) is the cheapest option: \(amount(best.nominalUSD)) over \(years) years (NPV \(amount(best.npvUSD)))."
        let buy = comparison.options.first { $0.kind == .buy }
        let rents = comparison.options.filter { $0.kind == .rent }
        if let buy, let rent = rents.min(by: { $0.nominalUSD < $1.nominalUSD }) {
            let delta = buy.nominalUSD - rent.nominalUSD
            let word = delta < 0 ? "saves" : "costs"
            s += " Buying (\(buy.label)) \(word) \(amount(abs(delta))) against the best rent (\(rent.label))"
            if let month = comparison.breakEvens.first(where: { $0.rent == rent.label })?.month {
                s += "; it breaks even in month \(month)."
            } else {
                s += "; it does not break even within \(comparison.horizonMonths) months."
            }
        }
        return s
    }

    // MARK: Shared rows

    static let columns = [
        "#", "option", "kind", "units by year", "upfront", "month 1", "total (nominal)", "NPV", "$/Mtok", "avg util",
        "kWh/year", "kgCO2e/year", "TTFT ms",
    ]
    static let numericColumns: Set<Int> = [0, 4, 5, 6, 7, 8, 9, 10, 11, 12]

    func cells(_ o: Comparison.Option, rank: Int) -> [String] {
        [
            String(rank), o.label, o.kind.rawValue,
            o.unitsByYear.isEmpty ? "-" : o.unitsByYear.map(String.init).joined(separator: "→"),
            amount(o.cashUSD.first ?? 0), amount(o.cashUSD.count > 1 ? o.cashUSD[1] : 0), amount(o.nominalUSD), amount(o.npvUSD),
            o.usdPerMillionTokens.map { NumberFormat.usd(money.reported($0)) } ?? "-",
            o.averageUtilization.map { NumberFormat.fixed($0 * 100, 0) + "%" } ?? "-",
            o.energyKWhPerYear.map(NumberFormat.short) ?? "-", o.carbonKgPerYear.map(NumberFormat.short) ?? "-",
            o.ttftMs.map(NumberFormat.short) ?? "-",
        ]
    }

    /// Options in the order shown: cheapest total first.
    var ordered: [Comparison.Option] { comparison.options.sorted { $0.nominalUSD != $1.nominalUSD ? $0.nominalUSD < $1.nominalUSD : $0.label < $1.label } }

    func text(markdown md: Bool) -> String {
        let t = profile.traffic, g = profile.targets
        let h = md ? "## " : ""
        var out: [String] = []
        out.append("\(md ? "# " : "")\(profile.name) — buy vs rent vs API (\(profile.modelID))")
        out.append("")
        out.append("\(md ? "**Answer:** " : "Answer: ")\(answer)")
        out.append("")
        let growth = t.growthPercentPerYear != 0 ? ", growing \(NumberFormat.short(t.growthPercentPerYear))% a year" : ""
        out.append("Traffic: \(NumberFormat.short(t.averageRequestsPerSecond)) req/s average, \(NumberFormat.short(t.peakRequestsPerSecond)) at peak\(growth); \(t.inputTokens) input / \(t.outputTokens) output tokens. Targets: TTFT p\(Int(g.percentile)) <= \(NumberFormat.short(g.ttftMs)) ms\(g.tpotMs.map { ", TPOT <= \(NumberFormat.short($0)) ms" } ?? "").")
        let market = profile.constraints.market?.rawValue ?? "any"
        out.append("Market: \(market)\(profile.constraints.marketDefaulted ? " (default; set constraints.market)" : ""). Horizon \(years) years; costs in \(money.reportCurrency); totals are nominal cash less the residual value of owned hardware, NPV at \(NumberFormat.short(profile.costs.discountRatePercent))%/year.")
        if let rates = money.ratesLine { out.append("Exchange rates: \(rates).") }
        out.append("")

        out.append("\(h)Best option of each kind (cheapest total first)")
        out.append("")
        let rows = ordered.enumerated().map { cells($1, rank: $0 + 1) }
        if rows.isEmpty {
            out.append("No option with a complete cost meets the profile.")
        } else if md {
            out.append("| " + Self.columns.joined(separator: " | ") + " |")
            out.append("|" + Self.columns.indices.map { Self.numericColumns.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
            out += rows.map { "| " + $0.map(Escape.markdown).joined(separator: " | ") + " |" }
        } else {
            out.append(TextTable(header: Self.columns, rows: rows, rightAligned: Self.numericColumns).render())
        }
        out.append("")
        for o in ordered where !o.notes.isEmpty {
            out.append("- \(o.label): " + o.notes.joined(separator: "; ") + ".")
        }
        if let note = comparison.hybridNote { out.append("- Hybrid: \(note).") }
        if ordered.contains(where: { !$0.notes.isEmpty }) || comparison.hybridNote != nil { out.append("") }

        if !comparison.breakEvens.isEmpty {
            out.append("\(h)Break-even of buying against each renting option")
            out.append("")
            for b in comparison.breakEvens {
                out.append("- vs \(b.rent): " + (b.month.map { "month \($0)" } ?? "not within \(comparison.horizonMonths) months"))
            }
            out.append("")
        }

        if let s = comparison.sensitivity {
            out.append("\(h)Sensitivity: \(s.buy) minus \(s.rent) (nominal; negative = buying is cheaper)")
            out.append("")
            out.append("Base difference: \(signed(s.baseDifferenceUSD)).")
            let header = ["parameter", "base", "range", "at low", "at high", "decision flips at"]
            let sensitivityRows = s.bars.map { b in
                [b.parameter, "\(NumberFormat.short(b.base)) \(b.unit)", "\(NumberFormat.short(b.low))–\(NumberFormat.short(b.high))",
                 signed(b.differenceAtLowUSD), signed(b.differenceAtHighUSD),
                 b.flipsAt.map { "\(NumberFormat.short($0)) \(b.unit)" } ?? "no flip in range"]
            }
            let table = TextTable(header: header, rows: sensitivityRows, rightAligned: [1, 3, 4])
            if md { out.append("") }
            out.append(md ? table.markdown() : table.render())
            out.append("")
        }

        if !comparison.incomplete.isEmpty {
            out.append("\(h)Incomplete costs (not ranked; --allow-incomplete)")
            out.append("")
            for o in comparison.incomplete {
                out.append("- \(o.label): \(amount(o.nominalUSD)) known so far; missing: \(o.costGaps.joined(separator: "; "))")
            }
            out.append("")
        }

        out.append("\(h)Why the rest lost (counts)")
        out.append("")
        out += comparison.excluded.map { "- \($0.reason): \($0.count)" }
        if comparison.excluded.isEmpty { out.append("- nothing else was considered") }
        out.append("")

        out.append("\(h)Assumptions")
        out.append("")
        if md {
            out.append("| assumption | value | source |")
            out.append("|---|---|---|")
            out += comparison.assumptions.map { "| \($0.key) | \(Escape.markdown($0.value)) | \(Escape.markdown($0.source)) |" }
        } else {
            out += comparison.assumptions.map { "- \($0.key) = \($0.value) [\($0.source)]" }
        }
        out.append("")
        out.append("Estimates: \(calibration). Method: docs/methodology.md (\"Compare\").")
        return out.joined(separator: "\n")
    }

    func signed(_ usd: Decimal) -> String { (usd < 0 ? "-" : "+") + amount(abs(usd)) }
}
