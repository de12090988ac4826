import Foundation

/// A hosted model served per token: what a million input and output tokens cost, as published.
public struct APIOffer: Sendable, Hashable, Encodable, Identifiable {
    /// `api/<provider>/<model>`.
    public var id: String
    public var provider: String
    public var providerName: String
    /// The catalog model it serves.
    public var modelID: String
    /// The provider's own name for the model.
    public var apiModel: String
    /// ISO 4217 code of the prices.
    public var currency: String
    public var inputPerMillion: Decimal
    public var outputPerMillion: Decimal
    /// Published rate limits, as stated; nil when none are published.
    public var rateLimits: String?
    /// Requests per minute allowed at the tier the price is for, where published.
    public var requestsPerMinute: Double?
    /// Where the API is sold (a region's market).
    public var market: Market
    public var source: String
    public var asOf: Day
    public var notes: String?

    public init(id: String, provider: String, providerName: String, modelID: String, apiModel: String, currency: String,
                inputPerMillion: Decimal, outputPerMillion: Decimal, rateLimits: String? = nil, requestsPerMinute: Double? = nil,
                market: Market, source: String, asOf: Day, notes: String? = nil) {
        self.id = id; self.provider = provider; self.providerName = providerName; self.modelID = modelID
        self.apiModel = apiModel; self.currency = currency; self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion; self.rateLimits = rateLimits; self.requestsPerMinute = requestsPerMinute
        self.market = market; self.source = source; self.asOf = asOf; self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case id, provider, providerName = "provider_name", modelID = "model", apiModel = "api_model", currency
        case inputPerMillion = "input_per_million", outputPerMillion = "output_per_million", rateLimits = "rate_limits"
        case requestsPerMinute = "requests_per_minute", market, source, asOf = "as_of", notes
    }
}

/// How much CO2e the grid emits per kWh drawn, in one market.
public struct GridIntensity: Sendable, Hashable, Encodable {
    public var market: Market
    public var kgCO2ePerKWh: Double
    /// The grid the figure describes, e.g. "United States, all sectors".
    public var basis: String
    public var source: String
    public var asOf: Day
    public init(market: Market, kgCO2ePerKWh: Double, basis: String, source: String, asOf: Day) {
        self.market = market; self.kgCO2ePerKWh = kgCO2ePerKWh; self.basis = basis; self.source = source; self.asOf = asOf
    }
    enum CodingKeys: String, CodingKey { case market, kgCO2ePerKWh = "kgco2e_per_kwh", basis, source, asOf = "as_of" }
}
