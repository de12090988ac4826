import Foundation
import GRDB
import InferCostCore

/// The benchmark store: one SQLite file in WAL mode holding imported files, their measurements
/// and saved calibrations. Safe to share across threads, and across processes: writers wait for
/// each other (busy timeout) instead of failing, every import is one IMMEDIATE transaction, and
/// a file's content hash is checked inside that transaction, so the same file is stored once
/// however many processes import it at the same moment. One connection (`DatabaseQueue`) per store:
/// GRDB's pool opened a second one for reads and wrote to the write-ahead log at every open
/// (with two file syncs at close), a tenth of an `estimate`, for parallel reads no command makes.
public final class BenchStore: Sendable {
    public let url: URL
    private let database: DatabaseQueue
    /// True when the file exists but may not be written (a shared, read-only store): it can be
    /// listed and used for calibration, and the shipped corpus is not loaded into it.
    public let isReadOnly: Bool

    /// Why a store cannot be opened, in words.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens the database at `url`, creating it and its parent folders if needed, and applies
    /// any migrations it has not run yet. A path that is a folder or a special file, or an empty
    /// path, is refused with the reason. `readingOnly`: an existing database opened to read, never created,
    /// migrated or written.
    public init(url: URL, busyTimeout: TimeInterval = 10, readingOnly: Bool = false) throws {
        self.url = url
        if url.path.isEmpty || url.path == "/" { throw Unusable(description: "the database path is empty") }
        if let problem = InputFile.check(url.path), problem != .missing || readingOnly {
            throw Unusable(description: "\(url.path) \(problem)")
        }
        let exists = FileManager.default.fileExists(atPath: url.path)
        isReadOnly = readingOnly || (exists && !FileManager.default.isWritableFile(atPath: url.path))
        if !exists {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.readonly = isReadOnly
        // A new file is put in WAL mode; an existing one keeps the mode recorded in it.
        if !exists { configuration.journalMode = .wal }
        database = try Self.open(url.path, configuration)
        if isReadOnly {
            guard try database.read({ try BenchMigrations.migrator.hasCompletedMigrations($0) }) else {
                throw Unusable(description: "\(url.path) is read-only and was made by an older infercost; open it once with write access")
            }
        } else {
            try Self.migrate(database)
        }
    }

    /// Two processes creating the same new file at once race to switch it to WAL; SQLite answers the
    /// loser's `PRAGMA journal_mode = WAL` with SQLITE_BUSY without calling the busy handler, so
    /// the open is retried for up to the busy timeout's order of magnitude (5 s).
    private static func open(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        for _ in 1..<100 {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Two processes opening a new file at once may both see a migration as pending; the loser's
    /// attempt fails once the winner has committed, and a second look finds the schema complete.
    private static func migrate(_ database: DatabaseQueue) throws {
        let migrator = BenchMigrations.migrator
        if try database.read({ try migrator.hasCompletedMigrations($0) }) { return }
        for attempt in 1...3 {
            do {
                try migrator.migrate(database)
                return
            } catch {
                if try database.read({ try migrator.hasCompletedMigrations($0) }) { return }
                if attempt == 3 { throw error }
            }
        }
    }

    // MARK: Imports

    /// Stores `rows` as one import of a file, in one transaction: all of them or, on any failure,
    /// none. A file whose `contentHash` is already stored is not stored again.
    public func importMeasurements(_ rows: [BenchmarkMeasurement], contentHash: String, fileName: String, format: ImportFormat,
                                   unmapped: Int, importedAt: Date = Date()) throws -> ImportOutcome {
        try importMeasurements(rows, contentHash: contentHash, fileName: fileName, format: format.rawValue,
                               unmapped: unmapped, importedAt: importedAt, afterRow: nil)
    }

    /// `afterRow` runs after each inserted row (1-based count): tests use it to fail an import midway. `replacingEarlier`:
    /// in the same transaction, earlier imports of a file of this name and format are removed with their rows (a new
    /// version of a shipped file replaces the old one instead of standing beside it).
    func importMeasurements(_ rows: [BenchmarkMeasurement], contentHash: String, fileName: String, format: String, unmapped: Int,
                            importedAt: Date, replacingEarlier: Bool = false, afterRow: ((Int) throws -> Void)?) throws -> ImportOutcome {
        try database.writeWithoutTransaction { db in
            var outcome: ImportOutcome?
            try db.inTransaction(.immediate) {
                if let existing = try Row.fetchOne(db, sql: "SELECT id, imported_at FROM imports WHERE content_hash = ?",
                                                   arguments: [contentHash]) {
                    outcome = .alreadyImported(importID: existing["id"], importedAt: StoredDate.decode(existing, "imported_at"))
                    return .rollback
                }
                if replacingEarlier {
                    let earlier = "SELECT id FROM imports WHERE file_name = ? AND format = ?"
                    try db.execute(sql: "DELETE FROM measurements WHERE import_id IN (\(earlier))", arguments: [fileName, format])
                    try db.execute(sql: "DELETE FROM imports WHERE id IN (\(earlier))", arguments: [fileName, format])
                }
                try db.execute(sql: """
                    INSERT INTO imports (content_hash, file_name, format, imported_at, row_count, unmapped_count)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [contentHash, fileName, format, importedAt, rows.count, unmapped])
                let importID = db.lastInsertedRowID
                let insert = try db.makeStatement(sql: """
                    INSERT INTO measurements (import_id, row_key, source, locator, device_name, model_name, precision,
                        precision_text, devices, tp, pp, engine, engine_version, load_kind, load_value, input_tokens,
                        output_tokens, metric, metric_family, statistic, value, notes, attention_dp, requests)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (index, row) in rows.enumerated() {
                    try insert.execute(arguments: Self.arguments(row, importID: importID))
                    try afterRow?(index + 1)
                }
                outcome = .imported(importID: importID, count: rows.count)
                return .commit
            }
            guard let outcome else { throw DatabaseError(message: "import transaction finished without an outcome") }
            return outcome
        }
    }

    /// Every imported file, oldest first.
    public func imports() throws -> [ImportRecord] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id").map(Self.importRecord) }
    }

    /// The import of a file with this content hash, if any.
    public func importRecord(contentHash: String) throws -> ImportRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE content_hash = ?", arguments: [contentHash]).map(Self.importRecord)
        }
    }

    private static func importRecord(_ row: Row) -> ImportRecord {
        ImportRecord(id: row["id"], contentHash: row["content_hash"], fileName: row["file_name"], format: row["format"],
                     importedAt: StoredDate.decode(row, "imported_at"), rowCount: row["row_count"], unmappedCount: row["unmapped_count"])
    }

    /// A stable fingerprint of the stored data: SHA-256 of the sorted content hashes of every
    /// import. It changes exactly when a file is imported (or removed).
    public func measurementsHash() throws -> String {
        let hashes = try database.read { db in try String.fetchAll(db, sql: "SELECT content_hash FROM imports ORDER BY content_hash") }
        return ContentHash.hex(hashes.joined(separator: "\n"))
    }

    // MARK: The shipped corpus

    /// Where the shipped corpus lives under a catalog root.
    public static let shippedCorpusPath = "benchmarks/published_measurements.csv"
    /// Serving runs measured at a request rate, shipped beside the reference corpus in a file of their own
    /// (Catalog/benchmarks/README.md); `bench validate` replays them in the simulator.
    public static let shippedServingPath = "benchmarks/serving_measurements.csv"

    /// Imports Catalog/benchmarks/published_measurements.csv, and serving_measurements.csv beside it, unless
    /// a file with the same content hash is already stored ("loaded on first use"). Cheap when they are: a file
    /// whose stamp (`FileStamp`) is the one recorded when it was last hashed is not read again, its hash is known;
    /// then one lookup each. Returns the reference corpus's outcome; nil when the catalog has no corpus file.
    @discardableResult
    public func ensureShippedCorpus(catalogRoot: URL, resolver: @autoclosure () -> MeasurementResolver? = nil,
                                    importedAt: Date = Date(), now: Int64 = FileStamp.now()) throws -> ImportOutcome? {
        let outcome = try ensureShippedFile(Self.shippedCorpusPath, catalogRoot: catalogRoot, resolver: resolver, importedAt: importedAt, now: now)
        try ensureShippedFile(Self.shippedServingPath, catalogRoot: catalogRoot, resolver: resolver, importedAt: importedAt, now: now)
        return outcome
    }

    /// `resolver` is made only when the file is imported (it indexes the whole catalog).
    @discardableResult
    private func ensureShippedFile(_ path: String, catalogRoot: URL, resolver: () -> MeasurementResolver?,
                                   importedAt: Date, now: Int64) throws -> ImportOutcome? {
        let file = catalogRoot.appendingPathComponent(path).standardizedFileURL
        guard !isReadOnly else { return nil }
        // Stamped before it is read: a write after this moment leaves a different stamp, and the next run reads the file.
        let stamp = FileStamp.of(file.path, now: now)
        if let existing = try importedUnchanged(file, stamp: stamp) {
            return .alreadyImported(importID: existing.id, importedAt: existing.importedAt)
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let hash = ContentHash.hex(data)
        let outcome: ImportOutcome
        if let existing = try importRecord(contentHash: hash) {
            outcome = .alreadyImported(importID: existing.id, importedAt: existing.importedAt)
        } else {
            let parsed = try MeasurementImporter.parse(data, fileName: file.lastPathComponent, format: .published)
            let unmapped = resolver().map { resolver in parsed.measurements.filter { !resolver.isMapped($0) }.count } ?? 0
            // A new version of the shipped file replaces the rows of the one stored before (not a second copy of them).
            outcome = try importMeasurements(parsed.measurements, contentHash: hash, fileName: file.lastPathComponent,
                                             format: ImportFormat.published.rawValue, unmapped: unmapped, importedAt: importedAt,
                                             replacingEarlier: true, afterRow: nil)
        }
        // Only a settled stamp stands for the bytes (a fresher file could change without its stamp moving).
        if let stamp, stamp.settled {
            try database.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO file_stamps (path, stamp, content_hash) VALUES (?, ?, ?)",
                               arguments: [file.path, stamp.description, hash])
            }
        }
        return outcome
    }

