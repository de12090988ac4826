import Foundation
import Testing
@testable import InferCostCLI
import InferCostTestSupport

/// The accuracy floor (docs/testing.md, "Accuracy floor"): on the shipped corpus, `infercost bench
/// validate`'s leave-one-source-out median and P90 absolute percentage error of every metric
/// family may not get worse than the figures recorded in `accuracy-floor.tsv` by more than the
/// tolerances below, nor score fewer rows. Figures that get better by more than the tolerance
/// fail too, so the floor follows every improvement: record them in the same commit with
/// `UPDATE_ACCURACY_FLOOR=1 swift test --filter AccuracyFloorTests` (rewrites the file and
/// fails), then run again without the variable. Goldens are separate: UPDATE_GOLDEN never moves the floor.
@Suite struct AccuracyFloorTests {
    /// Percentage points a figure may move before the test fails: the median is a stable statistic;
    /// the P90 of a small family (20 TPOT rows) moves by a row at a time.
    static let medianTolerancePoints = 1.0
    static let p90TolerancePoints = 2.0
    static let variable = "UPDATE_ACCURACY_FLOOR"
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("accuracy-floor.tsv")
    static let label = "Tests/InferCostCLITests/accuracy-floor.tsv"

    struct Figures: Equatable {
        var family: String
        var rows: Int
        /// Percent, e.g. 19.0.
        var median: Double
        var p90: Double
    }

    /// The family table of the leave-one-source-out section of `bench validate --format markdown`
    /// (the run ValidationDocTests checks docs/validation.md against), e.g.
    /// `| throughput | 584 | 19.0% | 77.3% | 23.6% |`. Its figures have one decimal, finer than the tolerances.
    static func current() throws -> [Figures] {
        let result = ShippedValidation.markdown
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let section = try #require(lines.firstIndex { $0.hasPrefix("### leave-one-source-out") },
                                   "bench validate's markdown has no leave-one-source-out section")
        let header = try #require(lines[section...].firstIndex { $0.hasPrefix("| family |") }, "no family table")
        return try lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            func percent(_ cell: String) throws -> Double { try #require(Double(cell.dropLast()), "not a percentage: \(cell)") }
            return Figures(family: cells[0], rows: try #require(Int(cells[1])), median: try percent(cells[2]), p90: try percent(cells[3]))
        }
    }

    /// `family rows median% p90%` per line; `#` starts a comment.
    static func parse(_ text: String) -> [Figures] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let first = fields.first, !first.hasPrefix("#"), fields.count == 4,
                  let rows = Int(fields[1]), let median = Double(fields[2]), let p90 = Double(fields[3]) else { return nil }
            return Figures(family: String(first), rows: rows, median: median, p90: p90)
        }
    }

    static func render(_ figures: [Figures]) -> String {
        let header = """
            # Accuracy floor: `infercost bench validate` on the shipped corpus, leave one source out.
            # Checked by AccuracyFloorTests: a figure may not get worse than this by more than
            # \(medianTolerancePoints) percentage point (median) or \(p90TolerancePoints) (P90), nor score fewer rows;
            # one that gets better by more than that must be recorded here in the same commit:
            #   UPDATE_ACCURACY_FLOOR=1 swift test --filter AccuracyFloorTests   (rewrites this file, fails)
            #   swift test --filter AccuracyFloorTests                           (passes)
            # family	rows	median_ape_%	p90_ape_%

            """
        return header + figures.map { f in
            "\(f.family)\t\(f.rows)\t\(String(format: "%.1f", f.median))\t\(String(format: "%.1f", f.p90))"
        }.joined(separator: "\n") + "\n"
    }

    /// What is wrong with `current` against `floor`, one line per figure.
    static func problems(current: [Figures], floor: [Figures]) -> [String] {
        var problems: [String] = []
        for f in floor {
            guard let c = current.first(where: { $0.family == f.family }) else {
                problems.append("\(f.family): no longer scored by bench validate"); continue
            }
            if c.rows < f.rows { problems.append("\(f.family): \(c.rows) rows scored, the floor has \(f.rows)") }
            for (name, now, recorded, tolerance) in [("median", c.median, f.median, medianTolerancePoints), ("P90", c.p90, f.p90, p90TolerancePoints)] {
                let figure = "\(f.family) \(name) APE \(String(format: "%.1f", now))% (floor \(String(format: "%.1f", recorded))% ± \(tolerance))"
                if now > recorded + tolerance { problems.append("\(figure): worse than the floor") }
                if now < recorded - tolerance { problems.append("\(figure): better than the floor; record it in the same commit") }
            }
        }
        for c in current where !floor.contains(where: { $0.family == c.family }) {
            problems.append("\(c.family): scored but has no floor; record it")
        }
        return problems
    }

    @Test func crossValidatedErrorStaysAtOrBelowTheFloor() throws {
        let current = try Self.current()
        #expect(!current.isEmpty)
        if GoldenFile.mode(variable: Self.variable) != .compare {
            // An update run: rewrite the floor with today's figures, and fail saying so.
            let failure = GoldenFile.check(Self.render(current), file: Self.file, label: Self.label,
                                           rerun: "swift test --filter AccuracyFloorTests", variable: Self.variable)
            Issue.record("\(failure ?? "")")
            return
        }
        let text = try #require(try? String(contentsOf: Self.file, encoding: .utf8), "\(Self.label) is missing")
        let problems = Self.problems(current: current, floor: Self.parse(text))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\nif intended: \(Self.variable)=1 swift test --filter AccuracyFloorTests, then run again without it")
    }

    @Test func theFloorComparisonAppliesTheTolerances() {
        let floor = [Figures(family: "tpot", rows: 20, median: 8.4, p90: 14.6)]
        #expect(Self.problems(current: [Figures(family: "tpot", rows: 20, median: 9.3, p90: 16.5)], floor: floor).isEmpty)
        #expect(Self.problems(current: [Figures(family: "tpot", rows: 20, median: 9.5, p90: 14.6)], floor: floor)
                == ["tpot median APE 9.5% (floor 8.4% ± 1.0): worse than the floor"])
        #expect(Self.problems(current: [Figures(family: "tpot", rows: 20, median: 8.4, p90: 12.0)], floor: floor)
                == ["tpot P90 APE 12.0% (floor 14.6% ± 2.0): better than the floor; record it in the same commit"])
        #expect(Self.problems(current: [Figures(family: "tpot", rows: 19, median: 8.4, p90: 14.6)], floor: floor)
                == ["tpot: 19 rows scored, the floor has 20"])
        #expect(Self.problems(current: [], floor: floor) == ["tpot: no longer scored by bench validate"])
        #expect(Self.parse(Self.render(floor)) == floor)
    }
}
