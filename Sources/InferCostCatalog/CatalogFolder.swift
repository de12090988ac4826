import Foundation
import InferCostCore

/// Walks one catalog root. A folder that cannot be listed, a dangling link and a symbolic link
/// that leads outside the root are errors, never skipped in silence: an overlay from someone
/// else must not read (and quote in diagnostics) a file elsewhere on the machine, such as a
/// user's secrets, and "catalog ok" must mean every file was read. Links that stay inside the
/// root are followed.
struct CatalogFolder {
    let root: URL
    /// The root with links resolved, to compare link targets against.
    let resolvedRoot: String
    private(set) var diagnostics: [Diagnostic] = []

    init(root: URL) {
        self.root = root
        resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// True when something (even a dangling link) is at `url`.
    func isPresent(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// The `.yaml` files (or the folders) directly inside `folder`, sorted by name; none if it is absent.
    mutating func entries(of folder: URL, folders: Bool) -> [URL] {
        guard isPresent(folder), admits(folder) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            report(folder, "folder \(YAMLFile.displayPath(folder)) cannot be listed: \(InputFile.reason(error))", hint: "check the folder's permissions")
            return []
        }
        return names.sorted().compactMap { name -> URL? in
            guard !name.hasPrefix(".") else { return nil }
            let url = folder.appendingPathComponent(name)
            let isYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                if isYAML || folders { report(url, "\(YAMLFile.displayPath(url)) \(InputFile.Problem.brokenLink)", hint: "remove the link or restore its target") }
                return nil
            }
            guard folders ? isFolder.boolValue : (!isFolder.boolValue && isYAML) else { return nil }
            return admits(url) ? url : nil
        }
    }

    /// False (and reported) when `url` is a symbolic link, or sits under one, that resolves outside the root.
    mutating func admits(_ url: URL) -> Bool {
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved != resolvedRoot, !resolved.hasPrefix(resolvedRoot + "/") else { return true }
        report(url, "\(YAMLFile.displayPath(url)) is a symbolic link that leads outside the catalog folder \(YAMLFile.displayPath(root)); not read",
               hint: "catalog folders hold plain files; copy the file into the folder instead of linking to it")
        return false
    }

    private mutating func report(_ url: URL, _ message: String, hint: String) {
        let path = YAMLFile.displayPath(url)
        diagnostics.append(Diagnostic(.error, code: "unreadable_file", message, at: .init(file: path, line: 1, column: 1), hint: hint))
    }
}
