import Foundation
import InferCostCore
import Testing
@testable import InferCostReport

@Suite struct TuneReportTests {
    static func point(_ batch: Int, _ perDevice: Double, _ perUser: Double, feasible: Bool, frontier: Bool) -> TuneResult.Point {
        TuneResult.Point(weightPrecision: .fp8, kvPrecision: .fp8, tensorParallel: 1, pipelineParallel: 1, batch: batch, replicas: 1,
                         tokensPerSecondPerDevice: perDevice, tokensPerSecondPerUser: perUser, ttftMs: 100, tpotMs: 1000 / perUser,
                         utilization: 0.5, feasible: feasible, limit: feasible ? .memoryBandwidth : .tpotTarget, onFrontier: frontier)
    }
    static let result = TuneResult(
        modelID: "org--A<B&C", deviceID: "gpu", devices: 1, inputTokens: 100, outputTokens: 10, requestsPerSecond: 1,
        ttftTargetMs: 500, tpotTargetMs: 40, percentile: 95,
        points: [point(1, 100, 200, feasible: true, frontier: true), point(8, 600, 50, feasible: true, frontier: true),
                 point(64, 2000, 20, feasible: false, frontier: true), point(4, 200, 40, feasible: true, frontier: false)],
        sweetSpot: 1, nextBatch: 64, launch: [])

    @Test func svgHasOneCircleAPointTheFrontierAndEscapedText() throws {
        let svg = TuneReport(result: Self.result).svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.contains("org--A&lt;B&amp;C") && !svg.contains("A<B"))
        // The sweet spot (batch 8, 600 tok/s/device) is the red, larger circle.
        #expect(svg.contains("r=\"6\" fill=\"#d62728\""))
    }

    @Test func tableNamesTheSweetSpotAndWhatBindsIt() {
        let text = TuneReport(result: Self.result).render(.table)
        #expect(text.contains("Sweet spot (*): fp8 weights, fp8 KV, TP 1, PP 1, 1 replica(s), up to 8 sequences each: 600 tok/s per device"))
        #expect(text.contains("batch 64 would give 2000 tok/s per device"))
        #expect(text.contains("(TPOT target missed)"))
        // Frontier and sweet spot only: the dominated batch-4 point is left out unless --all.
        #expect(!text.contains("\n   fp8"))
        #expect(TuneReport(result: Self.result, all: true).render(.table).components(separatedBy: "\n").count
                > text.components(separatedBy: "\n").count)
    }

    @Test func terminalPlotMarksTheSweetSpot() {
        let plot = TunePlot.text(Self.result)
        #expect(plot.contains("*") && plot.contains("F") && plot.contains("f"))
    }
}
