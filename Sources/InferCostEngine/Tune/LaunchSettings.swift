import InferCostCore

/// Serving-engine command lines for a tuned point. Flag names from the engines' documentation
/// (vLLM `vllm serve`, SGLang `sglang.launch_server`, TensorRT-LLM `trtllm-serve`); docs/tune.md
/// lists them with their sources.
enum LaunchSettings {
    static func commands(model: ModelSpec, point p: TuneResult.Point) -> [TuneResult.Launch] {
        let name = huggingFaceName(model.id)
        let budget = p.simulatedTokenBudget ?? Simulation.defaultTokenBudget
        var notes: [String] = []
        switch p.weightPrecision {
        case .int4: notes.append("int4 weights: serve an AWQ or GPTQ int4 checkpoint of the model (the engines read the scheme from it)")
        case .fp4: notes.append("fp4 weights: serve an NVFP4 or MXFP4 checkpoint (Blackwell-class GPUs)")
        case .int8: notes.append("int8 weights: serve a W8A8 (SmoothQuant/compressed-tensors) checkpoint")
        default: break
        }
        if p.replicas > 1 {
            notes.append("\(p.replicas) replicas: start one server per \(p.tensorParallel * p.pipelineParallel) device(s) behind a load balancer")
        }
        let fp8Weights = p.weightPrecision == .fp8
        let fp8KV = p.kvPrecision == .fp8

        var vllm = "vllm serve \(name) --tensor-parallel-size \(p.tensorParallel)"
        if p.pipelineParallel > 1 { vllm += " --pipeline-parallel-size \(p.pipelineParallel)" }
        vllm += " --max-num-seqs \(p.batch) --max-num-batched-tokens \(budget)"
        if fp8Weights { vllm += " --quantization fp8" }
        if fp8KV { vllm += " --kv-cache-dtype fp8" }

        var sglang = "python -m sglang.launch_server --model-path \(name) --tp-size \(p.tensorParallel)"
        if p.pipelineParallel > 1 { sglang += " --pp-size \(p.pipelineParallel)" }
        sglang += " --max-running-requests \(p.batch) --chunked-prefill-size \(budget)"
        if fp8Weights { sglang += " --quantization fp8" }
        if fp8KV { sglang += " --kv-cache-dtype fp8_e4m3" }

        var trtllm = "trtllm-serve \(name) --tp_size \(p.tensorParallel)"
        if p.pipelineParallel > 1 { trtllm += " --pp_size \(p.pipelineParallel)" }
        trtllm += " --max_batch_size \(p.batch) --max_num_tokens \(budget)"
        var trtNotes = notes
        if fp8KV { trtNotes.append("fp8 KV cache: put `kv_cache_config: {dtype: fp8}` in the YAML passed with --extra_llm_api_options") }
        if fp8Weights { trtNotes.append("fp8 weights: serve an FP8 checkpoint (e.g. from NVIDIA ModelOpt); trtllm-serve reads the quantisation from it") }

        return [
            .init(engine: "vllm", command: vllm, notes: notes),
            .init(engine: "sglang", command: sglang, notes: notes),
            .init(engine: "trtllm", command: trtllm, notes: trtNotes),
        ]
    }

    /// Catalog ids name models `org--name`; engines take the Hugging Face `org/name`.
    static func huggingFaceName(_ id: String) -> String {
        guard let range = id.range(of: "--") else { return id }
        return id.replacingCharacters(in: range, with: "/")
    }
}
