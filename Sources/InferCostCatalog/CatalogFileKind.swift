import Foundation

/// What a file is, told from where it sits: `devices/<vendor>/<id>.yaml`, `offers/cloud/<provider>.yaml`,
/// `offers/onprem/<id>.yaml`, `offers/api/<provider>.yaml`, `models/<id>.yaml`, `cost-defaults.yaml`, `currencies.yaml`, `grid-carbon.yaml`; anything else is a profile.
enum CatalogFileKind: Equatable {
    case device(vendorFolder: String)
    case cloudOffers
    case onPremOffer
    case apiOffers
    case gridCarbon
    case model
    case costDefaults
    case currencies
    case profile
    /// `policy.yaml` or `<name>.policy.yaml`: a budget and policy gate for `infercost check`.
    case policy

    static func detect(_ url: URL) -> CatalogFileKind {
        let parts = url.standardizedFileURL.pathComponents
        let name = parts.last ?? ""
        if name == "cost-defaults.yaml" || name == "cost-defaults.yml" { return .costDefaults }
        if name == "currencies.yaml" || name == "currencies.yml" { return .currencies }
        if name == "policy.yaml" || name == "policy.yml" || name.hasSuffix(".policy.yaml") || name.hasSuffix(".policy.yml") { return .policy }
        if name == "grid-carbon.yaml" || name == "grid-carbon.yml" { return .gridCarbon }
        let folders = Array(parts.dropLast())
        if folders.count >= 2, folders[folders.count - 2] == "devices", let vendor = folders.last { return .device(vendorFolder: vendor) }
        if folders.count >= 2, folders[folders.count - 2] == "offers" {
            if folders.last == "cloud" { return .cloudOffers }
            if folders.last == "onprem" { return .onPremOffer }
            if folders.last == "api" { return .apiOffers }
        }
        if folders.last == "models" { return .model }
        return .profile
    }

    /// The file name without its extension: what an id must equal.
    static func stem(_ url: URL) -> String { url.deletingPathExtension().lastPathComponent }
}
