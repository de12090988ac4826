import ArgumentParser
import Foundation
import InferCostCore
import InferCostReport
import InferCostStore

/// A command that runs against an injected environment and returns its exit status.
protocol InferCostCommand: ParsableCommand {
    func execute(_ env: CLIEnvironment) -> Int32
}

extension InferCostCommand {
    public func run() throws {
        let status = execute(.live())
        if status != 0 { throw ExitCode(status) }
    }
}

/// Entry point shared by the executable and the in-process golden tests.
public enum CLI {
    public static func run(_ arguments: [String], environment env: CLIEnvironment) -> Int32 {
        // A command that did not read the prefetched catalog still lets it finish: its cache file is then whole or absent.
        defer { _ = env.catalogPrefetch?.loaded() }
        if arguments == ["--version"] { return version(env) }
        if arguments == ["--generate-manual"] { env.writeOut(ManPage.render()); return ExitStatus.success }
        do {
            var command = try RootCommand.parseAsRoot(arguments)
            if let runnable = command as? any InferCostCommand { return runnable.execute(env) }
            try command.run()  // `help` and command groups: ArgumentParser prints or throws their help
            return ExitStatus.success
        } catch {
            let code = RootCommand.exitCode(for: error).rawValue
            let message = RootCommand.fullMessage(for: error)
            if code == 0 { env.writeOut(message) } else { env.writeErr(message) }
            return code
        }
    }

    /// The program's version; not tied to the catalog or the store format, which carry their own `schema_version`.
    public static let versionNumber = "0.2.0"

    /// `infercost --version`: the version, the catalog's date and size, and the corpus size.
    static func version(_ env: CLIEnvironment) -> Int32 {
        guard let options = try? CatalogOptions.parse([]), let catalog = options.load(env) else { return ExitStatus.dataError }
        // The reference corpus and the serving runs shipped beside it (BenchStore imports both).
        let counts = [BenchStore.shippedCorpusPath, BenchStore.shippedServingPath].map { path in
            FileManager.default.contents(atPath: env.catalogRoot.appendingPathComponent(path).path).map { max(nonBlankLines($0) - 1, 0) }
        }
        let rows = counts[0].map { $0 + (counts[1] ?? 0) }
        env.writeOut(VersionReport(version: versionNumber, catalog: catalog, corpusRows: rows).render())
        return ExitStatus.success
    }

    /// Lines holding more than spaces and tabs (a CSV's header and rows; no field of the shipped files holds a line
    /// break). Counted on the bytes: splitting the corpus's text into `Character`s took 40 ms of every `--version`.
    static func nonBlankLines(_ data: Data) -> Int {
        // Over the raw bytes: Data's own iterator took a sixth of a `--version`.
        data.withUnsafeBytes { bytes in
            var lines = 0, blank = true
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    if !blank { lines += 1 }
                    blank = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"): break
                default: blank = false
                }
            }
            return blank ? lines : lines + 1
        }
    }
}
