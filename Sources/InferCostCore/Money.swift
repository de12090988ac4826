import Foundation

/// One sourced exchange rate: how many units of `currency` one US dollar buys.
public struct ExchangeRate: Sendable, Hashable, Encodable {
    public var currency: String
    public var perUSD: Decimal
    /// Where the rate comes from: a source reference, or the profile that set it.
    public var source: String
    public var asOf: Day?
    public init(currency: String, perUSD: Decimal, source: String, asOf: Day?) {
        self.currency = currency; self.perUSD = perUSD; self.source = source; self.asOf = asOf
    }
    enum CodingKeys: String, CodingKey { case currency, perUSD = "per_usd", source, asOf = "as_of" }
}

/// The currency a report is in and the rates that bring every price to it. The engine
/// compares options in US dollars (converting each price at its rate); reports convert the
/// result to `reportCurrency`.
public struct Money: Sendable, Hashable, Encodable {
    public static let base = "USD"
    public var reportCurrency: String
    /// Rates by currency code; USD is implied (1).
    public var rates: [String: ExchangeRate]

    public init(reportCurrency: String = Money.base, rates: [String: ExchangeRate] = [:]) {
        self.reportCurrency = reportCurrency; self.rates = rates
    }

    /// `amount` of `currency` in US dollars; nil when no rate is known.
    public func usd(_ amount: Decimal, from currency: String) -> Decimal? {
        if currency == Money.base { return amount }
        guard let rate = rates[currency], rate.perUSD > 0 else { return nil }
        return amount / rate.perUSD
    }

    /// US dollars in the report currency (the rate is checked when the profile loads).
    public func reported(_ usd: Decimal) -> Decimal {
        if reportCurrency == Money.base { return usd }
        return usd * (rates[reportCurrency]?.perUSD ?? 1)
    }

    /// US dollars shown in the report currency: `$1,234` or `8,760 CNY`.
    public func format(_ usd: Decimal) -> String {
        let amount = NumberFormat.usd(reported(usd))
        return reportCurrency == Money.base ? "$" + amount : amount + " " + reportCurrency
    }

    /// One line naming the rates a report used, e.g. `1 USD = 7.0197 CNY (source, 2026-01-08)`.
    public var ratesLine: String? {
        let used = rates.values.filter { $0.currency == reportCurrency || reportCurrency == Money.base }.sorted { $0.currency < $1.currency }
        guard !used.isEmpty else { return nil }
        return used.map { rate in
            let basis = rate.asOf.map { "as of \($0), catalog currencies.yaml" } ?? rate.source
            return "1 USD = \(rate.perUSD) \(rate.currency) (\(basis))"
        }.joined(separator: "; ")
    }

    enum CodingKeys: String, CodingKey { case reportCurrency = "report_currency", rates }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reportCurrency, forKey: .reportCurrency)
        try c.encode(rates.keys.sorted().compactMap { rates[$0] }, forKey: .rates)
    }
}
