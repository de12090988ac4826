import Foundation
import Yams
import InferCostCore

/// Stage two of loading: values read file by file are gathered here, then checked against
/// each other (duplicate ids, offers naming devices, prices naming currencies) once a whole
/// catalog layer has loaded, and laid over the layers below it.
struct CatalogAssembly {
    private(set) var devices: [Located<Device>] = []
    private(set) var offers: [OfferDraft] = []
    private(set) var models: [Located<ModelSpec>] = []
    private(set) var costDefaults: [Located<CostDefaults>] = []
    private(set) var rates: [Located<ExchangeRate>] = []
    private(set) var apiOffers: [Located<APIOffer>] = []
    private(set) var grids: [Located<GridIntensity>] = []
    var diagnostics: [Diagnostic] = []

    /// Reads one catalog file of the given kind (profiles are not catalog files and are ignored here).
    mutating func read(_ url: URL, as kind: CatalogFileKind) {
        let (file, parseDiagnostics) = YAMLFile.read(url)
        add(file, parseDiagnostics: parseDiagnostics, as: kind, stem: CatalogFileKind.stem(url))
    }

    /// Reads one catalog file's text as if it were at `url`.
    mutating func read(text: String, at url: URL, as kind: CatalogFileKind) {
        let (file, parseDiagnostics) = YAMLFile.parse(text, path: YAMLFile.displayPath(url))
        add(file, parseDiagnostics: parseDiagnostics, as: kind, stem: CatalogFileKind.stem(url))
    }

    private mutating func add(_ file: YAMLFile, parseDiagnostics: [Diagnostic], as kind: CatalogFileKind, stem: String?) {
        diagnostics += parseDiagnostics
        guard file.root != nil || parseDiagnostics.isEmpty else { return }
        switch kind {
        case .device(let vendorFolder):
            let (device, found) = DeviceFile.read(file, stem: stem, vendorFolder: vendorFolder)
            diagnostics += found
            if let device { devices.append(device) }
        case .cloudOffers:
            let (drafts, found) = CloudOfferFile.read(file, stem: stem)
            diagnostics += found
            offers += drafts
        case .onPremOffer:
            let (draft, found) = OnPremOfferFile.read(file, stem: stem)
            diagnostics += found
            if let draft { offers.append(draft) }
        case .model:
            let (model, found) = ModelFile.read(file, stem: stem)
            diagnostics += found
            if let model { models.append(model) }
        case .costDefaults:
            let (defaults, found) = CostDefaultsFile.read(file)
            diagnostics += found
            if let defaults { costDefaults.append(Located(value: defaults, file: file, mark: nil)) }
        case .currencies:
            let (read, found) = CurrenciesFile.read(file)
            diagnostics += found
            rates += read
        case .apiOffers:
            let (read, found) = APIOfferFile.read(file, stem: stem)
            diagnostics += found
            apiOffers += read
        case .gridCarbon:
            let (read, found) = GridCarbonFile.read(file)
            diagnostics += found
            grids += read
        case .profile, .policy:
            break
        }
    }

    /// Adds values to `byID`. A second definition of an id among this layer's files is `duplicate_id`;
    /// replacing a lower layer's value is an `override` note naming both places.
    private mutating func add<T>(_ items: [Located<T>], kind: String, id: (T) -> String, into byID: inout [String: T],
                                 origins: inout [String: String]) {
        var seen: [String: Located<T>] = [:]
        for item in items {
            let key = id(item.value)
            if let first = seen[key] {
                diagnostics.append(item.diagnostic("duplicate_id", "\(kind) `\(key)` is defined twice",
                                                   hint: "also defined in \(first.file.path):\(first.mark?.line ?? 1)"))
                continue
            }
            seen[key] = item
            noteOverride(kind: kind, id: key, file: item.file, mark: item.mark, origins: &origins)
            byID[key] = item.value
        }
    }

    private mutating func noteOverride(kind: String, id: String, file: YAMLFile, mark: Mark?, origins: inout [String: String]) {
        let here = "\(file.path):\(mark?.line ?? 1)"
        if let below = origins["\(kind) \(id)"] {
            diagnostics.append(file.diagnostic(.note, "override", "\(kind) `\(id)` overrides the one in \(below)", at: mark,
                                               hint: "this overlay's value is used"))
        }
        origins["\(kind) \(id)"] = here
    }

