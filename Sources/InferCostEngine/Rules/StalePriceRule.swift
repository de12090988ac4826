import InferCostCore

public struct StalePriceRule: Rule {
    public var id: String { "stale_price" }
    public var severity: Finding.Severity { .warning }
    public var rationale: String { "Prices change; a cloud price or an on-prem price source (server, device, host or support) older than a year may no longer hold. Re-check it before committing money." }
    public static let maxAgeDays = 365
    /// The on-prem figures whose sources are prices.
    public static let onPremPriceFields = ["server_price", "device_price", "host_price", "support_per_year"]
    public var inputs: RuleInputs { .configuration }
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        switch c.offer.terms {
        case .cloud:
            guard let price = c.price, price.asOf.days(until: c.today) > Self.maxAgeDays else { return nil }
            return "price as of \(price.asOf) is \(price.asOf.days(until: c.today)) days old"
        case .onPrem(let t):
            let dated = Self.onPremPriceFields.compactMap { field in t.sources.covering(field).map { (field, $0.asOf) } }
            guard let (field, oldest) = dated.min(by: { $0.1 < $1.1 }), oldest.days(until: c.today) > Self.maxAgeDays else { return nil }
            return "\(field) as of \(oldest) is \(oldest.days(until: c.today)) days old"
        }
    }
}
