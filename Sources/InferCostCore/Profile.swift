import Foundation

/// One workload to serve: model, precisions, traffic, targets, constraints, cost assumptions.
public struct Profile: Sendable, Hashable, Encodable {
    public struct Precisions: Sendable, Hashable, Encodable {
        public var weights: [Precision]
        public var kvCache: [Precision]
        public init(weights: [Precision], kvCache: [Precision]) { self.weights = weights; self.kvCache = kvCache }
        enum CodingKeys: String, CodingKey { case weights, kvCache = "kv_cache" }
    }

    public enum Demand: Sendable, Hashable {
        case requestsPerSecond(Double)
        case outputTokensPerSecond(Double)
    }

    public struct Traffic: Sendable, Hashable, Encodable {
        public var demand: Demand
        public var peakToAverage: Double
        public var inputTokens: Int
        public var outputTokens: Int
        /// Demand growth per year, percent (0: flat); `compare` resizes capacity year by year.
        public var growthPercentPerYear: Double
        /// Load in each hour of the day relative to the daily average (24 values, mean 1 after loading); nil: not given.
        public var dailyCurve: [Double]?
        /// Request classes with their shares and lengths (`traffic.request_mix`); nil: one class, the
        /// `input_tokens` / `output_tokens` pair.
        public var requestMix: [RequestClass]?
        public init(demand: Demand, peakToAverage: Double, inputTokens: Int, outputTokens: Int,
                    growthPercentPerYear: Double = 0, dailyCurve: [Double]? = nil, requestMix: [RequestClass]? = nil) {
            self.requestMix = requestMix
            self.demand = demand; self.peakToAverage = peakToAverage
            self.inputTokens = inputTokens; self.outputTokens = outputTokens
            self.growthPercentPerYear = growthPercentPerYear; self.dailyCurve = dailyCurve
        }

        /// Average requests per second, whichever way the demand was stated.
        public var averageRequestsPerSecond: Double {
            switch demand {
            case .requestsPerSecond(let r): r
            case .outputTokensPerSecond(let t): outputTokens > 0 ? t / Double(outputTokens) : 0
            }
        }
        public var peakRequestsPerSecond: Double { averageRequestsPerSecond * peakToAverage }

        enum CodingKeys: String, CodingKey {
            case requestsPerSecond = "requests_per_second", outputTokensPerSecond = "output_tokens_per_second"
            case peakToAverage = "peak_to_average", inputTokens = "input_tokens", outputTokens = "output_tokens"
            case growthPercentPerYear = "growth_percent_per_year", dailyCurve = "daily_curve", requestMix = "request_mix"
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch demand {
            case .requestsPerSecond(let r): try c.encode(r, forKey: .requestsPerSecond)
            case .outputTokensPerSecond(let t): try c.encode(t, forKey: .outputTokensPerSecond)
            }
            try c.encode(peakToAverage, forKey: .peakToAverage)
            try c.encode(inputTokens, forKey: .inputTokens); try c.encode(outputTokens, forKey: .outputTokens)
            try c.encode(growthPercentPerYear, forKey: .growthPercentPerYear)
            try c.encodeIfPresent(dailyCurve, forKey: .dailyCurve)
            try c.encodeIfPresent(requestMix, forKey: .requestMix)
        }
    }

    /// Spare capacity kept for failures.
    public enum Redundancy: String, Sendable, Hashable, Encodable, CaseIterable {
        /// Exactly the replicas the peak needs.
        case none
        /// One replica more than the peak needs, and the latency targets met with any one replica down.
        case nPlusOne = "n_plus_1"
    }

    public struct Targets: Sendable, Hashable, Encodable {
        public var ttftMs: Double
        /// nil when the workload generates no tokens (encoders) or has no per-token target.
        public var tpotMs: Double?
        /// The percentile the TTFT target holds at (50, 90, 95, 99).
        public var percentile: Double
        /// Replicas deployed at least, whatever the traffic.
        public var minReplicas: Int
        public var redundancy: Redundancy
        public init(ttftMs: Double, tpotMs: Double?, percentile: Double, minReplicas: Int = 1, redundancy: Redundancy = .none) {
            self.ttftMs = ttftMs; self.tpotMs = tpotMs; self.percentile = percentile
            self.minReplicas = minReplicas; self.redundancy = redundancy
        }
        enum CodingKeys: String, CodingKey {
            case ttftMs = "ttft_ms", tpotMs = "tpot_ms", percentile, minReplicas = "min_replicas", redundancy
        }
    }

