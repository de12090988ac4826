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
    /// - Parameter cache: where a compiled copy of the load may be kept and reused (`CatalogCache`); never with `today`.
    public static func load(roots: [URL], lintingAsOf today: Day? = nil, cache: CatalogCache? = nil) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        guard today == nil, let cache, let key = cache.key(roots: roots) else { return parse(roots: roots, lintingAsOf: today) }
        if let cached = cache.read(roots: roots, key: key) { return cached }
        let loaded = parse(roots: roots, lintingAsOf: nil)
        // Stored only when nothing changed while it was parsed (the key is taken again), and never with an error.
        if !loaded.diagnostics.contains(where: { $0.severity == .error }), cache.key(roots: roots) == key {
            cache.write(loaded, roots: roots, key: key)
        }
        return loaded
    }

    static func parse(roots: [URL], lintingAsOf today: Day?) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
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
            var folder = CatalogFolder(root: root)
            for vendor in folder.entries(of: root.appendingPathComponent("devices"), folders: true) {
                for url in folder.entries(of: vendor, folders: false) {
                    assembly.read(url, as: .device(vendorFolder: vendor.lastPathComponent))
                }
            }
            for url in folder.entries(of: root.appendingPathComponent("offers").appendingPathComponent("cloud"), folders: false) {
                assembly.read(url, as: .cloudOffers)
            }
            for url in folder.entries(of: root.appendingPathComponent("offers").appendingPathComponent("onprem"), folders: false) {
                assembly.read(url, as: .onPremOffer)
            }
            for url in folder.entries(of: root.appendingPathComponent("offers").appendingPathComponent("api"), folders: false) {
                assembly.read(url, as: .apiOffers)
            }
            for url in folder.entries(of: root.appendingPathComponent("models"), folders: false) {
                assembly.read(url, as: .model)
            }
            for name in ["currencies.yaml", "cost-defaults.yaml", "grid-carbon.yaml"] where folder.isPresent(root.appendingPathComponent(name)) {
                let url = root.appendingPathComponent(name)
                if folder.admits(url) { assembly.read(url, as: CatalogFileKind.detect(url)) }
            }
            diagnostics += folder.diagnostics
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

    /// Loads a profile from its text, as if read from `path` (a git revision, editors, fuzzing).
    public static func loadProfile(text: String, path: String, catalog: Catalog) -> (profile: Profile?, diagnostics: [Diagnostic]) {
        let (file, parseDiagnostics) = YAMLFile.parse(text, path: path)
        guard parseDiagnostics.isEmpty else { return (nil, parseDiagnostics.sorted()) }
        let (profile, diagnostics) = ProfileFile.read(file, catalog: catalog)
        return (profile, diagnostics.sorted())
    }

    /// `validate` for one catalog file's text, its kind taken from `path`; the catalog it
    /// would give when laid over `catalog`, and the diagnostics (editors, fuzzing).
    public static func validate(text: String, path: String, catalog: Catalog) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        let url = URL(fileURLWithPath: path)
        let kind = CatalogFileKind.detect(url)
        guard kind != .profile else {
            return (catalog, loadProfile(text: text, path: path, catalog: catalog).diagnostics)
        }
        var assembly = CatalogAssembly()
        assembly.read(text: text, at: url, as: kind)
        var origins: [String: String] = [:]
        let merged = assembly.assemble(onto: catalog, origins: &origins)
        return (merged, assembly.diagnostics.sorted())
    }

    /// `infercost fmt`: the profile in canonical form, or nil with diagnostics when it does not load.
    /// Throws when the rewrite would not load to the same profile (a bug: nothing may be written).
    public static func formatProfile(text: String, path: String, catalog: Catalog) throws(FormatFailure)
        -> (formatted: String?, diagnostics: [Diagnostic]) {
        let (before, diagnostics) = loadProfile(text: text, path: path, catalog: catalog)
        guard let before else { return (nil, diagnostics) }
        let formatted = ProfileFormatter.format(text)
        guard loadProfile(text: formatted, path: path, catalog: catalog).profile == before else { throw FormatFailure(path: path) }
        return (formatted, diagnostics)
    }

    public struct FormatFailure: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "rewriting \(path) in canonical order would change what it means; it was left as it is" }
    }

    /// Whether `validate` and profile folders treat this file as a policy (`policy.yaml`, `NAME.policy.yaml`).
    public static func isPolicyFile(_ url: URL) -> Bool { CatalogFileKind.detect(url) == .policy }

    /// Loads a `policy.yaml` (docs/policy-format.md); vendor and provider names are checked against `catalog`.
    public static func loadPolicy(at url: URL, catalog: Catalog) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        let (file, parseDiagnostics) = YAMLFile.read(url)
        guard parseDiagnostics.isEmpty else { return (nil, parseDiagnostics.sorted()) }
        let (policy, diagnostics) = PolicyFile.read(file, catalog: catalog)
        return (policy, diagnostics.sorted())
    }

    /// `infercost validate FILES`: each file's kind comes from its path (`…/devices/<vendor>/…`,
    /// `…/offers/cloud/…`, `…/offers/onprem/…`, `…/models/…`, `cost-defaults.yaml`, `currencies.yaml`), else it is a profile.
    /// References are checked against `catalog` plus the catalog files given. All diagnostics, sorted.
    public static func validate(files: [URL], catalog: Catalog) -> [Diagnostic] {
        var assembly = CatalogAssembly()
        var profiles: [URL] = [], policies: [URL] = []
        var seen: Set<String> = []
        for url in files where seen.insert(url.standardizedFileURL.path).inserted {
            let kind = CatalogFileKind.detect(url)
            switch kind {
            case .profile: profiles.append(url)
            case .policy: policies.append(url)
            default: assembly.read(url, as: kind)
            }
        }
        var origins: [String: String] = [:]
        let merged = assembly.assemble(onto: catalog, origins: &origins)
        var diagnostics = assembly.diagnostics
        for url in profiles { diagnostics += loadProfile(at: url, catalog: merged).diagnostics }
        for url in policies { diagnostics += loadPolicy(at: url, catalog: merged).diagnostics }
        return diagnostics.sorted()
    }
}
