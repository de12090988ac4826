import Foundation
import InferCostCore
import Yams

/// `offers/onprem/<id>.yaml` -> one on-premises `Offer` (id `onprem/<id>`).
enum OnPremOfferFile {
    static let keys = [
        "schema_version", "id", "name", "device", "devices_per_server", "memory_gb_per_device", "currency", "server_price",
        "device_price", "host_price", "host_power_w", "support_per_year", "markets", "sources", "notes", "scale_out_network",
    ]
    /// Figures that must be named by a source.
    static let sourcedNumbers = [
        "memory_gb_per_device", "server_price", "device_price", "host_price", "host_power_w", "support_per_year", "markets",
    ]
    /// The price figures, whose sources `catalog lint` checks for staleness.
    static let priceFields = ["server_price", "device_price", "host_price", "support_per_year"]
    /// `scale_out_network` carries its own `source` and `as_of`.
    static let sourceFields = keys.filter { !["schema_version", "id", "currency", "sources", "notes", "scale_out_network"].contains($0) }

    static func read(_ file: YAMLFile, stem: String?) -> (offer: OfferDraft?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let id = r.identity("id", mustEqual: stem, what: "file name")
        let name = r.string("name", required: true)
        let device = r.string("device", required: true)
        let count = r.int("devices_per_server", required: true, domain: Domains.devicesPerUnit)
        let memory = r.double("memory_gb_per_device", domain: Domains.memoryGB)
        let currency = r.currency("currency", required: true)
        let serverPrice = r.decimal("server_price", domain: Domains.serverPrice)
        let devicePrice = r.decimal("device_price", domain: Domains.serverPrice)
        let hostPrice = r.decimal("host_price", domain: Domains.hostPrice)
        let hostPower = r.double("host_power_w", domain: Domains.hostPowerW)
        let support = r.decimal("support_per_year", domain: Domains.hostPrice)
        let markets = r.choiceList("markets", Market.self)
        let notes = r.string("notes")
        let network = r.scaleOutNetwork()
        if r.isMapping {
            switch (r.contains("server_price"), r.contains("device_price")) {
            case (false, false):
                r.report("missing_key", "an on-prem server needs `server_price` or `device_price`", at: r.anchor,
                         hint: "add the sourced price of the whole server, or of one device")
            case (true, true):
                r.report("conflicting_keys", "`server_price` and `device_price` are both set; the capital cost would be ambiguous",
                         at: r.keyMark("device_price"), hint: "keep the one the source quotes")
            default: break
            }
            if r.contains("host_price") && !r.contains("device_price") {
                r.report("conflicting_keys", "`host_price` only applies with `device_price`; `server_price` already includes the host",
                         at: r.keyMark("host_price"), hint: "remove `host_price`")
            }
        }
        let sources = SourceList.read(&r, fieldNames: sourceFields)
        SourceList.checkCoverage(&r, sources: sources, numbers: sourcedNumbers.filter(r.contains).map { ($0, r.valueMark($0)) })

        guard !r.diagnostics.contains(where: { $0.severity == .error }), let id, let name, let device, let count,
              let currency else {
            return (nil, r.diagnostics)
        }
        let terms = OnPremTerms(currency: currency, serverPrice: serverPrice, devicePrice: devicePrice, hostPrice: hostPrice,
                                hostPowerW: hostPower, supportPerYear: support, markets: markets, sources: sources ?? [])
        let offer = Offer(id: "onprem/\(id)", name: name, deviceID: device, devicesPerUnit: count,
                          memoryGBPerDevice: memory, terms: .onPrem(terms), notes: notes, scaleOut: network)
        return (OfferDraft(offer: Located(value: offer, file: file, mark: r.valueMark("id")),
                           deviceMark: r.valueMark("device"), entryMark: r.keyMark("devices_per_server"),
                           currencyMark: r.valueMark("currency"),
                           fieldLines: Dictionary(uniqueKeysWithValues: sourcedNumbers.filter(r.contains).map { ($0, r.keyMark($0)?.line ?? 1) })),
                r.diagnostics)
    }
}
