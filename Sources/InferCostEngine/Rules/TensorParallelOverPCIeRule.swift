import InferCostCore

public struct TensorParallelOverPCIeRule: Rule {
    public var id: String { "tp_over_pcie" }
    public var severity: Finding.Severity { .warning }
    public var rationale: String { "Tensor parallelism all-reduces activations twice per layer; over PCIe that traffic often dominates and measured latency varies with the host's topology." }
    public var inputs: RuleInputs { .configuration }
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        guard c.point.tensorParallel > 1, c.device.interconnect?.kind == .pcie else { return nil }
        return "tensor parallel \(c.point.tensorParallel) over PCIe (no NVLink-class link on \(c.device.name))"
    }
}
