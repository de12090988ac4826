import Foundation
import InferCostCore
import Testing
@testable import InferCostEngine

/// `ServingValidation` replays serving runs (a request rate, a closed loop of clients) in the simulator and reports
/// the error per row; the figures on the shipped corpus are in docs/validation.md (checked by ValidationDocTests).
@Suite struct ServingValidationTests {
    static func row(_ key: String, metric: BenchmarkMeasurement.Metric, statistic: BenchmarkMeasurement.Statistic = .mean,
                    value: Double, rate: Double = 2, precision: Precision? = .bf16, input: Int? = 500, output: Int? = 200,
                    notes: String? = "Max running sequences: 64.", requests: Int? = 400) -> ServingValidation.Input {
        let m = BenchmarkMeasurement(source: "T1", rowKey: key, deviceName: "gpu80", modelName: "llama8b", precision: precision,
                                     precisionText: precision?.rawValue ?? "not stated", devices: 1, tensorParallel: 1,
                                     pipelineParallel: 1, engine: "vLLM 0.6", load: .requestRate(rate), inputTokens: input,
                                     outputTokens: output, metric: metric, statistic: statistic, value: value, notes: notes,
                                     requests: requests)
        return .init(measurement: m, device: Fixtures.gpu, model: Fixtures.llama8B)
    }

    /// The same run replayed directly: what every row of it must be compared with.
    static func directReplay(rate: Double = 2) throws -> SimulationResult {
        let defaults = EngineDefaults.defaults(.vllm, device: Fixtures.gpu, tensorParallel: 1)
        let requests = Workload(arrivals: .poisson(ratePerSecond: rate), lengths: .fixed(input: 500, output: 200))
            .generate(durationSeconds: .greatestFiniteMagnitude, maxRequests: 400, seed: ServingValidation.seed)
        #expect(requests.count == 400)
        let point = DeploymentPoint(deviceID: Fixtures.gpu.id, weightPrecision: .bf16, kvPrecision: .bf16, batch: 64,
                                    inputTokens: 500, outputTokens: 200, engine: .vllm)
        let outcome = try Simulation.run(.init(model: Fixtures.llama8B, device: Fixtures.gpu, point: point, calibration: nil,
                                               replicas: 1, tokenBudget: defaults.stepTokenBudget, requests: requests,
                                               warmupSeconds: 0)).get()
        return outcome.result
    }

    @Test func eachRowIsComparedWithOneReplayOfItsRun() throws {
        let inputs = [Self.row("a", metric: .ttftMs, statistic: .median, value: 100),
                      Self.row("b", metric: .ttftMs, statistic: .p99, value: 300),
                      Self.row("c", metric: .tpotMs, statistic: .p90, value: 20),
                      Self.row("d", metric: .outputTokensPerSecond, value: 400)]
        let summary = try #require(ServingValidation.summary(inputs, calibration: nil))
        let direct = try Self.directReplay()
        #expect(summary.runs == 1)
        #expect(summary.rows.map(\.metric) == [.ttftP50, .ttftP99, .tpotP90, .outputTokensPerSecond])
        let expected = [direct.ttft.p50, direct.ttft.p99, direct.tpot.p90, 400 * 200 / direct.lastCompletionSeconds]
        for (row, simulated) in zip(summary.rows, expected) {
            #expect(abs(row.simulated - simulated) <= 1e-9 * simulated, "\(row.metric)")
            #expect(abs(row.error - (simulated - row.measured) / row.measured) < 1e-12)
        }
        // 400 requests at 2/s take at least 200 s: the replay's throughput is near the offered 400 tokens/s.
        #expect(abs(summary.rows[3].simulated - 400) / 400 < 0.15)
        #expect(summary.rows.allSatisfy { !$0.saturated })
        let all = try #require(summary.byLoad.last)
        #expect(all.label == "all" && all.runs == 1 && all.cells.count == 4)
    }

