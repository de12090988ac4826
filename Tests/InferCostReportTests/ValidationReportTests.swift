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
