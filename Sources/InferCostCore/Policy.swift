import Foundation

/// A team's budget and policy gate (`policy.yaml`, docs/policy-format.md), checked by
/// `infercost check` against each profile's recommended deployment and by `diff --policy`
/// against each change. Every field is optional: an absent rule is not checked.
public struct Policy: Sendable, Hashable, Encodable {
    /// Allowed or denied names; nil lists are not checked.
    public struct Selection: Sendable, Hashable, Encodable {
        public var vendors: [String]?
        public var providers: [String]?
        public var markets: [Market]?
        /// Pricing models, plus `purchase` for on-prem.
        public var pricing: [String]?
        public init(vendors: [String]? = nil, providers: [String]? = nil, markets: [Market]? = nil, pricing: [String]? = nil) {
            self.vendors = vendors; self.providers = providers; self.markets = markets; self.pricing = pricing
        }
    }

    public var maxUSDPerMonth: Decimal?
    public var maxTCOUSD: Decimal?
    public var maxUSDPerMillionTokens: Decimal?
    public var maxIncreaseUSDPerMonth: Decimal?
    public var maxIncreasePercent: Double?
    /// Target keys every profile must state: `ttft_ms`, `tpot_ms`.
    public var requiredTargets: [String]
    public var minReplicas: Int?
    /// No price the recommended deployment rests on may be older than this.
    public var maxPriceAgeDays: Int?
    public var allow: Selection
    public var deny: Selection

    public init(maxUSDPerMonth: Decimal? = nil, maxTCOUSD: Decimal? = nil, maxUSDPerMillionTokens: Decimal? = nil,
                maxIncreaseUSDPerMonth: Decimal? = nil, maxIncreasePercent: Double? = nil, requiredTargets: [String] = [],
                minReplicas: Int? = nil, maxPriceAgeDays: Int? = nil, allow: Selection = Selection(), deny: Selection = Selection()) {
        self.maxUSDPerMonth = maxUSDPerMonth; self.maxTCOUSD = maxTCOUSD; self.maxUSDPerMillionTokens = maxUSDPerMillionTokens
        self.maxIncreaseUSDPerMonth = maxIncreaseUSDPerMonth; self.maxIncreasePercent = maxIncreasePercent
        self.requiredTargets = requiredTargets; self.minReplicas = minReplicas; self.maxPriceAgeDays = maxPriceAgeDays
        self.allow = allow; self.deny = deny
    }
}

/// The rules a policy can state, by their stable ids (the policy keys they come from).
public enum PolicyRule: String, Sendable, Hashable, Encodable, CaseIterable {
    case maxUSDPerMonth = "max_usd_per_month", maxTCOUSD = "max_tco_usd", maxUSDPerMillionTokens = "max_usd_per_million_tokens"
    case maxIncreaseUSDPerMonth = "max_increase_usd_per_month", maxIncreasePercent = "max_increase_percent"
    case requiredTargets = "required_targets", minReplicas = "min_replicas", maxPriceAgeDays = "max_price_age_days"
    case allowedVendors = "allow.vendors", allowedProviders = "allow.providers", allowedMarkets = "allow.markets"
    case allowedPricing = "allow.pricing", deniedVendors = "deny.vendors", deniedProviders = "deny.providers"
    case deniedMarkets = "deny.markets", deniedPricing = "deny.pricing"
    /// Not a policy key: a profile no deployment meets cannot pass any gate.
    case feasible
}

/// One broken rule: which rule, which profile, by how much.
public struct PolicyViolation: Sendable, Hashable, Encodable {
    public var rule: PolicyRule
    /// The profile's path.
    public var profile: String
    public var message: String
    /// The measured value and the limit, where the rule is numeric (USD, percent, days, replicas).
    public var actual: Decimal?
    public var limit: Decimal?

    public init(rule: PolicyRule, profile: String, message: String, actual: Decimal? = nil, limit: Decimal? = nil) {
        self.rule = rule; self.profile = profile; self.message = message; self.actual = actual; self.limit = limit
    }

    /// `[max_usd_per_month] Profiles/chat.yaml: $61,000/month exceeds the cap of $60,000 by $1,000`
    public var line: String { "[\(rule.rawValue)] \(profile): \(message)" }

    enum CodingKeys: String, CodingKey { case rule, profile, message, actual, limit }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule); try c.encode(profile, forKey: .profile); try c.encode(message, forKey: .message)
        try c.encode(actual, forKey: .actual); try c.encode(limit, forKey: .limit)
    }
}

/// One profile checked against a policy: its recommended deployment and what it broke.
public struct PolicyCheckResult: Sendable, Encodable {
    public var path: String
    public var name: String
    public var targets: Profile.Targets
    public var best: DeploymentSnapshot?
    public var violations: [PolicyViolation]
    public init(path: String, name: String, targets: Profile.Targets, best: DeploymentSnapshot?, violations: [PolicyViolation]) {
        self.path = path; self.name = name; self.targets = targets; self.best = best; self.violations = violations
    }
}
