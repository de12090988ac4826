import Foundation
import InferCostCore

/// The edits between two versions of a profile, as causes a reviewer reads: "traffic +40%
/// (15 -> 21 req/s average)", "TTFT target tightened 800 -> 500 ms".
enum ProfileEdits {
    static func causes(base: Profile, head: Profile) -> [Cause] {
        var out: [Cause] = []
        if base.modelID != head.modelID { out.append(Cause(.model, "model swapped: \(base.modelID) -> \(head.modelID)")) }
        out += traffic(base.traffic, head.traffic)
        out += targets(base.targets, head.targets)
        if base.precisions.weights != head.precisions.weights {
            out.append(Cause(.precisions, "weight precisions \(list(base.precisions.weights.map(\.rawValue))) -> \(list(head.precisions.weights.map(\.rawValue)))"))
        }
        if base.precisions.kvCache != head.precisions.kvCache {
            out.append(Cause(.precisions, "KV-cache precisions \(list(base.precisions.kvCache.map(\.rawValue))) -> \(list(head.precisions.kvCache.map(\.rawValue)))"))
        }
        out += constraints(base.constraints, head.constraints)
        out += costs(base.costs, head.costs)
        if base.money.reportCurrency != head.money.reportCurrency {
            out.append(Cause(.currency, "report currency \(base.money.reportCurrency) -> \(head.money.reportCurrency)"))
        }
        return out
    }

    /// `+40%`, `-12.5%`: relative change, three significant figures.
    static func percent(_ from: Double, _ to: Double) -> String {
        guard from != 0 else { return "new" }
        let p = (to - from) / from * 100
        return (p >= 0 ? "+" : "") + number(p) + "%"
    }

    private static func traffic(_ a: Profile.Traffic, _ b: Profile.Traffic) -> [Cause] {
        var out: [Cause] = []
        let ra = a.averageRequestsPerSecond, rb = b.averageRequestsPerSecond
        if ra != rb {
            out.append(Cause(.traffic, "traffic \(percent(ra, rb)) (\(number(ra)) -> \(number(rb)) req/s average)"))
        }
        if a.peakToAverage != b.peakToAverage {
            out.append(Cause(.traffic, "peak-to-average \(number(a.peakToAverage)) -> \(number(b.peakToAverage))"))
        }
        if a.inputTokens != b.inputTokens {
            out.append(Cause(.traffic, "input tokens \(percent(Double(a.inputTokens), Double(b.inputTokens))) (\(a.inputTokens) -> \(b.inputTokens))"))
        }
        if a.outputTokens != b.outputTokens {
            out.append(Cause(.traffic, "output tokens \(percent(Double(a.outputTokens), Double(b.outputTokens))) (\(a.outputTokens) -> \(b.outputTokens))"))
        }
        return out
    }

    private static func targets(_ a: Profile.Targets, _ b: Profile.Targets) -> [Cause] {
        var out: [Cause] = []
        func tightened(_ from: Double, _ to: Double) -> String { to < from ? "tightened" : "relaxed" }
        if a.ttftMs != b.ttftMs {
            out.append(Cause(.targets, "TTFT target \(tightened(a.ttftMs, b.ttftMs)) \(number(a.ttftMs)) -> \(number(b.ttftMs)) ms"))
        }
        switch (a.tpotMs, b.tpotMs) {
        case let (x?, y?) where x != y:
            out.append(Cause(.targets, "TPOT target \(tightened(x, y)) \(number(x)) -> \(number(y)) ms"))
        case (nil, let y?): out.append(Cause(.targets, "TPOT target added: \(number(y)) ms"))
        case (let x?, nil): out.append(Cause(.targets, "TPOT target removed (was \(number(x)) ms)"))
        default: break
        }
        if a.percentile != b.percentile {
            let word = b.percentile > a.percentile ? "tightened" : "relaxed"
            out.append(Cause(.targets, "TTFT percentile \(word) p\(Int(a.percentile)) -> p\(Int(b.percentile))"))
        }
        return out
    }

    private static func constraints(_ a: Profile.Constraints, _ b: Profile.Constraints) -> [Cause] {
        var out: [Cause] = []
        func note(_ key: String, _ x: String?, _ y: String?) {
            guard x != y else { return }
            out.append(Cause(.constraints, "constraint `\(key)` \(x ?? "unset") -> \(y ?? "unset")"))
        }
        note("deployment", a.deployment.rawValue, b.deployment.rawValue)
        note("market", a.market?.rawValue, b.market?.rawValue)
        note("providers", a.providers.map(list), b.providers.map(list))
        note("regions", a.regions.map(list), b.regions.map(list))
        note("vendors", a.vendors.map(list), b.vendors.map(list))
        note("pricing", a.pricing.map { list($0.map(\.rawValue)) }, b.pricing.map { list($0.map(\.rawValue)) })
        note("max_power_kw", a.maxPowerKW.map(NumberFormat.short), b.maxPowerKW.map(NumberFormat.short))
        note("max_devices", a.maxDevices.map(String.init), b.maxDevices.map(String.init))
        note("budget_usd_per_month", a.budgetUSDPerMonth.map { "\($0)" }, b.budgetUSDPerMonth.map { "\($0)" })
        return out
    }

    private static func costs(_ a: CostAssumptions, _ b: CostAssumptions) -> [Cause] {
        let pairs: [(String, String, String)] = [
            ("horizon_years", number(a.horizonYears), number(b.horizonYears)),
            ("amortization_years", number(a.amortizationYears), number(b.amortizationYears)),
            ("electricity_usd_per_kwh", "\(a.electricityUSDPerKWh)", "\(b.electricityUSDPerKWh)"),
            ("pue", number(a.pue), number(b.pue)),
            ("hosting_usd_per_kw_month", "\(a.hostingUSDPerKWMonth)", "\(b.hostingUSDPerKWMonth)"),
            ("support_percent_per_year", number(a.supportPercentPerYear), number(b.supportPercentPerYear)),
            ("planning_utilization", number(a.planningUtilization), number(b.planningUtilization)),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { Cause(.costs, "cost assumption `\($0.0)` \($0.1) -> \($0.2)") }
    }

    /// Three significant figures without a trailing `.0`: 40, 21, 0.45.
    static func number(_ x: Double) -> String {
        let text = NumberFormat.short(x)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}
