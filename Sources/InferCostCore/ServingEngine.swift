/// The serving software a deployment runs. Engines allocate memory and batch requests differently,
/// so the engine is a dimension of an estimate (docs/methodology.md, "Engines").
public enum ServingEngine: String, Sendable, Hashable, Codable, CaseIterable {
    case vllm
    case sglang
    case trtllm
    case tgi
    case llamaCpp = "llama.cpp"
    case neuron
    /// No engine stated, or one InferCost has no defaults for: vLLM-like allocation, said so.
    case generic

    /// The engine a free-text name from a benchmark source or a profile names, or nil when it names
    /// none InferCost knows (the caller falls back to `generic` and says so).
    public init?(named text: String) {
        let t = text.lowercased()
        if let exact = ServingEngine(rawValue: t) { self = exact; return }
        let patterns: [(String, ServingEngine)] = [
            ("tensorrt-llm", .trtllm), ("tensorrt_llm", .trtllm), ("trt-llm", .trtllm), ("trtllm", .trtllm),
            ("sglang", .sglang), ("vllm", .vllm), ("text-generation-inference", .tgi), ("tgi", .tgi),
            ("llama.cpp", .llamaCpp), ("llama-bench", .llamaCpp), ("llamacpp", .llamaCpp),
            ("neuron", .neuron), ("optimum-neuron", .neuron),
        ]
        guard let match = patterns.first(where: { t.contains($0.0) }) else { return nil }
        self = match.1
    }
}
