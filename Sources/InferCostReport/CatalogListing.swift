import Foundation
import InferCostCore

/// What `infercost catalog list` prints: devices, offers and models, one table each.
public struct CatalogListing: Sendable {
    public enum Section: String, Sendable, CaseIterable { case devices, offers, models }
    public var catalog: Catalog
    public var sections: [Section]

    public init(catalog: Catalog, sections: [Section]) { self.catalog = catalog; self.sections = sections }

    public static func json<T: Encodable>(_ value: T) -> String { JSONRendering.render(value) }

    /// One section as a table; `sources` adds where every figure comes from (markdown, csv, json).
    func table(_ section: Section, sources: Bool = false) -> (header: [String], rows: [[String]], numeric: Set<Int>) {
        func num(_ x: Double?) -> String { x.map(NumberFormat.short) ?? "-" }
        func refs(_ list: [Source]) -> String { list.map { "\($0.ref) (\($0.asOf))" }.joined(separator: "; ") }
        switch section {
        case .devices:
            let rows = catalog.devices.values.sorted { $0.id < $1.id }.map { d in
                [d.id, d.vendor, d.kind.rawValue, num(d.memoryGB), num(d.memoryBandwidthGBs), num(d.denseTFLOPS[.bf16]),
                 num(d.denseTFLOPS[.fp8]), num(d.denseTFLOPS[.fp4]), num(d.tdpW),
                 d.interconnect.map { "\($0.kind.rawValue) \(num($0.bandwidthGBs))" } ?? "-",
                 d.precisions.map(\.rawValue).joined(separator: " "),
                 d.markets.map { $0.map(\.rawValue).joined(separator: " ") } ?? "all"] + (sources ? [refs(d.sources)] : [])
            }
            return (["id", "vendor", "kind", "memory GB", "GB/s", "bf16 TFLOPS", "fp8", "fp4", "TDP W", "link GB/s/dir", "precisions",
                     "markets"] + (sources ? ["sources"] : []), rows, [3, 4, 5, 6, 7, 8])
        case .offers:
            let rows = catalog.offers.map { o -> [String] in
                switch o.terms {
                case .cloud(_, let prices):
                    let onDemand = prices.filter { $0.pricing == .onDemand }.min { $0.perHour < $1.perHour }
                    let models = Set(prices.map(\.pricing)).sorted().map(\.rawValue).joined(separator: " ")
                    let markets = Set(prices.map(\.market)).sorted().map(\.rawValue).joined(separator: " ")
                    let refs = Set(prices.map { "\($0.source) (\($0.asOf))" }).sorted().joined(separator: "; ")
                    return [o.id, o.deviceID, String(o.devicesPerUnit), "cloud",
                            onDemand.map { NumberFormat.usd($0.perHour) + " \($0.currency)/h" } ?? "-", "-", models, markets,
                            prices.map(\.asOf).min().map(\.description) ?? "-"] + (sources ? [refs] : [])
                case .onPrem(let t):
                    let price = t.serverPrice ?? t.devicePrice.map { $0 * Decimal(o.devicesPerUnit) + (t.hostPrice ?? 0) }
                    let markets = (t.markets ?? catalog.devices[o.deviceID]?.markets).map { $0.map(\.rawValue).joined(separator: " ") } ?? "all"
                    var gaps: [String] = []
                    if t.serverPrice == nil && t.hostPrice == nil { gaps.append("no sourced host_price") }
                    if t.hostPowerW == nil { gaps.append("no sourced host_power_w") }
                    let cost = gaps.isEmpty ? "complete" : "incomplete: " + gaps.joined(separator: ", ")
                    return [o.id, o.deviceID, String(o.devicesPerUnit), "onprem",
                            price.map { NumberFormat.usd($0) + " \(t.currency)" } ?? "-", cost, "purchase", markets,
                            t.sources.map(\.asOf).min().map(\.description) ?? "-"] + (sources ? [refs(t.sources)] : [])
                }
            }
            return (["id", "device", "devices", "deployment", "price", "cost", "pricing", "markets", "oldest as_of"] + (sources ? ["sources"] : []),
                    rows, [2])
        case .models:
            let rows = catalog.models.values.sorted { $0.id < $1.id }.map { m in
                [m.id, m.kind.rawValue, NumberFormat.short(m.totalParameters / 1e9), NumberFormat.short(m.activeParameters / 1e9),
                 String(m.layers), String(m.hiddenSize), "\(m.attentionHeads)/\(m.kvHeads)", String(m.maxContextTokens)]
                    + (sources ? ["\(m.source) (\(m.asOf))"] : [])
            }
            return (["id", "kind", "params B", "active B", "layers", "hidden", "heads/kv", "context"] + (sources ? ["source"] : []),
                    rows, [2, 3, 4, 5, 7])
        }
    }

    public func render(_ format: OutputFormat) -> String {
        var out: [String] = []
        for section in sections {
            let t = table(section, sources: format != .table)
            switch format {
            case .table:
                out.append("\(section.rawValue) (\(t.rows.count))")
                out.append(TextTable(header: t.header, rows: t.rows, rightAligned: t.numeric).render())
                out.append("")
            case .markdown:
                out.append("## \(section.rawValue)\n")
                out.append("| " + t.header.joined(separator: " | ") + " |")
                out.append("|" + t.header.indices.map { t.numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
                out += t.rows.map { "| " + $0.map(Escape.markdown).joined(separator: " | ") + " |" }
                out.append("")
            case .csv:
                out.append((["section"] + t.header).map(Escape.csv).joined(separator: ","))
                out += t.rows.map { ([section.rawValue] + $0).map(Escape.csv).joined(separator: ",") }
            case .json:
                break
            }
        }
        if format == .json {
            var object: [String: [[String: String]]] = [:]
            for section in sections {
                let t = table(section, sources: true)
                object[section.rawValue] = t.rows.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0)) }
            }
            return JSONRendering.render(object)
        }
        return out.joined(separator: "\n").trimmingTrailingNewlines()
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
