import Foundation
import Testing
import InferCostCore
@testable import InferCostReport

/// The HTML report escapes every piece of text and stays self-contained.
@Suite struct CompareHTMLTests {
    static let hostile = "<script>alert('x')</script> & \"co\""

    static func option(_ label: String, kind: Comparison.Kind, cash: [Decimal]) -> Comparison.Option {
        var running: Decimal = 0
        let cumulative = cash.map { running += $0; return running }
        return Comparison.Option(kind: kind, commitment: kind == .buy ? "purchase" : "on_demand", label: label, offerID: "x",
                                 region: nil, unitsByYear: [1], cashUSD: cash, cumulativeUSD: cumulative, residualUSD: 0,
                                 nominalUSD: running, npvUSD: running, componentsUSD: ["capital": cash[0]],
                                 usdPerMillionTokens: 1, averageUtilization: 0.5, energyKWhPerYear: 10, carbonKgPerYear: 3,
                                 carbonGramsPerMillionTokens: 1, costGaps: [], notes: [Self.hostile], ttftMs: 100, tpotMs: 20,
                                 sources: [Self.hostile])
    }

    static func report() -> CompareReport {
        let profile = Profile(name: hostile, modelID: "m", precisions: .init(weights: [.bf16], kvCache: [.bf16]),
                              traffic: .init(demand: .requestsPerSecond(1), peakToAverage: 2, inputTokens: 10, outputTokens: 10),
                              targets: .init(ttftMs: 1000, tpotMs: nil, percentile: 95),
                              costs: CostAssumptions(horizonYears: 0.25, amortizationYears: 4, electricityUSDPerKWh: 0.1, pue: 1.5,
                                                     hostingUSDPerKWMonth: 100, supportPercentPerYear: 10, planningUtilization: 0.7))
        let buy = option("buy " + hostile, kind: .buy, cash: [100, 1, 1, 1])
        let rent = option("rent", kind: .rent, cash: [0, 40, 40, 40])
        let comparison = Comparison(profileName: hostile, modelID: "m", horizonMonths: 3, options: [buy, rent], incomplete: [],
                                    breakEvens: [.init(buy: buy.label, rent: rent.label, month: 3)],
                                    excluded: [.init(reason: hostile, count: 2)], sensitivity: nil,
                                    assumptions: [.init(key: "k", value: hostile, source: hostile)], hybridNote: nil)
        return CompareReport(profile: profile, comparison: comparison, today: Day(year: 2026, month: 1, day: 1)!, calibration: "c")
    }

    @Test func textIsEscapedAndNothingLoadsFromTheNetwork() {
        let html = Self.report().render(.html)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("src=\""))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
    }

    @Test func chartsAndTheBreakEvenMarkerAreDrawn() {
        let html = Self.report().render(.html)
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)  // curves and breakdown; no tornado without sensitivity
        #expect(html.contains("<polyline"))
        #expect(html.contains("break-even vs best rent: month 3"))
    }
}
