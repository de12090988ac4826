import Foundation
import InferCostCore

/// Checks a policy against a profile's recommended deployment (`infercost check`) and against
/// a change (`diff --policy`). Each violation names the rule, the profile and the amount. Pure.
public struct PolicyCheck: Sendable {
    public var policy: Policy
    public var catalog: Catalog
    public var today: Day

    public init(policy: Policy, catalog: Catalog, today: Day) { self.policy = policy; self.catalog = catalog; self.today = today }

    /// The rules on one profile's state: targets it states, and the budget, selection, freshness and
    /// redundancy of its recommended deployment (nil: no deployment meets it, itself a violation).
    public func violations(path: String, targets: Profile.Targets, best: DeploymentSnapshot?) -> [PolicyViolation] {
        var out: [PolicyViolation] = []
        func add(_ rule: PolicyRule, _ message: String, actual: Decimal? = nil, limit: Decimal? = nil) {
            out.append(PolicyViolation(rule: rule, profile: path, message: message, actual: actual, limit: limit))
        }
        if policy.requiredTargets.contains("tpot_ms"), targets.tpotMs == nil {
            add(.requiredTargets, "the profile states no `targets.tpot_ms`; the policy requires one")
        }
        guard let best else {
            add(.feasible, "no deployment meets the profile's targets and constraints")
            return out
        }
        func cap(_ rule: PolicyRule, _ value: Decimal?, _ limit: Decimal?, _ what: String, money: (Decimal) -> String) {
            guard let value, let limit, value > limit else { return }
            add(rule, "\(what) \(money(value)) exceeds the cap of \(money(limit)) by \(money(value - limit))", actual: value, limit: limit)
        }
        cap(.maxUSDPerMonth, best.usdPerMonth, policy.maxUSDPerMonth, "cost per month", money: Self.dollars)
        cap(.maxTCOUSD, best.tcoUSD, policy.maxTCOUSD, "TCO", money: Self.dollars)
        cap(.maxUSDPerMillionTokens, best.usdPerMillionTokens, policy.maxUSDPerMillionTokens, "cost per million tokens", money: Self.dollars)

        let market = self.market(of: best)
        let names: [(PolicyRule, PolicyRule, String, String?, (Policy.Selection) -> [String]?)] = [
            (.allowedVendors, .deniedVendors, "vendor", best.vendor, { $0.vendors }),
            (.allowedProviders, .deniedProviders, "provider", best.provider, { $0.providers }),
            (.allowedMarkets, .deniedMarkets, "market", market?.rawValue, { $0.markets?.map(\.rawValue) }),
            (.allowedPricing, .deniedPricing, "pricing", best.pricing, { $0.pricing }),
        ]
        for (allowRule, denyRule, noun, value, list) in names {
            guard let value else { continue }
            if let allowed = list(policy.allow), !allowed.contains(value) {
                add(allowRule, "the recommended deployment (\(best.offerID)) uses \(noun) `\(value)`, not in the allowed list [\(allowed.joined(separator: ", "))]")
            }
            if let denied = list(policy.deny), denied.contains(value) {
                add(denyRule, "the recommended deployment (\(best.offerID)) uses denied \(noun) `\(value)`")
            }
        }
        if let maxAge = policy.maxPriceAgeDays, let asOf = best.priceAsOf {
            let age = asOf.days(until: today)
            if age > maxAge {
                add(.maxPriceAgeDays, "the price of \(best.offerID) (\(best.pricing)) is \(age) days old (as of \(asOf)), over the limit of \(maxAge) days by \(age - maxAge)",
                    actual: Decimal(age), limit: Decimal(maxAge))
            }
        }
        if let minimum = policy.minReplicas, best.replicas < minimum {
            add(.minReplicas, "the recommended deployment has \(best.replicas) replica\(best.replicas == 1 ? "" : "s"); the policy requires at least \(minimum)",
                actual: Decimal(best.replicas), limit: Decimal(minimum))
        }
        return out
    }

    /// The change rules on one profile diff: the monthly increase, in dollars and percent.
    public func changeViolations(_ diff: ProfileDiff) -> [PolicyViolation] {
        guard diff.status == .changed || diff.status == .added, let monthly = diff.monthly, monthly.deltaUSD > 0 else { return [] }
        var out: [PolicyViolation] = []
        let increase = monthly.deltaUSD
        if let limit = policy.maxIncreaseUSDPerMonth, increase > limit {
            out.append(PolicyViolation(rule: .maxIncreaseUSDPerMonth, profile: diff.path,
                                       message: "cost per month rises by \(Self.dollars(increase)) (\(Self.dollars(monthly.baseUSD)) -> \(Self.dollars(monthly.headUSD))), over the limit of \(Self.dollars(limit)) by \(Self.dollars(increase - limit))",
                                       actual: increase, limit: limit))
        }
        if let limit = policy.maxIncreasePercent, let percent = monthly.percent, percent > limit {
            out.append(PolicyViolation(rule: .maxIncreasePercent, profile: diff.path,
                                       message: "cost per month rises by \(Self.number(percent))%, over the limit of \(Self.number(limit))%",
                                       actual: Decimal(string: NumberFormat.fixed(percent, 2)), limit: Decimal(string: NumberFormat.fixed(limit, 2))))
        }
        return out
    }

    /// Every rule on a diff: the state rules on each changed or added profile's head, then the change rules.
    public func violations(_ diff: DeploymentDiff) -> [PolicyViolation] {
        diff.changed.flatMap { p -> [PolicyViolation] in
            guard let head = p.head else { return [] }
            return violations(path: p.path, targets: head.targets, best: head.best) + changeViolations(p)
        }
    }

    /// The market of the price the deployment pays (cloud), or of the server (on-prem, when it is limited to some).
    func market(of best: DeploymentSnapshot) -> Market? {
        guard let offer = catalog.offers.first(where: { $0.id == best.offerID }) else { return nil }
        switch offer.terms {
        case .cloud(_, let prices):
            return prices.first { $0.region == best.region && $0.pricing.rawValue == best.pricing }?.market
        case .onPrem(let terms):
            let markets = terms.markets ?? catalog.devices[offer.deviceID]?.markets
            return markets?.count == 1 ? markets?.first : nil
        }
    }

    static func number(_ x: Double) -> String { ProfileEdits.number(x) }

    static func dollars(_ usd: Decimal) -> String { "$" + NumberFormat.usd(usd) }
}

extension PolicyCheck {
    /// `infercost check`: recommends each profile (by path, in order) and checks the state rules.
    public func results(for profiles: [(path: String, profile: Profile)], calibration: Calibration?) -> [PolicyCheckResult] {
        let recommender = Recommender(catalog: catalog, today: today, calibration: calibration)
        return profiles.map { item in
            let best = (try? recommender.recommend(item.profile))?.best.map(DeploymentSnapshot.init)
            return PolicyCheckResult(path: item.path, name: item.profile.name, targets: item.profile.targets, best: best,
                                     violations: violations(path: item.path, targets: item.profile.targets, best: best))
        }
    }
}
