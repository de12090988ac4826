import Foundation
import Testing
import InferCostTestSupport

/// The golden harness itself: an update run rewrites only with exactly UPDATE_GOLDEN=1 and never
/// passes; a compare run never writes; goldens round long decimals to a stated precision.
@Suite struct GoldenFileTests {
    static func scratch(_ contents: String?) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-golden-file-\(UUID().uuidString)")
        if let contents { try contents.write(to: url, atomically: true, encoding: .utf8) }
        return url
    }

    @Test func onlyExactlyOneMeansUpdate() {
        #expect(GoldenFile.mode([:]) == .compare)
        #expect(GoldenFile.mode(["UPDATE_GOLDEN": ""]) == .compare)
        #expect(GoldenFile.mode(["UPDATE_GOLDEN": "1"]) == .update)
        #expect(GoldenFile.mode(["UPDATE_GOLDEN": "0"]) == .invalid("0"))
        #expect(GoldenFile.mode(["UPDATE_GOLDEN": "true"]) == .invalid("true"))
    }

    @Test func aCompareRunPassesOnlyOnEqualTextAndNeverWrites() throws {
        let url = try Self.scratch("a\nb\n")
        #expect(GoldenFile.check("a\nb\n", file: url, label: "x", rerun: "r", mode: .compare) == nil)
        let failure = try #require(GoldenFile.check("a\nc\n", file: url, label: "x", rerun: "r", mode: .compare))
        #expect(failure.contains("x is stale") && failure.contains("line 2:\n- b\n+ c"))
        #expect(try String(contentsOf: url, encoding: .utf8) == "a\nb\n")
        let missing = try Self.scratch(nil)
        #expect(GoldenFile.check("a", file: missing, label: "y", rerun: "r", mode: .compare)?.contains("y is missing") == true)
    }

    @Test func anUpdateRunRewritesWhatDiffersAndAlwaysFails() throws {
        let url = try Self.scratch("old\n")
        let rewrote = try #require(GoldenFile.check("new\n", file: url, label: "x", rerun: "r", mode: .update))
        #expect(rewrote.hasPrefix("UPDATE_GOLDEN=1: rewrote x"))
        #expect(try String(contentsOf: url, encoding: .utf8) == "new\n")
        let current = try #require(GoldenFile.check("new\n", file: url, label: "x", rerun: "r", mode: .update))
        #expect(current.contains("x is current, not rewritten"))
        // A new golden is written too.
        let missing = try Self.scratch(nil)
        #expect(GoldenFile.check("n", file: missing, label: "y", rerun: "r", mode: .update)?.contains("rewrote y") == true)
        #expect(try String(contentsOf: missing, encoding: .utf8) == "n")
    }

    @Test func anyOtherValueRewritesNothingAndFails() throws {
        let url = try Self.scratch("old\n")
        let failure = try #require(GoldenFile.check("new\n", file: url, label: "x", rerun: "r", mode: .invalid("0")))
        #expect(failure.hasPrefix("UPDATE_GOLDEN=0 rewrites nothing"))
        #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
    }

    @Test func goldensKeepSixSignificantDigitsAndCents() {
        let r = GoldenTests.roundedForGolden
        #expect(r("\"seconds\" : 0.09684309857864201,") == "\"seconds\" : 0.0968431,")
        #expect(r("756.269164054574 and -23.992676416000002") == "756.269 and -23.9927")
        #expect(r("2.4000000000000004") == "2.4")
        #expect(r("0.00033403530070535726") == "0.000334035")
        #expect(r("5171238.7245 USD") == "5171238.72 USD")
        #expect(r("3.933354839231547e-05") == "3.93335e-05")
        // Six digits or fewer, integers, dates, versions and ids are not touched.
        #expect(r("7.0197 | 1e-05 | 0.10 | 143645.5 | 8030261248 | 2026-11-21 | 1.8.2 | v1.2345678") ==
                "7.0197 | 1e-05 | 0.10 | 143645.5 | 8030261248 | 2026-11-21 | 1.8.2 | v1.2345678")
    }
}
