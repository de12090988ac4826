import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// The mixed-fleet solver against enumerating every class -> type assignment on seeded random
/// problems: the same cost to the cent and the same answer (docs/methodology.md, "Mixed fleets").
@Suite struct FleetMixTests {
    /// Every assignment of classes to types, at most `maxTypes` distinct, costed; the best by the solver's order.
    static func bruteForce(_ p: FleetMix.Problem) -> FleetMix.Solution? {
        let types = p.unitCost.count, classes = p.classCount
        var best: FleetMix.Solution?
        var assignment = [Int](repeating: 0, count: classes)
        let total = Int(pow(Double(types), Double(classes)))
        for code in 0..<total {
            var rest = code
            for c in 0..<classes { assignment[c] = rest % types; rest /= types }
            guard let s = FleetMix.evaluate(p, typeOfClass: assignment) else { continue }
            if best.map({ FleetMix.isBetter(s, than: $0) }) ?? true { best = s }
        }
        return best
    }

    static func problem(_ r: inout SearchExactnessTests.Random) -> FleetMix.Problem {
        let types = r.int(1...6), classes = r.int(1...4)
        let cost = (0..<types).map { _ in Decimal(r.int(100...50_000)) / 10 }
        let load: [[Double?]] = (0..<types).map { _ in
            (0..<classes).map { _ in r.chance(0.15) ? nil : r.pick([r.double(0.01...1), r.double(0.5...6), Double(r.int(1...3))]) }
        }
        return FleetMix.Problem(unitCost: cost, load: load, maxTypes: r.int(1...3))
    }

    @Test func theSolverFindsWhatEnumerationFinds() {
        var mixedWins = 0, solved = 0
        for seed in 0..<400 as Range<UInt64> {
            var r = SearchExactnessTests.Random(state: seed &+ 7_000)
            let p = Self.problem(&r)
            let fast = FleetMix.solve(p), slow = Self.bruteForce(p)
            #expect(fast == slow, "seed \(seed)")
            #expect(fast?.cost.cents == slow?.cost.cents, "seed \(seed)")
            if let fast, let single = FleetMix.bestSingle(p) {
                #expect(fast.cost <= single.cost, "seed \(seed)")
                if fast.cost < single.cost { mixedWins += 1 }
            }
            if fast != nil { solved += 1 }
        }
        // Both outcomes must occur, or the comparison proves little.
        #expect(mixedWins > 20, "\(mixedWins) problems where a mix beats every single type")
        #expect(solved > 200 && solved < 400, "\(solved) of 400 solvable")
    }

    @Test func loadsRoundUpToWholeUnits() throws {
        // Long requests need 2.4 large units; the short ones fit in the third large unit's slack (2.8 -> 3,
        // 300) more cheaply than on a unit of their own (10 + 300). With more short traffic (1.5 cheap
        // units) the split wins: 2 cheap + 3 large = 320 against 3.3 -> 4 large = 400.
        let p = FleetMix.Problem(unitCost: [10, 100], load: [[0.5, nil], [0.4, 2.4]])
        let s = try #require(FleetMix.solve(p))
        #expect(s.typeOfClass == [1, 1])
        #expect(s.units == [0, 3])
        #expect(s.cost == 300)
        let q = FleetMix.Problem(unitCost: [10, 100], load: [[1.5, nil], [0.9, 2.4]])
        let t = try #require(FleetMix.solve(q))
        #expect(t.typeOfClass == [0, 1])
        #expect(t.units == [2, 3])
        #expect(t.cost == 320)
        #expect(FleetMix.bestSingle(q)?.cost == 400)
    }

    @Test func aClassNoTypeServesHasNoAnswer() {
        #expect(FleetMix.solve(FleetMix.Problem(unitCost: [1, 2], load: [[1, nil], [2, nil]])) == nil)
        #expect(FleetMix.units(2.0000000001) == 2)
        #expect(FleetMix.units(2.01) == 3)
        #expect(FleetMix.units(0) == 0)
    }
}
