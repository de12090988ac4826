import Foundation
import InferCostCore

/// Reads the catalog folder, profiles, and any file `infercost validate` is given, into validated
/// Core values plus diagnostics (sorted; never thrown).
public enum CatalogLoader {
    /// Loads every file under a catalog root (`devices/<vendor>/<id>.yaml`, `offers/cloud/<provider>.yaml`,
    /// `offers/onprem/<id>.yaml`, `models/<id>.yaml`, `cost-defaults.yaml`, `currencies.yaml`).
    /// Cross-references (offer device -> device id, price currency -> rate) are checked after the
    /// folder has loaded. A file with errors contributes no values.
    public static func load(root: URL) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        load(roots: [root])
    }

    /// Loads the shipped catalog (`roots[0]`) and lays each overlay folder over it in order: an
    /// overlay's entry replaces the one with the same id (device, model, offer `provider/instance`,
    /// exchange rate, cost defaults), reported as an `override` note. An overlay holds only the
    /// files it changes.
    /// - Parameter today: when set, also runs `catalog lint`'s checks (plausibility, staleness, names).
    public static func load(roots: [URL], lintingAsOf today: Day? = nil) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        var catalog = Catalog()
        var devices: [String: Located<Device>] = [:], models: [String: Located<ModelSpec>] = [:]
        var origins: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
                let path = YAMLFile.displayPath(root)
                diagnostics.append(Diagnostic(.error, code: "unreadable_file", "catalog folder \(path) does not exist",
                                              at: .init(file: path, line: 1, column: 1),
                                              hint: "pass a folder that holds devices/, offers/, models/ or currencies.yaml"))
                continue
            }
            var assembly = CatalogAssembly()
            for vendor in entries(of: root.appendingPathComponent("devices"), folders: true) {
                for url in entries(of: vendor, folders: false) {
                    assembly.read(url, as: .device(vendorFolder: vendor.lastPathComponent))
                }
            }
            for url in entries(of: root.appendingPathComponent("offers").appendingPathComponent("cloud"), folders: false) {
                assembly.read(url, as: .cloudOffers)
            }
            for url in entries(of: root.appendingPathComponent("offers").appendingPathComponent("onprem"), folders: false) {
                assembly.read(url, as: .onPremOffer)
            }
            for url in entries(of: root.appendingPathComponent("offers").appendingPathComponent("api"), folders: false) {
                assembly.read(url, as: .apiOffers)
            }
            for url in entries(of: root.appendingPathComponent("models"), folders: false) {
                assembly.read(url, as: .model)
            }
            for name in ["currencies.yaml", "cost-defaults.yaml", "grid-carbon.yaml"] {
                let url = root.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) { assembly.read(url, as: CatalogFileKind.detect(url)) }
            }
            catalog = assembly.assemble(onto: catalog, origins: &origins)
            diagnostics += assembly.diagnostics
            if let today {
                diagnostics += CatalogLint.check(assembly, catalog: catalog, today: today)
                for d in assembly.devices { devices[d.value.id] = d }
                for m in assembly.models { models[m.value.id] = m }
            }
        }
        if today != nil {
            diagnostics += CatalogLint.checkNames(devices: devices.keys.sorted().compactMap { devices[$0] },
                                                  models: models.keys.sorted().compactMap { models[$0] })
        }
        return (catalog, diagnostics.sorted())
    }

    /// Loads one profile: its model must be in `catalog`; omitted cost keys are filled from
    /// `catalog.costDefaults` and listed in `Profile.defaultedCostKeys`. Nil when any error was found.
    public static func loadProfile(at url: URL, catalog: Catalog) -> (profile: Profile?, diagnostics: [Diagnostic]) {
        let (file, parseDiagnostics) = YAMLFile.read(url)
        guard parseDiagnostics.isEmpty else { return (nil, parseDiagnostics.sorted()) }
        let (profile, diagnostics) = ProfileFile.read(file, catalog: catalog)
        return (profile, diagnostics.sorted())
    }

    /// `infercost validate FILES`: each file's kind comes from its path (`…/devices/<vendor>/…`,
    /// `…/offers/cloud/…`, `…/offers/onprem/…`, `…/models/…`, `cost-defaults.yaml`, `currencies.yaml`), else it is a profile.
    /// References are checked against `catalog` plus the catalog files given. All diagnostics, sorted.
    public static func validate(files: [URL], catalog: Catalog) -> [Diagnostic] {
        var assembly = CatalogAssembly()
        var profiles: [URL] = []
        var seen: Set<String> = []
        for url in files where seen.insert(url.standardizedFileURL.path).inserted {
            let kind = CatalogFileKind.detect(url)
            if kind == .profile { profiles.append(url) } else { assembly.read(url, as: kind) }
        }
        var origins: [String: String] = [:]
        let merged = assembly.assemble(onto: catalog, origins: &origins)
        var diagnostics = assembly.diagnostics
        for url in profiles { diagnostics += loadProfile(at: url, catalog: merged).diagnostics }
        return diagnostics.sorted()
    }

    /// The `.yaml` files (or the folders) directly inside `folder`, sorted by name; none if it is absent.
    private static func entries(of folder: URL, folders: Bool) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name -> URL? in
            guard !name.hasPrefix(".") else { return nil }
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return nil }
            if folders { return isFolder.boolValue ? url : nil }
            return !isFolder.boolValue && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) ? url : nil
        }
    }
}
