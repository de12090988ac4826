import Foundation
import Testing
import InferCostCatalog
import InferCostCore
import InferCostEngine

/// Profiles/mixed-lengths.yaml on the shipped catalog (uncalibrated physics, a fixed date): the
/// mixed fleet is cheaper than the best single offer type, and the solver's answer is the one
/// enumerating every class -> type assignment finds (docs/methodology.md, "Mixed fleets").
@Suite struct FleetMixExampleTests {
    @Test func theExampleMixBeatsEverySingleTypeAndMatchesEnumeration() throws {
        let (catalog, diagnostics) = CatalogLoader.load(root: GoldenTests.repository.appendingPathComponent("Catalog"))
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        let url = GoldenTests.repository.appendingPathComponent("Profiles/mixed-lengths.yaml")
        let profile = try #require(CatalogLoader.loadProfile(at: url, catalog: catalog).profile)
        #expect(profile.traffic.classes.count == 2)
        var recommender = Recommender(catalog: catalog, today: try #require(Day(year: 2026, month: 12, day: 1)))
        recommender.simulatesFinalists = false
        let inputs = try FleetPlanner(recommender: recommender).inputs(profile)
        let p = inputs.problem

        // Every assignment of the classes to the options compared, at most three types.
        var best: (cost: Decimal, types: Int, assignment: [Int])?
        var bestSingle: Decimal?
        let types = p.unitCost.count, classes = p.classCount
        var assignment = [Int](repeating: 0, count: classes)
        for code in 0..<Int(pow(Double(types), Double(classes))) {
            var rest = code
            for c in 0..<classes { assignment[c] = rest % types; rest /= types }
            var loads = [Double](repeating: 0, count: types), servable = true
            for (c, t) in assignment.enumerated() {
                guard let l = p.load[t][c] else { servable = false; break }
                loads[t] += l
            }
            guard servable else { continue }
            let units = loads.map { FleetMix.units($0) }
            let used = units.filter { $0 > 0 }.count
            guard used <= p.maxTypes else { continue }
            let cost = zip(units, p.unitCost).reduce(Decimal(0)) { $0 + Decimal($1.0) * $1.1 }
            if Set(assignment).count == 1 { bestSingle = min(bestSingle ?? cost, cost) }
            // Cheaper, then fewer types, then the smaller assignment: the solver's documented order.
            func better(than b: (cost: Decimal, types: Int, assignment: [Int])) -> Bool {
                if cost != b.cost { return cost < b.cost }
                if used != b.types { return used < b.types }
                return assignment.lexicographicallyPrecedes(b.assignment)
            }
            if best.map(better) ?? true {
                best = (cost, used, assignment)
            }
        }
        let solved = try #require(FleetMix.solve(p))
        let enumerated = try #require(best)
        #expect(solved.cost == enumerated.cost)
        #expect(solved.typeOfClass == enumerated.assignment)

        let plan = FleetPlanner.plan(inputs)
        let mix = try #require(plan.mixUSDPerMonth), single = try #require(plan.single?.usdPerMonth)
        #expect(mix == solved.cost)
        #expect(single == bestSingle)
        #expect(plan.mix.count == 2, "the example's point: each class on its own type")
        #expect(mix < single)
        #expect((plan.savingPercent ?? 0) > 5)
    }
}
