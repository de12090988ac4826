import Foundation
import InferCostCore
import Testing
import GRDB
@testable import InferCostStore

@Suite struct BenchStoreTests {
    @Test func migrationsCreateTheSchemaInAFolderThatDidNotExist() throws {
        let url = Fixtures.temporaryDatabase()
        let store = try BenchStore(url: url)
        #expect(FileManager.default.fileExists(atPath: url.path))
        #expect(try store.appliedMigrations()
                == ["2026-11-21 imports and measurements", "2026-11-21 calibrations", "2026-12-03 attention data parallel",
                    "2026-12-04 requests per run", "2026-12-04 names index and file stamps"])
        #expect(try store.tableNames() == ["calibrations", "file_stamps", "imports", "measurements"])
        #expect(try store.columnNames("imports")
                == ["id", "content_hash", "file_name", "format", "imported_at", "row_count", "unmapped_count"])
        #expect(try store.columnNames("measurements") == [
            "id", "import_id", "row_key", "source", "locator", "device_name", "model_name", "precision", "precision_text",
            "devices", "tp", "pp", "engine", "engine_version", "load_kind", "load_value", "input_tokens", "output_tokens",
            "metric", "metric_family", "statistic", "value", "notes", "attention_dp", "requests",
        ])
        #expect(try store.columnNames("calibrations") == ["id", "created_at", "measurements_hash", "fit_json"])
        #expect(try store.columnNames("file_stamps") == ["path", "stamp", "content_hash"])
        // Opening again runs nothing new and keeps the data.
        _ = try store.importMeasurements(sampleRows(2), contentHash: "h", fileName: "f", format: .csv, unmapped: 0)
        let reopened = try BenchStore(url: url)
        #expect(try reopened.measurementCount() == 2)
        #expect(try reopened.appliedMigrations().count == 5)
    }

    /// A store an older infercost made (before `requests`) gets the column filled from the notes it kept.
    @Test func theRequestsMigrationReadsTheCountFromOlderRowsNotes() throws {
        let url = Fixtures.temporaryDatabase()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: url.path)
        try BenchMigrations.migrator.migrate(old, upTo: "2026-12-03 attention data parallel")
        try old.write { db in
            try db.execute(sql: "INSERT INTO imports (content_hash, file_name, format, imported_at, row_count, unmapped_count) VALUES ('h', 'f', 'published', '2026-12-01', 3, 0)")
            for (key, notes) in [("a", "Poisson. Requests: 1000. Max running sequences: 256."), ("b", "trtllm-bench, 3000 requests queued at infinite rate"), ("c", "none stated")] {
                try db.execute(sql: """
                    INSERT INTO measurements (import_id, row_key, source, device_name, model_name, precision_text, devices, engine,
                        load_kind, metric, metric_family, statistic, value, notes)
                    VALUES (1, ?, 'S', 'd', 'm', 'fp8', 1, 'e', 'max_load', 'output_tokens_per_s', 'throughput', 'mean', 1, ?)
                    """, arguments: [key, notes])
            }
        }
        try old.close()
        let store = try BenchStore(url: url)
        #expect(try store.measurements().map(\.requests) == [1000, 3000, nil])
    }

    /// A store edited by hand to hold a batch that is not a whole count: reading it is an error, not a trap.
    @Test func aBatchThatIsNotAWholeCountIsAnErrorWhenRead() throws {
        for value in ["1e300", "2.5", "0", "-3"] {
            let url = Fixtures.temporaryDatabase()
            let store = try BenchStore(url: url)
            _ = try store.importMeasurements(sampleRows(1), contentHash: "h", fileName: "f", format: .csv, unmapped: 0)
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "UPDATE measurements SET load_kind = 'concurrency', load_value = \(value)") }
            try queue.close()
            #expect(throws: DatabaseError.self, "load_value \(value)") { try BenchStore(url: url).measurements() }
        }
    }

    @Test func statedRequestsAreReadFromEitherWording() {
        #expect(StatedSettings.requests(in: "Poisson arrivals. Requests: 200. Duration 60 s.") == 200)
        #expect(StatedSettings.requests(in: "synthetic uniform ISL/OSL, 30000 requests queued at infinite rate") == 30000)
        #expect(StatedSettings.requests(in: "bench_serving (random dataset, --max-concurrency 4, --num-prompts 40, --request-rate inf)") == 40)
        #expect(StatedSettings.requests(in: "Requests: 0.") == nil)
        #expect(StatedSettings.requests(in: "0 requests queued") == nil)
        #expect(StatedSettings.requests(in: "requests queued") == nil)
        #expect(StatedSettings.requests(in: "Requests: 99999999999999999999.") == nil)
        #expect(StatedSettings.requests(in: "no count here") == nil)
        #expect(StatedSettings.requests(in: nil) == nil)
    }

    @Test func walIsOn() throws {
        #expect(try BenchStore(url: Fixtures.temporaryDatabase()).journalMode() == "wal")
    }

    @Test func rowsRoundTripEveryField() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        let rows: [BenchmarkMeasurement] = [
            BenchmarkMeasurement(source: "S99", locator: "somewhere", rowKey: "a", deviceName: "NVIDIA H100 SXM 80GB",
                                 modelName: "Llama-3.3-70B", precision: .fp8, precisionText: "fp8 (stated)", devices: 8,
                                 tensorParallel: 4, pipelineParallel: 2, engine: "TensorRT-LLM", engineVersion: "1.0", load: .maxLoad,
                                 inputTokens: 128, outputTokens: 2048, metric: .outputTokensPerSecond, statistic: .mean,
                                 value: 12345.5, notes: "a note", attentionDataParallel: true, requests: 3000),
            BenchmarkMeasurement(source: "S99", rowKey: "b", deviceName: "x", modelName: "y", precision: nil, precisionText: "",
                                 devices: 1, engine: "e", load: .requestRate(4.25), inputTokens: nil, outputTokens: nil,
                                 metric: .tpotMs, statistic: .p99, value: 0.5),
            BenchmarkMeasurement(source: "S99", rowKey: "c", deviceName: "x", modelName: "y", precision: .int4, precisionText: "Q4_K_M",
                                 devices: 1, engine: "e", load: .staticBatch(16), inputTokens: 0, outputTokens: 512,
                                 metric: .decodeTokensPerSecondPerStream, statistic: .median, value: 99),
        ]
        _ = try store.importMeasurements(rows, contentHash: "h1", fileName: "f.csv", format: .csv, unmapped: 1)
        #expect(try store.measurements() == rows)
    }

    /// `estimate` reads only the rows whose names resolve to its device and model: the distinct name pairs, then an
    /// exact-name filter that keeps the store's order.
    @Test func rowsAreFoundByExactNamesInStoreOrder() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        func row(_ key: String, _ device: String, _ model: String) -> BenchmarkMeasurement {
            BenchmarkMeasurement(source: "S99", rowKey: key, deviceName: device, modelName: model, precision: .fp8, precisionText: "fp8",
                                 devices: 1, engine: "e", load: .staticBatch(8), inputTokens: 128, outputTokens: 128,
                                 metric: .outputTokensPerSecond, statistic: .mean, value: 1)
        }
        let rows = [row("a", "H100 SXM", "Llama"), row("b", "H100 SXM 80GB", "Llama"), row("c", "H100 SXM", "Qwen"),
                    row("d", "H100 SXM", "Llama"), row("e", "H100", "Llama")]
        _ = try store.importMeasurements(rows, contentHash: "h", fileName: "f.csv", format: .csv, unmapped: 0)
        #expect(Set(try store.measurementNames().map { "\($0.device)|\($0.model)" })
                == ["H100 SXM|Llama", "H100 SXM 80GB|Llama", "H100 SXM|Qwen", "H100|Llama"])
        var filter = MeasurementFilter()
        filter.deviceNames = ["H100 SXM", "H100 SXM 80GB"]
        filter.modelNames = ["Llama"]
        #expect(try store.measurements(filter: filter).map(\.rowKey) == ["a", "b", "d"])
        filter.deviceNames = []
        #expect(try store.measurements(filter: filter).isEmpty)
    }

    @Test func reimportingTheSameFileIsANoOp() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        let when = Date(timeIntervalSince1970: 1_790_000_000)
        let first = try store.importMeasurements(sampleRows(3), contentHash: "same", fileName: "a.csv", format: .csv,
                                                 unmapped: 0, importedAt: when)
        guard case .imported(let id, 3) = first else { Issue.record("first import: \(first)"); return }
        let hashBefore = try store.measurementsHash()
        let second = try store.importMeasurements(sampleRows(5), contentHash: "same", fileName: "renamed.csv", format: .csv, unmapped: 0)
        #expect(second == .alreadyImported(importID: id, importedAt: when))
        #expect(try store.measurementCount() == 3)
        #expect(try store.imports().count == 1)
        #expect(try store.measurementsHash() == hashBefore)
    }

    @Test func anImportFailingMidwayLeavesTheDatabaseAsItWas() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        _ = try store.importMeasurements(sampleRows(2), contentHash: "kept", fileName: "kept.csv", format: .csv, unmapped: 0)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            _ = try store.importMeasurements(sampleRows(10), contentHash: "broken", fileName: "b.csv", format: "csv", unmapped: 0,
                                             importedAt: Date(), afterRow: { count in if count == 5 { throw Interrupted() } })
        }
        // A row breaking a constraint halfway (a duplicate row key) rolls back the same way.
        var duplicate = sampleRows(6)
        duplicate[3].rowKey = duplicate[1].rowKey
        #expect(throws: (any Error).self) {
            _ = try store.importMeasurements(duplicate, contentHash: "dup", fileName: "d.csv", format: .csv, unmapped: 0)
        }
        #expect(try store.imports().map(\.contentHash) == ["kept"])
        #expect(try store.measurementCount() == 2)
        // Nothing half-written blocks a later, good import of the same file.
        #expect(try store.importMeasurements(sampleRows(10), contentHash: "broken", fileName: "b.csv", format: .csv, unmapped: 0)
                    .isImported)
    }

    @Test func concurrentWritersLoseNothingAndStoreAFileOnce() async throws {
        let url = Fixtures.temporaryDatabase()
        // Two pools on one file, opened at the same moment, as two processes would.
        async let openA = Task.detached { try BenchStore(url: url) }.value
        async let openB = Task.detached { try BenchStore(url: url) }.value
        let (a, b) = try await (openA, openB)
        let writers = 8
        try await withThrowingTaskGroup(of: ImportOutcome.self) { group in
            for writer in 0..<writers {
                let store = writer % 2 == 0 ? a : b
                group.addTask {
                    // Distinct files from each writer, and every writer also imports the shared one.
                    _ = try store.importMeasurements(sampleRows(50, source: "w\(writer)"), contentHash: "file-\(writer)",
                                                     fileName: "w\(writer).csv", format: .csv, unmapped: 0)
                    return try store.importMeasurements(sampleRows(30, source: "shared"), contentHash: "shared",
                                                        fileName: "shared.csv", format: .csv, unmapped: 0)
                }
            }
            var imported = 0
            for try await outcome in group where outcome.isImported { imported += 1 }
            #expect(imported == 1)
        }
        #expect(try a.measurementCount() == writers * 50 + 30)
        #expect(try b.imports().count == writers + 1)
        #expect(try a.measurements(filter: MeasurementFilter(source: "shared")).count == 30)
    }

    @Test func filtersMatchAndOrderIsDeterministic() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        _ = try store.importMeasurements(sampleRows(4, source: "B", device: "NVIDIA L4"), contentHash: "1", fileName: "b", format: .csv, unmapped: 0)
        _ = try store.importMeasurements(sampleRows(4, source: "A", device: "NVIDIA H100 SXM 80GB"), contentHash: "2", fileName: "a", format: .csv, unmapped: 0)
        let all = try store.measurements()
        #expect(all.map(\.source) == ["A", "A", "A", "A", "B", "B", "B", "B"])
        #expect(all.prefix(4).map(\.rowKey) == ["r1", "r2", "r3", "r4"])
        #expect(try store.measurements(filter: MeasurementFilter(deviceName: "h100")).count == 4)
        #expect(try store.measurements(filter: MeasurementFilter(source: "b")).count == 4)
        #expect(try store.measurements(filter: MeasurementFilter(modelName: "3.1-8b", family: .ttft)).count == 4)
        #expect(try store.measurements(filter: MeasurementFilter(engine: "VLLM", limit: 3)).count == 3)
        #expect(try store.measurements(filter: MeasurementFilter(deviceName: "no such")).isEmpty)
        #expect(try store.measurements() == all)
    }

    @Test func calibrationsKeepTheNewest() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        #expect(try store.latestCalibration() == nil)
        let hash = try store.measurementsHash()
        try store.saveCalibration(json: #"{"v":1}"#, measurementsHash: hash, createdAt: Date(timeIntervalSince1970: 1_000))
        try store.saveCalibration(json: #"{"v":2}"#, measurementsHash: hash, createdAt: Date(timeIntervalSince1970: 2_000))
        try store.saveCalibration(json: #"{"v":0}"#, measurementsHash: "old", createdAt: Date(timeIntervalSince1970: 500))
        let latest = try #require(try store.latestCalibration())
        #expect(latest.json == #"{"v":2}"#)
        #expect(latest.measurementsHash == hash)
        #expect(latest.createdAt == Date(timeIntervalSince1970: 2_000))
    }

    @Test func measurementsHashFollowsTheImportedFiles() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        let empty = try store.measurementsHash()
        _ = try store.importMeasurements(sampleRows(1), contentHash: "b", fileName: "b", format: .csv, unmapped: 0)
        _ = try store.importMeasurements(sampleRows(1), contentHash: "a", fileName: "a", format: .csv, unmapped: 0)
        let both = try store.measurementsHash()
        #expect(both != empty)
        #expect(both == ContentHash.hex("a\nb"))
        // The same set of files gives the same hash whatever the order they came in.
        let other = try BenchStore(url: Fixtures.temporaryDatabase())
        _ = try other.importMeasurements(sampleRows(1), contentHash: "a", fileName: "a", format: .csv, unmapped: 0)
        _ = try other.importMeasurements(sampleRows(1), contentHash: "b", fileName: "b", format: .csv, unmapped: 0)
        #expect(try other.measurementsHash() == both)
    }
}

extension ImportOutcome {
    var isImported: Bool { if case .imported = self { true } else { false } }
}
