import Foundation
import InferCostCore

/// Measurements that answer an estimate directly: an exact match of device, model, precision,
/// parallel layout, lengths and batch is `measured`; a batch between two measured batches of an
/// otherwise identical run is `interpolated` (log-linear in the batch).
public enum MeasuredLookup {
    public struct Answer: Sendable, Equatable {
        public var metric: BenchmarkMeasurement.Metric
        public var value: Double
        public var provenance: Provenance
        /// `source row` of the measurements used.
        public var rows: [String]
        public init(metric: BenchmarkMeasurement.Metric, value: Double, provenance: Provenance, rows: [String]) {
            self.metric = metric; self.value = value; self.provenance = provenance; self.rows = rows
        }
    }

    public static func answers(for point: DeploymentPoint, modelID: String, in samples: [CalibrationSample]) -> [Answer] {
        let same = samples.filter { s in
            s.device.id == point.deviceID && s.model.id == modelID && s.precision == point.weightPrecision
                && s.tensorParallel == point.tensorParallel && s.pipelineParallel == point.pipelineParallel && s.replicas == 1
                && s.measurement.inputTokens == point.inputTokens
                && (s.measurement.outputTokens == point.outputTokens || s.measurement.metric == .prefillTokensPerSecond)
                && s.measurement.statistic == .mean
        }
        var answers: [Answer] = []
        for (metric, rows) in Dictionary(grouping: same, by: \.measurement.metric).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let batched = rows.compactMap { s -> (batch: Int, sample: CalibrationSample)? in
                switch s.measurement.load {
                case .staticBatch(let n), .concurrency(let n): (n, s)
                default: nil
                }
            }.sorted { $0.batch < $1.batch }
            if let exact = batched.first(where: { $0.batch == point.batch }) {
                answers.append(Answer(metric: metric, value: exact.sample.measurement.value, provenance: .measured,
                                      rows: ["\(exact.sample.measurement.source) \(exact.sample.measurement.rowKey)"]))
            } else if let low = batched.last(where: { $0.batch < point.batch }),
                      let high = batched.first(where: { $0.batch > point.batch }) {
                let t = log(Double(point.batch) / Double(low.batch)) / log(Double(high.batch) / Double(low.batch))
                let value = exp(log(low.sample.measurement.value) + t * (log(high.sample.measurement.value) - log(low.sample.measurement.value)))
                answers.append(Answer(metric: metric, value: value, provenance: .interpolated,
                                      rows: [low, high].map { "\($0.sample.measurement.source) \($0.sample.measurement.rowKey)" }))
            }
        }
        return answers
    }
}
