import InferCostCore

/// The profile's deployment, provider, region, vendor and pricing constraints.
public struct DeploymentConstraintRule: Rule {
    public let id = "deployment_constraint"
    public let severity = Finding.Severity.reject
    public let rationale = "A profile can restrict deployments to cloud or on-prem, to providers, regions, device vendors and pricing models (data residency, procurement policy, risk appetite for spot)."
    public let inputs = RuleInputs.configuration
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        let k = c.profile.constraints
        if k.deployment != .any && k.deployment != c.offer.deployment {
            return "\(c.offer.deployment.rawValue) offer, profile allows \(k.deployment.rawValue) only"
        }
        if let vendors = k.vendors, k.allowedVendors?.contains(c.device.vendor) == false {
            return "device vendor \(c.device.vendor) not in allowed vendors \(Self.list(vendors))"
        }
        guard c.offer.deployment == .cloud else { return nil }
        if let providers = k.providers, k.allowedProviders?.contains(c.offer.provider) == false {
            return "provider \(c.offer.provider) not in allowed providers \(Self.list(providers))"
        }
        if let regions = k.regions, let region = c.price?.region, k.allowedRegions?.contains(region) == false {
            return "region \(region) not in allowed regions \(Self.list(regions))"
        }
        if let pricing = k.pricing, let model = c.price?.pricing, !pricing.contains(model) {
            return "pricing \(model.rawValue) not in allowed pricing [\(pricing.map(\.rawValue).joined(separator: ", "))]"
        }
        return nil
    }

    /// `[a, b, c]`, or for a long list its first entries and a count: a message's size does not grow
    /// with the profile's lists (it is built for every rejected candidate).
    static func list(_ values: [String]) -> String {
        guard values.count > shownEntries else { return "[\(values.joined(separator: ", "))]" }
        return "[\(values.prefix(shownEntries).joined(separator: ", ")), ... (\(values.count) in all)]"
    }

    static let shownEntries = 8
}
