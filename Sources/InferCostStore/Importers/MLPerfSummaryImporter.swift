import Foundation
import InferCostCore

/// MLPerf Inference results summary CSV: the `summary.csv` in an `inference_results_vX.Y`
/// repository (Organization, SystemName, accelerator_model_name, accelerators_per_node, Model,
/// Scenario, Result, Units ...) or the results-table export from mlcommons.org (System Name,
/// Accelerator, # of Accelerators, Processor, Performance_Result ...). One row per system x
/// benchmark x scenario; see docs/measurements.md for how scenarios become loads.
enum MLPerfSummaryImporter {
    /// Each field with the header names it goes by, first match wins.
    static let columns: [String: [String]] = [
        "organization": ["Organization", "Submitter"],
        "system": ["SystemName", "System Name", "System"],
        "accelerator": ["accelerator_model_name", "Accelerator"],
        "acceleratorsPerNode": ["accelerators_per_node"],
        "totalAccelerators": ["total_accelerators", "# of Accelerators", "Accelerators"],
        "nodes": ["number_of_nodes", "# of Nodes", "Nodes"],
        "processor": ["host_processor_model_name", "Processor"],
        "processorsPerNode": ["host_processors_per_node", "# of Processors"],
        "model": ["Model", "Benchmark", "MlperfModel"],
        "scenario": ["Scenario"],
        "result": ["Result", "Performance_Result", "Performance Result", "Avg. Result at System Name"],
        "units": ["Units", "Performance_Units", "Performance Units"],
        "accuracy": ["Accuracy"],
        "framework": ["framework", "Software", "Framework"],
        "version": ["version", "Version"],
        "division": ["Division"],
        "availability": ["Availability", "Category"],
        "location": ["Location"],
        "weights": ["weight_data_types", "Weight Data Types"],
    ]

    /// Generative benchmarks: MLPerf reports their throughput in tokens/s from v4.0 on.
    static let generativePrefixes = ["llama", "mixtral", "gptj", "gpt-j", "deepseek", "gpt-oss", "qwen", "mistral", "falcon"]

    static func parse(_ text: String, fileName: String) -> ParsedImport {
        let table = CSVTable(text: text)
        guard table.problems.isEmpty else { return ParsedImport(format: .mlperf, measurements: [], problems: ImportProblem.csv(table)) }
        let index = columns.mapValues { names in names.lazy.compactMap { table.index(of: $0) }.first }
        let required = ["model", "scenario", "result", "units"]
        let missing = required.filter { index[$0] ?? nil == nil }.map { columns[$0]?.first ?? $0 }
        guard missing.isEmpty, index["accelerator"] ?? nil != nil || index["processor"] ?? nil != nil else {
            return ParsedImport(format: .mlperf, measurements: [], problems: [
                ImportProblem(line: 1, .invalid, code: "missing_column",
                              "missing column(s): \((missing.isEmpty ? ["accelerator_model_name or host_processor_model_name"] : missing).joined(separator: ", "))",
                              hint: "expected an MLPerf Inference results summary (summary.csv)"),
            ])
        }
        var rows: [BenchmarkMeasurement] = []
        var problems: [ImportProblem] = []
        for record in table.records {
            func cell(_ name: String) -> String { record[index[name] ?? nil] }
            switch measurement(record.line, cell, fileName: fileName) {
            case .success(let row): rows.append(row)
            case .failure(let problem): problems.append(problem)
            }
        }
        return ParsedImport(format: .mlperf, measurements: rows, problems: problems)
    }

