import Foundation

/// Reads files at a git revision by running `git` (ls-tree, show, merge-base) as a subprocess:
/// no library, and the user's own git configuration and credentials are never needed.
struct Git: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The folder git runs in (the current directory by default); paths are relative to it.
    var directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    /// Runs `git ARGS`, returning stdout; a non-zero exit is a `Failure` carrying git's stderr.
    func run(_ arguments: [String]) throws(Failure) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out; process.standardError = err
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error)") }
        // Read before waiting, so a large output cannot fill the pipe and block git.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return data
    }

    /// The commit a revision names (checks it exists).
    func commit(_ revision: String) throws(Failure) -> String {
        String(decoding: try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func mergeBase(_ a: String, _ b: String) throws(Failure) -> String {
        String(decoding: try run(["merge-base", a, b]), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Files tracked at `revision` under `paths` (relative to `directory`, as given), sorted.
    /// A path outside the repository, or not tracked there, lists nothing.
    func files(at revision: String, under paths: [String]) throws(Failure) -> [String] {
        let text = String(decoding: try run(["ls-tree", "-r", "--name-only", revision, "--"] + paths), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).sorted()
    }

    /// One file's content at `revision`; `path` is relative to `directory`.
    func show(_ revision: String, _ path: String) throws(Failure) -> Data {
        try run(["show", "\(revision):./\(path)"])
    }
}
