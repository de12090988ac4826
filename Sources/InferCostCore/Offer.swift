import Foundation

/// How a cloud instance is paid for.
public enum PricingModel: String, Sendable, Encodable, CaseIterable, Comparable {
    case onDemand = "on_demand", reserved1y = "reserved_1y", reserved3y = "reserved_3y", spot
    private var order: Int { PricingModel.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: PricingModel, b: PricingModel) -> Bool { a.order < b.order }
}

/// Whether a deployment is rented or bought.
public enum Deployment: String, Sendable, Encodable, CaseIterable { case any, cloud, onprem }

/// One sourced hourly price of a whole cloud instance.
public struct CloudPrice: Sendable, Hashable, Encodable {
    public var region: String
    public var pricing: PricingModel
    public var usdPerHour: Decimal
    public var source: String
    public var asOf: Day
    public var notes: String?
    public init(region: String, pricing: PricingModel, usdPerHour: Decimal, source: String, asOf: Day, notes: String? = nil) {
        self.region = region; self.pricing = pricing; self.usdPerHour = usdPerHour
        self.source = source; self.asOf = asOf; self.notes = notes
    }
    enum CodingKeys: String, CodingKey { case region, pricing, usdPerHour = "usd_per_hour", source, asOf = "as_of", notes }
}

/// What buying a server costs, as sourced.
public struct OnPremTerms: Sendable, Hashable, Encodable {
    public var serverPriceUSD: Decimal?
    public var devicePriceUSD: Decimal?
    public var hostPriceUSD: Decimal?
    public var hostPowerW: Double?
    public var supportUSDPerYear: Decimal?
    public var sources: [Source]
    public init(serverPriceUSD: Decimal? = nil, devicePriceUSD: Decimal? = nil, hostPriceUSD: Decimal? = nil,
                hostPowerW: Double? = nil, supportUSDPerYear: Decimal? = nil, sources: [Source] = []) {
        self.serverPriceUSD = serverPriceUSD; self.devicePriceUSD = devicePriceUSD; self.hostPriceUSD = hostPriceUSD
        self.hostPowerW = hostPowerW; self.supportUSDPerYear = supportUSDPerYear; self.sources = sources
    }
    enum CodingKeys: String, CodingKey {
        case serverPriceUSD = "server_price_usd", devicePriceUSD = "device_price_usd", hostPriceUSD = "host_price_usd"
        case hostPowerW = "host_power_w", supportUSDPerYear = "support_usd_per_year", sources
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

    public init(id: String, name: String, deviceID: String, devicesPerUnit: Int, memoryGBPerDevice: Double? = nil,
                terms: Terms, notes: String? = nil) {
        self.id = id; self.name = name; self.deviceID = deviceID; self.devicesPerUnit = devicesPerUnit
        self.memoryGBPerDevice = memoryGBPerDevice; self.terms = terms; self.notes = notes
    }

    public var deployment: Deployment {
        if case .cloud = terms { return .cloud }
        return .onprem
    }

    public var provider: String {
        switch terms {
        case .cloud(let provider, _): provider
        case .onPrem: "onprem"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, device, devicesPerUnit = "devices_per_unit", memoryGBPerDevice = "memory_gb_per_device"
        case deployment, provider, prices, onprem, notes
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
    }
}
