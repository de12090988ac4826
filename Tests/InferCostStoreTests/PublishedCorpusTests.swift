import Foundation
import InferCostCatalog
import InferCostCore
import GRDB
import Testing
@testable import InferCostStore

/// The curated corpus shipped in Catalog/benchmarks/, as `ensureShippedCorpus` loads it.
@Suite struct PublishedCorpusTests {
    static let corpus = Fixtures.catalogRoot.appendingPathComponent(BenchStore.shippedCorpusPath)

    static func parsed() throws -> ParsedImport {
        try MeasurementImporter.parse(try Data(contentsOf: corpus), fileName: "published_measurements.csv", format: .published)
    }

    /// Size and FNV-1a 64-bit digest of the reference corpus (`shared/reference/benchmarks/
    /// published_measurements.csv`, beside the team's checkout, not in a user's clone), recorded
    /// here so the check runs everywhere. A deliberate change to the reference updates both.
    static let referenceBytes = 633_538
    static let referenceDigest: UInt64 = 0x66f5_5255_3ec4_1ab2

    static func fnv1a(_ data: Data) -> UInt64 {
        data.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    @Test func shippedCopyIsTheReferenceFileUnchanged() throws {
        let shipped = try Data(contentsOf: Self.corpus)
        #expect(shipped.count == Self.referenceBytes && Self.fnv1a(shipped) == Self.referenceDigest,
                "Catalog/benchmarks/published_measurements.csv is not the reference corpus (\(shipped.count) bytes, digest \(String(Self.fnv1a(shipped), radix: 16))); rows of your own go in a file of their own")
        // Where the reference itself is at hand, the recorded digest must be its digest.
        let reference = Fixtures.repository.deletingLastPathComponent()
            .appendingPathComponent("shared/reference/benchmarks/published_measurements.csv")
        if let original = FileManager.default.contents(atPath: reference.path) {
            #expect(Self.fnv1a(original) == Self.referenceDigest && original.count == Self.referenceBytes)
        }
    }

    @Test func allRowsImportAndEveryOneIsAccountedFor() throws {
        let parsed = try Self.parsed()
        #expect(parsed.format == .published)
        // 723 published rows; none skipped: the 18 MLPerf Server rows take their run's stated
        // completed rate (docs/measurements.md, "published").
        #expect(parsed.measurements.count + parsed.problems.count == 723)
        #expect(parsed.measurements.count == 723, "\(parsed.problems.map(\.reason))")
        #expect(parsed.problems.isEmpty)
        for problem in parsed.problems { #expect(!problem.reason.isEmpty && problem.line != nil) }
        #expect(Set(parsed.measurements.map(\.rowKey)).count == 723)
        #expect(Dictionary(grouping: parsed.measurements, by: \.source).mapValues(\.count)
                == ["S01": 328, "S06": 27, "S07": 24, "S09": 180, "S10": 164])
    }

