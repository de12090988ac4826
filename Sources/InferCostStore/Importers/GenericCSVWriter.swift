import Foundation
import InferCostCore

/// Measurements written in the generic CSV format `GenericCSVImporter` reads, so what
/// `bench list --format csv` prints can be edited and imported again.
public enum GenericCSVWriter {
    public static let columns = GenericCSVImporter.requiredColumns + GenericCSVImporter.optionalColumns

    public static func render(_ rows: [BenchmarkMeasurement]) -> String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            let fields: [String] = [
                row.deviceName, String(row.devices), row.modelName, row.precisionText.isEmpty ? (row.precision?.rawValue ?? "") : row.precisionText,
                row.engine, loadText(row.load), row.inputTokens.map(String.init) ?? "", row.outputTokens.map(String.init) ?? "",
                row.metric.rawValue, numberText(row.value), row.tensorParallel.map(String.init) ?? "",
                row.pipelineParallel.map(String.init) ?? "", row.statistic.rawValue, row.engineVersion ?? "", row.source,
                row.locator ?? "", row.notes ?? "", row.attentionDataParallel ? "true" : "", row.requests.map(String.init) ?? "",
            ]
            lines.append(fields.map(CSVField.escaped).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// `batch=8`, `concurrency=32`, `rate=4.5`, `max`: the generic CSV's load column.
    public static func loadText(_ load: BenchmarkMeasurement.Load) -> String {
        switch load {
        case .staticBatch(let n): "batch=\(n)"
        case .concurrency(let n): "concurrency=\(n)"
        case .maxLoad: "max"
        case .requestRate(let rate): "rate=\(numberText(rate))"
        }
    }

    /// The shortest text that reads back as the same Double ("25342", not "25342.0").
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

}
