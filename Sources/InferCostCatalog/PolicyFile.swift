import Foundation
import InferCostCore

/// `policy.yaml` -> `Policy` (docs/policy-format.md), with positioned diagnostics like every
/// other file. Vendor and provider names are checked against the catalog (a typo would
/// silently allow or deny nothing).
enum PolicyFile {
    static let keys = ["schema_version", "description", "budget", "change", "require", "allow", "deny"]
    static let budgetKeys = ["max_usd_per_month", "max_tco_usd", "max_usd_per_million_tokens"]
    static let changeKeys = ["max_increase_usd_per_month", "max_increase_percent"]
    static let requireKeys = ["targets", "min_replicas", "max_price_age_days"]
    static let selectionKeys = ["vendors", "providers", "markets", "pricing"]
    /// Target keys a policy may require.
    enum TargetKey: String, CaseIterable { case ttftMs = "ttft_ms", tpotMs = "tpot_ms" }
    /// Pricing models plus `purchase` (on-prem).
    enum PricingName: String, CaseIterable {
        case onDemand = "on_demand", reserved1y = "reserved_1y", reserved3y = "reserved_3y", spot, purchase
    }

    static func read(_ file: YAMLFile, catalog: Catalog) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        _ = r.string("description")
        var policy = Policy()
        _ = r.mapping("budget", keys: budgetKeys) { m -> Bool in
            policy.maxUSDPerMonth = m.decimal("max_usd_per_month", domain: Domains.policyBudget)
            policy.maxTCOUSD = m.decimal("max_tco_usd", domain: Domains.policyBudget)
            policy.maxUSDPerMillionTokens = m.decimal("max_usd_per_million_tokens", domain: Domains.policyBudget)
            return true
        }
        _ = r.mapping("change", keys: changeKeys) { m -> Bool in
            policy.maxIncreaseUSDPerMonth = m.decimal("max_increase_usd_per_month", domain: Domains.policyIncreaseUSD)
            policy.maxIncreasePercent = m.double("max_increase_percent", domain: Domains.policyIncreasePercent)
            return true
        }
        _ = r.mapping("require", keys: requireKeys) { m -> Bool in
            policy.requiredTargets = m.choiceList("targets", TargetKey.self)?.map(\.rawValue) ?? []
            policy.minReplicas = m.int("min_replicas", domain: Domains.policyMinReplicas)
            policy.maxPriceAgeDays = m.int("max_price_age_days", domain: Domains.policyPriceAgeDays)
            return true
        }
        let providers = Set(catalog.offers.map(\.provider)).sorted()
        let vendors = Set(catalog.devices.values.map(\.vendor)).sorted()
        for key in ["allow", "deny"] {
            let selection = r.mapping(key, keys: selectionKeys) { m -> Policy.Selection? in
                let v = m.stringList("vendors"), p = m.stringList("providers")
                warnUnknown(&m, "vendors", known: vendors, noun: "vendor")
                warnUnknown(&m, "providers", known: providers, noun: "provider")
                return Policy.Selection(vendors: v, providers: p, markets: m.choiceList("markets", Market.self, nonEmpty: false),
                                        pricing: m.choiceList("pricing", PricingName.self, nonEmpty: false)?.map(\.rawValue))
            }
            if key == "allow" { policy.allow = selection ?? Policy.Selection() } else { policy.deny = selection ?? Policy.Selection() }
        }
        let failed = r.diagnostics.contains { $0.severity == .error }
        return (failed ? nil : policy, r.diagnostics)
    }

    private static func warnUnknown(_ m: inout MappingReader, _ key: String, known: [String], noun: String) {
        guard !known.isEmpty, let items = m.node(key), case .sequence(let sequence) = items else { return }
        for item in sequence {
            guard case .scalar(let scalar) = item, !known.contains(scalar.string) else { continue }
            m.report(.warning, "unknown_reference", "\(noun) `\(scalar.string)` is not in the catalog, so it matches nothing",
                     at: item.mark, hint: Suggestion.hint(for: scalar.string, in: known, noun: "catalog \(noun)s"))
        }
    }
}