    @Test func rowsMapToMetricsLoadsAndUnits() throws {
        let rows = Dictionary(uniqueKeysWithValues: try Self.parsed().measurements.map { ($0.rowKey, $0) })
        // TensorRT-LLM max-load throughput, total over all GPUs.
        let r1 = try #require(rows["R0001"])
        #expect(r1.metric == .outputTokensPerSecond && r1.value == 25342 && r1.load == .maxLoad)
        #expect(r1.deviceName == "NVIDIA B200" && r1.modelName == "Llama-4-Scout-17B-16E")
        #expect(r1.precision == .fp4 && r1.devices == 1 && r1.tensorParallel == 1 && r1.inputTokens == 128)
        #expect(r1.source == "S01" && r1.locator?.hasPrefix("github NVIDIA/TensorRT-LLM") == true)
        // The perf overview runs its MoE models with attention data parallel, which the row's notes say.
        #expect(r1.attentionDataParallel && r1.notes?.contains("attention DP enabled in llm_options for MoE") == true)
        #expect(try Self.parsed().measurements.filter(\.attentionDataParallel).count == 182)
        #expect(rows["R0971"]?.attentionDataParallel == false)
        // Its notes also say how many requests each run queued ("30000 requests queued"); all 328 of its rows do.
        #expect(r1.requests == 30000 && rows["R0139"]?.requests == 1500)
        #expect(try Self.parsed().measurements.filter { $0.source == "S01" && $0.requests != nil }.count == 328)
        // MLPerf Server TTFT in ms, mean and p99, at the run's completed rate.
        let ttft = try #require(rows["R0821"])
        #expect(ttft.metric == .ttftMs && ttft.statistic == .mean && ttft.value == 1006.329670)
        #expect(ttft.load == .requestRate(71.74) && ttft.inputTokens == nil && ttft.precision == .fp8)
        #expect(ttft.modelName == "Llama-2-70B" && ttft.notes?.contains("model 'Llama-2-70B-Chat (llama2-70b-99)'") == true)
        #expect(rows["R0823"]?.statistic == .p99)
        #expect(rows["R0843"]?.load == .requestRate(3.15))
        #expect(rows["R0843"]?.metric == .requestsPerSecond)
        // MLPerf Offline, precision not stated.
        #expect(rows["R0837"]?.load == .maxLoad && rows["R0837"]?.precision == nil)
        #expect(rows["R0842"]?.precision == nil)  // "quantized ... exact weight dtype not stated"
        // lmdeploy static batch, first-token latency in seconds -> ms; p50 per-token latency.
        let lmdeploy = try #require(rows["R0920"])
        #expect(lmdeploy.metric == .ttftMs && abs(lmdeploy.value - 11) < 1e-9 && lmdeploy.load == .staticBatch(1))
        #expect(lmdeploy.deviceName == "NVIDIA A100 80GB (form factor not stated)" && lmdeploy.precision == .fp16)
        #expect(rows["R0921"]?.metric == .tpotMs && rows["R0921"]?.statistic == .median)
        // llama-bench tg512: single-sequence decode, GGUF Q4_K_M -> int4.
        let gguf = try #require(rows["R1099"])
        #expect(gguf.metric == .decodeTokensPerSecondPerStream && gguf.value == 72.79 && gguf.load == .staticBatch(1))
        #expect(gguf.precision == .int4 && gguf.precisionText.hasPrefix("gguf Q4_K_M") && gguf.inputTokens == 0 && gguf.outputTokens == 512)
        // Gaudi: an explicit static batch size.
        #expect(rows["R0873"]?.load == .staticBatch(1536))
    }

    @Test func latencyInSecondsBecomesMilliseconds() throws {
        let text = try String(contentsOf: Self.corpus, encoding: .utf8)
        let table = CSVTable(text: text)
        let rows = Dictionary(uniqueKeysWithValues: try Self.parsed().measurements.map { ($0.rowKey, $0) })
        var checked = 0
        for record in table.records where record[table.index(of: "unit")] == "s" {
            let id = record[table.index(of: "row_id")]
            let seconds = try #require(Double(record[table.index(of: "value")]))
            #expect(abs((rows[id]?.value ?? 0) - seconds * 1000) < 1e-9, "\(id)")
            checked += 1
        }
        #expect(checked == 100)
    }

    @Test func ensureShippedCorpusLoadsOnlyOnce() throws {
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        let first = try #require(try store.ensureShippedCorpus(catalogRoot: Fixtures.catalogRoot))
        #expect(first.isImported)
        // The reference corpus's 723 rows and the 449 serving-run rows of serving_measurements.csv.
        #expect(try store.measurementCount() == 1172)
        // The second call finds the corpus already stored and imports nothing (how fast that is
        // belongs to infercost-bench, not to a unit test).
        let again = try #require(try store.ensureShippedCorpus(catalogRoot: Fixtures.catalogRoot))
        #expect(!again.isImported)
        #expect(try store.measurementCount() == 1172)
        #expect(try store.ensureShippedCorpus(catalogRoot: URL(fileURLWithPath: "/nonexistent")) == nil)
    }

