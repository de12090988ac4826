import Foundation
import Testing
import InferCostCore

@Suite struct DayTests {
    @Test func parsesISODatesAndRejectsImpossibleOnes() {
        #expect(Day(iso: "2026-11-21")?.description == "2026-11-21")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "26-11-21") == nil)
        #expect(Day(iso: "2026-1-21") == nil)
    }

    @Test func countsDaysAcrossLeapYears() throws {
        let a = try #require(Day(iso: "2024-11-21")), b = try #require(Day(iso: "2026-11-21"))
        // 2025 has 365 days, and 2024-11-21 to 2025-11-21 spans no 29 February: 730 days.
        #expect(a.days(until: b) == 730)
        #expect(try #require(Day(iso: "1970-01-01")).ordinal == 0)
        #expect(try #require(Day(iso: "2000-03-01")).ordinal - (try #require(Day(iso: "2000-02-28"))).ordinal == 2)
    }

    /// `Day(ordinal:)` inverts `ordinal` on every day of eight centuries (leap rules of 1700, 1900, 2000 and 2100
    /// included), walked one calendar day at a time, and before the epoch.
    @Test func ordinalRoundTripsOnEveryDay() throws {
        var expected = try #require(Day(iso: "1600-01-01")).ordinal
        #expect(expected < 0)
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...31 {
                    guard let d = Day(year: year, month: month, day: day) else { continue }
                    #expect(d.ordinal == expected)
                    if Day(ordinal: expected) != d { Issue.record("Day(ordinal: \(expected)) is \(Day(ordinal: expected)), not \(d)"); return }
                    expected += 1
                }
            }
        }
    }
}

