/// Everything the engine knows about hardware, prices and models: plain values, already validated.
public struct Catalog: Sendable {
    public var devices: [String: Device]
    /// Sorted by id, so every search over offers is deterministic.
    public var offers: [Offer]
    public var models: [String: ModelSpec]
    public var costDefaults: CostDefaults?
    /// Sourced exchange rates by currency code (`currencies.yaml`).
    public var exchangeRates: [String: ExchangeRate]
    /// Per-token API offers (`offers/api/<provider>.yaml`), sorted by id.
    public var apiOffers: [APIOffer]
    /// Sourced grid carbon intensity by market (`grid-carbon.yaml`).
    public var gridIntensity: [Market: GridIntensity]

    public init(devices: [String: Device] = [:], offers: [Offer] = [], models: [String: ModelSpec] = [:],
                costDefaults: CostDefaults? = nil, exchangeRates: [String: ExchangeRate] = [:],
                apiOffers: [APIOffer] = [], gridIntensity: [Market: GridIntensity] = [:]) {
        self.apiOffers = apiOffers.sorted { $0.id < $1.id }; self.gridIntensity = gridIntensity
        self.devices = devices; self.offers = offers.sorted { $0.id < $1.id }; self.models = models
        self.costDefaults = costDefaults; self.exchangeRates = exchangeRates
    }
}
