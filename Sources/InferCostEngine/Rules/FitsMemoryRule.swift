import InferCostCore

public struct FitsMemoryRule: Rule {
    public var id: String { "fits_memory" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Weights, the KV cache of the batch (whole sequences) and what the engine keeps for itself (its unused share, the workspace) must fit in each device's memory. A model too large for one instance or server can span several whole ones (pipeline stages across them) only where the offer lists a sourced scale-out network." }
    public var inputs: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        c.estimate.memory.capacityGBPerDevice > 0 && c.estimate.memory.maxBatch < max(c.point.batch, 1)
    }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c) else { return nil }
        let m = c.estimate.memory
        let p = c.point
        let kv = m.kvCacheGBPerSequence / Double(p.devicesPerReplica) * Double(max(p.batch, 1))
        let need = m.weightsGBPerDevice + kv + m.overheadGBPerDevice
        let nodes = p.nodes > 1 ? " over \(p.nodes) nodes" : ""
        return "does not fit: needs \(short(need)) GiB per device (weights \(short(m.weightsGBPerDevice)) + KV cache \(short(kv)) + engine reserve and workspace \(short(m.overheadGBPerDevice))), \(short(m.capacityGBPerDevice)) GiB per device at TP=\(p.tensorParallel) PP=\(p.pipelineParallel)\(nodes)" + Self.multiNodeNote(c)
    }

    /// Why a layout filling one whole node is the largest tried: the offer has no sourced network.
    static func multiNodeNote(_ c: RuleContext) -> String {
        guard c.offer.scaleOut == nil, c.point.nodes == 1, c.point.devicesPerReplica >= c.offer.devicesPerUnit,
              c.model.kind == .decoder else { return "" }
        return "; no multi-node layout tried: \(c.offer.id) lists no sourced scale-out network (`scale_out_network` in the catalog)"
    }
}

func short(_ x: Double) -> String { NumberFormat.short(x) }
