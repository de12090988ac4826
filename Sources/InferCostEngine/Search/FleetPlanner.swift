import Foundation
import InferCostCore

/// `recommend --mix`: the cheapest fleet of up to three offer types for a profile's request classes
/// (docs/methodology.md, "Mixed fleets"). For each class the search runs as for a profile of that
/// class alone (its lengths, its share of the traffic; the same estimates and rules) and keeps, per
/// option, the configuration one unit of which serves the most requests per second within the
/// targets. Those capacities and the options' unit costs go to the exact solver `FleetMix`.
public struct FleetPlanner: Sendable {
    public var recommender: Recommender
    public static let maxTypes = 3

    public init(recommender: Recommender) { self.recommender = recommender }

    /// What the solver is given: the options compared (by key), their unit costs and loads per class,
    /// and each class's capacity leader per option.
    public struct Inputs: Sendable {
        public var classes: [RequestClass]
        public var peakRequestsPerSecond: Double
        /// Option keys (offer|region|pricing|payment), in the problem's type order.
        public var keys: [String]
        public var problem: FleetMix.Problem
        var perClass: [[String: Recommender.OptionCapacity]]
    }

    public func plan(_ profile: Profile) throws(Recommender.Failure) -> FleetPlan {
        Self.plan(try inputs(profile))
    }

    public func inputs(_ profile: Profile) throws(Recommender.Failure) -> Inputs {
        let classes = profile.traffic.classes
        let average = profile.traffic.averageRequestsPerSecond
        let peak = profile.traffic.peakRequestsPerSecond
        var perClass: [[String: Recommender.OptionCapacity]] = []
        for c in classes {
            var p = profile
            p.traffic.inputTokens = c.inputTokens
            p.traffic.outputTokens = c.outputTokens
            p.traffic.demand = .requestsPerSecond(average * c.share)
            p.traffic.requestMix = nil
            let capacities = try recommender.capacities(p)
            perClass.append(Dictionary(capacities.map { (Recommender.optionKey($0.candidate), $0) }, uniquingKeysWith: { a, _ in a }))
        }
        // Options with a complete cost that serve at least one class. The unit cost is the option's
        // monthly cost per unit (rent, or capital, power and running costs per server at the planning
        // utilisation); where it differs by class (on-prem power), the highest.
        var keys: [String] = [], unitCost: [Decimal] = [], load: [[Double?]] = []
        for key in Set(perClass.flatMap(\.keys)).sorted() {
            var cost: Decimal?, row: [Double?] = []
            for (i, c) in classes.enumerated() {
                guard let cap = perClass[i][key], cap.requestsPerSecondPerUnit > 0, cap.candidate.isCostComplete,
                      cap.candidate.units > 0, let total = cap.candidate.cost?.totalUSDPerMonth else {
                    row.append(nil); continue
                }
                let perUnit = total / Decimal(cap.candidate.units)
                cost = max(cost ?? perUnit, perUnit)
                row.append(peak * c.share / cap.requestsPerSecondPerUnit)
            }
            guard let cost else { continue }
            keys.append(key); unitCost.append(cost); load.append(row)
        }
        return Inputs(classes: classes, peakRequestsPerSecond: peak, keys: keys,
                      problem: FleetMix.Problem(unitCost: unitCost, load: load, maxTypes: Self.maxTypes), perClass: perClass)
    }

    /// The fleet for prepared inputs: the solver's optimum and the best single type, as report values.
    public static func plan(_ inputs: Inputs) -> FleetPlan {
        let (classes, keys, problem, perClass, peak) = (inputs.classes, inputs.keys, inputs.problem, inputs.perClass,
                                                        inputs.peakRequestsPerSecond)
        let load = problem.load, unitCost = problem.unitCost
        let unserved = classes.indices.filter { c in !load.contains { $0[c] != nil } }.map { classes[$0].name }
        func groups(_ s: FleetMix.Solution) -> [FleetPlan.Group] {
            s.typesUsed.map { t in
                let served = classes.indices.filter { s.typeOfClass[$0] == t }.compactMap { c -> FleetPlan.Served? in
                    guard let cap = perClass[c][keys[t]], let l = load[t][c] else { return nil }
                    return FleetPlan.Served(requestClass: classes[c].name, peakRequestsPerSecond: peak * classes[c].share, load: l,
                                            requestsPerSecondPerUnit: cap.requestsPerSecondPerUnit, point: cap.candidate.point)
                }
                let any = classes.indices.lazy.compactMap { perClass[$0][keys[t]]?.candidate }.first
                return FleetPlan.Group(offerID: any?.offerID ?? keys[t], offerName: any?.offerName ?? keys[t],
                                       deviceID: any?.point.deviceID ?? "", region: any?.region, pricing: any?.pricing,
                                       payment: any?.payment, units: s.units[t],
                                       devicesPerUnit: any.map { $0.units > 0 ? $0.totalDevices / $0.units : 0 } ?? 0,
                                       usdPerUnitMonth: unitCost[t], served: served)
            }
        }
        let mix = unserved.isEmpty ? FleetMix.solve(problem) : nil
        let single = FleetMix.bestSingle(problem)
        return FleetPlan(classes: classes, maxTypes: problem.maxTypes, optionsCompared: keys.count,
                         mix: mix.map(groups) ?? [], single: single.flatMap { groups($0).first }, unservedClasses: unserved)
    }
}
