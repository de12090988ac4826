import Foundation

/// How a cloud instance is paid for.
public enum PricingModel: String, Sendable, Encodable, CaseIterable, Comparable {
    case onDemand = "on_demand", reserved1y = "reserved_1y", reserved3y = "reserved_3y", spot
    private var order: Int { PricingModel.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: PricingModel, b: PricingModel) -> Bool { a.order < b.order }
}

/// How a committed cloud price is paid: monthly with nothing up front, or the whole term up front.
public enum Payment: String, Sendable, Encodable, CaseIterable {
    case noUpfront = "no_upfront", partialUpfront = "partial_upfront", allUpfront = "all_upfront"
}

/// Whether a deployment is rented or bought.
public enum Deployment: String, Sendable, Encodable, CaseIterable { case any, cloud, onprem }

/// One sourced hourly price of a whole cloud instance, in the provider's currency.
public struct CloudPrice: Sendable, Hashable, Encodable {
    public var region: String
    /// The market the region is in (the provider file maps each region).
    public var market: Market
    public var pricing: PricingModel
    /// Effective hourly price over the term (an all-upfront price divided by the term's hours).
    public var perHour: Decimal
    /// How a reserved price is paid; `no_upfront` for on-demand and spot.
    public var payment: Payment
    /// ISO 4217 code, e.g. USD or CNY.
    public var currency: String
    public var source: String
    public var asOf: Day
    public var notes: String?
    public init(region: String, market: Market, pricing: PricingModel, perHour: Decimal, currency: String = Money.base,
                source: String, asOf: Day, notes: String? = nil, payment: Payment = .noUpfront) {
        self.payment = payment
        self.region = region; self.market = market; self.pricing = pricing; self.perHour = perHour
        self.currency = currency; self.source = source; self.asOf = asOf; self.notes = notes
    }
    enum CodingKeys: String, CodingKey {
        case region, market, pricing, perHour = "per_hour", payment, currency, source, asOf = "as_of", notes
    }
}

/// What buying a server costs, as sourced, in `currency`.
public struct OnPremTerms: Sendable, Hashable, Encodable {
    public var currency: String
    public var serverPrice: Decimal?
    public var devicePrice: Decimal?
    public var hostPrice: Decimal?
    public var hostPowerW: Double?
    public var supportPerYear: Decimal?
    /// Where this server can be bought; nil: wherever its device can.
    public var markets: [Market]?
    public var sources: [Source]
    public init(currency: String = Money.base, serverPrice: Decimal? = nil, devicePrice: Decimal? = nil,
                hostPrice: Decimal? = nil, hostPowerW: Double? = nil, supportPerYear: Decimal? = nil,
                markets: [Market]? = nil, sources: [Source] = []) {
        self.currency = currency; self.serverPrice = serverPrice; self.devicePrice = devicePrice
        self.hostPrice = hostPrice; self.hostPowerW = hostPowerW; self.supportPerYear = supportPerYear
        self.markets = markets; self.sources = sources
    }
    enum CodingKeys: String, CodingKey {
        case currency, serverPrice = "server_price", devicePrice = "device_price", hostPrice = "host_price"
        case hostPowerW = "host_power_w", supportPerYear = "support_per_year", markets, sources
    }
}

/// A way to get devices: a cloud instance type or an on-premises server.
public struct Offer: Sendable, Hashable, Encodable, Identifiable {
    public enum Terms: Sendable, Hashable {
        case cloud(provider: String, prices: [CloudPrice])
        case onPrem(OnPremTerms)
    }

    /// `provider/instance` for cloud, `onprem/<id>` for servers.
    public var id: String
    public var name: String
    public var deviceID: String
    /// Devices in one instance or server: the unit you rent or buy.
    public var devicesPerUnit: Int
    /// Host memory per socket, for CPU offers.
    public var memoryGBPerDevice: Double?
    public var terms: Terms
    public var notes: String?
    /// The sourced network between instances or servers; nil: no multi-node layouts are tried.
    public var scaleOut: ScaleOutNetwork?

    public init(id: String, name: String, deviceID: String, devicesPerUnit: Int, memoryGBPerDevice: Double? = nil,
                terms: Terms, notes: String? = nil, scaleOut: ScaleOutNetwork? = nil) {
        self.scaleOut = scaleOut
        self.id = id; self.name = name; self.deviceID = deviceID; self.devicesPerUnit = devicesPerUnit
        self.memoryGBPerDevice = memoryGBPerDevice; self.terms = terms; self.notes = notes
    }

    public var deployment: Deployment {
        if case .cloud = terms { return .cloud }
        return .onprem
    }

    /// The currency the offer's prices are in.
    public var currency: String? {
        switch terms {
        case .cloud(_, let prices): prices.first?.currency
        case .onPrem(let t): t.currency
        }
    }

    public var provider: String {
        switch terms {
        case .cloud(let provider, _): provider
        case .onPrem: "onprem"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, device, devicesPerUnit = "devices_per_unit", memoryGBPerDevice = "memory_gb_per_device"
        case deployment, provider, prices, onprem, notes, scaleOut = "scale_out_network"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(deviceID, forKey: .device)
        try c.encode(devicesPerUnit, forKey: .devicesPerUnit)
        try c.encodeIfPresent(memoryGBPerDevice, forKey: .memoryGBPerDevice)
        try c.encode(deployment, forKey: .deployment); try c.encode(provider, forKey: .provider)
        switch terms {
        case .cloud(_, let prices): try c.encode(prices, forKey: .prices)
        case .onPrem(let t): try c.encode(t, forKey: .onprem)
        }
        try c.encodeIfPresent(notes, forKey: .notes)
        try c.encodeIfPresent(scaleOut, forKey: .scaleOut)
    }
}