    @Test func aNewVersionOfAShippedFileReplacesTheOldOne() throws {
        // A catalog whose serving file loses its last row: the store keeps the new version's rows only, not both versions.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)")
        let benchmarks = root.appendingPathComponent("benchmarks")
        try FileManager.default.createDirectory(at: benchmarks, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["published_measurements.csv", "serving_measurements.csv"] {
            try FileManager.default.copyItem(at: Fixtures.catalogRoot.appendingPathComponent("benchmarks/\(name)"),
                                             to: benchmarks.appendingPathComponent(name))
        }
        let store = try BenchStore(url: Fixtures.temporaryDatabase())
        try store.ensureShippedCorpus(catalogRoot: root)
        #expect(try store.measurementCount() == 1172)
        let serving = benchmarks.appendingPathComponent("serving_measurements.csv")
        var lines = try String(contentsOf: serving, encoding: .utf8).split(whereSeparator: \.isNewline)
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(to: serving, atomically: false, encoding: .utf8)
        try store.ensureShippedCorpus(catalogRoot: root)
        #expect(try store.measurementCount() == 1171)
        #expect(try store.imports().filter { $0.fileName == "serving_measurements.csv" }.count == 1)
    }

    /// `hasShippedCorpus` says whether `ensureShippedCorpus` would leave both files alone (stored unchanged, their stamps
    /// settled and known), and a store opened to read only can ask it; such a store is never created.
    @Test func aStoreOpenedToReadTellsWhetherTheCorpusIsStoredUnchanged() throws {
        let database = Fixtures.temporaryDatabase()
        #expect(throws: BenchStore.Unusable.self) { try BenchStore(url: database, readingOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: database.path))
        let store = try BenchStore(url: database)
        let later = FileStamp.now() + (FileStamp.settleSeconds + 1) * 1_000_000_000
        #expect(try !store.hasShippedCorpus(catalogRoot: Fixtures.catalogRoot, now: later))
        try store.ensureShippedCorpus(catalogRoot: Fixtures.catalogRoot, now: later)
        let reading = try BenchStore(url: database, readingOnly: true)
        #expect(reading.isReadOnly)
        #expect(try reading.hasShippedCorpus(catalogRoot: Fixtures.catalogRoot, now: later))
        #expect(try reading.ensureShippedCorpus(catalogRoot: Fixtures.catalogRoot, now: later) == nil)  // reads only
        #expect(try !reading.hasShippedCorpus(catalogRoot: URL(fileURLWithPath: "/nonexistent"), now: later))
    }

    /// A shipped file's content hash is taken from its stamp while the file is unchanged; a file rewritten in place to
    /// the same size, its modification time set back, is read and imported again (its status-change time moved), and
    /// a file changed moments ago is never vouched for by its stamp.
    @Test func theCorpusStampStandsForItsBytesOnlyWhileUnchangedAndSettled() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-stamp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(BenchStore.shippedCorpusPath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lines = try String(contentsOf: Self.corpus, encoding: .utf8).split(whereSeparator: \.isNewline)
        let (header, a, b) = (lines[0], lines[1], lines[2])
        try Data("\(header)\n\(a)\n\(b)\n".utf8).write(to: file)
        let database = Fixtures.temporaryDatabase()
        let store = try BenchStore(url: database)
        let stamps = { try DatabaseQueue(path: database.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM file_stamps") ?? 0 } }

        // Just written: imported, but its stamp is not recorded.
        #expect(try store.ensureShippedCorpus(catalogRoot: root)?.isImported == true)
        #expect(try stamps() == 0)
        // Seconds later (the clock moved on): the stamp is recorded, then stands for the bytes.
        let later = FileStamp.now() + (FileStamp.settleSeconds + 1) * 1_000_000_000
        #expect(try store.ensureShippedCorpus(catalogRoot: root, now: later)?.isImported == false)
        #expect(try stamps() == 1)
        #expect(try store.ensureShippedCorpus(catalogRoot: root, now: later)?.isImported == false)

        // The same size, other bytes, the modification time set back.
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        let handle = try #require(FileHandle(forWritingAtPath: file.path))
        try handle.write(contentsOf: Data("\(header)\n\(b)\n\(a)\n".utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
        #expect(try store.ensureShippedCorpus(catalogRoot: root, now: later + 1)?.isImported == true)
        // The new version replaces the old one's rows.
        #expect(try store.imports().count == 1)
    }
}

@Suite struct PublishedFormatEdgeTests {
    /// A Server row whose run states no rate anywhere in the file is skipped, with its reason and line.
    @Test func serverRowWithoutAStatedRateIsSkippedWithAReason() throws {
        let lines = try String(contentsOf: PublishedCorpusTests.corpus, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0]
        let ttftRow = try #require(lines.first { $0.hasPrefix("R0821,") })
        let offlineRow = try #require(lines.first { $0.hasPrefix("R0819,") })
        let text = [header, offlineRow, ttftRow].joined(separator: "\n")
        let parsed = try MeasurementImporter.parse(Data(text.utf8), fileName: "subset.csv", format: .published)
        #expect(parsed.measurements.map(\.rowKey) == ["R0819"])
        let problem = try #require(parsed.problems.first)
        #expect(parsed.problems.count == 1 && problem.line == 3 && problem.code == "server_rate_unknown")
        #expect(problem.disposition == .skipped && problem.reason.hasPrefix("R0821: MLPerf Server"))
        #expect(!parsed.hasInvalidRows)
    }

    @Test func perDeviceThroughputIsScaledToTheRun() throws {
        let lines = try String(contentsOf: PublishedCorpusTests.corpus, encoding: .utf8).split(whereSeparator: \.isNewline)
        let row = try #require(lines.first { $0.hasPrefix("R0003,") })
            .replacingOccurrences(of: ",output_tokens_per_s,30354,", with: ",output_tokens_per_s_per_device,7588.5,")
        let parsed = try MeasurementImporter.parse(Data((String(lines[0]) + "\n" + row).utf8), fileName: "x.csv", format: .published)
        #expect(parsed.measurements.first?.value == 30354 && parsed.measurements.first?.devices == 4)
        #expect(parsed.measurements.first?.metric == .outputTokensPerSecond)
    }

    @Test func theShippedServingRunsAreServingRunsWithWhatTheirReplayNeeds() throws {
        let url = Fixtures.catalogRoot.appendingPathComponent(BenchStore.shippedServingPath)
        let parsed = try MeasurementImporter.parse(try Data(contentsOf: url), fileName: url.lastPathComponent, format: .published)
        #expect(parsed.problems.isEmpty, "\(parsed.problems.map(\.reason))")
        #expect(parsed.measurements.count == 449)
        #expect(parsed.measurements.allSatisfy { $0.isServingRun })
        for row in parsed.measurements {
            #expect(row.precision != nil && row.inputTokens != nil && row.outputTokens != nil, "\(row.rowKey)")
            switch (row.source, row.load) {
            case ("S11", .requestRate(let rate)):
                #expect([1, 2, 5, 8].contains(rate))
                #expect(row.notes?.contains("Requests: ") == true && row.notes?.contains("Max running sequences: ") == true, "\(row.rowKey)")
            case ("S12", .concurrency(let clients)), ("S13", .concurrency(let clients)):
                // InferenceMAX sends 10 prompts per client, with lengths drawn from a stated range.
                #expect([4, 8, 16, 32, 64, 128].contains(clients) && row.requests == 10 * clients, "\(row.rowKey)")
                #expect(row.notes?.contains("Lengths: uniform integers in [") == true, "\(row.rowKey)")
            default: Issue.record("\(row.rowKey): \(row.source) at \(row.load.kind)")
            }
        }
        let (catalog, _) = CatalogLoader.load(root: Fixtures.catalogRoot)
        #expect(MeasurementResolver(catalog: catalog).unmapped(parsed.measurements).isEmpty)
    }
}
