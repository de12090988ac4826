import Foundation
import InferCostCore
import Yams

/// `offers/cloud/<provider>.yaml` -> one `Offer` per instance type.
enum CloudOfferFile {
    static let keys = ["schema_version", "provider", "name", "instances", "notes"]
    static let instanceKeys = ["id", "device", "devices_per_instance", "memory_gb_per_device", "prices", "notes"]
    static let priceKeys = ["region", "pricing", "usd_per_hour", "source", "as_of", "notes"]

    static func read(_ file: YAMLFile, stem: String?) -> (offers: [OfferDraft], diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let provider = r.identity("provider", mustEqual: stem, what: "file name")
        _ = r.string("name", required: true)
        _ = r.string("notes")
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
            let count = m.int("devices_per_instance", required: true, rule: .positiveUpTo(100_000))
            let memory = m.double("memory_gb_per_device", rule: .positive)
            let notes = m.string("notes")
            var seenPrices: Set<String> = []
            let prices = m.mappings("prices", required: true, keys: priceKeys) { p, _ -> CloudPrice? in
                let region = p.string("region", required: true)
                let pricing = p.choice("pricing", PricingModel.self, required: true)
                let usd = p.decimal("usd_per_hour", required: true, rule: .positive)
                let source = p.string("source", required: true)
                let asOf = p.day("as_of", required: true)
                let priceNotes = p.string("notes")
                if let region, let pricing {
                    let key = "\(region) \(pricing.rawValue)"
                    if !seenPrices.insert(key).inserted {
                        p.report("duplicate_id", "a second `\(pricing.rawValue)` price for region `\(region)`",
                                 at: p.valueMark("pricing"), hint: "keep one price per region and pricing model")
                    }
                }
                guard let region, let pricing, let usd, let source, let asOf else { return nil }
                return CloudPrice(region: region, pricing: pricing, usdPerHour: usd, source: source, asOf: asOf,
                                  notes: priceNotes)
            }
            if let prices, prices.isEmpty, m.contains("prices") {
                m.report(.warning, "missing_price", "instance `\(instance ?? "?")` has no prices, so it is never recommended",
                         at: m.valueMark("prices"), hint: "add at least one sourced price or remove the instance")
            }
            guard let provider, let instance, let device, let count, let prices else { return nil }
            let offer = Offer(id: "\(provider)/\(instance)", name: instance, deviceID: device, devicesPerUnit: count,
                              memoryGBPerDevice: memory, terms: .cloud(provider: provider, prices: prices), notes: notes)
            return OfferDraft(offer: Located(value: offer, file: file, mark: m.valueMark("id")),
                              deviceMark: m.valueMark("device"), entryMark: m.anchor)
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
}