    /// The import of `file` when its stamp is settled and the one recorded when it was last hashed (it is stored unchanged
    /// and need not be read); nil otherwise.
    private func importedUnchanged(_ file: URL, stamp: FileStamp?) throws -> ImportRecord? {
        guard let stamp, stamp.settled, let hash = try knownHash(path: file.path, stamp: stamp) else { return nil }
        return try importRecord(contentHash: hash)
    }

    /// True when both shipped files are stored unchanged, so `ensureShippedCorpus` would neither read nor write them. It
    /// only reads: a store opened `readingOnly` can tell.
    public func hasShippedCorpus(catalogRoot: URL, now: Int64 = FileStamp.now()) throws -> Bool {
        for path in [Self.shippedCorpusPath, Self.shippedServingPath] {
            let file = catalogRoot.appendingPathComponent(path).standardizedFileURL
            guard try importedUnchanged(file, stamp: FileStamp.of(file.path, now: now)) != nil else { return false }
        }
        return true
    }

    /// The content hash recorded for the file at `path` when it had this stamp.
    private func knownHash(path: String, stamp: FileStamp) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT content_hash FROM file_stamps WHERE path = ? AND stamp = ?", arguments: [path, stamp.description])
        }
    }

    // MARK: Reading measurements

    /// Stored measurements matching `filter`, ordered by source, then import, then file order.
    public func measurements(filter: MeasurementFilter = MeasurementFilter()) throws -> [BenchmarkMeasurement] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let source = filter.source { conditions.append("lower(source) = lower(?)"); arguments.append(source) }
        if let device = filter.deviceName { conditions.append("instr(lower(device_name), lower(?)) > 0"); arguments.append(device) }
        if let model = filter.modelName { conditions.append("instr(lower(model_name), lower(?)) > 0"); arguments.append(model) }
        if let family = filter.family { conditions.append("metric_family = ?"); arguments.append(family.rawValue) }
        if let engine = filter.engine { conditions.append("instr(lower(engine), lower(?)) > 0"); arguments.append(engine) }
        for (column, names) in [("device_name", filter.deviceNames), ("model_name", filter.modelNames)] {
            guard let names else { continue }
            conditions.append(names.isEmpty ? "0" : "\(column) IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))")
            arguments += names.map { $0 as (any DatabaseValueConvertible)? }
        }
        var sql = "SELECT * FROM measurements"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY source, import_id, id"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        let statementArguments = StatementArguments(arguments)
        return try database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.measurement)
        }
    }

    /// Every distinct device and model name pair of the stored measurements.
    public func measurementNames() throws -> [(device: String, model: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT device_name, model_name FROM measurements").map { row in
                ((row["device_name"] as String?) ?? "", (row["model_name"] as String?) ?? "")
            }
        }
    }

    /// How many measurements are stored.
    public func measurementCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurements") ?? 0 }
    }

    // MARK: Calibrations

    /// Stores a calibration fit (JSON made by the calibration code) with the data fingerprint it was made from.
    public func saveCalibration(json: String, measurementsHash: String, createdAt: Date) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO calibrations (created_at, measurements_hash, fit_json) VALUES (?, ?, ?)",
                           arguments: [createdAt, measurementsHash, json])
        }
    }

    /// The newest calibration saved under `hash` (a data fingerprint), if any: one indexed lookup, no measurement read.
    public func calibration(forHash hash: String) throws -> StoredCalibration? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM calibrations WHERE measurements_hash = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                             arguments: [hash]).map { row in
                StoredCalibration(json: row["fit_json"], measurementsHash: row["measurements_hash"], createdAt: StoredDate.decode(row, "created_at"))
            }
        }
    }

    /// The newest calibration, if any was saved.
    public func latestCalibration() throws -> StoredCalibration? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM calibrations ORDER BY created_at DESC, id DESC LIMIT 1").map { row in
                StoredCalibration(json: row["fit_json"], measurementsHash: row["measurements_hash"], createdAt: StoredDate.decode(row, "created_at"))
            }
        }
    }

    // MARK: Introspection (tests, `bench` diagnostics)

    /// Names of the migrations this database has run, in order.
    func appliedMigrations() throws -> [String] {
        try database.read { db in try BenchMigrations.migrator.appliedMigrations(db) }
    }

    /// The tables the schema has (SQLite's own and GRDB's excluded).
    func tableNames() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table'
                AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name
                """)
        }
    }

    /// The columns of `table`, in order.
    func columnNames(_ table: String) throws -> [String] {
        try database.read { db in try db.columns(in: table).map(\.name) }
    }

    /// `PRAGMA journal_mode`: "wal" for every BenchStore.
    func journalMode() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Rows

    private static func arguments(_ m: BenchmarkMeasurement, importID: Int64) -> StatementArguments {
        let (kind, value): (String, Double?) = switch m.load {
        case .staticBatch(let n): ("static_batch", Double(n))
        case .concurrency(let n): ("concurrency", Double(n))
        case .maxLoad: ("max_load", nil)
        case .requestRate(let rate): ("request_rate", rate)
        }
        let values: [(any DatabaseValueConvertible)?] = [
            importID, m.rowKey, m.source, m.locator, m.deviceName, m.modelName, m.precision?.rawValue, m.precisionText,
            m.devices, m.tensorParallel, m.pipelineParallel, m.engine, m.engineVersion, kind, value, m.inputTokens,
            m.outputTokens, m.metric.rawValue, m.metric.family.rawValue, m.statistic.rawValue, m.value, m.notes,
            m.attentionDataParallel, m.requests,
        ]
        return StatementArguments(values)
    }

    private static func measurement(_ row: Row) throws -> BenchmarkMeasurement {
        let kind: String = row["load_kind"]
        let loadValue: Double? = row["load_value"]
        let load: BenchmarkMeasurement.Load
        // A batch or client count read back whole: a store edited by hand could hold a fraction, NaN or 1e300, which
        // converting would trap on.
        func count() throws -> Int {
            guard let n = Int(exactly: loadValue ?? 1), n > 0 else {
                throw DatabaseError(message: "measurement \(row["id"] as Int64? ?? 0) has load \(kind) \(loadValue ?? 1), not a whole count")
            }
            return n
        }
        switch kind {
        case "static_batch": load = .staticBatch(try count())
        case "concurrency": load = .concurrency(try count())
        case "request_rate": load = .requestRate(loadValue ?? 0)
        default: load = .maxLoad
        }
        let metricText: String = row["metric"]
        let statisticText: String = row["statistic"]
        guard let metric = BenchmarkMeasurement.Metric(rawValue: metricText), let statistic = BenchmarkMeasurement.Statistic(rawValue: statisticText) else {
            throw DatabaseError(message: "measurement \(row["id"] as Int64? ?? 0) has unknown metric '\(metricText)' or statistic '\(statisticText)'")
        }
        let precisionText: String? = row["precision"]
        return BenchmarkMeasurement(
            source: row["source"], locator: row["locator"], rowKey: row["row_key"], deviceName: row["device_name"],
            modelName: row["model_name"], precision: precisionText.flatMap(Precision.init(rawValue:)),
            precisionText: row["precision_text"], devices: row["devices"], tensorParallel: row["tp"], pipelineParallel: row["pp"],
            engine: row["engine"], engineVersion: row["engine_version"], load: load, inputTokens: row["input_tokens"],
            outputTokens: row["output_tokens"], metric: metric, statistic: statistic, value: row["value"], notes: row["notes"],
            attentionDataParallel: row["attention_dp"], requests: row["requests"])
    }
}
