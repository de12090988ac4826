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
        // A plain UTF-8 scan: this runs for every stored measurement, and Foundation's `contains` (a locale-aware
        // NSString search) cost more than the rest of reading a row.
        guard let match = patterns.first(where: { Self.occurs($0.0, in: t) }) else { return nil }
        self = match.1
    }

    /// Whether `needle`'s bytes occur in `text`'s (UTF-8).
    static func occurs(_ needle: String, in text: String) -> Bool {
        let n = Array(needle.utf8), h = Array(text.utf8)
        guard !n.isEmpty else { return true }
        guard h.count >= n.count else { return false }
        for start in 0...(h.count - n.count) where h[start] == n[0] && h[start..<start + n.count].elementsEqual(n) { return true }
        return false
    }

    /// Whether the engine can run a mixture of experts with attention data parallel and expert-parallel MoE
    /// layers (TensorRT-LLM `enable_attention_dp`, SGLang `--enable-dp-attention`, vLLM `--data-parallel-size`
    /// with `--enable-expert-parallel`), so `recommend` tries that layout beside tensor parallel.
    public var runsAttentionDataParallel: Bool { self == .trtllm || self == .sglang || self == .vllm }

    /// Which calibration fits describe the engine (docs/validation.md, "Fits per engine group").
    public var group: EngineGroup { self == .llamaCpp ? .llamaCpp : .servers }
}

/// Engines whose efficiency is fitted together. Continuous-batching servers (vLLM, SGLang, TensorRT-LLM, TGI,
/// Neuron and engines InferCost does not know, like lmdeploy) run fused, graph-captured kernels over large
/// batches; llama.cpp runs its own quantised kernels one request stream at a time and splits layers across
/// devices. Their efficiencies on the same device differ by more than any device's do, so a device measured
/// only under llama.cpp says little about the same device under vLLM.
public enum EngineGroup: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case servers
    case llamaCpp = "llama.cpp"
    public var label: String { self == .servers ? "serving engines" : "llama.cpp" }
    public static func < (a: EngineGroup, b: EngineGroup) -> Bool { a.rawValue < b.rawValue }
}
