import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// The one estimate pipeline: factors from the calibration, provenance, bands and measured values.
@Suite struct EstimatePipelineTests {
    static let point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .fp16, batch: 8,
                                       inputTokens: 128, outputTokens: 128)

    @Test func withoutCalibrationItIsThePhysicsModel() {
        let result = EstimatePipeline.estimate(EstimateRequest(model: Fixtures.llama8B, device: Fixtures.gpu, point: Self.point,
                                                               calibration: nil))
        let physics = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu).estimate(Self.point)
        #expect(result.estimate == physics)
        #expect(result.calibration == nil && result.bands.isEmpty && result.measured.isEmpty)
        #expect(result.estimate.provenance["tpot_ms"] == .uncalibratedPhysics)
    }

    @Test func aCalibrationSetsFactorsProvenanceAndBands() throws {
        let samples = CalibrationTests.samples()
        let calibration = Calibrator.fitWithBands(samples)
        let result = EstimatePipeline.estimate(EstimateRequest(model: Fixtures.llama8B, device: Fixtures.gpu, point: Self.point,
                                                               calibration: calibration, measurements: samples))
        let choice = calibration.choice(for: Fixtures.gpu, precision: .bf16, engine: .generic)
        #expect(result.factors == choice.factors)
        #expect(result.estimate == PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu, factors: choice.factors)
            .estimate(Self.point).with(provenance: result.estimate.provenance))
        #expect(result.estimate.provenance["ttft_ms"] == .measured)  // the synthetic rows include this exact point
        #expect(result.estimate.provenance["prefill"] == .calibratedPhysics)
        let tpot = try #require(result.measuredValue(.tpotMs))
        #expect(result.headline(.tpotMs) == tpot.value)
        let band = try #require(result.bands[.outputTokensPerSecond])
        let modelled = try #require(HeadlineFigure.outputTokensPerSecond.value(of: result.estimate))
        let expected = try #require(calibration.band(.throughput, value: modelled, classFallback: false))
        #expect(band == expected.low...expected.high)
    }

    @Test func batchZeroAsksForTheLargestThatFits() {
        var point = Self.point
        point.batch = 0
        let result = EstimatePipeline.estimate(EstimateRequest(model: Fixtures.llama8B, device: Fixtures.gpu, point: point, calibration: nil))
        let maxBatch = EstimatePipeline(model: Fixtures.llama8B, device: Fixtures.gpu, factors: nil).maxBatch(Self.point)
        #expect(maxBatch > 1 && result.estimate.point.batch == maxBatch)
    }
}

extension Estimate {
    func with(provenance: [String: Provenance]) -> Estimate {
        var e = self
        e.provenance = provenance
        return e
    }
}
