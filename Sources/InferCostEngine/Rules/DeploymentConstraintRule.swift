import InferCostCore

/// The profile's deployment, provider, region, vendor and pricing constraints.
public struct DeploymentConstraintRule: Rule {
    public var id: String { "deployment_constraint" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "A profile can restrict deployments to cloud or on-prem, to providers, regions, device vendors and pricing models (data residency, procurement policy, risk appetite for spot)." }
    public var inputs: RuleInputs { .offer }
    public init() {}

    /// The first constraint the candidate breaks.
    enum Violation { case deployment, vendor([String]), provider([String]), region(String, [String]), pricing(PricingModel, [PricingModel]) }

    func violation(_ c: RuleContext) -> Violation? {
        let k = c.profile.constraints
        if k.deployment != .any && k.deployment != c.offer.deployment { return .deployment }
        if let vendors = k.vendors, k.allowedVendors?.contains(c.device.vendor) == false { return .vendor(vendors) }
        guard c.offer.deployment == .cloud else { return nil }
        if let providers = k.providers, k.allowedProviders?.contains(c.offer.provider) == false { return .provider(providers) }
        if let regions = k.regions, let region = c.price?.region, k.allowedRegions?.contains(region) == false {
            return .region(region, regions)
        }
        if let pricing = k.pricing, let model = c.price?.pricing, !pricing.contains(model) { return .pricing(model, pricing) }
        return nil
    }

    /// Checked for every offer and price, and fires for every price a constraint excludes: without the message.
    public func fires(_ c: RuleContext) -> Bool { violation(c) != nil }

    public func check(_ c: RuleContext) -> String? {
        switch violation(c) {
        case nil: nil
        case .deployment: "\(c.offer.deployment.rawValue) offer, profile allows \(c.profile.constraints.deployment.rawValue) only"
        case .vendor(let vendors): "device vendor \(c.device.vendor) not in allowed vendors \(Self.list(vendors))"
        case .provider(let providers): "provider \(c.offer.provider) not in allowed providers \(Self.list(providers))"
        case .region(let region, let regions): "region \(region) not in allowed regions \(Self.list(regions))"
        case .pricing(let model, let pricing):
            "pricing \(model.rawValue) not in allowed pricing [\(pricing.map(\.rawValue).joined(separator: ", "))]"
        }
    }

    /// `[a, b, c]`, or for a long list its first entries and a count: a message's size does not grow
    /// with the profile's lists.
    static func list(_ values: [String]) -> String {
        guard values.count > shownEntries else { return "[\(values.joined(separator: ", "))]" }
        return "[\(values.prefix(shownEntries).joined(separator: ", ")), ... (\(values.count) in all)]"
    }

    static let shownEntries = 8
}
