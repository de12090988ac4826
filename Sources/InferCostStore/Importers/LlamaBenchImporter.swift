import Foundation
import InferCostCore

/// llama.cpp `llama-bench -o json` / `-o jsonl` / `-o csv`: one entry per test. A `ppN` test
/// (n_prompt > 0, n_gen = 0) is prompt processing at batch 1; a `tgN` test (n_gen > 0,
/// n_prompt = 0) is single-stream decode. `avg_ts` is the mean over the repetitions.
enum LlamaBenchImporter {
    /// One test, whichever output format it came from.
    struct Entry {
        var line: Int?
        var key: String
        var field: (String) -> String
    }

    static func parse(_ data: Data, fileName: String, context: ImportContext) -> ParsedImport {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        var entries: [Entry] = []
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            let values: [Any]
            do { values = try JSONDocument.values(from: data) } catch {
                return ParsedImport(format: .llamaBench, measurements: [], problems: [JSONDocument.problem(for: error, "JSON or JSON Lines")])
            }
            let objects = values.count == 1 ? ((values[0] as? [Any]) ?? values) : values
            for (index, value) in objects.enumerated() {
                guard let object = JSONDocument.object(value) else { continue }
                entries.append(Entry(line: values.count > 1 ? index + 1 : nil, key: "\(index + 1)") { name in
                    JSONDocument.string(object[name]) ?? ""
                })
            }
        } else {
            let table = CSVTable(text: text)
            guard table.problems.isEmpty else { return ParsedImport(format: .llamaBench, measurements: [], problems: ImportProblem.csv(table)) }
            for record in table.records {
                entries.append(Entry(line: record.line, key: "line \(record.line)") { record[table.index(of: $0)] })
            }
        }
        var rows: [BenchmarkMeasurement] = []
        var problems: [ImportProblem] = []
        for entry in entries {
            switch measurement(entry, fileName: fileName, context: context) {
            case .success(let row): rows.append(row)
            case .failure(let problem): problems.append(problem)
            }
        }
        return ParsedImport(format: .llamaBench, measurements: rows, problems: problems)
    }

    private static func measurement(_ entry: Entry, fileName: String, context: ImportContext) -> Result<BenchmarkMeasurement, ImportProblem> {
        let field = entry.field
        guard let prompt = Int(field("n_prompt")), let generated = Int(field("n_gen")), let value = Double(field("avg_ts")) else {
            return .failure(ImportProblem(line: entry.line, .invalid, code: "missing_value", "test \(entry.key): n_prompt, n_gen or avg_ts missing"))
        }
        guard value > 0, value.isFinite else {
            return .failure(ImportProblem(line: entry.line, .invalid, code: "invalid_number", "test \(entry.key): avg_ts \(value) is not positive"))
        }
        let depth = Int(field("n_depth")) ?? 0
        var notes: [String] = []
        let metric: BenchmarkMeasurement.Metric
        let inputTokens: Int, outputTokens: Int
        switch (prompt > 0, generated > 0) {
        case (true, false):
            metric = .prefillTokensPerSecond; inputTokens = prompt; outputTokens = 0
            if depth > 0 { notes.append("Prompt processed after \(depth) tokens already in the KV cache (n_depth).") }
        case (false, true):
            metric = .decodeTokensPerSecondPerStream; inputTokens = depth; outputTokens = generated
            if depth > 0 { notes.append("Generation starts at a context of \(depth) tokens (n_depth).") }
        case (true, true):
            return .failure(ImportProblem(line: entry.line, .skipped, code: "combined_test",
                                          "test \(entry.key): a pp+tg test (-pg) reports one rate for prefill and decode together, which no single metric describes"))
        case (false, false):
            return .failure(ImportProblem(line: entry.line, .invalid, code: "missing_value", "test \(entry.key): n_prompt and n_gen are both 0"))
        }

        // Device: the GPU(s) unless every layer ran on the CPU.
        let gpuLayers = Int(field("n_gpu_layers")) ?? -1
        let gpus = field("gpu_info").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var deviceName: String
        var devices = 1
        if gpuLayers == 0 || gpus.isEmpty {
            deviceName = field("cpu_info").trimmingCharacters(in: .whitespaces)
            notes.append(gpuLayers == 0 ? "CPU only (n_gpu_layers 0)." : "No GPU listed.")
        } else {
            deviceName = Set(gpus).count == 1 ? gpus[0] : gpus.joined(separator: ", ")
            devices = gpus.count
            if gpus.count > 1 { notes.append("\(gpus.count) GPUs, split mode \(field("split_mode").isEmpty ? "layer" : field("split_mode")).") }
        }
        if let override = context.deviceName { deviceName = override }
        if deviceName.isEmpty { deviceName = ImportContext.unknownDevice }

        let fileModel = modelName(fromFile: field("model_filename"))
        let modelType = field("model_type")
        let quantText = quantisation(modelType: modelType, fileName: field("model_filename"))
        let precisionText = context.precisionText ?? quantText
        if !field("backends").isEmpty { notes.append("Backends \(field("backends")), n_gpu_layers \(gpuLayers).") }
        if !modelType.isEmpty { notes.append("model_type '\(modelType)'.") }
        if let stddev = Double(field("stddev_ts")) { notes.append("stddev \(stddev) t/s.") }
        let build = [field("build_number").isEmpty ? nil : "b\(field("build_number"))", nonEmpty(field("build_commit"))]
            .compactMap { $0 }.joined(separator: " ")
        return .success(BenchmarkMeasurement(
            source: fileName, locator: nonEmpty(field("test_time")).map { "test_time \($0)" }, rowKey: entry.key,
            deviceName: deviceName, modelName: context.modelName ?? fileModel ?? (modelType.isEmpty ? "unknown" : modelType),
            precision: PrecisionText.parse(precisionText), precisionText: precisionText,
            devices: context.devices ?? devices, tensorParallel: context.tensorParallel,
            engine: context.engine ?? "llama.cpp", engineVersion: nonEmpty(build), load: .staticBatch(1),
            inputTokens: inputTokens, outputTokens: outputTokens, metric: metric, statistic: .mean, value: value,
            notes: notes.joined(separator: " ")))
    }

    /// "models/Qwen2.5-7B-Instruct-Q4_K_M.gguf" -> "Qwen2.5-7B-Instruct": folder, extension and
    /// quantisation suffix removed, so the catalog's model aliases can match it.
    static func modelName(fromFile path: String) -> String? {
        guard let last = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last else { return nil }
        var stem = String(last)
        if stem.lowercased().hasSuffix(".gguf") { stem = String(stem.dropLast(5)) }
        // Split shards: name-00001-of-00003.
        if let range = stem.range(of: #"-\d{5}-of-\d{5}$"#, options: .regularExpression) { stem.removeSubrange(range) }
        for separator in ["-", ".", "_"] {
            if let range = stem.range(of: separator, options: .backwards) {
                let suffix = String(stem[range.upperBound...])
                if PrecisionText.gguf(suffix) != nil || isQuantName(suffix) { return String(stem[..<range.lowerBound]) }
            }
        }
        // Q4_K_M has underscores itself: look for the quant as a whole trailing component.
        if let range = stem.range(of: #"[-.](I?Q\d[A-Za-z0-9_]*|[Bb]?[Ff]16|[Ff]32|MXFP4[A-Za-z0-9_]*)$"#, options: .regularExpression) {
            return String(stem[..<range.lowerBound])
        }
        return stem.isEmpty ? nil : stem
    }

    private static func isQuantName(_ text: String) -> Bool {
        let upper = text.uppercased()
        return ["F16", "BF16", "F32", "FP16", "FP8", "MXFP4"].contains(upper)
    }

    /// The ftype part of model_type ("qwen2 7B Q4_K - Medium" -> "Q4_K - Medium"), else the file's quant suffix.
    static func quantisation(modelType: String, fileName: String) -> String {
        let words = modelType.split(separator: " ")
        if words.count > 2 {
            let rest = words.dropFirst(2).joined(separator: " ")
            return rest.hasPrefix("mostly ") ? String(rest.dropFirst(7)) : rest
        }
        if let range = fileName.range(of: #"(I?Q\d[A-Za-z0-9_]*|[Bb]?[Ff]16|[Ff]32)(?=\.gguf$)"#, options: .regularExpression) {
            return String(fileName[range])
        }
        return modelType
    }
}
