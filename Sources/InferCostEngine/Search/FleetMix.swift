import Foundation

/// The exact solver behind `recommend --mix` (docs/methodology.md, "Mixed fleets"): given offer
/// types with a monthly cost per unit and, per request class, the units one class's peak traffic
/// loads them with, choose at most `maxTypes` types, the type each class is served on, and whole
/// unit counts, minimising the total monthly cost. Pure; no floating-point money.
///
/// The model: a type serving a set of classes needs `ceil(sum of their loads)` units (loads add,
/// as the per-unit capacities are each class's own at its lengths and SLOs); each class is served
/// whole by one type. Solved by depth-first branch and bound over class -> type assignments, with
/// a lower bound that is the larger of the units already forced and the fractional cost of every
/// class at its cheapest type, so the answer is the true optimum of that model (checked against
/// enumerating every assignment in `FleetMixTests`).
public enum FleetMix {
    public struct Problem: Sendable, Hashable {
        /// Monthly cost of one unit of each offer type.
        public var unitCost: [Decimal]
        /// `load[type][class]`: units of the type the class's peak traffic needs, fractional; nil when
        /// the type cannot serve the class at all.
        public var load: [[Double?]]
        public var maxTypes: Int

        public init(unitCost: [Decimal], load: [[Double?]], maxTypes: Int = 3) {
            self.unitCost = unitCost; self.load = load; self.maxTypes = maxTypes
        }

        public var classCount: Int { load.first?.count ?? 0 }
    }

    public struct Solution: Sendable, Hashable {
        /// The type serving each class.
        public var typeOfClass: [Int]
        /// Units of each type used (0 for types not used).
        public var units: [Int]
        public var cost: Decimal
        public var typesUsed: [Int] { units.indices.filter { units[$0] > 0 } }
    }

    /// Loads are rounded up to whole units after this tolerance, so a load of 2.000000000001 that
    /// is 2 in exact arithmetic does not cost a third unit.
    static let tolerance = 1e-9

    /// Whole units for a fractional load, clamped: an absurd load needs "more than any plan".
    public static func units(_ load: Double) -> Int {
        guard load > tolerance else { return 0 }
        return Int.clampedCount((load - tolerance).rounded(.up), limit: 1 << 40)
    }

    /// The cost of an assignment (nil when a class is not servable on its type or too many types are used).
    public static func evaluate(_ p: Problem, typeOfClass: [Int]) -> Solution? {
        var loads = [Double](repeating: 0, count: p.unitCost.count)
        for (c, t) in typeOfClass.enumerated() {
            guard let l = p.load[t][c] else { return nil }
            loads[t] += l
        }
        let units = loads.map(units)
        let used = units.filter { $0 > 0 }.count
        guard used <= p.maxTypes else { return nil }
        let cost = zip(units, p.unitCost).reduce(Decimal(0)) { $0 + Decimal($1.0) * $1.1 }
        return Solution(typeOfClass: typeOfClass, units: units, cost: cost)
    }

    /// Of two solutions, the cheaper; then the one with fewer types; then the smaller assignment, so the
    /// answer never depends on the search order.
    static func isBetter(_ a: Solution, than b: Solution) -> Bool {
        if a.cost != b.cost { return a.cost < b.cost }
        if a.typesUsed.count != b.typesUsed.count { return a.typesUsed.count < b.typesUsed.count }
        return a.typeOfClass.lexicographicallyPrecedes(b.typeOfClass)
    }

    /// The best single type (every class on it), or nil when no type serves every class.
    public static func bestSingle(_ p: Problem) -> Solution? {
        var best: Solution?
        for t in p.unitCost.indices {
            guard let s = evaluate(p, typeOfClass: Array(repeating: t, count: p.classCount)) else { continue }
            if best.map({ isBetter(s, than: $0) }) ?? true { best = s }
        }
        return best
    }

    /// The optimum over at most `maxTypes` types, or nil when some class cannot be served at all.
    public static func solve(_ p: Problem) -> Solution? {
        let classes = p.classCount
        guard classes > 0, p.maxTypes >= 1 else { return nil }
        let types = p.unitCost.indices
        // Each class's cheapest fractional cost, and its types by that cost.
        var cheapest = [Double](repeating: .infinity, count: classes)
        var order: [[Int]] = []
        for c in 0..<classes {
            let servable = types.filter { p.load[$0][c] != nil }
            guard !servable.isEmpty else { return nil }
            func fractional(_ t: Int) -> Double { (p.load[t][c] ?? .infinity) * money(p.unitCost[t]) }
            order.append(servable.sorted { (fractional($0), $0) < (fractional($1), $1) })
            cheapest[c] = servable.map(fractional).min() ?? .infinity
        }
        // Classes with the largest loads first: they decide the most.
        let classOrder = (0..<classes).sorted { (-cheapest[$0], $0) < (-cheapest[$1], $1) }
        var best = bestSingle(p)
        var assignment = [Int](repeating: -1, count: classes)
        var loads = [Double](repeating: 0, count: p.unitCost.count)

        func forcedCost() -> Double {
            types.reduce(0) { $0 + Double(units(loads[$1])) * money(p.unitCost[$1]) }
        }
        func search(_ depth: Int, used: [Int]) {
            if depth == classes {
                if let s = evaluate(p, typeOfClass: assignment), best.map({ isBetter(s, than: $0) }) ?? true { best = s }
                return
            }
            // Lower bound: units already forced, or every cost fractional with the rest at its cheapest
            // allowed type; a bound equal to the incumbent is explored (ties are broken by `isBetter`).
            let remaining = classOrder[depth...]
            let full = used.count >= p.maxTypes
            var fractional = types.reduce(0) { $0 + loads[$1] * money(p.unitCost[$1]) }
            for c in remaining {
                let allowed = full ? order[c].filter(used.contains) : order[c]
                guard let t = allowed.first else { return }
                fractional += (p.load[t][c] ?? .infinity) * money(p.unitCost[t])
            }
            if let best, max(forcedCost(), fractional) > money(best.cost) * (1 + 1e-12) + 1e-9 { return }
            let c = classOrder[depth]
            for t in order[c] where !full || used.contains(t) {
                guard let l = p.load[t][c] else { continue }
                assignment[c] = t
                loads[t] += l
                search(depth + 1, used: used.contains(t) ? used : used + [t])
                loads[t] -= l
                assignment[c] = -1
            }
        }
        search(0, used: [])
        return best
    }

    /// A Decimal amount as a Double, for bounds only (never for the reported cost).
    static func money(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }
}