@Suite struct DiagnosticTests {
    @Test func rendersPathLineColumnCodeCaretAndHint() {
        let d = Diagnostic(.error, code: "unknown_key", "unknown key `targets.tpot_msx`",
                           at: .init(file: "p.yaml", line: 14, column: 3), hint: "did you mean `tpot_ms`?",
                           sourceLine: "  tpot_msx: 40")
        #expect(d.rendered == """
            p.yaml:14:3: error: [unknown_key] unknown key `targets.tpot_msx`
                  tpot_msx: 40
                  ^
                hint: did you mean `tpot_ms`?
            """)
    }

    @Test func sortsByFileThenPositionWithErrorsFirst() {
        let w = Diagnostic(.warning, code: "b", "w", at: .init(file: "a", line: 2, column: 1))
        let e = Diagnostic(.error, code: "a", "e", at: .init(file: "a", line: 2, column: 1))
        let early = Diagnostic(.warning, code: "c", "x", at: .init(file: "a", line: 1, column: 9))
        #expect([w, e, early].sorted() == [early, e, w])
    }
}

@Suite struct NumberFormatTests {
    @Test func formatsWithoutLocaleSurprises() {
        #expect(NumberFormat.fixed(3.14159, 2) == "3.14")
        #expect(NumberFormat.fixed(-0.004, 2) == "0.00")
        #expect(NumberFormat.fixed(-1.5, 1) == "-1.5")
        #expect(NumberFormat.fixed(2.5, 0) == "3")
        #expect(NumberFormat.short(1234.4) == "1234")
        #expect(NumberFormat.short(12.34) == "12.3")
        #expect(NumberFormat.short(3) == "3")
        #expect(NumberFormat.short(.infinity) == "inf")
        #expect(NumberFormat.usd(Decimal(string: "143645.52")!) == "143,646")
        #expect(NumberFormat.usd(Decimal(string: "98.32")!) == "98.32")
    }
}

@Suite struct PrecisionTests {
    @Test func weightOnlyInt4ComputesInSixteenBits() {
        #expect(Precision.int4.computePrecision == .fp16)
        #expect(Precision.fp8.computePrecision == .fp8)
        #expect(Precision.int4.bytesPerValue + Precision.int4.scaleOverheadBytesPerValue == 0.515625)
    }
}

/// The domain table and the conversions that cannot trap (issue 8).
@Suite struct NumericDomainTests {
    @Test func aDomainNamesItsRangeAndCode() {
        let rate = Domains.requestsPerSecond
        #expect(rate.violation(15) == nil)
        #expect(rate.violation(0)?.code == "not_positive")
        #expect(rate.violation(1e308)?.code == "out_of_range")
        #expect(rate.violation(.nan) != nil && rate.violation(.infinity) != nil)
        #expect(rate.requirement == "greater than 0 and at most 10,000,000 requests/s")
        #expect(Domains.tensorParallelFlag.violation(2.5)?.code == "out_of_range")
        #expect(Domains.percentile.requirement == "one of 50, 90, 95, 99")
    }

    @Test func conversionsNeverTrap() {
        #expect(Int(safe: 1e300) == nil && Int(safe: .nan) == nil && Int(safe: 42.9) == 42)
        #expect(Int.clampedCount(.infinity, limit: 100) == 100)
        #expect(Int.clampedCount(.nan, limit: 100) == 100)
        #expect(Int.clampedCount(3.2, limit: 100) == 4)
        #expect(Decimal(safe: 1e308) == nil && Decimal(safe: 1e-300) == 0 && Decimal(safe: 2.5) == 2.5)
        #expect(Domains.inputTokens.wholeNumber(9.3e18) == nil)
        #expect(NumberFormat.usd(Decimal(string: "1e40")!) == "1e+40")
        #expect(NumberFormat.usd(.nan) == "n/a")
        #expect(DeploymentPoint(deviceID: "x", tensorParallel: .max, pipelineParallel: 2, weightPrecision: .bf16, kvPrecision: .bf16,
                                batch: 1, inputTokens: 1, outputTokens: 1).devicesPerReplica == .max)
    }

    @Test func everyDomainIsWellFormed() {
        for d in Domains.all {
            #expect(d.lower <= d.upper, "\(d.field)")
            #expect(d.upper < 1e15, "\(d.field): bounds must stay exact in Int and Decimal")
        }
        #expect(Set(Domains.all.map(\.field)).count == Domains.all.count)
    }

    @Test func excerptsAreShortAndVisible() {
        #expect(Excerpt.of(String(repeating: "x", count: 500)).count == Excerpt.limit)
        #expect(Excerpt.of("a\u{0}b\u{1B}[31m") == "a\\u{0}b\\u{1B}[31m")
        let d = Diagnostic(.error, code: "x", "m", at: .init(file: "f", line: 1, column: 300),
                           sourceLine: String(repeating: "y", count: 1000))
        let shown = d.rendered.split(separator: "\n")[1]
        #expect(shown.count < Excerpt.lineLimit + 20)
    }
}

/// docs/reliability.md shows `Domains.all`; a stale table fails here (`UPDATE_GOLDEN=1` rewrites it).
@Suite struct DomainsDocTests {
    @Test func theDomainsTableIsCurrent() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/reliability.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- domains:begin (generated from Domains.all) -->\n", end = "<!-- domains:end -->"
        let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end))
        let generated = text[..<start.upperBound] + Domains.markdownTable + text[stop.lowerBound...]
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try String(generated).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == Domains.markdownTable,
                "docs/reliability.md domains table is stale: UPDATE_GOLDEN=1 swift test --filter DomainsDocTests")
    }
}

@Suite struct CSVFieldTests {
    @Test func formulaLeadingTextIsDefused() {
        #expect(CSVField.escaped("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVField.escaped("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVField.escaped("+cmd") == "'+cmd")
        #expect(CSVField.escaped("-5.5") == "-5.5")
        #expect(CSVField.escaped("h100, sxm") == "\"h100, sxm\"")
        #expect(CSVField.escaped("plain") == "plain")
        #expect(CSVField.escaped("-") == "-")
    }
}

/// A source covers a field named in its `fields`, or a field under a key it names (`prices.us-east-1` under `prices`).
@Suite struct SourceCoveringTests {
    static let day = Day(year: 2026, month: 1, day: 1)!
    static let sources = [Source(ref: "a", asOf: day, fields: ["server_price", "prices"]),
                          Source(ref: "b", asOf: day, fields: ["host_power_w", "server_price.list"])]

    @Test func aFieldIsCoveredByNameOrByItsParentKey() {
        #expect(Self.sources.covering("server_price")?.ref == "a")
        #expect(Self.sources.covering("prices.us-east-1.on_demand")?.ref == "a")
        #expect(Self.sources.covering("server_price.list")?.ref == "a")  // the first source covering it, through its parent
        #expect(Self.sources.covering("host_power_w")?.ref == "b")
        #expect(Self.sources.covering("host_price") == nil)
        #expect(Self.sources.covering("host") == nil)  // a prefix of a name is not its parent
        #expect(Self.sources.covering("pricesx.y") == nil)
    }
}
