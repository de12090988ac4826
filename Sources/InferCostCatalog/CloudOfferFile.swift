import Foundation
import InferCostCore
import Yams

/// `offers/cloud/<provider>.yaml` -> one `Offer` per instance type.
enum CloudOfferFile {
    static let keys = ["schema_version", "provider", "name", "currency", "regions", "instances", "notes"]
    static let instanceKeys = ["id", "device", "devices_per_instance", "memory_gb_per_device", "prices", "notes", "scale_out_network"]
    static let priceKeys = ["region", "pricing", "per_hour", "payment", "source", "as_of", "notes"]

    static func read(_ file: YAMLFile, stem: String?) -> (offers: [OfferDraft], diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let provider = r.identity("provider", mustEqual: stem, what: "file name")
        _ = r.string("name", required: true)
        _ = r.string("notes")
        let currency = r.currency("currency", required: true)
        let regions = r.choiceMap("regions", Market.self, required: true) ?? [:]
        let regionNames = regions.keys.sorted()
        let hasRegions = r.contains("regions")
        let currencyMark = r.valueMark("currency")
        var seen: [String: Mark?] = [:]
        let drafts = r.mappings("instances", required: true, keys: instanceKeys) { m, _ -> OfferDraft? in
            let instance = m.string("id", required: true)
            if let instance {
                if let first = seen[instance] {
                    m.report("duplicate_id", "instance `\(instance)` is listed twice in this file", at: m.valueMark("id"),
                             hint: "first listed at line \(first?.line ?? 1); merge their prices into one entry")
                } else {
                    seen[instance] = m.valueMark("id")
                }
            }
            let device = m.string("device", required: true)
            let count = m.int("devices_per_instance", required: true, domain: Domains.devicesPerUnit)
            let memory = m.double("memory_gb_per_device", domain: Domains.memoryGB)
            let notes = m.string("notes")
            let network = m.scaleOutNetwork()
            var seenPrices: Set<String> = []
            var priceLines: [Int] = []
            let prices = m.mappings("prices", required: true, keys: priceKeys) { p, _ -> CloudPrice? in
                let region = p.string("region", required: true)
                let pricing = p.choice("pricing", PricingModel.self, required: true)
                let amount = p.decimal("per_hour", required: true, domain: Domains.pricePerHour)
                let source = p.string("source", required: true)
                let asOf = p.day("as_of", required: true)
                let priceNotes = p.string("notes")
                let payment = p.choice("payment", Payment.self) ?? .noUpfront
                if payment != .noUpfront, let pricing, pricing == .onDemand || pricing == .spot {
                    p.report("invalid_value", "`payment: \(payment.rawValue)` applies to reserved prices only",
                             at: p.valueMark("payment"), hint: "remove `payment` from \(pricing.rawValue) prices")
                }
                if let region, let pricing {
                    let key = "\(region) \(pricing.rawValue) \(payment.rawValue)"
                    if !seenPrices.insert(key).inserted {
                        p.report("duplicate_id", "a second `\(pricing.rawValue)` \(payment.rawValue) price for region `\(region)`",
                                 at: p.valueMark("pricing"), hint: "keep one price per region, pricing model and payment")
                    }
                }
                if let region, regions[region] == nil, hasRegions {
                    p.report("unknown_reference", "region `\(region)` is not in this file's `regions` map", at: p.valueMark("region"),
                             hint: Suggestion.closest(to: region, in: regionNames).map { "did you mean `\($0)`?" }
                                ?? "add `\(region): <market>` under `regions:`")
                }
                guard let region, let market = regions[region], let pricing, let amount, let source, let asOf,
                      let currency else { return nil }
                priceLines.append(p.valueMark("as_of")?.line ?? 1)
                return CloudPrice(region: region, market: market, pricing: pricing, perHour: amount, currency: currency,
                                  source: source, asOf: asOf, notes: priceNotes, payment: payment)
            }
            if let prices, prices.isEmpty, m.contains("prices") {
                m.report(.warning, "missing_price", "instance `\(instance ?? "?")` has no prices, so it is never recommended",
                         at: m.valueMark("prices"), hint: "add at least one sourced price or remove the instance")
            }
            guard let provider, let instance, let device, let count, let prices else { return nil }
            let offer = Offer(id: "\(provider)/\(instance)", name: instance, deviceID: device, devicesPerUnit: count,
                              memoryGBPerDevice: memory, terms: .cloud(provider: provider, prices: prices), notes: notes,
                              scaleOut: network)
            return OfferDraft(offer: Located(value: offer, file: file, mark: m.valueMark("id")),
                              deviceMark: m.valueMark("device"), entryMark: m.anchor, currencyMark: currencyMark,
                              priceLines: priceLines)
        }
        let failed = r.diagnostics.contains { $0.severity == .error }
        return (failed ? [] : drafts ?? [], r.diagnostics)
    }
}

/// An offer read from a file, with the positions its cross-file checks report at.
struct OfferDraft {
    var offer: Located<Offer>
    /// The `device:` value, for `unknown_reference`.
    var deviceMark: Mark?
    /// The instance or server entry, for a CPU offer missing `memory_gb_per_device`.
    var entryMark: Mark?
    /// The `currency:` value, for a currency with no exchange rate.
    var currencyMark: Mark?
    /// Cloud: the line of each price's `as_of`, in `prices` order (for `catalog lint`).
    var priceLines: [Int] = []
    /// On-prem: the line of each figure present (for `catalog lint`).
    var fieldLines: [String: Int] = [:]
}
