import Foundation
import Testing
import InferCostCore
import InferCostEngine
@testable import InferCostReport
import InferCostTestSupport

/// The estimate JSON is a contract: every output must satisfy docs/schema/estimate.schema.json.
@Suite struct EstimateSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schema/estimate.schema.json")

    static let day = Day(year: 2026, month: 1, day: 1)!
    static let llama = ModelSpec(id: "llama", name: "Llama", kind: .decoder, layers: 32, hiddenSize: 4096, intermediateSize: 14336,
                                 attentionHeads: 32, kvHeads: 8, vocabSize: 128_256, maxContextTokens: 131_072, mlp: .gated,
                                 tieWordEmbeddings: false, source: "t", asOf: day)
    static let bert = ModelSpec(id: "bert", name: "BERT", kind: .encoder, layers: 24, hiddenSize: 1024, intermediateSize: 4096,
                                attentionHeads: 16, kvHeads: 16, vocabSize: 30_522, maxContextTokens: 512, mlp: .standard,
                                tieWordEmbeddings: true, source: "t", asOf: day)
    static let gpu = Device(id: "g", name: "G", vendor: "v", kind: .gpu, memoryGB: 80, memoryBandwidthGBs: 3350,
                            denseTFLOPS: [.bf16: 989, .fp8: 1979], precisions: [.bf16, .fp8], tdpW: 700,
                            interconnect: .init(kind: .nvlink, bandwidthGBs: 450))

    static func json(model: ModelSpec, device: Device, point: DeploymentPoint) throws -> Any {
        let result = EstimatePipeline.estimate(EstimateRequest(model: model, device: device, point: point, calibration: nil))
        let text = EstimateReport(result).render(.json)
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static let points: [(String, ModelSpec, Device, DeploymentPoint)] = {
        var cpu = gpu; cpu.kind = .cpu; cpu.memoryGB = nil; cpu.denseTFLOPS = [:]
        return [
            ("decoder tp2", llama, gpu, DeploymentPoint(deviceID: "g", tensorParallel: 2, weightPrecision: .fp8, kvPrecision: .bf16,
                                                        batch: 8, inputTokens: 1000, outputTokens: 200)),
            ("encoder", bert, gpu, DeploymentPoint(deviceID: "g", weightPrecision: .bf16, kvPrecision: .bf16, batch: 32,
                                                   inputTokens: 300, outputTokens: 0)),
            ("missing specs", llama, cpu, DeploymentPoint(deviceID: "g", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                                          inputTokens: 100, outputTokens: 10)),
        ]
    }()

    @Test(arguments: points.map(\.0))
    func estimateJSONSatisfiesTheSchema(_ name: String) throws {
        let (_, model, device, point) = try #require(Self.points.first { $0.0 == name })
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL))
        let value = try Self.json(model: model, device: device, point: point)
        var errors: [String] = []
        SchemaCheck(root: schema).check(value, against: schema, at: "$", errors: &errors)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func aCalibratedEstimateWithBandsAndAMeasurementSatisfiesTheSchema() throws {
        let point = DeploymentPoint(deviceID: "g", weightPrecision: .fp8, kvPrecision: .bf16, batch: 8, inputTokens: 1000, outputTokens: 200)
        let fit = Calibration.Fit(scope: .init(kind: .gpu), factors: .defaults(for: .gpu), count: 12, sources: ["S01"],
                                  medianAPE: 0.1, residualP10: -0.2, residualP90: 0.2)
        let band = Calibration.Band(family: .ttft, seenP10: -0.2, seenP90: 0.2, seenCount: 5, unseenP10: -0.3, unseenP90: 0.3, unseenCount: 5)
        let calibration = Calibration(fits: [fit], bands: [band], measurementCount: 12, usedCount: 12)
        var result = EstimatePipeline.estimate(EstimateRequest(model: Self.llama, device: Self.gpu, point: point, calibration: calibration))
        #expect(result.bands[.ttftMs] != nil)
        // What the pipeline adds when a stored measurement answers TPOT (EstimatePipelineTests checks that it does).
        result.measured = [MeasuredValue(metric: .tpotMs, value: 21.5, provenance: .measured, rows: ["S01 R0001"])]
        result.estimate.provenance["tpot_ms"] = .measured
        let report = EstimateReport(result)
        let value = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8))
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL))
        var errors: [String] = []
        SchemaCheck(root: schema).check(value, against: schema, at: "$", errors: &errors)
        #expect(errors.isEmpty, "\(errors)")
        let object = try #require(value as? [String: Any])
        #expect(object["tpot_ms"] as? Double == 21.5)
        #expect((object["provenance"] as? [String: String])?["tpot_ms"] == "measured")
        #expect((object["provenance"] as? [String: String])?["ttft_ms"] == "calibrated_physics")
    }

    @Test func aSchemaViolationIsCaught() throws {
        // The checker itself must be able to fail: a missing required key and a wrong type.
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL))
        var errors: [String] = []
        SchemaCheck(root: schema).check(["schema_version": 2, "model": 3] as [String: Any], against: schema, at: "$", errors: &errors)
        #expect(errors.contains { $0.contains("missing required") })
        #expect(errors.contains { $0.contains("$.model") })
    }
}
