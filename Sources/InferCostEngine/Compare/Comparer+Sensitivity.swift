import Foundation
import InferCostCore

extension Comparer {
    /// One input of the tornado: its documented range and how it sets the levers (docs/methodology.md, "Sensitivity").
    struct Parameter {
        var name: String
        var unit: String
        var base: Double
        var low: Double
        var high: Double
        var apply: (inout Levers, Double) -> Void
    }

    static func parameters(_ profile: Profile, rentProvider: String) -> [Parameter] {
        let c = profile.costs
        let electricity = NSDecimalNumber(decimal: c.electricityUSDPerKWh).doubleValue
        let discount = profile.negotiatedDiscountPercent[rentProvider] ?? 0
        let growth = profile.traffic.growthPercentPerYear
        return [
            Parameter(name: "electricity price", unit: "USD/kWh", base: electricity, low: electricity * 0.5, high: electricity * 1.5) {
                $0.electricityFactor = electricity > 0 ? $1 / electricity : 1
            },
            Parameter(name: "planning utilisation", unit: "fraction", base: c.planningUtilization,
                      low: max(0.3, c.planningUtilization - 0.2), high: min(0.95, c.planningUtilization + 0.2)) { $0.utilization = $1 },
            Parameter(name: "hardware price", unit: "x purchase price", base: 1, low: 0.7, high: 1.3) { $0.hardwareFactor = $1 },
            Parameter(name: "cloud discount", unit: "% off list", base: discount, low: 0, high: max(40, discount)) {
                $0.cloudDiscountPercent = $1
            },
            Parameter(name: "traffic growth", unit: "%/year", base: growth, low: min(0, growth), high: max(50, growth + 25)) {
                $0.growthPercent = $1
            },
            Parameter(name: "horizon", unit: "years", base: c.horizonYears, low: 1, high: max(5, c.horizonYears)) {
                $0.horizonYears = $1
            },
        ]
    }

    /// Best buy minus best rent (nominal, over the horizon) at the levers.
    func difference(buy: Candidate, rents: [Candidate], profile: Profile, levers: Levers) -> Decimal? {
        let buyTotal = project(buy, profile: profile, levers: levers).nominalUSD
        guard let rentTotal = rents.map({ project($0, profile: profile, levers: levers).nominalUSD }).min() else { return nil }
        return buyTotal - rentTotal
    }

    /// The tornado of the buy-versus-rent decision: each parameter from its low to its high value with
    /// the others at base, and where inside that range the sign of the difference changes (bisection).
    func analyse(buy: Candidate, rents: [Candidate], profile: Profile) -> Sensitivity? {
        let base = Levers.base(profile)
        // Only the cheapest rent option at each commitment level can be the best rent.
        var shortlist: [Candidate] = []
        for pricing in PricingModel.allCases {
            if let best = rents.filter({ $0.pricing == pricing }).min(by: { a, b in
                project(a, profile: profile, levers: base).nominalUSD < project(b, profile: profile, levers: base).nominalUSD
            }) { shortlist.append(best) }
        }
        guard let baseDifference = difference(buy: buy, rents: shortlist, profile: profile, levers: base),
              let bestRent = shortlist.min(by: { a, b in
                  project(a, profile: profile, levers: base).nominalUSD < project(b, profile: profile, levers: base).nominalUSD
              }) else { return nil }
        var bars: [Sensitivity.Bar] = []
        for parameter in Self.parameters(profile, rentProvider: bestRent.provider) {
            func at(_ value: Double) -> Decimal {
                var levers = base
                parameter.apply(&levers, value)
                return difference(buy: buy, rents: shortlist, profile: profile, levers: levers) ?? 0
            }
            let low = at(parameter.low), high = at(parameter.high)
            var flip: Double?
            // Search each half of the range around the base for a change of sign.
            for (a, b) in [(parameter.low, parameter.base), (parameter.base, parameter.high)] where flip == nil && a < b {
                var (x0, x1) = (a, b)
                var (d0, d1) = (at(x0), at(x1))
                guard (d0 < 0) != (d1 < 0) else { continue }
                for _ in 0..<30 {
                    let mid = (x0 + x1) / 2
                    let dm = at(mid)
                    if (dm < 0) == (d0 < 0) { (x0, d0) = (mid, dm) } else { (x1, d1) = (mid, dm) }
                }
                flip = (x0 + x1) / 2
            }
            bars.append(.init(parameter: parameter.name, unit: parameter.unit, base: parameter.base, low: parameter.low,
                              high: parameter.high, differenceAtLowUSD: low, differenceAtHighUSD: high, flipsAt: flip))
        }
        bars.sort { abs(NSDecimalNumber(decimal: $0.differenceAtHighUSD - $0.differenceAtLowUSD).doubleValue)
            > abs(NSDecimalNumber(decimal: $1.differenceAtHighUSD - $1.differenceAtLowUSD).doubleValue) }
        let rentLabel = project(bestRent, profile: profile, levers: base).label
        return Sensitivity(buy: project(buy, profile: profile, levers: base).label, rent: rentLabel,
                           baseDifferenceUSD: baseDifference, bars: bars)
    }
}
