import Foundation
import InferCostCore
import Testing
@testable import InferCostReport

/// `bench validate --format csv`: one line per held-out prediction, in each holdout's order.
@Suite struct ValidationReportTests {
    @Test func csvHasOneEscapedLinePerHeldOutRow() {
        let over = ValidationSummary.Worst(row: "R1", source: "S1", device: "gpu", model: "org--Model, Large", metric: "ttft_ms",
                                           measured: 18, predicted: 39.87, error: 1.215, fit: "all gpus", physics: 32.5,
                                           families: ["16_bit", "ttft"])
        let under = ValidationSummary.Worst(row: "R2", source: "S2", device: "gpu", model: "m", metric: "output_tokens_per_s",
                                            measured: 190_453, predicted: 16_160, error: 0.915149, fit: "uncalibrated", physics: nil)
        let summary = ValidationSummary(measurements: 3, usable: 2, unusable: [:], sections: [
            .init(holdout: "leave-one-source-out", rows: 2, byFamily: [], byDevice: [], worst: [over, under]),
            .init(holdout: "leave-one-device-out", rows: 1, byFamily: [], byDevice: [], worst: [under]),
        ])
        #expect(ValidationReport(summary).render(.csv) == """
            holdout,row,source,device,model,metric,families,measured,predicted,physics,signed_error,ape,fit
            leave-one-source-out,R1,S1,gpu,"org--Model, Large",ttft_ms,16_bit;ttft,18.0000,39.8700,32.5000,1.2150,1.2150,all gpus
            leave-one-source-out,R2,S2,gpu,m,output_tokens_per_s,,190453.0000,16160.0000,,-0.9151,0.9151,uncalibrated
            leave-one-device-out,R2,S2,gpu,m,output_tokens_per_s,,190453.0000,16160.0000,,-0.9151,0.9151,uncalibrated
            """)
    }
}

/// `bench calibrate` in every format: the per-sequence overhead is shown beside the per-step one.
@Suite struct CalibrationReportTests {
    static let report: CalibrationReport = {
        var factors = EfficiencyFactors.defaults(for: .gpu)
        factors.stepOverheadSeconds = 0.0021
        factors.sequenceOverheadSeconds = 0.000_019
        let fit = Calibration.Fit(scope: .init(kind: .gpu), factors: factors, count: 12, sources: ["S1", "S2"], medianAPE: 0.125,
                                  residualP10: -0.2, residualP90: 0.3)
        return CalibrationReport(calibration: Calibration(fits: [fit], bands: [], measurementCount: 14, usedCount: 12),
                                 setAside: ["precision not stated": 2])
    }()

    @Test func tableAndMarkdownShowBothOverheads() {
        let table = Self.report.render(.table), markdown = Self.report.render(.markdown)
        #expect(table.contains("per-sequence µs"))
        #expect(table.contains("2.100") && table.contains("19.0"))
        #expect(markdown.contains("| scope | rows | sources |"))
        #expect(markdown.contains("| 19.0 |"))
    }

    @Test func csvHasOneLinePerFitUnrounded() {
        let lines = Self.report.render(.csv).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0] == "scope,rows,sources,prefill_compute,decode_compute,memory_bandwidth,step_overhead_seconds,sequence_overhead_seconds,in_sample_median_ape")
        #expect(lines[1].hasPrefix("all gpus,12,S1 S2,"))
        #expect(lines[1].hasSuffix(",0.0021,1.9e-05,0.125"))
    }
}
