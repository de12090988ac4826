import InferCostCore

/// The profile's market: export controls decide which parts can be bought where, and a
/// cloud region serves the market it is in.
public struct MarketAvailabilityRule: Rule {
    public var id: String { "market_availability" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Export controls (e.g. the US rules on advanced accelerators sold into China) and data residency decide what a buyer in a market can get. A server is offered only where its device and the server can be sold; a cloud price only in a region of the profile's market." }
    public var inputs: RuleInputs { .offer }
    public init() {}

    /// Checked for every offer and price, and fires for every price outside the market: without the message.
    public func fires(_ c: RuleContext) -> Bool {
        guard let market = c.profile.constraints.market else { return false }
        switch c.offer.terms {
        case .cloud: return c.price.map { $0.market != market } ?? false
        case .onPrem(let t): return !c.device.isSold(in: market) || t.markets.map { !$0.contains(market) } ?? false
        }
    }

    public func check(_ c: RuleContext) -> String? {
        guard let market = c.profile.constraints.market else { return nil }
        switch c.offer.terms {
        case .cloud:
            guard let price = c.price, price.market != market else { return nil }
            return "region \(price.region) is in \(price.market.rawValue), not \(market.rawValue)"
        case .onPrem(let t):
            if !c.device.isSold(in: market) {
                let why = c.device.sources.covering("markets").map { " (\($0.ref))" } ?? ""
                return "\(c.device.name) is not sold in \(market.rawValue); sold in \(c.device.markets?.map(\.rawValue).joined(separator: ", ") ?? "-")\(why)"
            }
            if let markets = t.markets, !markets.contains(market) {
                return "\(c.offer.id) is sold in \(markets.map(\.rawValue).joined(separator: ", ")) only"
            }
            return nil
        }
    }
}
