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
