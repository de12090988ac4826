import Foundation
import InferCostCore

/// `recommend --mix`: the mixed fleet beside the best single offer type (docs/methodology.md, "Mixed fleets").
extension RecommendReport {
    func fleetLines(_ f: FleetPlan, markdown md: Bool) -> [String] {
        var out: [String] = []
        let h = md ? "## " : ""
        out.append("\(h)Mixed fleet (up to \(f.maxTypes) offer types, each request class on one)")
        out.append("")
        let classes = f.classes.map {
            "\($0.name) \(NumberFormat.fixed($0.share * 100, $0.share * 100 < 10 ? 1 : 0))% (\($0.inputTokens) in / \($0.outputTokens) out)"
        }
        out.append("Request classes: " + classes.joined(separator: ", ") + ". \(f.optionsCompared) options serve at least one class.")
        if !f.unservedClasses.isEmpty {
            out.append("No option serves \(f.unservedClasses.map { "`\($0)`" }.joined(separator: ", ")) within the targets, so there is no fleet.")
            out.append("")
            return out
        }
        let header = ["fleet", "offer", "pricing", "region", "units", "classes served", "layout per class", "\(unitSymbol)/unit-month", "\(unitSymbol)/month"]
        var rows: [[String]] = []
        for g in f.mix { rows.append(row("mix", g)) }
        if let single = f.single { rows.append(row("best single", single)) }
        let table = TextTable(header: header, rows: rows, rightAligned: [4, 7, 8])
        out.append(md ? table.markdown() : table.render())
        out.append("")
        if let mix = f.mixUSDPerMonth {
            if let single = f.single, let saving = f.savingUSDPerMonth, let pct = f.savingPercent {
                if saving > 0 {
                    out.append("The mix costs \(amount(mix))/month against \(amount(single.usdPerMonth)) for the best single offer type (\(single.offerID)): \(amount(saving))/month less (\(NumberFormat.fixed(pct, 1))%).")
                } else {
                    out.append("No mix beats the best single offer type (\(single.offerID), \(amount(single.usdPerMonth))/month).")
                }
            } else {
                out.append("The mix costs \(amount(mix))/month; no single offer type serves every class.")
            }
        }
        out.append("Each class's capacity per unit is its own at its lengths and the targets; a type serving several classes is sized for the sum of their loads. The ranking above plans every request at the profile's one input_tokens / output_tokens pair, so its costs differ from these (a mean length can hide requests that need larger hardware). Redundancy, min_replicas and the fleet-wide limits (budget, power, max_devices) are not applied to the mix.")
        out.append("")
        return out
    }

    private var unitSymbol: String { money.reportCurrency == Money.base ? "$" : money.reportCurrency }

    private func row(_ label: String, _ g: FleetPlan.Group) -> [String] {
        let served = g.served.map { "\($0.requestClass) (\(NumberFormat.short($0.peakRequestsPerSecond)) req/s peak, \(NumberFormat.short($0.load)) units)" }
        let layouts = g.served.map {
            let p = $0.point
            return "\($0.requestClass): TP\(p.tensorParallel)xPP\(p.pipelineParallel)\(p.nodes > 1 ? " over \(p.nodes) nodes" : "") \(p.weightPrecision.rawValue)/\(p.kvPrecision.rawValue) batch \(p.batch)"
        }
        return [label, g.offerID, g.pricing?.rawValue ?? "purchase", g.region ?? "-", String(g.units),
                served.joined(separator: "; "), layouts.joined(separator: "; "), amount(g.usdPerUnitMonth), amount(g.usdPerMonth)]
    }
}
