import Foundation
import Testing
@testable import InferCostCLI

/// The figures docs/validation.md and the README quote in prose, outside the generated table,
/// checked against the same `bench validate` run (ShippedValidation): leave-one-source-out
/// medians per family, the physics-only medians, and the corpus size. A sentence that is reworded
/// fails here until its claim below is updated with it.
@Suite struct ValidationProseTests {
    struct Family { var median: Double; var p90: Double; var physicsMedian: Double }

    /// The leave-one-source-out family table: label -> medians, in percent.
    static func families() throws -> [String: Family] {
        let result = ShippedValidation.markdown
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let section = try #require(lines.firstIndex { $0.hasPrefix("### leave-one-source-out") })
        let header = try #require(lines[section...].firstIndex { $0.hasPrefix("| family |") })
        var families: [String: Family] = [:]
        for line in lines[(header + 2)...].prefix(while: { $0.hasPrefix("|") }) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, let median = Double(cells[2].dropLast()), let p90 = Double(cells[3].dropLast()),
                  let physics = Double(cells[4].dropLast()) else { continue }
            families[cells[0]] = Family(median: median, p90: p90, physicsMedian: physics)
        }
        return families
    }

    /// The text of a repository file with every run of whitespace made one space.
    static func prose(_ path: String) throws -> String {
        let text = try String(contentsOf: GoldenTests.repository.appendingPathComponent(path), encoding: .utf8)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The whole-number percentages captured by `pattern` in `path`, or a failure naming the claim.
    static func claim(_ path: String, _ pattern: Regex<(Substring, Substring)>) throws -> Double {
        let match = try #require(try prose(path).firstMatch(of: pattern), "\(path) no longer makes the claim this test checks; update ValidationProseTests with the new wording")
        return try #require(Double(match.output.1))
    }

    @Test func theReadmeQuotesTheCurrentMediansToTheWholePercent() throws {
        let f = try Self.families()
        let text = try Self.prose("README.md")
        let match = try #require(text.firstMatch(of: /median error is about (\d+)% for TPOT, (\d+)% for throughput and (\d+)% for TTFT/),
                                 "README.md no longer quotes the medians this test checks")
        for (family, quoted) in [("tpot", match.output.1), ("throughput", match.output.2), ("ttft", match.output.3)] {
            let median = try #require(f[family]?.median)
            #expect(abs(Double(quoted)! - median) <= 1, "README says \(quoted)% for \(family); bench validate says \(median)%")
        }
    }

    @Test func validationProseMatchesTheTable() throws {
        let f = try Self.families()
        let tpot = try #require(f["tpot"]), throughput = try #require(f["throughput"]), ttft = try #require(f["ttft"])
        // "TPOT meets it (single-digit median out of sample)", against a goal of 15%.
        #expect(try Self.prose("docs/validation.md").contains("**TPOT meets it** (single-digit median out of sample)"))
        #expect(tpot.median < 10)
        // "Throughput misses it (a median near 16%)", against a goal of 12%.
        let near = try Self.claim("docs/validation.md", /\*\*Throughput misses it\*\* \(a median near (\d+)%\)/)
        #expect(abs(throughput.median - near) <= 2.5 && throughput.median > 12, "throughput median \(throughput.median)%")
        // "TTFT meets it (median near 14% calibrated, better than physics only)", against a goal of 25%.
        let ttftNear = try Self.claim("docs/validation.md", /\*\*TTFT meets it\*\* \(median near (\d+)% calibrated, better than physics only\)/)
        #expect(abs(ttft.median - ttftNear) <= 2.5 && ttft.median < ttft.physicsMedian && ttft.median <= 25,
                "ttft \(ttft.median)% vs physics \(ttft.physicsMedian)%")
    }

    @Test func theCorpusSizeQuotedIsTheCorpus() throws {
        let result = ShippedValidation.markdown
        let stored = try #require(result.stdout.firstMatch(of: /^(\d+) measurements/)).output.1
        #expect(try Self.claim("docs/validation.md", /serving_measurements\.csv` \((\d+) published rows/) == Double(stored))
        #expect(try Self.claim("README.md", /the shipped corpus of (\d+) published rows/) == Double(stored))
    }
}
