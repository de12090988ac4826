import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Calibration is checked on synthetic measurements made by the physics model itself with known
/// factors: a correct fit must find those factors again, and cross-validation must never score a
/// row with a fit that saw it.
@Suite struct CalibrationTests {
    static let truth = EfficiencyFactors(prefillCompute: 0.45, decodeCompute: 0.25, memoryBandwidth: 0.65,
                                         interconnectBandwidth: 0.70, stepOverheadSeconds: 0.002,
                                         sequenceOverheadSeconds: 0.000_005, collectiveLatencySeconds: 0.000_002, idlePowerFraction: 0.30)

    /// A second GPU that holds the model, so two devices have data.
    static let otherGPU: Device = {
        var d = Fixtures.gpu
        d.id = "gpu80b"; d.memoryBandwidthGBs = 2000; d.denseTFLOPS = [.bf16: 400, .fp16: 400]
        return d
    }()

    static func measurement(_ metric: BenchmarkMeasurement.Metric, batch: Int, input: Int, output: Int, source: String = "T1",
                            device: String = "gpu80", row: Int) -> BenchmarkMeasurement {
        BenchmarkMeasurement(source: source, rowKey: "R\(row)", deviceName: device, modelName: "llama-8b", precision: .bf16,
                             precisionText: "bf16", devices: 1, tensorParallel: 1, pipelineParallel: 1, engine: "test",
                             load: .staticBatch(batch), inputTokens: input, outputTokens: output, metric: metric, value: 1)
    }

    /// Rows over batch and length, each valued at what `factors` predicts, times `scale`.
    static func samples(device: Device = Fixtures.gpu, factors: EfficiencyFactors = truth, scale: Double = 1,
                        source: String = "T1") -> [CalibrationSample] {
        var rows: [CalibrationSample] = []
        var index = 0
        for batch in [1, 8, 64] {
            for (input, output) in [(128, 128), (2048, 128), (128, 1024)] {
                for metric in [BenchmarkMeasurement.Metric.outputTokensPerSecond, .tpotMs, .ttftMs] {
                    index += 1
                    var m = measurement(metric, batch: batch, input: input, output: output, source: source, device: device.id, row: index)
                    guard case .success(var sample) = CalibrationSample.make(m, device: device, model: Fixtures.llama8B),
                          let value = sample.predict(factors) else { continue }
                    m.value = value * scale
                    sample.measurement = m
                    rows.append(sample)
                }
            }
        }
        return rows
    }

    @Test func aFitRecoversTheFactorsThatMadeTheData() throws {
        let data = Self.samples()
        #expect(data.count == 27)
        let calibration = Calibrator.fit(data)
        let fit = try #require(calibration.fits.first { $0.scope == .init(kind: .gpu, engines: .servers, deviceID: "gpu80") })
        #expect(fit.count == 27 && fit.sources == ["T1"])
        #expect(abs(fit.factors.prefillCompute / 0.45 - 1) < 0.10)
        #expect(abs(fit.factors.memoryBandwidth / 0.65 - 1) < 0.10)
        #expect(fit.medianAPE < 0.03, "\(fit)")
        // Shrinkage pulls the per-pass overhead, the factor these rows pin down least (it trades against
        // bandwidth and the elementwise kernels in memory-bound passes), toward the 0.5 ms default: 1.37 ms.
        #expect(fit.factors.stepOverheadSeconds > 0.0005 && fit.factors.stepOverheadSeconds < 0.002, "\(fit.factors)")
        // Without shrinkage the data alone recover the factors that made them.
        let free = Calibrator.fitOne(data, scope: .init(kind: .gpu, engines: .servers, deviceID: "gpu80"), prior: .defaults(for: .gpu), shrinkage: 0)
        #expect(abs(free.factors.prefillCompute / 0.45 - 1) < 0.05, "\(free.factors)")
        #expect(abs(free.factors.memoryBandwidth / 0.65 - 1) < 0.05, "\(free.factors)")
        #expect(abs(free.factors.stepOverheadSeconds / 0.002 - 1) < 0.10, "\(free.factors)")
        #expect(free.medianAPE < 0.01, "\(free)")
    }

