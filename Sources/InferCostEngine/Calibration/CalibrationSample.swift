import Foundation
import InferCostCore

/// A measurement whose device and model the catalog knows, turned into the deployment point the
/// performance model predicts it from (docs/validation.md, "From a row to a prediction").
public struct CalibrationSample: Sendable {
    public var measurement: BenchmarkMeasurement
    public var device: Device
    public var model: ModelSpec
    public var precision: Precision
    /// Tensor and pipeline degrees of one replica, and how many replicas the run had.
    public var tensorParallel: Int
    public var pipelineParallel: Int
    public var replicas: Int
    /// Sequences per replica the run is modelled at (for `max_load`, what the KV pool holds at average occupancy,
    /// or the run's requests per replica when fewer).
    public var batch: Int
    /// Requests each replica serves in a `max_load` run whose source states the count, else nil.
    public var requestsPerReplica: Int?
    /// The engine the source ran (generic when it names none InferCost knows).
    public var engine: ServingEngine

    /// Why a resolved measurement cannot be predicted (kept out of fits and validation, and reported).
    public enum Unusable: Error, Equatable, CustomStringConvertible {
        case noPrecision(String)
        case noLengths
        case unsupportedLoad(String)
        case layout(String)
        case cpuMemoryUnknown
        case encoderMetric(String)
        public var description: String {
            switch self {
            case .noPrecision(let text): "precision not stated (\(text))"
            case .noLengths: "input or output length is a variable dataset"
            case .unsupportedLoad(let load): "load \(load) is not modelled (latency-bound arrivals)"
            case .layout(let why): why
            case .cpuMemoryUnknown: "CPU host memory is not stated, so the batch that fits is unknown"
            case .encoderMetric(let metric): "\(metric) does not apply to an encoder"
            }
        }
    }

    /// The batch a `max_load` run is modelled at: the largest that fits memory, capped where engines cap it
    /// (TensorRT-LLM's CUDA-graph batch sizes stop at 8192).
    public static let maxLoadBatchCap = 8192

    public static func make(_ m: BenchmarkMeasurement, device: Device, model: ModelSpec) -> Result<CalibrationSample, Unusable> {
        guard let precision = m.precision else { return .failure(.noPrecision(m.precisionText)) }
        guard m.inputTokens != nil, m.outputTokens != nil || m.metric == .prefillTokensPerSecond else { return .failure(.noLengths) }
        if m.isServingRun { return .failure(.unsupportedLoad(m.load.kind)) }
        if device.kind == .cpu { return .failure(.cpuMemoryUnknown) }
        if model.kind == .encoder, [.tpotMs, .decodeTokensPerSecondPerStream, .outputTokensPerSecond].contains(m.metric) {
            return .failure(.encoderMetric(m.metric.rawValue))
        }
        // llama.cpp splits layers across GPUs (a pipeline); other rows state tp/pp, else one replica over all devices.
        let pp = m.pipelineParallel ?? (m.tensorParallel == nil && m.engine.lowercased().contains("llama.cpp") ? m.devices : 1)
        let tp = m.tensorParallel ?? max(1, m.devices / max(pp, 1))
        guard tp * pp > 0, m.devices % (tp * pp) == 0 else {
            return .failure(.layout("\(m.devices) devices do not divide into tp \(tp) x pp \(pp) replicas"))
        }
        var sample = CalibrationSample(measurement: m, device: device, model: model, precision: precision,
                                       tensorParallel: tp, pipelineParallel: pp, replicas: m.devices / (tp * pp), batch: 1,
                                       engine: ServingEngine(named: m.engine) ?? .generic)
        switch m.load {
        case .staticBatch(let n), .concurrency(let n): sample.batch = max(n, 1)
        case .maxLoad:
            // Memory is not fitted, so the batch the engine runs is fixed by the specs: the KV pool at
            // average occupancy, capped by the engine's sequence limit.
            let fit = PerformanceModel(model: model, device: device).estimate(sample.point(batch: 1)).memory.averageOccupancyBatch
            guard fit > 0 else { return .failure(.layout("the model does not fit \(tp * pp) x \(device.id) memory")) }
            sample.batch = fit
            // A run of N queued requests never holds more than N at once (split evenly over the replicas).
            if let requests = m.requests {
                let perReplica = (requests + sample.replicas - 1) / sample.replicas
                sample.requestsPerReplica = perReplica
                sample.batch = min(fit, perReplica)
            }
        case .requestRate: break
        }
        return .success(sample)
    }

