import InferCostCore

/// Tensor and pipeline degrees a serving engine can actually run for the model.
public struct ParallelLayoutRule: Rule {
    public var id: String { "parallel_layout" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Serving engines split attention heads evenly across tensor-parallel ranks and layers across pipeline stages: TP must divide the attention heads, and divide the KV heads (or, when TP exceeds them, be a multiple of them, each KV head then replicated TP / KV-heads times, as vLLM does); PP cannot exceed the layers." }
    public var inputs: RuleInputs { .configuration }
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        Self.problem(c.model, tensorParallel: c.point.tensorParallel, pipelineParallel: c.point.pipelineParallel)
    }

    /// Why the layout cannot run, or nil. Shared by this rule and `infercost estimate`.
    public static func problem(_ model: ModelSpec, tensorParallel tp: Int, pipelineParallel pp: Int) -> String? {
        guard tp >= 1, pp >= 1 else { return "TP and PP must be at least 1" }
        let heads = model.attentionHeads, kv = model.kvHeads
        if heads % tp != 0 {
            return "TP=\(tp) does not divide the \(heads) attention heads of \(model.name); use a TP that divides \(heads)"
        }
        if tp <= kv ? kv % tp != 0 : tp % kv != 0 {
            return "TP=\(tp) cannot share \(model.name)'s \(kv) KV heads evenly (TP must divide them, or be a multiple of them to replicate each)"
        }
        if pp > model.layers {
            return "PP=\(pp) exceeds the \(model.layers) layers of \(model.name); each pipeline stage needs at least one layer"
        }
        return nil
    }
}