    private static func measurement(_ line: Int, _ cell: (String) -> String, fileName: String) -> Result<BenchmarkMeasurement, ImportProblem> {
        let model = cell("model"), scenario = cell("scenario"), units = cell("units")
        let label = "\(model) \(scenario)"
        guard let result = Double(cell("result").replacingOccurrences(of: ",", with: "")), result > 0, result.isFinite else {
            return .failure(ImportProblem(line: line, .invalid, code: "invalid_number", "\(label): Result '\(cell("result"))' is not a positive number"))
        }
        // Hardware: the accelerators, or the host processors on a CPU-only system.
        // Counts within `Domains.measuredDevices`, so their product cannot overflow.
        func count(_ column: String) -> Int? { Int(cell(column)).flatMap { Domains.measuredDevices.wholeNumber(Double($0)) } }
        let nodes = count("nodes") ?? 1
        let accelerator = cell("accelerator")
        let perNode = count("acceleratorsPerNode")
        let total = count("totalAccelerators") ?? perNode.map { $0 * nodes }
        let deviceName: String, devices: Int
        if !accelerator.isEmpty, !["n/a", "none", "-"].contains(accelerator.lowercased()), let total, total > 0 {
            deviceName = accelerator; devices = total
        } else {
            deviceName = cell("processor").isEmpty ? ImportContext.unknownDevice : cell("processor")
            devices = (count("processorsPerNode") ?? 1) * nodes
        }

        let version = cell("version")
        var notes = ["MLPerf Inference \([version, cell("division"), cell("availability")].filter { !$0.isEmpty }.joined(separator: " ")):",
                     "\(cell("organization")) \(cell("system")), scenario \(scenario), result \(cell("result")) \(units)."]
        if !cell("accuracy").isEmpty { notes.append("Accuracy: \(cell("accuracy")).") }

        let lowerUnits = units.lowercased()
        let generative = generativePrefixes.contains { model.lowercased().hasPrefix($0) }
        var tokens = lowerUnits.contains("token")
        if !tokens, generative, lowerUnits.contains("/s"), let number = versionNumber(version), number >= 4.0 {
            // v4.x summaries label LLM results "Queries/s" or "Samples/s"; MLPerf reports them in tokens/s.
            tokens = true
            notes.append("Units say '\(units)', but MLPerf \(version) reports \(model) throughput in tokens/s.")
        }
        let metric: BenchmarkMeasurement.Metric, load: BenchmarkMeasurement.Load
        var statistic = BenchmarkMeasurement.Statistic.mean
        var value = result
        switch scenario.lowercased() {
        case "offline":
            guard lowerUnits.contains("/s") else { return .failure(unknownUnits(line, label, units)) }
            metric = tokens ? .outputTokensPerSecond : .requestsPerSecond
            load = .maxLoad
        case "server", "interactive":
            guard lowerUnits.contains("/s") else { return .failure(unknownUnits(line, label, units)) }
            if tokens {
                // The arrival rate is not in the summary; completed samples/s = tokens/s over the
                // mean tokens per sample, which v5+ summaries state in the Accuracy column.
                guard let perSample = tokensPerSample(cell("accuracy")), perSample > 0 else {
                    return .failure(ImportProblem(line: line, .skipped, code: "server_rate_unknown",
                                                  "\(label): tokens/s at a Poisson arrival rate the summary does not state (no TOKENS_PER_SAMPLE); it cannot be modelled",
                                                  hint: "the run's mlperf_log_summary.txt has the scheduled samples per second"))
                }
                metric = .outputTokensPerSecond
                load = .requestRate(result / perSample)
                notes.append("Load: request rate = \(result) tokens/s / \(perSample) TOKENS_PER_SAMPLE (completed samples/s; MLPerf \(scenario) uses Poisson arrivals under TTFT/TPOT limits).")
            } else {
                // Non-generative Server results are the scheduled queries/s itself.
                metric = .requestsPerSecond
                load = .requestRate(result)
                notes.append("Load: Poisson arrivals at the reported queries/s under the benchmark's latency limit.")
            }
        case "singlestream":
            guard lowerUnits.contains("latency") else { return .failure(unknownUnits(line, label, units)) }
            metric = .e2eMs
            statistic = .p90
            load = .concurrency(1)
            if lowerUnits.contains("(s)") { value = result * 1000 } else if lowerUnits.contains("(ns)") { value = result / 1e6 }
            else if lowerUnits.contains("(us)") { value = result / 1e3 }
            notes.append("SingleStream: 90th-percentile latency of one query at a time.")
        case "multistream":
            return .failure(ImportProblem(line: line, .skipped, code: "unsupported_scenario",
                                          "\(label): MultiStream latency (p99 of 8-sample queries) has no InferCost metric"))
        default:
            return .failure(ImportProblem(line: line, .skipped, code: "unsupported_scenario", "\(label): unknown scenario '\(scenario)'"))
        }
        let weights = cell("weights")
        let framework = cell("framework")
        return .success(BenchmarkMeasurement(
            source: fileName, locator: nonEmpty(cell("location")), rowKey: "line \(line)",
            deviceName: deviceName, modelName: model, precision: PrecisionText.parse(weights), precisionText: weights,
            devices: devices, engine: framework.isEmpty ? "unknown" : framework, engineVersion: nil, load: load,
            inputTokens: nil, outputTokens: nil, metric: metric, statistic: statistic, value: value,
            notes: notes.joined(separator: " ")))
    }

    private static func unknownUnits(_ line: Int, _ label: String, _ units: String) -> ImportProblem {
        ImportProblem(line: line, .skipped, code: "unknown_units", "\(label): units '\(units)' do not fit the scenario")
    }

    /// "v4.1" -> 4.1.
    static func versionNumber(_ text: String) -> Double? {
        Double(text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "v ")))
    }

    /// "ROUGE1: 44.5  TOKENS_PER_SAMPLE: 284.2" -> 284.2.
    static func tokensPerSample(_ accuracy: String) -> Double? {
        guard let range = accuracy.range(of: "TOKENS_PER_SAMPLE:") else { return nil }
        let rest = accuracy[range.upperBound...].drop { $0 == " " }
        var number = String(rest.prefix { $0.isNumber || $0 == "." })
        while number.hasSuffix(".") { number.removeLast() }
        return Double(number)
    }
}