    /// Lays this layer's values over `base`: duplicates within the layer are errors, each offer's device
    /// and currency must exist in the result, and a value replacing one of `base` is reported as a note.
    /// - Parameter origins: where each `"<kind> <id>"` of `base` was defined; updated with this layer.
    mutating func assemble(onto base: Catalog = Catalog(), origins: inout [String: String]) -> Catalog {
        var deviceByID = base.devices
        add(devices, kind: "device", id: \.id, into: &deviceByID, origins: &origins)
        var modelByID = base.models
        add(models, kind: "model", id: \.id, into: &modelByID, origins: &origins)
        var rateByCurrency = base.exchangeRates
        add(rates, kind: "exchange rate", id: \.currency, into: &rateByCurrency, origins: &origins)

        var offerByID: [String: Offer] = Dictionary(base.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seenOffers: [String: OfferDraft] = [:]
        let deviceIDs = deviceByID.keys.sorted()
        for draft in offers {
            let offer = draft.offer.value
            if let first = seenOffers[offer.id] {
                diagnostics.append(draft.offer.diagnostic("duplicate_id", "offer `\(offer.id)` is defined twice",
                                                          hint: "also defined in \(first.offer.file.path):\(first.offer.mark?.line ?? 1)"))
                continue
            }
            seenOffers[offer.id] = draft
            guard let device = deviceByID[offer.deviceID] else {
                let hint = Suggestion.closest(to: offer.deviceID, in: deviceIDs).map { "did you mean `\($0)`?" }
                    ?? (deviceIDs.isEmpty ? "the catalog has no devices" : "add devices/<vendor>/\(offer.deviceID).yaml")
                diagnostics.append(draft.offer.diagnostic("unknown_reference",
                                                          "offer `\(offer.id)` names device `\(offer.deviceID)`, which is not in the catalog",
                                                          at: draft.deviceMark, hint: hint))
                continue
            }
            if device.kind == .cpu, offer.memoryGBPerDevice == nil {
                diagnostics.append(draft.offer.diagnostic("missing_key",
                                                          "offer `\(offer.id)` runs on CPU `\(device.id)` and needs `memory_gb_per_device`",
                                                          at: draft.entryMark,
                                                          hint: "a CPU's memory is the host memory per socket, which the offer sets"))
                continue
            }
            if let currency = offer.currency, currency != Money.base, rateByCurrency[currency] == nil {
                diagnostics.append(draft.offer.diagnostic("unknown_reference",
                                                          "offer `\(offer.id)` is priced in \(currency), which has no exchange rate in the catalog",
                                                          at: draft.currencyMark,
                                                          hint: "add a sourced `\(currency)` rate to currencies.yaml"))
                continue
            }
            noteOverride(kind: "offer", id: offer.id, file: draft.offer.file, mark: draft.offer.mark, origins: &origins)
            offerByID[offer.id] = offer
        }

        var apiByID = Dictionary(base.apiOffers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        add(apiOffers, kind: "api offer", id: \.id, into: &apiByID, origins: &origins)
        for located in apiOffers {
            let offer = located.value
            if modelByID[offer.modelID] == nil {
                diagnostics.append(located.diagnostic("unknown_reference", "API offer `\(offer.id)` names model `\(offer.modelID)`, which is not in the catalog",
                                                      hint: Suggestion.closest(to: offer.modelID, in: modelByID.keys.sorted()).map { "did you mean `\($0)`?" }))
                apiByID[offer.id] = nil
            } else if offer.currency != Money.base, rateByCurrency[offer.currency] == nil {
                diagnostics.append(located.diagnostic("unknown_reference", "API offer `\(offer.id)` is priced in \(offer.currency), which has no exchange rate in the catalog",
                                                      hint: "add a sourced `\(offer.currency)` rate to currencies.yaml"))
                apiByID[offer.id] = nil
            }
        }
        var gridByMarket = base.gridIntensity
        var gridByKey = Dictionary(uniqueKeysWithValues: gridByMarket.map { ($0.key.rawValue, $0.value) })
        add(grids, kind: "grid", id: \.market.rawValue, into: &gridByKey, origins: &origins)
        for (_, grid) in gridByKey { gridByMarket[grid.market] = grid }

        var defaults = base.costDefaults
        for (index, found) in costDefaults.enumerated() {
            if index > 0 {
                diagnostics.append(found.diagnostic("duplicate_id", "a second cost-defaults.yaml",
                                                    hint: "also read \(costDefaults[0].file.path)"))
                continue
            }
            noteOverride(kind: "cost defaults", id: "cost-defaults.yaml", file: found.file, mark: nil, origins: &origins)
            defaults = found.value
        }
        return Catalog(devices: deviceByID, offers: Array(offerByID.values), models: modelByID, costDefaults: defaults,
                       exchangeRates: rateByCurrency, apiOffers: Array(apiByID.values), gridIntensity: gridByMarket)
    }
}
