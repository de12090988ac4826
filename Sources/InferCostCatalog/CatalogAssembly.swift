import Foundation
import InferCostCore

/// Stage two of loading: values read file by file are gathered here, then checked against
/// each other (duplicate ids, offers naming devices) once everything has loaded.
struct CatalogAssembly {
    private(set) var devices: [Located<Device>] = []
    private(set) var offers: [OfferDraft] = []
    private(set) var models: [Located<ModelSpec>] = []
    private(set) var costDefaults: [Located<CostDefaults>] = []
    var diagnostics: [Diagnostic] = []

    /// Reads one catalog file of the given kind (profiles are not catalog files and are ignored here).
    mutating func read(_ url: URL, as kind: CatalogFileKind) {
        let (file, parseDiagnostics) = YAMLFile.read(url)
        diagnostics += parseDiagnostics
        guard file.root != nil || parseDiagnostics.isEmpty else { return }
        let stem = CatalogFileKind.stem(url)
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
        case .profile:
            break
        }
    }

    /// Adds values to `byID`; a second definition of an id among the files read is `duplicate_id`.
    private mutating func addReportingDuplicates<T>(_ items: [Located<T>], kind: String, id: (T) -> String,
                                                    into byID: inout [String: T]) {
        var seen: [String: Located<T>] = [:]
        for item in items {
            let key = id(item.value)
            if let first = seen[key] {
                diagnostics.append(item.diagnostic("duplicate_id", "\(kind) `\(key)` is defined twice",
                                                   hint: "also defined in \(first.file.path):\(first.mark?.line ?? 1)"))
                continue
            }
            seen[key] = item
            byID[key] = item.value
        }
    }

    /// Checks duplicates among the files read, and each offer's device against these files and `base`;
    /// returns `base` with the values read added (a value read replaces `base`'s one of the same id).
    mutating func assemble(onto base: Catalog = Catalog()) -> Catalog {
        var deviceByID = base.devices
        addReportingDuplicates(devices, kind: "device", id: \.id, into: &deviceByID)
        var modelByID = base.models
        addReportingDuplicates(models, kind: "model", id: \.id, into: &modelByID)

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
            offerByID[offer.id] = offer
        }

        var defaults = base.costDefaults
        for (index, found) in costDefaults.enumerated() {
            if index > 0 {
                diagnostics.append(found.diagnostic("duplicate_id", "a second cost-defaults.yaml",
                                                    hint: "also read \(costDefaults[0].file.path)"))
                continue
            }
            defaults = found.value
        }
        return Catalog(devices: deviceByID, offers: Array(offerByID.values), models: modelByID, costDefaults: defaults)
    }
}
