import Foundation
import InferCostCore

/// What `infercost catalog list` prints: coverage (what the catalog can estimate and price, by
/// vendor, provider and price age), then devices, offers and models, one table each.
public struct CatalogListing: Sendable {
    public enum Section: String, Sendable, CaseIterable { case coverage, devices, offers, models }
    public var catalog: Catalog
    public var sections: [Section]
    /// The day price ages are counted to.
    public var today: Day

    public init(catalog: Catalog, sections: [Section], today: Day) {
        self.catalog = catalog; self.sections = sections; self.today = today
    }

    public static func json<T: Encodable>(_ value: T) -> String { JSONRendering.render(value) }

    typealias Table = (header: [String], rows: [[String]], numeric: Set<Int>)

    /// A section's tables with their titles (coverage has three); `sources` adds where every figure comes from.
    func tables(_ section: Section, sources: Bool = false) -> [(title: String, table: Table)] {
        switch section {
        case .coverage: coverageTables()
        case .devices, .offers, .models: [(section.rawValue, table(section, sources: sources))]
        }
    }

    /// One section as a table; `sources` adds where every figure comes from (markdown, csv, json).
    func table(_ section: Section, sources: Bool = false) -> Table {
        func num(_ x: Double?) -> String { x.map(NumberFormat.short) ?? "-" }
        func refs(_ list: [Source]) -> String { list.map { "\($0.ref) (\($0.asOf))" }.joined(separator: "; ") }
        switch section {
        case .coverage:
            return coverageTables()[0].table
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
            for (title, t) in tables(section, sources: format != .table) { out += render(title: title, t, format: format) }
        }
        if format == .json {
            var object: [String: [[String: String]]] = [:]
            for section in sections {
                for (title, t) in tables(section, sources: true) {
                    object[title] = t.rows.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0)) }
                }
            }
            return JSONRendering.render(object)
        }
        return out.joined(separator: "\n").trimmingTrailingNewlines()
    }

    private func render(title: String, _ t: Table, format: OutputFormat) -> [String] {
        var out: [String] = []
        switch format {
        case .table:
            out.append("\(title) (\(t.rows.count))")
            out.append(TextTable(header: t.header, rows: t.rows, rightAligned: t.numeric).render())
            out.append("")
        case .markdown:
            out.append("## \(title)\n")
            out.append(TextTable(header: t.header, rows: t.rows, rightAligned: t.numeric).markdown())
            out.append("")
        case .csv:
            out.append((["section"] + t.header).map(Escape.csv).joined(separator: ","))
            out += t.rows.map { ([title] + $0).map(Escape.csv).joined(separator: ",") }
        case .json:
            break
        }
        return out
    }
}

extension CatalogListing {
    /// Age buckets of price figures, in days before `today`.
    static let ageBuckets: [(label: String, range: ClosedRange<Int>)] = [
        ("0-90 days", 0...90), ("91-180 days", 91...180), ("181-365 days", 181...365), ("over 365 days", 366...Int.max),
    ]

    /// Devices by vendor (estimable at their main precision, priced), providers by market and currency, ages of prices.
    func coverageTables() -> [(title: String, table: Table)] {
        let devices = catalog.devices.values.sorted { $0.id < $1.id }
        var cloudDevices: Set<String> = [], onPremDevices: Set<String> = []
        for offer in catalog.offers {
            if offer.deployment == .cloud { cloudDevices.insert(offer.deviceID) } else { onPremDevices.insert(offer.deviceID) }
        }
        var vendorRows: [[String]] = []
        for vendor in Set(devices.map(\.vendor)).sorted() {
            let mine = devices.filter { $0.vendor == vendor }
            let estimable = mine.filter { $0.missingForMainPrecision.isEmpty }
            let unpriced = mine.filter { !cloudDevices.contains($0.id) && !onPremDevices.contains($0.id) }
            let gaps = mine.filter { !$0.missingForMainPrecision.isEmpty }
                .map { "\($0.id) (needs \($0.missingForMainPrecision.joined(separator: ", ")))" }
            vendorRows.append([vendor, String(mine.count), String(estimable.count),
                               String(mine.filter { cloudDevices.contains($0.id) }.count),
                               String(mine.filter { onPremDevices.contains($0.id) }.count),
                               unpriced.isEmpty ? "-" : unpriced.map(\.id).joined(separator: " "),
                               gaps.isEmpty ? "-" : gaps.joined(separator: "; ")])
        }
        vendorRows.append(["all", String(devices.count), String(devices.filter { $0.missingForMainPrecision.isEmpty }.count),
                           String(cloudDevices.count), String(onPremDevices.count),
                           String(devices.filter { !cloudDevices.contains($0.id) && !onPremDevices.contains($0.id) }.count), "-"])

        var providerRows: [[String]] = []
        var byProvider: [String: [Offer]] = [:]
        for offer in catalog.offers where offer.deployment == .cloud { byProvider[offer.provider, default: []].append(offer) }
        for provider in byProvider.keys.sorted() {
            let offers = byProvider[provider] ?? []
            let prices = offers.flatMap { offer -> [CloudPrice] in
                if case .cloud(_, let prices) = offer.terms { return prices }
                return []
            }
            providerRows.append([provider, Set(prices.map(\.market)).sorted().map(\.rawValue).joined(separator: " "),
                                 Set(prices.map(\.currency)).sorted().joined(separator: " "), String(offers.count),
                                 String(prices.count), Set(prices.map(\.pricing)).sorted().map(\.rawValue).joined(separator: " "),
                                 prices.map(\.asOf).min().map(\.description) ?? "-", prices.map(\.asOf).max().map(\.description) ?? "-"])
        }
        let cloudPrices = byProvider.values.flatMap { $0 }.reduce(0) { total, offer in
            if case .cloud(_, let prices) = offer.terms { return total + prices.count }
            return total
        }
        providerRows.append(["all", "-", "-", String(byProvider.values.reduce(0) { $0 + $1.count }), String(cloudPrices), "-", "-", "-"])

        var cloudAges: [Int] = [], onPremAges: [Int] = []
        for offer in catalog.offers {
            switch offer.terms {
            case .cloud(_, let prices): cloudAges += prices.map { $0.asOf.days(until: today) }
            case .onPrem(let t):
                for key in ["server_price", "device_price", "host_price", "support_per_year"] {
                    if let source = t.sources.covering(key) { onPremAges.append(source.asOf.days(until: today)) }
                }
            }
        }
        var ageRows: [[String]] = Self.ageBuckets.map { bucket in
            [bucket.label, String(cloudAges.filter { bucket.range.contains($0) }.count),
             String(onPremAges.filter { bucket.range.contains($0) }.count)]
        }
        let future = (cloudAges.filter { $0 < 0 }.count, onPremAges.filter { $0 < 0 }.count)
        if future.0 + future.1 > 0 { ageRows.append(["dated after \(today)", String(future.0), String(future.1)]) }

        return [
            ("coverage by vendor", (["vendor", "devices", "estimable", "in a cloud offer", "in an on-prem offer", "no offer", "not estimable at the main precision"],
                                    vendorRows, [1, 2, 3, 4])),
            ("coverage by provider", (["provider", "markets", "currency", "instance types", "prices", "pricing", "oldest as_of", "newest as_of"],
                                      providerRows, [3, 4])),
            ("ages of prices on \(today)", (["age", "cloud prices", "on-prem price figures"], ageRows, [1, 2])),
        ]
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
