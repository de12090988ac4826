import InferCostCore

/// Which deployment families a benchmark row or a deployment point belongs to.
extension DeploymentFamily {
    public static func families(of s: CalibrationSample) -> [DeploymentFamily] {
        let m = s.measurement
        let atLoad: Bool = switch m.load {
        case .maxLoad, .requestRate: true
        case .staticBatch(let n), .concurrency(let n): n > 1
        }
        var out = families(model: s.model, device: s.device, precision: s.precision, tensorParallel: s.tensorParallel,
                           pipelineParallel: s.pipelineParallel, inputTokens: m.inputTokens, outputTokens: m.outputTokens,
                           atLoad: atLoad)
        if m.metric.family == .ttft { out.append(.ttft) }
        return out
    }

    /// The families of a deployment (every family but `ttft`, which is a metric's).
    public static func families(model: ModelSpec, device: Device, precision: Precision, tensorParallel: Int,
                                pipelineParallel: Int, inputTokens: Int?, outputTokens: Int?, atLoad: Bool) -> [DeploymentFamily] {
        var out: [DeploymentFamily] = []
        let devices = Double(tensorParallel * pipelineParallel)
        if let capacity = device.memoryGB, capacity > 0,
           MemoryModel.weightBytes(model, precision: precision) / devices / (capacity * Units.bytesPerGiB)
            >= tightMemoryWeightShare {
            out.append(.tightMemory)
        }
        if tensorParallel >= 8 { out.append(.tensorParallel8) }
        if atLoad, let input = inputTokens, let output = outputTokens, input <= shortRequestTokens, output <= shortRequestTokens {
            out.append(.shortRequests)
        }
        if model.isMoE { out.append(.moe) }
        switch precision.bytesPerValue {
        case 2...: out.append(.sixteenBit)
        case 1: out.append(.eightBit)
        default: out.append(.fourBit)
        }
        return out
    }

}
