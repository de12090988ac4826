import Foundation
import InferCostCatalog
import InferCostCore

/// What a command may touch outside its arguments: the catalog locations, the benchmark
/// database, the date and the two output streams. Injected, so golden tests run in-process.
public struct CLIEnvironment: Sendable {
    /// The shipped catalog.
    public var catalogRoot: URL
    /// Overlay folders from `INFERCOST_CATALOG_PATH`, applied in order before any `--catalog DIR`.
    public var catalogOverlays: [URL]
    /// The benchmark store (`--db` overrides it).
    public var benchDatabase: URL
    public var today: Day
    public var writeOut: @Sendable (String) -> Void
    public var writeErr: @Sendable (String) -> Void
    /// The terminal's width in characters (`COLUMNS`, else the terminal's own); nil: no limit (a pipe or file).
    public var terminalColumns: Int?
    /// Asks a person a question and returns the answer; nil when no one is at a terminal.
    public var ask: (@Sendable (String) -> String?)?
    /// Progress lines for a person watching a slow step (the first calibration); nil when stderr is not a terminal.
    public var progress: (@Sendable (String) -> Void)?
    /// Where the compiled catalog is kept between runs (`CatalogCache`); nil: parse the catalog every time.
    public var catalogCache: CatalogCache?
    /// The shipped catalog with `catalogOverlays`, being loaded on another thread while the command line is parsed
    /// (`live()`); `CatalogOptions.load` takes it when it asks for exactly that. nil: loaded when asked.
    public var catalogPrefetch: CatalogPrefetch?
    /// The stored calibration for `benchDatabase` and the prefetched catalog, being looked up on another thread
    /// (`live()`); `CalibrationOptions.load` takes it for that store and a catalog with the same devices and models.
    public var calibrationPrefetch: CalibrationPrefetch?

    public init(catalogRoot: URL, catalogOverlays: [URL] = [], benchDatabase: URL, today: Day,
                writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void,
                ask: (@Sendable (String) -> String?)? = nil, terminalColumns: Int? = nil,
                progress: (@Sendable (String) -> Void)? = nil, catalogCache: CatalogCache? = nil) {
        self.catalogCache = catalogCache
        self.catalogRoot = catalogRoot; self.catalogOverlays = catalogOverlays; self.benchDatabase = benchDatabase
        self.today = today; self.writeOut = writeOut; self.writeErr = writeErr; self.ask = ask
        self.terminalColumns = terminalColumns; self.progress = progress
    }

    /// The real process: catalog from `INFERCOST_CATALOG` or ./Catalog, overlays from
    /// `INFERCOST_CATALOG_PATH` (colon-separated), the database from `INFERCOST_DB` or the per-user
    /// data folder, today's UTC date, progress lines on stderr when it is a terminal.
    public static func live() -> CLIEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let root = variables["INFERCOST_CATALOG"].map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "Catalog")
        var env = CLIEnvironment(
            catalogRoot: root, catalogOverlays: overlays(variables), benchDatabase: defaultDatabase(variables), today: Day.today(),
            writeOut: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
            writeErr: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) },
            ask: terminalQuestion(), terminalColumns: columns(variables),
            progress: terminalProgress(), catalogCache: cacheDirectory(variables).flatMap(CatalogCache.forRunningExecutable))
        // Most commands load the catalog first thing, and parsing the command line takes a first run of the Swift runtime's
        // type lookups (~2 ms): the two overlap on two cores. A command that needs no catalog leaves it unread.
        if FileManager.default.fileExists(atPath: root.path) {
            let catalog = CatalogPrefetch(roots: [root] + env.catalogOverlays, cache: env.catalogCache)
            env.catalogPrefetch = catalog
            // The calibration of most commands is then one lookup in an existing store: made beside them too.
            if FileManager.default.fileExists(atPath: env.benchDatabase.path) {
                env.calibrationPrefetch = CalibrationPrefetch(database: env.benchDatabase, catalogRoot: root, catalog: catalog)
            }
        }
        return env
    }

    /// `$XDG_CACHE_HOME/infercost`, else `~/.cache/infercost`; nil when `INFERCOST_CACHE` is `off`.
    static func cacheDirectory(_ variables: [String: String]) -> URL? {
        guard variables["INFERCOST_CACHE"] != "off" else { return nil }
        let base = variables["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home(variables).appendingPathComponent(".cache")
        return base.appendingPathComponent("infercost")
    }

    /// `$HOME`, as the XDG base directories are defined; the user database's entry only when it is unset (looking
    /// that up reads the system's user files: a tenth of a millisecond or more in every process).
    static func home(_ variables: [String: String]) -> URL {
        variables["HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
    }

    /// Writes progress lines to stderr; nil when stderr is not a terminal (a pipe, a file, CI).
    static func terminalProgress() -> (@Sendable (String) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { text in FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    /// Asks on stderr and reads a line from stdin; nil when stdin is not a terminal.
    static func terminalQuestion() -> (@Sendable (String) -> String?)? {
        guard isatty(STDIN_FILENO) != 0 else { return nil }
        return { question in
            FileHandle.standardError.write(Data(question.utf8))
            return readLine(strippingNewline: true)
        }
    }

    /// `COLUMNS` when set, else the width of the terminal stdout is; nil when stdout is not a terminal.
    static func columns(_ variables: [String: String]) -> Int? {
        if let text = variables["COLUMNS"], let n = Int(text), n > 0 { return n }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// `INFERCOST_CATALOG_PATH`: overlay folders separated by colons, as PATH is.
    static func overlays(_ variables: [String: String]) -> [URL] {
        (variables["INFERCOST_CATALOG_PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
    }

    /// `INFERCOST_DB`, else `$XDG_DATA_HOME/infercost/bench.sqlite`, else `~/.local/share/infercost/bench.sqlite`.
    static func defaultDatabase(_ variables: [String: String]) -> URL {
        if let path = variables["INFERCOST_DB"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let data = variables["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home(variables).appendingPathComponent(".local/share")
        return data.appendingPathComponent("infercost").appendingPathComponent("bench.sqlite")
    }
}

extension Day {
    /// Today's date in UTC: whole days since the Unix epoch (no calendar, whose time zone data costs about half a
    /// millisecond in every process).
    /// A clock outside a million years of the epoch (not a date this program can price for) reads as the epoch.
    static func today(now: Date = Date()) -> Day {
        let days = (now.timeIntervalSince1970 / 86_400).rounded(.down)
        guard abs(days) < 365_250_000 else { return Day(ordinal: 0) }
        return Day(ordinal: Int(days))
    }
}
