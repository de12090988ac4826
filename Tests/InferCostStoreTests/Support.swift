import Foundation
import InferCostCore
@testable import InferCostStore

/// Where the fixtures and the shipped corpus live, and throwaway databases.
enum Fixtures {
    static var root: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        }
        return url
    }

    static func data(_ relative: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(relative)) }

    static func parse(_ relative: String, format: ImportFormat? = nil, context: ImportContext = ImportContext()) throws -> ParsedImport {
        let url = root.appendingPathComponent(relative)
        return try MeasurementImporter.parse(try Data(contentsOf: url), fileName: url.lastPathComponent, format: format, context: context)
    }

    /// The repository root: this file is Tests/InferCostStoreTests/Support.swift.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var catalogRoot: URL { repository.appendingPathComponent("Catalog") }

    /// A fresh database path in a new temporary folder (the folder itself does not exist yet).
    static func temporaryDatabase() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("infercost-bench-tests-\(UUID().uuidString)")
            .appendingPathComponent("nested").appendingPathComponent("bench.sqlite")
    }
}

/// A few rows with distinct keys, for store tests.
func sampleRows(_ count: Int, source: String = "test", device: String = "NVIDIA L4") -> [BenchmarkMeasurement] {
    (1...count).map { i in
        BenchmarkMeasurement(source: source, rowKey: "r\(i)", deviceName: device, modelName: "Llama-3.1-8B",
                             precision: .bf16, precisionText: "bf16", devices: 1, engine: "vLLM", load: .concurrency(i),
                             inputTokens: 100, outputTokens: 10, metric: i % 2 == 0 ? .ttftMs : .outputTokensPerSecond,
                             statistic: .mean, value: Double(i))
    }
}
