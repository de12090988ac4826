import Foundation
import InferCostCore
import Testing
@testable import InferCostStore

@Suite struct ImporterTests {
    private func keyed(_ rows: [BenchmarkMeasurement]) -> [String: BenchmarkMeasurement] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0.rowKey, $0) })
    }

    // MARK: vLLM

    @Test func vllmSingleRunWithHardwareFromTheContext() throws {
        let context = ImportContext(deviceName: "NVIDIA L40S", devices: 4, tensorParallel: 1, precisionText: "bf16")
        let parsed = try Fixtures.parse("vllm/result-base-rate10.json", context: context)
        #expect(parsed.format == .vllm && parsed.problems.isEmpty)
        #expect(parsed.measurements.count == 9)
        let rows = keyed(parsed.measurements)
        let ttft = try #require(rows["mean_ttft_ms"])
        #expect(ttft.metric == .ttftMs && ttft.statistic == .mean && ttft.value == 54.592403276680365)
        #expect(ttft.load == .requestRate(10) && ttft.inputTokens == 999 && ttft.outputTokens == 275)
        #expect(ttft.deviceName == "NVIDIA L40S" && ttft.devices == 4 && ttft.tensorParallel == 1 && ttft.precision == .bf16)
        #expect(ttft.modelName == "meta-llama/Llama-3.2-3B-Instruct" && ttft.engine == "vLLM" && ttft.source == "result-base-rate10.json")
        #expect(ttft.notes?.contains("gpu=4xNVIDIA_L40S") == true)
        #expect(parsed.measurements.allSatisfy { $0.requests == 300 })  // num_prompts
        #expect(rows["output_throughput"]?.value == 2282.2747096685353)
        #expect(rows["output_throughput"]?.metric == .outputTokensPerSecond)
        #expect(rows["total_token_throughput"]?.metric == .totalTokensPerSecond)
        #expect(rows["request_throughput"]?.metric == .requestsPerSecond)
        #expect(rows["median_tpot_ms"]?.statistic == .median && rows["median_tpot_ms"]?.metric == .tpotMs)
        #expect(rows["p99_ttft_ms"]?.statistic == .p99)
        #expect(rows["mean_itl_ms"] == nil)  // ITL is not stored beside TPOT
    }

    @Test func vllmWithoutHardwareIsStoredAsUnknown() throws {
        let parsed = try Fixtures.parse("vllm/result-base-rate10.json")
        #expect(parsed.measurements.allSatisfy { $0.deviceName == "unknown" && $0.devices == 1 && $0.precision == nil })
    }

    @Test func vllmAppendedResultsAreOneRunPerLine() throws {
        let parsed = try Fixtures.parse("vllm/results-appended.json")
        #expect(parsed.format == .vllm && parsed.problems.isEmpty)
        #expect(parsed.measurements.count == 27)
        let rows = keyed(parsed.measurements)
        #expect(rows["1:mean_ttft_ms"]?.value == 54.59561144333596)
        #expect(rows["2:mean_ttft_ms"]?.load == .requestRate(30))
        #expect(rows["3:mean_ttft_ms"]?.load == .maxLoad)  // request_rate "inf", no max_concurrency
        #expect(rows["3:output_throughput"]?.value == 8321.230575856995)
        #expect(rows["3:output_throughput"]?.outputTokens == 267)  // 240165 / 900
        #expect(rows["3:output_throughput"]?.requests == 900)  // an offline run of num_prompts requests
    }

    @Test func vllmConcurrencyRunIsAConcurrencyLoad() throws {
        let json = #"{"backend": "vllm", "model_id": "m", "request_rate": "inf", "max_concurrency": 16, "completed": 10, "total_input_tokens": 10000, "total_output_tokens": 2000, "output_throughput": 500.0, "mean_ttft_ms": 20.5, "p90_ttft_ms": 30.0, "mean_e2el_ms": 900.0}"#
        let parsed = try MeasurementImporter.parse(Data(json.utf8), fileName: "r.json")
        let rows = keyed(parsed.measurements)
        #expect(parsed.format == .vllm && rows.count == 4)
        #expect(rows["mean_ttft_ms"]?.load == .concurrency(16))
        #expect(rows["p90_ttft_ms"]?.statistic == .p90)
        #expect(rows["mean_e2el_ms"]?.metric == .e2eMs)
    }

    // MARK: llama-bench

    @Test func llamaBenchJSON() throws {
        let parsed = try Fixtures.parse("llama-bench/llama-bench.json")
        #expect(parsed.format == .llamaBench && parsed.problems.isEmpty)
        let rows = keyed(parsed.measurements)
        let pp = try #require(rows["1"])
        #expect(pp.metric == .prefillTokensPerSecond && pp.value == 7100.002165 && pp.inputTokens == 512 && pp.outputTokens == 0)
        #expect(pp.deviceName == "NVIDIA GeForce RTX 4080" && pp.devices == 1 && pp.load == .staticBatch(1))
        #expect(pp.modelName == "Qwen2.5-7B-Instruct" && pp.precision == .int4 && pp.precisionText == "Q4_K - Medium")
        #expect(pp.engine == "llama.cpp" && pp.engineVersion == "b5163 8cf427ff")
        let tg = try #require(rows["2"])
        #expect(tg.metric == .decodeTokensPerSecondPerStream && tg.value == 118.881588 && tg.outputTokens == 128 && tg.inputTokens == 0)
    }

    @Test func llamaBenchCSVAndJSONL() throws {
        let csv = try Fixtures.parse("llama-bench/llama-bench.csv")
        #expect(csv.format == .llamaBench && csv.problems.isEmpty)
        #expect(csv.measurements.map(\.value) == [7285.676949, 119.915244])
        #expect(csv.measurements.map(\.rowKey) == ["line 2", "line 3"])
        #expect(csv.measurements.map(\.metric) == [.prefillTokensPerSecond, .decodeTokensPerSecondPerStream])
        #expect(csv.measurements.allSatisfy { $0.deviceName == "NVIDIA GeForce RTX 4080" && $0.modelName == "Qwen2.5-7B-Instruct" })
        let jsonl = try Fixtures.parse("llama-bench/llama-bench.jsonl")
        #expect(jsonl.format == .llamaBench && jsonl.measurements.map(\.value) == [7263.609157, 119.844681])
    }

    @Test func llamaBenchCPUOnlyAndCombinedTests() throws {
        let csv = """
        build_commit,build_number,cpu_info,gpu_info,backends,model_filename,model_type,n_gpu_layers,n_prompt,n_gen,n_depth,avg_ts,stddev_ts
        "abc","1","AMD EPYC 9654 96-Core Processor","NVIDIA L4","CUDA","/m/Meta-Llama-3-8B-Instruct.Q8_0.gguf","llama 8B Q8_0","0","0","128","0","12.5","0.1"
        "abc","1","cpu","NVIDIA L4, NVIDIA L4","CUDA","/m/Meta-Llama-3-8B-Instruct-F16.gguf","llama 8B F16","99","512","128","0","900","1"
        """
        let parsed = try MeasurementImporter.parse(Data(csv.utf8), fileName: "cpu.csv", format: .llamaBench)
        #expect(parsed.measurements.count == 1)
        let row = try #require(parsed.measurements.first)
        #expect(row.deviceName == "AMD EPYC 9654 96-Core Processor" && row.precision == .int8 && row.modelName == "Meta-Llama-3-8B-Instruct")
        #expect(parsed.problems.map(\.code) == ["combined_test"] && parsed.problems.first?.disposition == .skipped)
        #expect(parsed.problems.first?.line == 3)
    }

    // MARK: MLPerf

    @Test func mlperfV41SummaryTokensForLLMsAndServerRowsWithoutARate() throws {
        let parsed = try Fixtures.parse("mlperf/summary-v4.1-GigaComputing.csv")
        #expect(parsed.format == .mlperf)
        #expect(parsed.measurements.count == 6)
        // llama2, mixtral and gptj Server: tokens/s at an arrival rate the summary does not give.
        #expect(parsed.problems.map(\.line) == [2, 4, 8])
        #expect(parsed.problems.allSatisfy { $0.code == "server_rate_unknown" && $0.disposition == .skipped })
        let rows = keyed(parsed.measurements)
        let mixtral = try #require(rows["line 3"])
        #expect(mixtral.metric == .outputTokensPerSecond && mixtral.value == 59334.8 && mixtral.load == .maxLoad)
        #expect(mixtral.deviceName == "NVIDIA H200-SXM-141GB" && mixtral.devices == 8 && mixtral.modelName == "mixtral-8x7b")
        #expect(mixtral.engine == "TensorRT 10.2.0, CUDA 12.4" && mixtral.inputTokens == nil)
        #expect(mixtral.notes?.contains("reports mixtral-8x7b throughput in tokens/s") == true)
        let resnetServer = try #require(rows["line 6"])
        #expect(resnetServer.metric == .requestsPerSecond && resnetServer.load == .requestRate(681328))
        #expect(rows["line 7"]?.load == .maxLoad && rows["line 7"]?.metric == .requestsPerSecond)
        #expect(rows["line 9"]?.metric == .outputTokensPerSecond && rows["line 9"]?.value == 20041.3)  // gptj-99 Offline
        #expect(rows["line 10"]?.metric == .requestsPerSecond)  // 3d-unet
    }

    @Test func mlperfV61Summary() throws {
        let parsed = try Fixtures.parse("mlperf/summary-v6.1.csv")
        #expect(parsed.measurements.count == 10)
        #expect(parsed.problems.map(\.line) == [6])  // gpt-oss-120b Server: no TOKENS_PER_SAMPLE
        let rows = keyed(parsed.measurements)
        let server = try #require(rows["line 9"])  // llama2-70b-99.9 Server
        #expect(server.metric == .outputTokensPerSecond && server.value == 103275)
        #expect(server.load == .requestRate(103275.0 / 284.2) && server.precision == .fp4)
        #expect(rows["line 7"]?.load == .requestRate(73191.5 / 284.1))  // Interactive
        #expect(rows["line 3"]?.load == .requestRate(9297.78) && rows["line 3"]?.metric == .requestsPerSecond)  // dlrm Server
        #expect(rows["line 2"]?.precision == nil)  // "fp16,bf16,fp8"
        let video = try #require(rows["line 4"])  // Latency (s)
        #expect(video.metric == .e2eMs && video.statistic == .p90 && abs(video.value - 20603.024726) < 1e-6 && video.load == .concurrency(1))
        let spark = try #require(rows["line 10"])  // Latency (ms), nvfp4
        #expect(spark.value == 3807.66351136147 && spark.precision == .fp4 && spark.deviceName == "NVIDIA GB10")
        let azure = try #require(rows["line 11"])
        #expect(azure.devices == 288 && azure.deviceName == "NVIDIA GB200" && azure.modelName == "deepseek-r1")
    }

    // MARK: GenAI-Perf and AIPerf

    @Test func genaiPerfExport() throws {
        let parsed = try Fixtures.parse("genai-perf/profile_export_genai_perf.json", context: ImportContext(deviceName: "NVIDIA H100 SXM 80GB"))
        #expect(parsed.format == .genaiPerf && parsed.problems.isEmpty)
        #expect(parsed.measurements.count == 17)
        let rows = keyed(parsed.measurements)
        let ttft = try #require(rows["time_to_first_token.avg"])
        #expect(ttft.metric == .ttftMs && ttft.value == 184.63779366666665 && ttft.load == .concurrency(100))
        #expect(ttft.inputTokens == 201 && ttft.outputTokens == 2566 && ttft.modelName == "ensemble" && ttft.engine == "TensorRT-LLM")
        #expect(ttft.deviceName == "NVIDIA H100 SXM 80GB" && ttft.notes?.contains("500 requested") == true)
        #expect(rows["inter_token_latency.p99"]?.metric == .tpotMs && rows["inter_token_latency.p99"]?.statistic == .p99)
        #expect(rows["request_latency.p50"]?.metric == .e2eMs && rows["request_latency.p50"]?.statistic == .median)
        #expect(rows["output_token_throughput.avg"]?.value == 44190.56002502682)
        #expect(rows["request_throughput.avg"]?.metric == .requestsPerSecond)
        #expect(rows["output_token_throughput.p50"] == nil)
    }

    @Test func aiperfExport() throws {
        let parsed = try Fixtures.parse("genai-perf/profile_export_aiperf.json")
        #expect(parsed.format == .genaiPerf && parsed.problems.isEmpty)
        #expect(parsed.measurements.count == 17)
        let rows = keyed(parsed.measurements)
        let ttft = try #require(rows["ttft.avg"])
        #expect(ttft.value == 2343.219436988764 && ttft.metric == .ttftMs && ttft.load == .concurrency(100))
        #expect(ttft.modelName == "openai/gpt-oss-20b" && ttft.inputTokens == 550 && ttft.outputTokens == 243)
        #expect(ttft.deviceName == "unknown")
        #expect(rows["output_token_throughput.avg"]?.value == 2320.7222350404572)
        #expect(rows["inter_token_latency.p90"]?.value == 32.87232279340302)
    }

    // MARK: Generic CSV

    @Test func genericCSV() throws {
        let parsed = try Fixtures.parse("csv/measurements.csv")
        #expect(parsed.format == .csv && parsed.problems.isEmpty)
        let rows = parsed.measurements
        #expect(rows.map(\.rowKey) == ["line 2", "line 3", "line 4", "line 5", "line 6"])
        #expect(rows[0].source == "lab-2026-11" && rows[0].notes == "our rack, run 1" && rows[0].load == .concurrency(32))
        #expect(rows[0].metric == .outputTokensPerSecond && rows[0].value == 4120.5 && rows[0].engineVersion == "0.6.3")
        #expect(rows[1].statistic == .p99 && rows[1].metric == .ttftMs)
        #expect(rows[2].source == "measurements.csv" && rows[2].load == .staticBatch(8) && rows[2].statistic == .median)
        #expect(rows[3].load == .requestRate(4.5) && rows[3].metric == .e2eMs)
        #expect(rows[4].load == .maxLoad && rows[4].outputTokens == nil && rows[4].precision == .int4 && rows[4].tensorParallel == 2)
    }

    @Test func genericCSVAttentionDataParallelColumn() throws {
        let csv = """
        device,devices,model,precision,engine,load,input_tokens,output_tokens,metric,value,tp,attention_dp
        H200 SXM,8,Qwen3-235B-A22B,fp8,sglang,max,1000,1000,output_tokens_per_s,20000,8,true
        H200 SXM,8,Qwen3-235B-A22B,fp8,sglang,max,1000,1000,output_tokens_per_s,18000,8,
        H200 SXM,8,Qwen3-235B-A22B,fp8,sglang,max,1000,1000,output_tokens_per_s,18000,8,maybe
        """
        let parsed = try MeasurementImporter.parse(Data(csv.utf8), fileName: "dp.csv", format: .csv)
        #expect(parsed.measurements.map(\.attentionDataParallel) == [true, false])
        #expect(parsed.problems.map(\.line) == [4] && parsed.problems.map(\.code) == ["invalid_value"])
        // What `bench list --format csv` writes reads back the same.
        let written = GenericCSVWriter.render(parsed.measurements)
        let again = try MeasurementImporter.parse(Data(written.utf8), fileName: "dp.csv", format: .csv)
        #expect(again.problems.isEmpty && again.measurements.map(\.attentionDataParallel) == [true, false])
    }

    @Test func genericCSVRequestsColumn() throws {
        let csv = """
        device,devices,model,precision,engine,load,input_tokens,output_tokens,metric,value,requests
        H200 SXM,1,Llama-3.1-8B,fp8,vllm,max,128,128,output_tokens_per_s,20000,3000
        H200 SXM,1,Llama-3.1-8B,fp8,vllm,max,128,128,output_tokens_per_s,20000,
        H200 SXM,1,Llama-3.1-8B,fp8,vllm,max,128,128,output_tokens_per_s,20000,0
        H200 SXM,1,Llama-3.1-8B,fp8,vllm,max,128,128,output_tokens_per_s,20000,many
        """
        let parsed = try MeasurementImporter.parse(Data(csv.utf8), fileName: "runs.csv", format: .csv)
        #expect(parsed.measurements.map(\.requests) == [3000, nil])
        #expect(parsed.problems.map(\.line) == [4, 5] && parsed.problems.map(\.code) == ["invalid_number", "invalid_number"])
        let again = try MeasurementImporter.parse(Data(GenericCSVWriter.render(parsed.measurements).utf8), fileName: "runs.csv", format: .csv)
        #expect(again.problems.isEmpty && again.measurements.map(\.requests) == [3000, nil])
    }

    @Test func genericCSVUnknownColumnIsAProblemWithAHint() throws {
        let parsed = try Fixtures.parse("csv/unknown-column.csv")
        #expect(parsed.measurements.isEmpty)
        let problem = try #require(parsed.problems.first)
        #expect(parsed.problems.count == 1)
        #expect(problem.code == "unknown_column" && problem.line == 1 && problem.disposition == .invalid)
        #expect(problem.reason.contains("statstic") && problem.hint == "did you mean `statistic`?")
        #expect(problem.diagnostic(file: "x.csv").rendered.hasPrefix("x.csv:1:1: error: [unknown_column]"))
    }

    @Test func genericCSVBadRowsAreProblemsWithLines() throws {
        let parsed = try Fixtures.parse("csv/bad-rows.csv", format: .csv)
        #expect(parsed.measurements.count == 1 && parsed.hasInvalidRows)
        #expect(parsed.problems.map(\.line) == [3, 4, 4])
        #expect(parsed.problems.map(\.code) == ["invalid_number", "unknown_load", "unknown_metric"])
        #expect(parsed.problems.first { $0.code == "unknown_metric" }?.hint == "did you mean `tpot_ms`?")
    }

    /// A stray quote in an unquoted cell used to open a quoted field and swallow the rest of the file
    /// into one cell; now the file is rejected at the quote.
    @Test func aStrayQuoteInACSVCellRejectsTheFileAtTheQuote() throws {
        let parsed = try Fixtures.parse("csv/stray-quote.csv", format: .csv)
        #expect(parsed.hasInvalidRows)
        let problem = try #require(parsed.problems.first)
        #expect(problem.code == "invalid_csv" && problem.line == 3 && problem.column == 69, "\(parsed.problems)")
        #expect(problem.diagnostic(file: "x.csv").rendered.hasPrefix("x.csv:3:69: error: [invalid_csv] a quote inside an unquoted field"))
    }

    // MARK: Format detection

    @Test func formatsAreDetectedFromNameAndContents() throws {
        let expected: [(String, ImportFormat)] = [
            ("vllm/result-base-rate10.json", .vllm), ("vllm/results-appended.json", .vllm),
            ("llama-bench/llama-bench.json", .llamaBench), ("llama-bench/llama-bench.jsonl", .llamaBench),
            ("llama-bench/llama-bench.csv", .llamaBench), ("mlperf/summary-v6.1.csv", .mlperf),
            ("mlperf/summary-v4.1-GigaComputing.csv", .mlperf), ("genai-perf/profile_export_genai_perf.json", .genaiPerf),
            ("genai-perf/profile_export_aiperf.json", .genaiPerf), ("csv/measurements.csv", .csv),
        ]
        for (file, format) in expected {
            #expect(ImportFormat.detect(fileName: file, data: try Fixtures.data(file)) == format, "\(file)")
        }
        let corpus = try Data(contentsOf: PublishedCorpusTests.corpus)
        #expect(ImportFormat.detect(fileName: "published_measurements.csv", data: corpus) == .published)
    }

    @Test func anUnknownFormatIsAClearError() {
        #expect(throws: MeasurementImporter.Failure.undetectedFormat(fileName: "notes.txt")) {
            _ = try MeasurementImporter.parse(Data("hello, world\n".utf8), fileName: "notes.txt")
        }
        let message = MeasurementImporter.Failure.undetectedFormat(fileName: "notes.txt").description
        #expect(message.contains("--format") && message.contains("llama-bench") && message.contains("genai-perf"))
        #expect(ImportFormat(name: "aiperf") == .genaiPerf && ImportFormat(name: "LLAMA-BENCH") == .llamaBench)
    }

    @Test func precisionText() {
        let cases: [(String, Precision?)] = [
            ("fp8", .fp8), ("fp16 (gguf F16)", .fp16), ("gguf Q4_K_M (4-bit k-quant, ~4.8 bpw)", .int4),
            ("qwen2 7B Q4_K - Medium", .int4), ("llama 8B Q8_0", .int8), ("llama 8B BF16", .bf16), ("Q5_K_M", nil),
            ("not stated in published summary", nil), ("fp16,bf16,fp8", nil), ("nvfp4 (E2M1 4-bit + FP8 block scales), GDN included", .fp4),
            ("quantized (README: model calibrated to INT8; exact weight dtype not stated)", nil), ("W4A16", .int4), ("", nil),
        ]
        for (text, precision) in cases { #expect(PrecisionText.parse(text) == precision, "\(text)") }
    }
}
