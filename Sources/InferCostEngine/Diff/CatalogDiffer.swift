import Foundation
import InferCostCore

/// The differences between two effective catalogs that can move a recommendation: prices,
/// offers, device and model facts, exchange rates and cost defaults. Sources and dates alone
/// are not changes. Sorted by kind order, then id.
public enum CatalogDiffer {
    public static func changes(base: Catalog, head: Catalog) -> [CatalogChange] {
        var out: [CatalogChange] = []
        out += offers(base.offers, head.offers)
        out += facts(base.devices, head.devices, added: .deviceAdded, removed: .deviceRemoved, changed: .device, noun: "device")
        out += facts(base.models, head.models, added: .modelAdded, removed: .modelRemoved, changed: .model, noun: "model")
        for code in Set(base.exchangeRates.keys).union(head.exchangeRates.keys).sorted() {
            let a = base.exchangeRates[code]?.perUSD, b = head.exchangeRates[code]?.perUSD
            guard a != b else { continue }
            out.append(CatalogChange(.exchangeRate, id: code, "exchange rate 1 USD = \(a.map { "\($0)" } ?? "none") -> \(b.map { "\($0)" } ?? "none") \(code)"))
        }
        if let edits = costDefaultEdits(base.costDefaults?.assumptions, head.costDefaults?.assumptions), !edits.isEmpty {
            out.append(CatalogChange(.costDefaults, id: "cost-defaults", "cost defaults: " + edits.joined(separator: ", ")))
        }
        return out
    }

    private static func offers(_ base: [Offer], _ head: [Offer]) -> [CatalogChange] {
        let a = Dictionary(base.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let b = Dictionary(head.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        var out: [CatalogChange] = []
        for id in Set(a.keys).union(b.keys).sorted() {
            switch (a[id], b[id]) {
            case (nil, let o?): out.append(CatalogChange(.offerAdded, id: id, "offer \(id) added (\(o.devicesPerUnit)x \(o.deviceID))"))
            case (_?, nil): out.append(CatalogChange(.offerRemoved, id: id, "offer \(id) removed"))
            case let (x?, y?): out += offer(x, y)
            default: break
            }
        }
        return out
    }

    private static func offer(_ a: Offer, _ b: Offer) -> [CatalogChange] {
        var out: [CatalogChange] = []
        if a.deviceID != b.deviceID || a.devicesPerUnit != b.devicesPerUnit {
            out.append(CatalogChange(.offer, id: a.id, "offer \(a.id) now \(b.devicesPerUnit)x \(b.deviceID) (was \(a.devicesPerUnit)x \(a.deviceID))"))
        }
        switch (a.terms, b.terms) {
        case let (.cloud(_, pa), .cloud(_, pb)):
            func key(_ p: CloudPrice) -> String { "\(p.region) \(p.pricing.rawValue)" }
            let x = Dictionary(pa.map { (key($0), $0) }, uniquingKeysWith: { p, _ in p })
            let y = Dictionary(pb.map { (key($0), $0) }, uniquingKeysWith: { p, _ in p })
            for k in Set(x.keys).union(y.keys).sorted() {
                let p = x[k], q = y[k]
                guard p?.perHour != q?.perHour || p?.currency != q?.currency, let any = q ?? p else { continue }
                let from = p.map { hourly($0.perHour, $0.currency) } ?? "none", to = q.map { hourly($0.perHour, $0.currency) } ?? "none"
                var change = ""
                if let p, let q, p.currency == q.currency, p.perHour != 0 {
                    change = " (\(ProfileEdits.percent(double(p.perHour), double(q.perHour))))"
                }
                out.append(CatalogChange(.price, id: a.id, "price of \(a.id) (\(any.pricing.rawValue), \(any.region)) \(from) -> \(to)\(change)",
                                         region: any.region, pricing: any.pricing))
            }
        case let (.onPrem(x), .onPrem(y)):
            let fields: [(String, Decimal?, Decimal?)] = [
                ("server_price", x.serverPrice, y.serverPrice), ("device_price", x.devicePrice, y.devicePrice),
                ("host_price", x.hostPrice, y.hostPrice), ("support_per_year", x.supportPerYear, y.supportPerYear),
            ]
            let edits = fields.filter { $0.1 != $0.2 }.map { field -> String in
                var text = "\(field.0) \(field.1.map { amount($0, x.currency) } ?? "none") -> \(field.2.map { amount($0, y.currency) } ?? "none")"
                if let p = field.1, let q = field.2, p != 0 { text += " (\(ProfileEdits.percent(double(p), double(q))))" }
                return text
            }
            if !edits.isEmpty { out.append(CatalogChange(.price, id: a.id, "price of \(a.id): " + edits.joined(separator: ", "))) }
        default:
            out.append(CatalogChange(.offer, id: a.id, "offer \(a.id) changed between cloud and on-prem"))
        }
        return out
    }

    /// Devices or models: added, removed, or facts changed (compared without sources, dates and notes).
    private static func facts<T: Encodable>(_ a: [String: T], _ b: [String: T], added: CatalogChange.Kind, removed: CatalogChange.Kind,
                                            changed: CatalogChange.Kind, noun: String) -> [CatalogChange] {
        var out: [CatalogChange] = []
        for id in Set(a.keys).union(b.keys).sorted() {
            switch (a[id], b[id]) {
            case (nil, _?): out.append(CatalogChange(added, id: id, "\(noun) \(id) added"))
            case (_?, nil): out.append(CatalogChange(removed, id: id, "\(noun) \(id) removed"))
            case let (x?, y?):
                let keys = changedKeys(x, y)
                if !keys.isEmpty { out.append(CatalogChange(changed, id: id, "\(noun) \(id): \(keys.joined(separator: ", ")) changed")) }
            default: break
            }
        }
        return out
    }

    static let provenanceKeys: Set<String> = ["source", "sources", "as_of", "notes"]

    /// Top-level JSON keys whose values differ, ignoring provenance.
    static func changedKeys<T: Encodable>(_ a: T, _ b: T) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let da = try? encoder.encode(a), let db = try? encoder.encode(b),
              let x = (try? JSONSerialization.jsonObject(with: da)) as? [String: Any],
              let y = (try? JSONSerialization.jsonObject(with: db)) as? [String: Any] else { return [] }
        return Set(x.keys).union(y.keys).subtracting(provenanceKeys).sorted().filter { key in
            let p = x[key].flatMap { try? JSONSerialization.data(withJSONObject: ["v": $0], options: [.sortedKeys]) }
            let q = y[key].flatMap { try? JSONSerialization.data(withJSONObject: ["v": $0], options: [.sortedKeys]) }
            return p != q
        }
    }

    private static func costDefaultEdits(_ a: CostAssumptions?, _ b: CostAssumptions?) -> [String]? {
        guard let a, let b else { return a == nil && b == nil ? nil : ["cost defaults \(a == nil ? "added" : "removed")"] }
        return changedKeys(a, b).map { key in "`\(key)` changed" }
    }

    static func double(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }
    static func amount(_ d: Decimal, _ currency: String) -> String {
        currency == Money.base ? "$" + NumberFormat.usd(d) : NumberFormat.usd(d) + " " + currency
    }
    static func hourly(_ d: Decimal, _ currency: String) -> String {
        let digits = NumberFormat.fixed(double(d), 2)
        return (currency == Money.base ? "$" + digits : digits + " " + currency) + "/h"
    }
}
