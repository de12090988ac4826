import Foundation
import InferCostCore

/// Measurements that answer an estimate directly: an exact match of device, model, weight and KV
/// precision, parallel layout, lengths and batch is `measured`; a batch between two measured batches of an
/// otherwise identical run is `interpolated` (log-linear in the batch).
public enum MeasuredLookup {
    public static func answers(for point: DeploymentPoint, modelID: String, in samples: [CalibrationSample]) -> [MeasuredValue] {
        let same = samples.filter { s in
            // The row's KV cache as it is modelled (CalibrationSample.kvPrecision); formats of one width
            // (bf16 and fp16) are the same cache to the physics, so either answers the other.
            s.device.id == point.deviceID && s.model.id == modelID && s.precision == point.weightPrecision
                && s.kvPrecision.bytesPerValue == point.kvPrecision.bytesPerValue
                && s.tensorParallel == point.tensorParallel && s.pipelineParallel == point.pipelineParallel && s.replicas == 1
                && s.measurement.inputTokens == point.inputTokens
                && (s.measurement.outputTokens == point.outputTokens || s.measurement.metric == .prefillTokensPerSecond)
                && s.measurement.statistic == .mean
        }
        var answers: [MeasuredValue] = []
        for (metric, rows) in Dictionary(grouping: same, by: \.measurement.metric).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let batched = rows.compactMap { s -> (batch: Int, sample: CalibrationSample)? in
                switch s.measurement.load {
                case .staticBatch(let n), .concurrency(let n): (n, s)
                default: nil
                }
            }.sorted { $0.batch < $1.batch }
            if let exact = batched.first(where: { $0.batch == point.batch }) {
                answers.append(MeasuredValue(metric: metric, value: exact.sample.measurement.value, provenance: .measured,
                                      rows: ["\(exact.sample.measurement.source) \(exact.sample.measurement.rowKey)"]))
            } else if let low = batched.last(where: { $0.batch < point.batch }),
                      let high = batched.first(where: { $0.batch > point.batch }) {
                let t = log(Double(point.batch) / Double(low.batch)) / log(Double(high.batch) / Double(low.batch))
                let value = exp(log(low.sample.measurement.value) + t * (log(high.sample.measurement.value) - log(low.sample.measurement.value)))
                answers.append(MeasuredValue(metric: metric, value: value, provenance: .interpolated,
                                      rows: [low, high].map { "\($0.sample.measurement.source) \($0.sample.measurement.rowKey)" }))
            }
        }
        return answers
    }
}
