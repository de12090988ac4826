import InferCostCore

public struct StalePriceRule: Rule {
    public let id = "stale_price"
    public let severity = Finding.Severity.warning
    public let rationale = "Cloud prices change; a price older than a year may no longer hold. Re-check it before committing money."
    public static let maxAgeDays = 365
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        guard let price = c.price, price.asOf.days(until: c.today) > Self.maxAgeDays else { return nil }
        return "price as of \(price.asOf) is \(price.asOf.days(until: c.today)) days old"
    }
}