    public struct Constraints: Sendable, Hashable, Encodable {
        public var deployment: Deployment
        /// Only offers that can be bought or rented in this market (export controls, data residency).
        public var market: Market?
        /// True when the profile left `market` out and the default market was applied.
        public var marketDefaulted: Bool
        /// A service users wait on: spot capacity, which the provider can reclaim, is refused unless `allowSpot`.
        public var customerFacing: Bool
        public var allowSpot: Bool
        public var providers: [String]? { didSet { allowedProviders = providers.map(Set.init) } }
        public var regions: [String]? { didSet { allowedRegions = regions.map(Set.init) } }
        public var vendors: [String]? { didSet { allowedVendors = vendors.map(Set.init) } }
        /// The lists as sets, so a rule's membership test costs the same for 3 entries or 10,000.
        public private(set) var allowedProviders: Set<String>?
        public private(set) var allowedRegions: Set<String>?
        public private(set) var allowedVendors: Set<String>?
        public var pricing: [PricingModel]?
        public var maxPowerKW: Double?
        public var maxDevices: Int?
        public var budgetUSDPerMonth: Decimal?
        public init(deployment: Deployment = .any, market: Market? = nil, providers: [String]? = nil, regions: [String]? = nil,
                    vendors: [String]? = nil, pricing: [PricingModel]? = nil, maxPowerKW: Double? = nil,
                    maxDevices: Int? = nil, budgetUSDPerMonth: Decimal? = nil, marketDefaulted: Bool = false,
                    customerFacing: Bool = false, allowSpot: Bool = false) {
            self.marketDefaulted = marketDefaulted; self.customerFacing = customerFacing; self.allowSpot = allowSpot
            self.deployment = deployment; self.market = market; self.providers = providers; self.regions = regions; self.vendors = vendors
            self.allowedProviders = providers.map(Set.init); self.allowedRegions = regions.map(Set.init)
            self.allowedVendors = vendors.map(Set.init)
            self.pricing = pricing; self.maxPowerKW = maxPowerKW; self.maxDevices = maxDevices
            self.budgetUSDPerMonth = budgetUSDPerMonth
        }
        enum CodingKeys: String, CodingKey {
            case deployment, market, providers, regions, vendors, pricing, maxPowerKW = "max_power_kw"
            case maxDevices = "max_devices", budgetUSDPerMonth = "budget_usd_per_month"
            case marketDefaulted = "market_defaulted", customerFacing = "customer_facing", allowSpot = "allow_spot"
        }
    }

    /// A software licence the team chooses to pay for, per device and year (none by default: the
    /// open serving engines the estimates model need none).
    public struct Licence: Sendable, Hashable, Encodable {
        public var name: String
        public var usdPerDeviceYear: Decimal
        /// Device vendors it applies to; nil: every device.
        public var vendors: [String]?
        public var source: String?
        public init(name: String, usdPerDeviceYear: Decimal, vendors: [String]? = nil, source: String? = nil) {
            self.name = name; self.usdPerDeviceYear = usdPerDeviceYear; self.vendors = vendors; self.source = source
        }
        public func applies(toVendor vendor: String) -> Bool { vendors?.contains(vendor) ?? true }
        enum CodingKeys: String, CodingKey { case name, usdPerDeviceYear = "usd_per_device_year", vendors, source }
    }

    public var name: String
    public var description: String?
    public var modelID: String
    public var precisions: Precisions
    public var traffic: Traffic
    public var targets: Targets
    public var constraints: Constraints
    public var costs: CostAssumptions
    /// Cost keys the profile left out, filled from the catalog's defaults.
    public var defaultedCostKeys: [String]
    /// The report currency and the exchange rates (the catalog's, overridden by the profile's).
    public var money: Money
    public var licences: [Licence]
    /// Negotiated discount off every listed cloud or API price, percent, by provider slug.
    public var negotiatedDiscountPercent: [String: Double]
    /// Grid carbon intensity to use instead of the catalog's figure for the market, kgCO2e per kWh.
    public var gridKgCO2ePerKWh: Double?
    /// The serving engine the deployment will run (`generic` when the profile names none).
    public var engine: ServingEngine

    public init(name: String, description: String? = nil, modelID: String, precisions: Precisions, traffic: Traffic,
                targets: Targets, constraints: Constraints = Constraints(), costs: CostAssumptions,
                defaultedCostKeys: [String] = [], money: Money = Money(), licences: [Licence] = [],
                negotiatedDiscountPercent: [String: Double] = [:], gridKgCO2ePerKWh: Double? = nil,
                engine: ServingEngine = .generic) {
        self.engine = engine
        self.licences = licences; self.negotiatedDiscountPercent = negotiatedDiscountPercent
        self.gridKgCO2ePerKWh = gridKgCO2ePerKWh
        self.name = name; self.description = description; self.modelID = modelID; self.precisions = precisions
        self.traffic = traffic; self.targets = targets; self.constraints = constraints; self.costs = costs
        self.defaultedCostKeys = defaultedCostKeys; self.money = money
    }

    enum CodingKeys: String, CodingKey {
        case name, description, modelID = "model", precisions, traffic, targets, constraints, costs
        case defaultedCostKeys = "defaulted_cost_keys", money, licences, engine
        case negotiatedDiscountPercent = "negotiated_discount_percent", gridKgCO2ePerKWh = "grid_kgco2e_per_kwh"
    }

    /// The fraction of a listed price left after the profile's negotiated discount with `provider`.
    public func priceFactor(provider: String) -> Decimal {
        let percent = min(max(negotiatedDiscountPercent[provider] ?? 0, 0), 100)
        return percent == 0 ? 1 : Decimal(1 - percent / 100)  // `Decimal(Double)` costs a microsecond: not for no discount
    }
}
