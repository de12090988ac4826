import InferCostCore

/// The profile's deployment, provider, region, vendor and pricing constraints.
public struct DeploymentConstraintRule: Rule {
    public let id = "deployment_constraint"
    public let severity = Finding.Severity.reject
    public let rationale = "A profile can restrict deployments to cloud or on-prem, to providers, regions, device vendors and pricing models (data residency, procurement policy, risk appetite for spot)."
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        let k = c.profile.constraints
        if k.deployment != .any && k.deployment != c.offer.deployment {
            return "\(c.offer.deployment.rawValue) offer, profile allows \(k.deployment.rawValue) only"
        }
        if let vendors = k.vendors, !vendors.contains(c.device.vendor) {
            return "device vendor \(c.device.vendor) not in allowed vendors [\(vendors.joined(separator: ", "))]"
        }
        guard c.offer.deployment == .cloud else { return nil }
        if let providers = k.providers, !providers.contains(c.offer.provider) {
            return "provider \(c.offer.provider) not in allowed providers [\(providers.joined(separator: ", "))]"
        }
        if let regions = k.regions, let region = c.price?.region, !regions.contains(region) {
            return "region \(region) not in allowed regions [\(regions.joined(separator: ", "))]"
        }
        if let pricing = k.pricing, let model = c.price?.pricing, !pricing.contains(model) {
            return "pricing \(model.rawValue) not in allowed pricing [\(pricing.map(\.rawValue).joined(separator: ", "))]"
        }
        return nil
    }
}
