import InferCostCore

/// How a serving engine sizes its KV cache and batches requests, by default (docs/methodology.md,
/// "Engines"). Each figure is the engine's own default, from its source code; an engine InferCost has
/// no sourced defaults for is `generic` (vLLM's allocation) and its estimate says so.
public struct EngineDefaults: Sendable, Hashable {
    /// How the KV-cache pool is sized from a device's memory.
    public enum KVBudget: Sendable, Hashable {
        /// weights + activation workspace + KV cache = share x capacity (vLLM `gpu_memory_utilization`).
        case shareOfCapacity(Double)
        /// KV cache = share x (capacity - weights - workspace) (TensorRT-LLM `free_gpu_memory_fraction`).
        case shareOfFree(Double)
        /// weights + KV cache = share x capacity; activations live in the rest (SGLang `mem_fraction_static`).
        case staticShareOfCapacity(Double)
    }

    public var engine: ServingEngine
    public var kvBudget: KVBudget
    /// Tokens per KV-cache block (paged attention): a sequence holds whole blocks.
    public var blockTokens: Int
    /// Most sequences one replica runs at once (the scheduler's cap).
    public var maxSequences: Int
    /// Most tokens (prefill chunks plus decodes) one forward pass takes.
    public var stepTokenBudget: Int
    /// True when the scheduler admits a request only with KV blocks for its whole input + output reserved
    /// (TensorRT-LLM's GUARANTEED_NO_EVICT); false when blocks are taken as tokens arrive (vLLM, SGLang).
    public var reservesWholeSequence: Bool = false
    /// Where the defaults come from.
    public var source: String
    /// True when the engine asked for has no defaults of its own and `generic` stands in.
    public var isFallback: Bool

    /// `id.contains("a100")`, as a scan of its bytes: this runs once per estimate, and Foundation's `contains`
    /// (2% of a whole `recommend`) and the standard library's generic `firstRange(of:)` (11%) cost more than
    /// the estimate's arithmetic. "a100" has no proper prefix that is also a suffix, so after a mismatch only
    /// an `a` can start a new match.
    static func mentionsA100(_ id: String) -> Bool {
        let a = UInt8(ascii: "a"), one = UInt8(ascii: "1"), zero = UInt8(ascii: "0")
        var matched = 0
        for byte in id.utf8 {
            switch matched {
            case 1 where byte == one, 2 where byte == zero: matched += 1
            case 3 where byte == zero: return true
            default: matched = byte == a ? 1 : 0
            }
        }
        return false
    }

    public static func defaults(_ engine: ServingEngine, device: Device, tensorParallel: Int) -> EngineDefaults {
        defaults(engine, capacityGiB: device.memoryGB ?? 0, isA100: mentionsA100(device.id), tensorParallel: tensorParallel)
    }

    /// `defaults` from the two facts of the device they read, which an estimator works out once per device.
    static func defaults(_ engine: ServingEngine, capacityGiB: Double, isA100: Bool, tensorParallel: Int) -> EngineDefaults {
        switch engine {
        case .vllm, .generic, .tgi, .llamaCpp, .neuron:
            // vLLM EngineArgs.get_batch_defaults: devices with >= 70 GiB other than the A100 get the larger defaults.
            let large = capacityGiB >= 70 && !isA100
            return EngineDefaults(
                engine: engine == .vllm ? .vllm : .generic, kvBudget: .shareOfCapacity(0.9), blockTokens: 16,
                maxSequences: large ? 1024 : 256, stepTokenBudget: large ? 8192 : 2048,
                source: "vLLM: CacheConfig gpu_memory_utilization 0.9, block_size 16; EngineArgs.get_batch_defaults (vllm/engine/arg_utils.py): OpenAI server max_num_batched_tokens 8192 / max_num_seqs 1024 on devices >= 70 GiB other than A100, else 2048 / 256",
                isFallback: engine != .vllm && engine != .generic)
        case .sglang:
            // SGLang ServerArgs: mem_fraction_static falls with the TP degree; chunked_prefill_size 8192 (2048 under 25 GB).
            let share: Double = switch tensorParallel {
            case 16...: 0.79
            case 8...: 0.81
            case 4...: 0.85
            case 2...: 0.87
            default: 0.88
            }
            return EngineDefaults(
                engine: .sglang, kvBudget: .staticShareOfCapacity(share), blockTokens: 1,
                maxSequences: Self.unlimitedSequences, stepTokenBudget: capacityGiB < 25 ? 2048 : 8192,
                source: "SGLang ServerArgs (python/sglang/srt/server_args.py): mem_fraction_static 0.88/0.87/0.85/0.81/0.79 at TP 1/2/4/8/16, chunked_prefill_size 8192 (2048 below 25 GB), page_size 1",
                isFallback: false)
        case .trtllm:
            return EngineDefaults(
                engine: .trtllm, kvBudget: .shareOfFree(0.9), blockTokens: 32,
                maxSequences: CalibrationSample.maxLoadBatchCap, stepTokenBudget: 8192,
                reservesWholeSequence: true,
                source: "TensorRT-LLM KvCacheConfig.free_gpu_memory_fraction 0.9 of the memory left after the model (tensorrt_llm/llmapi/llm_args.py), tokens_per_block 32, max_num_tokens 8192, capacity scheduler GUARANTEED_NO_EVICT; batch up to the CUDA-graph sizes of trtllm-bench (8192)",
                isFallback: false)
        }
    }

    /// SGLang sizes its running batch from the KV pool alone.
    public static let unlimitedSequences = 1 << 20
}