    func point(batch: Int) -> DeploymentPoint {
        let m = measurement
        return DeploymentPoint(deviceID: device.id, tensorParallel: tensorParallel, pipelineParallel: pipelineParallel,
                               weightPrecision: precision, kvPrecision: kvPrecision, batch: batch,
                               inputTokens: max(m.inputTokens ?? 1, 1),
                               outputTokens: m.metric == .prefillTokensPerSecond ? 0 : max(m.outputTokens ?? 1, 1),
                               engine: engine, attentionDataParallel: m.attentionDataParallel)
    }

    /// Requests per second of one replica over the measured run. At steady state (no count stated, or a run
    /// no longer than one batch, whose batch `make` already capped) that is the estimate's rate. A run of N
    /// queued requests on a replica that holds B at once ends on a part-full wave: floor(N / B) full waves
    /// at the full batch's rate, then the N mod B left over at theirs (a small batch's step still reads
    /// every weight, so the last wave takes nearly as long as a full one). Identical lengths keep the
    /// waves in step; where arrivals were staggered by a prefill budget the same sum holds to first order.
    func runRequestsPerSecond(_ e: Estimate, _ factors: EfficiencyFactors) -> Double? {
        guard let rate = e.requestsPerSecond, rate > 0 else { return nil }
        guard case .maxLoad = measurement.load, let n = requestsPerReplica, let full = e.serving?.batch, n > full else { return rate }
        var seconds = Double(n / full * full) / rate
        let rest = n % full
        if rest > 0 {
            let last = EstimatePipeline(model: model, device: device, factors: factors).estimate(point(batch: rest))
            guard let restRate = last.requestsPerSecond, restRate > 0 else { return nil }
            seconds += Double(rest) / restRate
        }
        return Double(n) / seconds
    }

    /// KV-cache precision: fp8 when weights are 8 bits or fewer in floating point (TensorRT-LLM's
    /// quantised checkpoints ship an fp8 KV cache), else fp16.
    var kvPrecision: Precision { [.fp8, .fp4].contains(precision) ? .fp8 : .fp16 }

    /// The modelled value in the measurement's unit, or nil when the model cannot produce it
    /// (missing specs, or the model does not fit the memory).
    public func predict(_ factors: EfficiencyFactors) -> Double? {
        let m = measurement
        let point = point(batch: batch)
        let input = point.inputTokens, output = point.outputTokens
        let e = EstimatePipeline(model: model, device: device, factors: factors).estimate(point)
        guard e.isComplete, e.memory.maxBatch > 0 else { return nil }
        let replicas = Double(self.replicas)
        switch m.metric {
        case .outputTokensPerSecond:
            if case .staticBatch = m.load, point.batch > 1 {
                // A static batch: one batched prefill, then `output` decode steps at the full batch.
                guard let prefill = e.batchedPrefillSeconds(prompts: point.batch), let step = e.decode?.seconds else { return nil }
                return Double(point.batch * output) / (prefill + Double(output) * step) * replicas
            }
            return runRequestsPerSecond(e, factors).map { $0 * Double(output) * replicas }
        case .totalTokensPerSecond: return runRequestsPerSecond(e, factors).map { $0 * Double(input + output) * replicas }
        case .requestsPerSecond: return runRequestsPerSecond(e, factors).map { $0 * replicas }
        case .prefillTokensPerSecond: return e.prefillTokensPerSecond.map { $0 * replicas }
        case .decodeTokensPerSecondPerStream: return e.tpotSeconds.map { 1 / $0 }
        case .tpotMs:
            if case .concurrency(let n) = m.load, n > 1, let serving = e.serving { return serving.step.seconds * 1000 }
            return e.tpotSeconds.map { $0 * 1000 }
        case .ttftMs:
            if case .concurrency(let n) = m.load, n > 1, let serving = e.serving { return serving.ttftSeconds * 1000 }
            // A static batch prefills all its prompts in one pass before the first token of any.
            guard let prefill = e.batchedPrefillSeconds(prompts: point.batch) else { return nil }
            return (prefill + (e.decode?.seconds ?? 0)) * 1000
        case .e2eMs:
            // A static batch prefills all its prompts in one pass, then decodes at the full batch (as for throughput).
            let prefill: Double?
            if case .staticBatch = m.load, point.batch > 1 { prefill = e.batchedPrefillSeconds(prompts: point.batch) } else { prefill = e.prefill?.seconds }
            guard let prefill else { return nil }
            return (prefill + Double(output) * (e.decode?.seconds ?? 0)) * 1000
        }
    }
}
