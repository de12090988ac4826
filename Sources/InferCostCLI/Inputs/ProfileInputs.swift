import Foundation
import InferCostCatalog
import InferCostCore

/// Finds and loads the profiles on one side of `diff` or for `check`: files, folders of
/// profiles (recursively, policy files skipped), or the same paths at a git revision.
struct ProfileInputs {
    /// One profile file: the key it is paired by, the path shown, and where its text is.
    struct Item {
        var key: String
        var display: String
        var url: URL?
        var text: String?
    }

    /// Profile files under `path` on disk: the file itself, or every `.yaml`/`.yml` below a folder
    /// (sorted; policy files skipped). Keys are `path/relative`, or relative to the folder when `relativeToFolder`.
    static func onDisk(_ path: String, relativeToFolder: Bool = false) -> [Item] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return [Item(key: path, display: path, url: URL(fileURLWithPath: path))]
        }
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        return names.filter(isProfileName).map { name in
            let full = folder + "/" + name
            return Item(key: relativeToFolder ? name : full, display: full, url: URL(fileURLWithPath: full))
        }
    }

    /// The profile files tracked at `revision` under `paths`, shown as `revision:path`.
    static func atRevision(_ revision: String, paths: [String], git: Git) throws(Git.Failure) -> [Item] {
        var items: [Item] = []
        for path in try git.files(at: revision, under: paths) where isProfileName(path) {
            let text = String(decoding: try git.show(revision, path), as: UTF8.self)
            items.append(Item(key: path, display: "\(revision):\(path)", text: text))
        }
        return items
    }

    static func isProfileName(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        guard !name.hasPrefix("."), name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        return !CatalogLoader.isPolicyFile(URL(fileURLWithPath: path))
    }

    /// Loads every item against `catalog`: profiles by key, and all diagnostics.
    static func load(_ items: [Item], catalog: Catalog) -> (profiles: [String: Profile], diagnostics: [Diagnostic]) {
        var profiles: [String: Profile] = [:]
        var diagnostics: [Diagnostic] = []
        for item in items {
            let (profile, found) = if let text = item.text {
                CatalogLoader.loadProfile(text: text, path: item.display, catalog: catalog)
            } else {
                CatalogLoader.loadProfile(at: item.url ?? URL(fileURLWithPath: item.display), catalog: catalog)
            }
            diagnostics += found
            if let profile { profiles[item.key] = profile }
        }
        return (profiles, diagnostics)
    }

    /// The catalog folder as it was at `revision`, written to `folder`; nil when git tracks no
    /// catalog files there (the catalog is then the same on both sides).
    static func catalog(at revision: String, root: URL, into folder: URL) throws(Git.Failure) -> URL? {
        let git = Git(directory: root)
        let files: [String]
        do { files = try git.files(at: revision, under: ["."]) } catch { return nil }
        let yaml = files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        guard !yaml.isEmpty else { return nil }
        for path in yaml {
            let target = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try git.show(revision, path).write(to: target)
            } catch let failure as Git.Failure {
                throw failure
            } catch {
                throw Git.Failure(description: "cannot write \(target.path): \(error)")
            }
        }
        return folder
    }
}
