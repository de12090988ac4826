import ArgumentParser
import Foundation
import InferCostStore
import InferCostCatalog
import InferCostCore
import InferCostReport

/// `infercost bench import|list`: the benchmark store (docs/measurements.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Import, list and use measured benchmark results.",
        discussion: "The store is a SQLite file: --db PATH, else $INFERCOST_DB, else ~/.local/share/infercost/bench.sqlite. The curated corpus in Catalog/benchmarks/ is loaded on first use. Docs: docs/measurements.md.",
        subcommands: [Import.self, List.self, BenchCalibrateCommand.self, BenchValidateCommand.self])  // calibrate, validate: BenchAnalysisCommands.swift

    struct Import: InferCostCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a benchmark result file (re-importing the same file does nothing).",
            discussion: "Formats: \(ImportFormat.names) (aiperf is read as genai-perf). vLLM and GenAI-Perf/AIPerf files do not say what hardware ran them: pass --device (a catalog id, name or alias) and --devices.")

        @Argument(help: "The file to import.") var file: String
        @Option(name: .long, help: "File format: \(ImportFormat.names) (default: detected from the name and contents).") var format: String?
        @Option(name: .long, help: "Device the run used, when the file does not say (a catalog id, name or alias).") var device: String?
        @Option(name: .long, parsing: .unconditional, help: "Devices in the run (all replicas).") var devices: Int?
        @Option(name: .long, parsing: .unconditional, help: "Tensor-parallel degree of the run.") var tp: Int?
        @Option(name: .long, help: "Weight precision of the run: bf16, fp16, fp8, int8, int4, fp4, or a GGUF type such as Q4_K_M.") var precision: String?
        @Option(name: .long, help: "Model name to record instead of the file's own (e.g. a local path or served-model alias).") var model: String?
        @Option(name: .long, help: "Serving engine to record instead of the file's own.") var engine: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if let format, ImportFormat(name: format) == nil {
                throw ValidationError("--format must be one of: \(ImportFormat.names)")
            }
            try Domains.devicesFlag.check(devices, flag: "--devices")
            try Domains.tensorParallelFlag.check(tp, flag: "--tp")
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            let url = URL(fileURLWithPath: file)
            let data: Data
            switch InputFile.data(url) {
            case .success(let bytes): data = bytes
            case .failure(let problem):
                env.writeErr("\(file):1:1: error: [unreadable_file] \(file) \(problem)")
                return ExitStatus.dataError
            }
            let context = ImportContext(deviceName: device, devices: devices, tensorParallel: tp, precisionText: precision,
                                        modelName: model, engine: engine)
            let parsed: ParsedImport
            do {
                parsed = try MeasurementImporter.parse(data, fileName: url.lastPathComponent,
                                                       format: format.flatMap(ImportFormat.init(name:)), context: context)
            } catch {
                env.writeErr("error: \(error)")
                if case .undetectedFormat = error { return ExitStatus.usage }
                return ExitStatus.dataError
            }
            for problem in parsed.problems { env.writeErr(problem.diagnostic(file: file).rendered) }
            if parsed.hasInvalidRows {
                let count = parsed.problems.filter { $0.disposition == .invalid }.count
                env.writeErr("error: nothing imported: \(count) problem\(count == 1 ? "" : "s") in \(file) to fix first")
                return ExitStatus.dataError
            }
            guard let loaded = catalog.load(env) else { return ExitStatus.dataError }
            let resolver = MeasurementResolver(catalog: loaded)
            let unmapped = resolver.unmapped(parsed.measurements)
            let outcome: ImportOutcome
            do {
                let store = try BenchStore(url: database.url(env))
                try store.ensureShippedCorpus(catalogRoot: env.catalogRoot, resolver: resolver)
                outcome = try store.importMeasurements(
                    parsed.measurements, contentHash: ContentHash.hex(data), fileName: url.lastPathComponent, format: parsed.format,
                    unmapped: unmapped.reduce(0) { $0 + $1.rows })
            } catch {
                env.writeErr("error: cannot store into \(database.url(env).path): \(error)\n    hint: pass --db PATH or set INFERCOST_DB")
                return ExitStatus.cannotCreate
            }
            switch outcome {
            case .alreadyImported(let id, let date):
                env.writeOut("\(file) was already imported on \(BenchCommand.timestamp(date)) (import \(id)); nothing to do")
                return ExitStatus.success
            case .imported(_, let count):
                let skipped = parsed.problems.count
                env.writeOut("imported \(count) row\(count == 1 ? "" : "s") from \(file) (\(parsed.format.rawValue))"
                             + (skipped > 0 ? "; \(skipped) skipped (see above)" : ""))
            }
            if !unmapped.isEmpty {
                let rows = unmapped.reduce(0) { $0 + $1.rows }
                env.writeOut("\(rows) row\(rows == 1 ? " names" : "s name") a device or model the catalog does not know; stored, but not used for calibration until mapped:")
                for pair in unmapped {
                    let device = "device '\(pair.deviceName)'" + (pair.deviceKnown ? "" : " (unknown)")
                    let model = "model '\(pair.modelName)'" + (pair.modelKnown ? "" : " (unknown)")
                    env.writeOut("  \(String(repeating: " ", count: max(0, 5 - String(pair.rows).count)))\(pair.rows)  \(device), \(model)")
                }
                env.writeOut("hint: add each unknown name to `aliases:` in its device or model file under \(env.catalogRoot.relativePath)/ (docs/measurements.md, \"Unmapped rows\"), or pass --device / --model when importing")
            }
            return ExitStatus.success
        }
    }

    struct List: InferCostCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored measurements, filtered.")

        @Option(name: .long, help: "Source key, exactly: S01 ... or an imported file's name.") var source: String?
        @Option(name: .long, help: "Device name contains this (case-insensitive).") var device: String?
        @Option(name: .long, help: "Model name contains this (case-insensitive).") var model: String?
        @Option(name: .customLong("metric-family"), help: "throughput, ttft, tpot or e2e.") var metricFamily: String?
        @Option(name: .long, help: "Engine contains this (case-insensitive).") var engine: String?
        @Option(name: .long, help: "Output format: table, json or csv (csv is the generic import format).") var format: OutputFormat = .table
        @Option(name: .long, parsing: .unconditional, help: "Show at most this many rows.") var limit: Int?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if let metricFamily, BenchmarkMeasurement.Family(rawValue: metricFamily) == nil {
                throw ValidationError("--metric-family must be one of: \(BenchmarkMeasurement.Family.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard [.table, .json, .csv].contains(format) else { throw ValidationError(FormatOption.mustBe([.table, .json, .csv])) }
            try Domains.rowsFlag.check(limit, flag: "--limit")
        }

        func execute(_ env: CLIEnvironment) -> Int32 {
            let filter = MeasurementFilter(source: source, deviceName: device, modelName: model,
                                           family: metricFamily.flatMap(BenchmarkMeasurement.Family.init(rawValue:)),
                                           engine: engine, limit: limit)
            let rows: [BenchmarkMeasurement]
            do {
                let store = try BenchStore(url: database.url(env))
                // The corpus loads on first use; the catalog only counts its unmapped rows, so a broken one is no reason to stop.
                let (loaded, diagnostics) = CatalogLoader.load(roots: catalog.roots(env), cache: env.catalogCache)
                let resolver = diagnostics.contains { $0.severity == .error } ? nil : MeasurementResolver(catalog: loaded)
                try store.ensureShippedCorpus(catalogRoot: env.catalogRoot, resolver: resolver)
                rows = try store.measurements(filter: filter)
            } catch {
                env.writeErr("error: cannot read \(database.url(env).path): \(error)\n    hint: pass --db PATH or set INFERCOST_DB")
                return ExitStatus.cannotCreate
            }
            switch format {
            case .csv: env.writeOut(GenericCSVWriter.render(rows))
            case .json: env.writeOut(BenchCommand.json(rows))
            case .table, .markdown: env.writeOut(rows.isEmpty ? "no stored measurements match" : BenchCommand.table(rows))
            }
            return ExitStatus.success
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }

    static func json(_ rows: [BenchmarkMeasurement]) -> String {
        struct Listing: Encodable {
            var schemaVersion = 1
            var measurements: [BenchmarkMeasurement]
            enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version", measurements }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Listing(measurements: rows)), let text = String(data: data, encoding: .utf8) else {
            return "{\"error\": \"internal: listing could not be encoded\"}"
        }
        return text
    }

    static func table(_ rows: [BenchmarkMeasurement]) -> String {
        let header = ["source", "row", "device", "model", "n", "precision", "engine", "load", "in", "out", "metric", "stat", "value"]
        let right: Set<Int> = [4, 8, 9, 12]
        let cells: [[String]] = rows.map { row in
            [row.source, row.rowKey, clip(row.deviceName, 34), clip(row.modelName, 28), String(row.devices),
             row.precision?.rawValue ?? "-", clip(row.engine, 22), GenericCSVWriter.loadText(row.load),
             row.inputTokens.map(String.init) ?? "-", row.outputTokens.map(String.init) ?? "-", row.metric.rawValue,
             row.statistic.rawValue, NumberFormat.short(row.value)]
        }
        let widths = header.indices.map { i in ([header] + cells).map { $0[i].count }.max() ?? 0 }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, value in
                let pad = String(repeating: " ", count: widths[i] - value.count)
                return right.contains(i) ? pad + value : value + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + cells.map(line) + ["\(rows.count) row\(rows.count == 1 ? "" : "s")"]).joined(separator: "\n")
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
