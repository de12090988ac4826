import Foundation
import InferCostCore

/// What `infercost recommend` prints: the recommendation plus the profile it answers.
public struct RecommendReport: Sendable, Encodable {
    public static let schemaVersion = 1
    public var profile: Profile
    public var recommendation: Recommendation
    /// How many ranked options to show.
    public var top: Int
    /// Include every rejected candidate group.
    public var explain: Bool
    /// Where the estimates' efficiency factors come from, for the closing line.
    public var calibration: String
    /// The table's width limit (the terminal's); nil: every column. Table format only.
    public var maxWidth: Int?
    /// `--mix`: the mixed fleet and the best single offer type beside it.
    public var fleet: FleetPlan?

    public init(profile: Profile, recommendation: Recommendation, top: Int, explain: Bool,
                calibration: String = "uncalibrated physics (--physics-only)") {
        self.profile = profile; self.recommendation = recommendation; self.top = top; self.explain = explain
        self.calibration = calibration
    }

    var money: Money { profile.money }
    func amount(_ usd: Decimal) -> String { money.format(usd) }

    var shown: [Recommendation.Ranked] { Array(recommendation.ranked.prefix(top)) }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", profile, model, today, candidatesEvaluated = "candidates_evaluated"
        case optionsPassing = "options_passing", ranked, losingOffers = "losing_offers", rejections
        case defaultedCostKeys = "defaulted_cost_keys", currency, reportCurrency = "report_currency"
        case exchangeRates = "exchange_rates", calibration, fleetMix = "fleet_mix"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let r = recommendation
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(profile, forKey: .profile)
        try c.encode(r.modelID, forKey: .model)
        try c.encode(r.today, forKey: .today)
        // Amounts in JSON stay in US dollars (their keys say `usd`); the rates convert them.
        try c.encode(Money.base, forKey: .currency)
        try c.encode(money.reportCurrency, forKey: .reportCurrency)
        try c.encode(money.rates.keys.sorted().compactMap { money.rates[$0] }, forKey: .exchangeRates)
        try c.encode(calibration, forKey: .calibration)
        try c.encode(r.candidatesEvaluated, forKey: .candidatesEvaluated)
        try c.encode(r.ranked.count, forKey: .optionsPassing)
        try c.encode(shown, forKey: .ranked)
        try c.encode(r.losingOffers, forKey: .losingOffers)
        if explain { try c.encode(r.rejections, forKey: .rejections) }
        try c.encode(r.defaultedCostKeys, forKey: .defaultedCostKeys)
        try c.encodeIfPresent(fleet, forKey: .fleetMix)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .csv: csv()
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        }
    }

    // MARK: Columns shared by table, markdown and csv

    var columns: [String] {
        let unit = money.reportCurrency == Money.base ? "$" : money.reportCurrency
        return ["#", "offer", "pricing", "region", "device", "devices", "TPxPP", "weights/kv", "batch",
                "TTFT ms", "TPOT ms", "tok/s", "mem GB/dev", "peak kW", "\(unit)/month", "TCO", "\(unit)/Mtok", "bottleneck", "warnings"]
    }
    static let numericColumns: Set<Int> = [0, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    /// Columns a narrow terminal loses first: detail before the answer (offer, device, cost, latency).
    static let dropOrder = [18, 12, 13, 6, 7, 8, 3, 17, 11, 16, 15, 2, 5]

    /// - Parameter plain: money as plain numbers (CSV): no thousands separators, so no quoting.
    func cells(_ r: Recommendation.Ranked, plain: Bool = false) -> [String] {
        let c = r.candidate, p = c.point
        let amount: (Decimal) -> String = { plain ? CSVNumber.plain(money.reported($0)) : NumberFormat.usd(money.reported($0)) }
        return [
            String(r.rank), c.offerID, c.pricing?.rawValue ?? "purchase", c.region ?? "-", p.deviceID,
            String(c.totalDevices), "\(p.tensorParallel)x\(p.pipelineParallel)" + (p.attentionDataParallel ? " attn-DP" : "") + (p.nodes > 1 ? " (\(p.nodes) nodes)" : ""),
            "\(p.weightPrecision.rawValue)/\(p.kvPrecision.rawValue)", String(p.batch),
            NumberFormat.short(c.ttftMs), c.tpotMs.map(NumberFormat.short) ?? "-",
            NumberFormat.short(c.capacityTokensPerSecond),
            NumberFormat.short(c.estimate.memory.totalGBPerDevice), c.peakPowerKW.map(NumberFormat.short) ?? "-",
            c.cost.map { amount($0.totalUSDPerMonth) } ?? "-",
            c.cost.map { amount($0.tcoUSD) } ?? "-",
            c.usdPerMillionTokens.map(amount) ?? "-", c.bottleneck.rawValue,
            c.warnings.isEmpty ? "-" : c.warnings.map(\.ruleID).joined(separator: " "),
        ]
    }

    func csv() -> String {
        var lines = [columns.map(Escape.csv).joined(separator: ",") + ",lost_because"]
        for r in shown {
            lines.append((cells(r, plain: true) + [r.lostBecause ?? ""]).map(Escape.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    func text(markdown md: Bool) -> String {
        let r = recommendation, t = profile.traffic, g = profile.targets
        var out: [String] = []
        let h = md ? "## " : ""
        out.append("\(md ? "# " : "")\(profile.name) — \(r.modelID)")
        let demand = "\(NumberFormat.short(t.averageRequestsPerSecond)) req/s average, \(NumberFormat.short(t.peakRequestsPerSecond)) at peak"
        let tpot = g.tpotMs.map { ", TPOT <= \(NumberFormat.short($0)) ms" } ?? ""
        out.append("Traffic: \(demand); \(t.inputTokens) input / \(t.outputTokens) output tokens. Targets: TTFT p\(Int(g.percentile)) <= \(NumberFormat.short(g.ttftMs)) ms\(tpot).")
        let unit = money.reportCurrency == Money.base ? "$" : money.reportCurrency
        out.append("tok/s is the deployment's capacity in output tokens (input tokens for encoders); \(unit)/Mtok is at average traffic.")
        out.append("Evaluated \(r.candidatesEvaluated) candidates; \(r.ranked.count) options meet every target and constraint. Costs in \(money.reportCurrency); TCO over \(NumberFormat.short(profile.costs.horizonYears)) years.")
        if let rates = money.ratesLine { out.append("Exchange rates: \(rates).") }
        let market = profile.constraints.market?.rawValue ?? "any"
        out.append("Market: \(market)\(profile.constraints.marketDefaulted ? " (default; set constraints.market)" : ""). Options whose cost leaves out unsourced parts (incomplete_cost) rank after every complete one.")
        out.append("")

        if shown.isEmpty {
            out.append("\(h)No deployment meets the targets")
            out.append("")
        } else {
            out.append("\(h)Recommended (lowest TCO first)")
            out.append("")
            if md {
                out.append("| " + columns.joined(separator: " | ") + " |")
                out.append("|" + columns.indices.map { Self.numericColumns.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
                out += shown.map { "| " + cells($0).map(Escape.markdown).joined(separator: " | ") + " |" }
            } else {
                out += TextTable.fittedLines(TextTable(header: columns, rows: shown.map { cells($0) }, rightAligned: Self.numericColumns),
                                             width: maxWidth, dropOrder: Self.dropOrder)
            }
            out.append("")
            if let best = r.best { out += bestDetails(best, markdown: md) }
            let runnersUp = shown.dropFirst()
            if !runnersUp.isEmpty {
                out.append("\(h)Why the runner-ups lost")
                out.append("")
                out += runnersUp.map { "- #\($0.rank) \($0.candidate.offerID) (\($0.candidate.pricing?.rawValue ?? "purchase")): \($0.lostBecause ?? "")" }
                out.append("")
            }
        }
        if let fleet { out += fleetLines(fleet, markdown: md) }
        if !r.losingOffers.isEmpty {
            out.append("\(h)Offers with no passing configuration")
            out.append("")
            // Offers outside the profile's market are counted, not listed: they are many and say one thing.
            let outside = r.losingOffers.filter { $0.ruleID == "market_availability" }
            out += r.losingOffers.filter { $0.ruleID != "market_availability" }
                .map { "- \($0.offerID) (\($0.deviceID)): [\($0.ruleID)] \($0.message)" }
            if !outside.isEmpty {
                let market = profile.constraints.market?.rawValue ?? "the profile's market"
                out.append("- \(outside.count) offers are not sold in \(market) [market_availability] (--format json lists them)")
            }
            out.append("")
        }
        if explain {
            out.append("\(h)Rejected candidates by offer and rule")
            out.append("")
            if md {
                out.append("| offer | rule | count | closest candidate |")
                out.append("|---|---|---:|---|")
                out += r.rejections.map { "| \($0.offerID) | \($0.ruleID) | \($0.count) | \(Escape.markdown($0.message)) |" }
            } else {
                out.append(TextTable(header: ["offer", "rule", "count", "closest candidate"],
                                     rows: r.rejections.map { [$0.offerID, $0.ruleID, String($0.count), $0.message] },
                                     rightAligned: [2]).render())
            }
            out.append("")
        }
        out.append("Cost assumptions: " + assumptionValues.joined(separator: ", ") + "."
                   + (r.defaultedCostKeys.isEmpty ? "" : " From Catalog/cost-defaults.yaml: \(r.defaultedCostKeys.joined(separator: ", "))."))
        out.append("Estimates: \(calibration) (docs/validation.md gives the out-of-sample error).")
        return out.joined(separator: "\n")
    }

    /// Every cost assumption with its value, the residual value the horizon leaves spelled out.
    var assumptionValues: [String] {
        let c = profile.costs
        let residual = NumberFormat.fixed(c.residualFraction(afterYears: c.horizonYears) * 100, 0)
        return [
            "horizon_years \(NumberFormat.short(c.horizonYears))",
            "amortization_years \(NumberFormat.short(c.amortizationYears)) (straight line; \(residual)% of a purchase is residual value at the horizon, credited)",
            "electricity_usd_per_kwh \(c.electricityUSDPerKWh)", "pue \(NumberFormat.short(c.pue))",
            "hosting_usd_per_kw_month \(c.hostingUSDPerKWMonth)", "support_percent_per_year \(NumberFormat.short(c.supportPercentPerYear))",
            "planning_utilization \(NumberFormat.short(c.planningUtilization))", "discount_rate_percent \(NumberFormat.short(c.discountRatePercent))",
            "staff_usd_per_server_year \(c.staffUSDPerServerYear)", "network_usd_per_server \(c.networkUSDPerServer)",
            "licences " + (profile.licences.isEmpty ? "none" : profile.licences.map(\.name).joined(separator: "; ")),
        ]
    }

    func bestDetails(_ c: Candidate, markdown md: Bool) -> [String] {
        var out: [String] = []
        let p = c.point
        out.append("\(md ? "## " : "")Best: \(c.offerName) x\(c.units) (\(c.offerID), \(c.pricing?.rawValue ?? "purchase")\(c.region.map { ", \($0)" } ?? ""))")
        out.append("")
        out.append("- Deployment: \(c.replicas) replica\(c.replicas == 1 ? "" : "s") of \(p.devicesPerReplica) x \(p.deviceID) (TP \(p.tensorParallel), PP \(p.pipelineParallel)\(p.attentionDataParallel ? ", attention data parallel" : "")\(p.span.map { ", over \($0.nodes) whole nodes, stages handing off over a \(NumberFormat.short($0.networkGBsPerNode * 8)) Gbit/s scale-out network" } ?? "")), \(p.weightPrecision.rawValue) weights, \(p.kvPrecision.rawValue) KV cache, batch limit \(p.batch); \(NumberFormat.fixed(c.peakUtilization * 100, 0))% busy at peak.")
        let m = c.estimate.memory
        out.append("- Memory per device: \(NumberFormat.short(m.totalGBPerDevice)) of \(NumberFormat.short(m.capacityGBPerDevice)) GB (weights \(NumberFormat.short(m.weightsGBPerDevice)), KV cache \(NumberFormat.short(m.kvCacheGBPerDevice)), reserve \(NumberFormat.short(m.overheadGBPerDevice))); fits up to batch \(m.maxBatch).")
        out.append("- Bottleneck: \(c.bottleneck.rawValue); prefill \(c.estimate.prefill?.bottleneck.rawValue ?? "-")-bound, decode \(c.estimate.decode?.bottleneck.rawValue ?? "-")-bound.")
        if let s = c.simulated {
            let p = "p\(Int(s.percentile))"
            let tpot = s.tpotMs.map { ", TPOT \(p) \(NumberFormat.short($0)) ms" } ?? ""
            out.append("- Simulated at the peak rate (\(NumberFormat.short(s.requestsPerSecond)) req/s, Poisson, \(s.requestsMeasured) requests measured): TTFT \(p) \(NumberFormat.short(s.ttftMs)) ms\(tpot); \(s.meetsTargets ? "meets the targets" : "misses a target").")
        }
        if let cost = c.cost {
            var parts: [String] = []
            if cost.rentalUSDPerMonth > 0 { parts.append("rental \(amount(cost.rentalUSDPerMonth))") }
            if cost.capitalUSDPerMonth > 0 { parts.append("capital \(amount(cost.capitalUSDPerMonth)) (purchase \(amount(cost.capitalUSD)) less \(amount(cost.residualUSD)) residual value, over the horizon)") }
            if cost.powerUSDPerMonth > 0 { parts.append("power \(amount(cost.powerUSDPerMonth))") }
            if cost.hostingUSDPerMonth > 0 { parts.append("hosting \(amount(cost.hostingUSDPerMonth))") }
            if cost.supportUSDPerMonth > 0 { parts.append("support \(amount(cost.supportUSDPerMonth))") }
            if cost.licenceUSDPerMonth > 0 { parts.append("licences \(amount(cost.licenceUSDPerMonth))") }
            if cost.staffUSDPerMonth > 0 { parts.append("staff \(amount(cost.staffUSDPerMonth))") }
            out.append("- Cost per month: \(amount(cost.totalUSDPerMonth)) = " + parts.joined(separator: " + ") + ".")
        }
        for w in c.warnings { out.append("- Warning [\(w.ruleID)]: \(w.message)") }
        out.append("")
        return out
    }
}