    @Test func aRunDeliveringFarLessThanItsArrivalsIsSaturated() throws {
        // 2 req/s x 200 tokens offered; 100 tokens/s measured: the server fell behind its arrivals.
        let summary = try #require(ServingValidation.summary([Self.row("a", metric: .outputTokensPerSecond, value: 100),
                                                              Self.row("b", metric: .ttftMs, statistic: .median, value: 5000)],
                                                             calibration: nil))
        #expect(summary.rows.allSatisfy { $0.saturated })
    }

    @Test func runsAreGroupedByRateAndRowsWithoutWhatTheReplayNeedsAreSetAside() throws {
        let inputs = [Self.row("a", metric: .ttftMs, statistic: .median, value: 100, rate: 1),
                      Self.row("b", metric: .ttftMs, statistic: .median, value: 100, rate: 3),
                      Self.row("c", metric: .ttftMs, statistic: .median, value: 100, precision: nil),
                      Self.row("d", metric: .ttftMs, statistic: .median, value: 100, input: nil),
                      Self.row("e", metric: .ttftMs, statistic: .p95, value: 100),
                      Self.row("f", metric: .requestsPerSecond, value: 2),
                      Self.row("g", metric: .ttftMs, statistic: .median, value: 100, notes: "Burstiness 0.5 (gamma arrivals, not Poisson)."),
                      Self.row("h", metric: .ttftMs, statistic: .median, value: 100, notes: "Arrivals capped at 8 concurrent requests (max_concurrency).")]
        let summary = try #require(ServingValidation.summary(inputs, calibration: nil))
        #expect(summary.runs == 2)
        #expect(summary.byLoad.map(\.label) == ["1 req/s", "3 req/s", "all"])
        #expect(summary.setAside == ["precision not stated": 1,
                                     "no request lengths (variable-length dataset without stated means)": 1,
                                     "metric not simulated": 2,
                                     "arrivals not Poisson (burstiness or a concurrency cap)": 2])
    }

    @Test func rowsAtOtherLoadsAreNotServingRuns() {
        var input = Self.row("a", metric: .ttftMs, statistic: .median, value: 100)
        input.measurement.load = .maxLoad
        #expect(ServingValidation.summary([input], calibration: nil) == nil)
        // A concurrency that states no request count is a steady state the closed form models (and the fit uses).
        input.measurement.load = .concurrency(8)
        input.measurement.requests = nil
        #expect(!input.measurement.isServingRun)
        #expect(ServingValidation.summary([input], calibration: nil) == nil)
    }

    @Test func aClosedLoopRunIsReplayedAsOne() throws {
        // 8 clients, 80 requests, lengths drawn uniformly from the stated ranges: one closed-loop replay.
        let notes = "--max-concurrency 8. Lengths: uniform integers in [400, 600] and [150, 250]; input_len/output_len hold their means."
        func closed(_ key: String, _ metric: BenchmarkMeasurement.Metric, _ value: Double) -> ServingValidation.Input {
            var input = Self.row(key, metric: metric, value: value, notes: notes, requests: 80)
            input.measurement.load = .concurrency(8)
            return input
        }
        let inputs = [closed("a", .ttftMs, 50), closed("b", .tpotMs, 10), closed("c", .outputTokensPerSecond, 1000)]
        #expect(inputs.allSatisfy { $0.measurement.isServingRun })
        let summary = try #require(ServingValidation.summary(inputs, calibration: nil))
        #expect(summary.runs == 1)
        #expect(summary.byLoad.map(\.label) == ["8 clients", "all"])
        #expect(summary.rows.map(\.metric) == [.ttftMean, .tpotMean, .outputTokensPerSecond])
        #expect(summary.rows.allSatisfy { $0.clients == 8 && $0.ratePerSecond == nil && !$0.saturated })

        let defaults = EngineDefaults.defaults(.vllm, device: Fixtures.gpu, tensorParallel: 1)
        let requests = Workload.Lengths.uniform(input: 400...600, output: 150...250).queued(count: 80, seed: ServingValidation.seed)
        let point = DeploymentPoint(deviceID: Fixtures.gpu.id, weightPrecision: .bf16, kvPrecision: .bf16, batch: 64,
                                    inputTokens: 500, outputTokens: 200, engine: .vllm)
        let direct = try Simulation.run(.init(model: Fixtures.llama8B, device: Fixtures.gpu, point: point, calibration: nil,
                                              replicas: 1, tokenBudget: defaults.stepTokenBudget, requests: requests,
                                              warmupSeconds: 0, clients: 8)).get().result
        let tokens = Double(requests.reduce(0) { $0 + $1.outputTokens })
        for (row, simulated) in zip(summary.rows, [direct.ttft.mean, direct.tpot.mean, tokens / direct.lastCompletionSeconds]) {
            #expect(abs(row.simulated - simulated) <= 1e-9 * simulated, "\(row.metric)")
        }
    }

    @Test func uniformLengthRangesAreReadFromTheNotes() {
        let stated = ServingValidation.uniformLengths(in: "Lengths: uniform integers in [6553, 8192] and [819, 1024] (sample_random_requests)")
        #expect(stated?.input == 6553...8192 && stated?.output == 819...1024)
        #expect(ServingValidation.uniformLengths(in: "Lengths: uniform integers in [10, 5] and [1, 2]") == nil)
        #expect(ServingValidation.uniformLengths(in: "lengths vary") == nil)
        #expect(ServingValidation.uniformLengths(in: nil) == nil)
    }

    @Test func settingsAreReadFromTheNotesAsStated() {
        #expect(ServingValidation.stated("Max running sequences", in: "Max running sequences: 40.") == 40)
        #expect(ServingValidation.stated("Max running sequences", in: "no count here") == nil)
        #expect(ServingValidation.stated("Max running sequences", in: "Max running sequences: 0.") == nil)
        #expect(ServingValidation.stated("Max running sequences", in: nil) == nil)
    }
}
