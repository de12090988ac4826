import InferCostCore

public struct StalePriceRule: Rule {
    public var id: String { "stale_price" }
    public var severity: Finding.Severity { .warning }
    public var rationale: String { "Prices change; a cloud price or an on-prem price source (server, device, host or support) older than a year may no longer hold. Re-check it before committing money." }
    public static let maxAgeDays = 365
    /// The on-prem figures whose sources are prices.
    public static let onPremPriceFields = ["server_price", "device_price", "host_price", "support_per_year"]
    public var inputs: RuleInputs { .offer }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool { stale(c) != nil }

    public func check(_ c: RuleContext) -> String? {
        guard let (what, asOf) = stale(c) else { return nil }
        return "\(what) as of \(asOf) is \(asOf.days(until: c.today)) days old"
    }

    /// The price (or the first of the oldest on-prem price sources) older than `maxAgeDays`, and its date.
    private func stale(_ c: RuleContext) -> (what: String, asOf: Day)? {
        switch c.offer.terms {
        case .cloud:
            guard let price = c.price, price.asOf.days(until: c.today) > Self.maxAgeDays else { return nil }
            return ("price", price.asOf)
        case .onPrem(let t):
            var oldest: (what: String, asOf: Day)?
            for field in Self.onPremPriceFields {
                if let source = t.sources.covering(field), oldest.map({ source.asOf < $0.asOf }) ?? true { oldest = (field, source.asOf) }
            }
            guard let oldest, oldest.asOf.days(until: c.today) > Self.maxAgeDays else { return nil }
            return oldest
        }
    }
}