    @Test func devicesWithoutDataFallBackToTheirClass() {
        let calibration = Calibrator.fit(Self.samples())
        let own = calibration.choice(for: Fixtures.gpu, precision: .bf16, engine: .generic)
        #expect(own.fit?.scope.deviceID == "gpu80" && !own.classFallback && own.provenance == .calibratedPhysics)
        let other = calibration.choice(for: Fixtures.smallGPU, precision: .bf16, engine: .generic)
        #expect(other.fit?.scope == .init(kind: .gpu) && other.classFallback)
        #expect(other.explanation.contains("class"))
        // The rows were made with 2 ms per pass: the device fit moves toward it, the class fit an
        // unmeasured device uses keeps the defaults (host work is one engine's, docs/validation.md "The fit").
        let defaults = EfficiencyFactors.defaults(for: .gpu)
        #expect(other.factors.stepOverheadSeconds == defaults.stepOverheadSeconds
                && other.factors.sequenceOverheadSeconds == defaults.sequenceOverheadSeconds)
        #expect(own.factors.stepOverheadSeconds > defaults.stepOverheadSeconds)
        var cpu = Fixtures.smallGPU
        cpu.kind = .cpu
        let none = calibration.choice(for: cpu, precision: .bf16, engine: .generic)
        #expect(none.fit == nil && none.provenance == .uncalibratedPhysics && none.factors == .defaults(for: .cpu))
    }

    @Test func leaveOneSourceOutNeverScoresAFitOnItsOwnRows() {
        // Source T2 runs twice as fast as the physics says. Fitted on everything, T2 would be
        // absorbed; held out, its rows must show the offset.
        let data = Self.samples(source: "T1") + Self.samples(scale: 2, source: "T2")
        let rows = CrossValidation.run(data, holdout: .source)
        let t2 = rows.filter { $0.measurement.source == "T2" }
        #expect(t2.count == 27)
        let median = CrossValidation.Summary(label: "T2", rows: t2).medianAPE
        #expect(median > 0.3, "T2 predicted from T1 alone must miss by about 50%, got \(median)")
    }

    @Test func leaveOneDeviceOutUsesTheClassFit() {
        let data = Self.samples() + Self.samples(device: Self.otherGPU)
        let rows = CrossValidation.run(data, holdout: .device)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.fitScope == "all gpus" })
    }

    @Test func bandsComeFromCrossValidationAndWidenForUnseenDevices() throws {
        // Two sources that agree within 2% on each device, and two devices whose serving stacks
        // differ (the second reaches about half the bandwidth and compute): held out by source, a
        // device is still predicted from its own fit; held out by device, from the other's class
        // fit, so the unseen spread of log(measured / predicted) must be wider.
        var slower = Self.truth
        slower.memoryBandwidth = 0.35; slower.prefillCompute = 0.25; slower.decodeCompute = 0.12
        let other = Self.samples(device: Self.otherGPU, factors: slower, source: "T1")
            + Self.samples(device: Self.otherGPU, factors: slower, scale: 1.02, source: "T2")
        let data = Self.samples(source: "T1") + Self.samples(scale: 1.02, source: "T2")
            + other.map { s in var s = s; s.measurement.rowKey = "other-" + s.measurement.rowKey; return s }
        let calibration = Calibrator.fitWithBands(data)
        let band = try #require(calibration.bands.first { $0.family == .throughput })
        #expect(band.seenCount > 0 && band.unseenCount > 0 && band.seenP10 <= band.seenP90)
        #expect(band.unseenP90 - band.unseenP10 > band.seenP90 - band.seenP10, "\(band)")
        // The range around a value is value x exp(P10) .. value x exp(P90) of the matching spread.
        let seen = try #require(calibration.band(.throughput, value: 100, classFallback: false))
        let unseen = try #require(calibration.band(.throughput, value: 100, classFallback: true))
        #expect(abs(seen.low - 100 * exp(band.seenP10)) < 1e-9 && abs(seen.high - 100 * exp(band.seenP90)) < 1e-9)
        #expect(abs(unseen.low - 100 * exp(band.unseenP10)) < 1e-9 && abs(unseen.high - 100 * exp(band.unseenP90)) < 1e-9)
        #expect(unseen.high - unseen.low > seen.high - seen.low)
    }

    /// One fit per scope, each with a distinct prefill factor so the chosen one is recognisable.
    static func fit(_ scope: Calibration.Scope, prefill: Double) -> Calibration.Fit {
        var factors = EfficiencyFactors.defaults(for: scope.kind)
        factors.prefillCompute = prefill
        return Calibration.Fit(scope: scope, factors: factors, count: 10, sources: ["T"], medianAPE: 0.1, residualP10: -0.1, residualP90: 0.1)
    }

    @Test func theNarrowestFitCoveringDeviceAndPrecisionIsChosen() {
        let calibration = Calibration(fits: [
            Self.fit(.init(kind: .gpu), prefill: 0.31),
            Self.fit(.init(kind: .gpu, engines: .servers, deviceID: "gpu80"), prefill: 0.32),
            Self.fit(.init(kind: .gpu, engines: .servers, deviceID: "gpu80", precision: .fp8), prefill: 0.33),
            Self.fit(.init(kind: .gpu, engines: .llamaCpp, deviceID: "gpu80"), prefill: 0.12),
        ], measurementCount: 40, usedCount: 40)
        // Device x precision first, then the device, then its class; nothing for another class.
        let fp8 = calibration.choice(for: Fixtures.gpu, precision: .fp8, engine: .vllm)
        #expect(fp8.factors.prefillCompute == 0.33 && !fp8.classFallback)
        let bf16 = calibration.choice(for: Fixtures.gpu, precision: .bf16, engine: .trtllm)
        #expect(bf16.factors.prefillCompute == 0.32 && !bf16.classFallback)
        // The device's own fit is the engine group's: llama.cpp's for llama.cpp, at every precision.
        let local = calibration.choice(for: Fixtures.gpu, precision: .fp8, engine: .llamaCpp)
        #expect(local.factors.prefillCompute == 0.12 && !local.classFallback)
        let other = calibration.choice(for: Fixtures.smallGPU, precision: .fp8, engine: .generic)
        #expect(other.factors.prefillCompute == 0.31 && other.classFallback)
        var cpu = Fixtures.smallGPU
        cpu.kind = .cpu
        let none = calibration.choice(for: cpu, precision: .bf16, engine: .generic)
        #expect(none.fit == nil && none.factors == .defaults(for: .cpu))
    }

    @Test func aDeviceMeasuredOnlyUnderLlamaCppIsNotFittedForServingEngines() throws {
        // One device measured under llama.cpp at half the bandwidth and compute a serving engine reaches, and
        // another device under a serving engine: the first device's own fit serves llama.cpp estimates only; a
        // vLLM estimate on it uses the class fit, which both sources inform.
        var slower = Self.truth
        slower.memoryBandwidth = 0.30; slower.prefillCompute = 0.2; slower.decodeCompute = 0.12
        let local = Self.samples(factors: slower, source: "L").map { s -> CalibrationSample in
            var s = s; s.engine = .llamaCpp; s.measurement.engine = "llama.cpp"; return s
        }
        let data = local + Self.samples(device: Self.otherGPU, source: "S")
        let calibration = Calibrator.fit(data)
        #expect(calibration.fits.map(\.scope) == [.init(kind: .gpu), .init(kind: .gpu, engines: .llamaCpp, deviceID: "gpu80"),
                                                   .init(kind: .gpu, engines: .servers, deviceID: "gpu80b")])
        let onLlamaCpp = calibration.choice(for: Fixtures.gpu, precision: .bf16, engine: .llamaCpp)
        #expect(onLlamaCpp.fit?.scope.engines == .llamaCpp && !onLlamaCpp.classFallback)
        let onVLLM = calibration.choice(for: Fixtures.gpu, precision: .bf16, engine: .vllm)
        #expect(onVLLM.fit?.scope == .init(kind: .gpu) && onVLLM.classFallback)
        #expect(onVLLM.explanation.contains("no measurements of this device on serving engines"), "\(onVLLM.explanation)")
        // Judged by what the factors predict (bandwidth and per-pass overhead trade against each other on so few
        // rows): llama.cpp's own fit predicts its rows; the class fit predicts the same rows faster (a single
        // device fit for both groups would predict them alike).
        let throughput = local.filter { $0.measurement.metric == .outputTokensPerSecond }
        let ownErrors = throughput.compactMap { s in s.predict(onLlamaCpp.factors).map { abs($0 / s.measurement.value - 1) } }.sorted()
        #expect(ownErrors.count == 9 && Calibrator.quantile(ownErrors, 0.5) < 0.1, "\(ownErrors)")
        let speedups = throughput.compactMap { s in
            s.predict(onVLLM.factors).flatMap { fast in s.predict(onLlamaCpp.factors).map { fast / $0 } }
        }.sorted()
        #expect(Calibrator.quantile(speedups, 0.5) > 1.1, "\(speedups)")
    }

    @Test func aCalibrationSurvivesJSON() throws {
        let calibration = Calibrator.fit(Self.samples())
        let data = try JSONEncoder().encode(calibration)
        #expect(try JSONDecoder().decode(Calibration.self, from: data) == calibration)
    }

    @Test func exactAndBracketedMeasurementsAnswerEstimates() throws {
        let data = Self.samples()
        let at8 = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .fp16, batch: 8, inputTokens: 128, outputTokens: 128)
        let exact = MeasuredLookup.answers(for: at8, modelID: "llama-8b", in: data)
        let tpot = try #require(exact.first { $0.metric == .tpotMs })
        #expect(tpot.provenance == .measured && tpot.rows.count == 1)
        var at16 = at8
        at16.batch = 16
        let between = try #require(MeasuredLookup.answers(for: at16, modelID: "llama-8b", in: data).first { $0.metric == .tpotMs })
        let low = try #require(data.first { $0.measurement.metric == .tpotMs && $0.batch == 8 && $0.measurement.inputTokens == 128 && $0.measurement.outputTokens == 128 })
        let high = try #require(data.first { $0.measurement.metric == .tpotMs && $0.batch == 64 && $0.measurement.inputTokens == 128 && $0.measurement.outputTokens == 128 })
        #expect(between.provenance == .interpolated && between.rows.count == 2)
        // Log-linear in the batch: t = ln(16 / 8) / ln(64 / 8) = 1/3, so the value is the weighted
        // geometric mean low^(2/3) x high^(1/3).
        let geometric = pow(low.measurement.value, 2.0 / 3) * pow(high.measurement.value, 1.0 / 3)
        #expect(abs(between.value / geometric - 1) < 1e-12)
        var at128 = at8
        at128.batch = 128
        #expect(MeasuredLookup.answers(for: at128, modelID: "llama-8b", in: data).isEmpty)
    }

    /// The rows were run with a 16-bit KV cache (bf16 weights): they answer a bf16 or fp16 cache,
    /// not an fp8 one, whose decode reads half the bytes.
    @Test func measurementsAnswerOnlyTheKVPrecisionTheyWereRunWith() {
        let data = Self.samples()
        var point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 8, inputTokens: 128, outputTokens: 128)
        #expect(MeasuredLookup.answers(for: point, modelID: "llama-8b", in: data).contains { $0.metric == .tpotMs && $0.provenance == .measured })
        point.kvPrecision = .fp8
        #expect(MeasuredLookup.answers(for: point, modelID: "llama-8b", in: data).isEmpty)
    }
}
