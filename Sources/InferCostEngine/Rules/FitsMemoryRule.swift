import InferCostCore

public struct FitsMemoryRule: Rule {
    public let id = "fits_memory"
    public let severity = Finding.Severity.reject
    public let rationale = "Weights, the KV cache of the batch (whole sequences) and what the engine keeps for itself (its unused share, the workspace) must fit in each device's memory."
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        let m = c.estimate.memory
        let p = c.point
        guard m.capacityGBPerDevice > 0, m.maxBatch < max(p.batch, 1) else { return nil }
        let kv = m.kvCacheGBPerSequence / Double(p.devicesPerReplica) * Double(max(p.batch, 1))
        let need = m.weightsGBPerDevice + kv + m.overheadGBPerDevice
        return "does not fit: needs \(short(need)) GiB per device (weights \(short(m.weightsGBPerDevice)) + KV cache \(short(kv)) + engine reserve and workspace \(short(m.overheadGBPerDevice))), \(short(m.capacityGBPerDevice)) GiB per device at TP=\(p.tensorParallel) PP=\(p.pipelineParallel)"
    }
}

func short(_ x: Double) -> String { NumberFormat.short(x) }
