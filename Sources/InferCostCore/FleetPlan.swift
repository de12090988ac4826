import Foundation

/// A mixed fleet (`recommend --mix`, docs/methodology.md "Mixed fleets"): up to three offer types,
/// each request class served on one of them, with the best single offer type beside it.
public struct FleetPlan: Sendable, Hashable, Encodable {
    /// One offer type in a fleet: how many units, what they cost, the classes they serve.
    public struct Group: Sendable, Hashable, Encodable {
        public var offerID: String
        public var offerName: String
        public var deviceID: String
        public var region: String?
        public var pricing: PricingModel?
        public var payment: Payment?
        public var units: Int
        public var devicesPerUnit: Int
        public var usdPerUnitMonth: Decimal
        public var usdPerMonth: Decimal
        public var served: [Served]

        public init(offerID: String, offerName: String, deviceID: String, region: String?, pricing: PricingModel?,
                    payment: Payment?, units: Int, devicesPerUnit: Int, usdPerUnitMonth: Decimal, served: [Served]) {
            self.offerID = offerID; self.offerName = offerName; self.deviceID = deviceID; self.region = region
            self.pricing = pricing; self.payment = payment; self.units = units; self.devicesPerUnit = devicesPerUnit
            self.usdPerUnitMonth = usdPerUnitMonth; self.usdPerMonth = usdPerUnitMonth * Decimal(units); self.served = served
        }

        enum CodingKeys: String, CodingKey {
            case offerID = "offer", offerName = "offer_name", deviceID = "device", region, pricing, payment, units
            case devicesPerUnit = "devices_per_unit", usdPerUnitMonth = "usd_per_unit_month", usdPerMonth = "usd_per_month", served
        }
    }

    /// One request class on a group's offer type: its peak rate, the units it loads, and the layout serving it.
    public struct Served: Sendable, Hashable, Encodable {
        public var requestClass: String
        public var peakRequestsPerSecond: Double
        /// Units of the offer type this class's peak traffic needs (fractional; the group rounds up the sum).
        public var load: Double
        /// Requests per second one unit serves for this class within the targets.
        public var requestsPerSecondPerUnit: Double
        public var point: DeploymentPoint

        public init(requestClass: String, peakRequestsPerSecond: Double, load: Double, requestsPerSecondPerUnit: Double,
                    point: DeploymentPoint) {
            self.requestClass = requestClass; self.peakRequestsPerSecond = peakRequestsPerSecond; self.load = load
            self.requestsPerSecondPerUnit = requestsPerSecondPerUnit; self.point = point
        }

        enum CodingKeys: String, CodingKey {
            case requestClass = "class", peakRequestsPerSecond = "peak_requests_per_second", load
            case requestsPerSecondPerUnit = "requests_per_second_per_unit", point
        }
    }

    public var classes: [RequestClass]
    public var maxTypes: Int
    /// Options (offer x region x pricing x payment) that serve at least one class with a complete cost.
    public var optionsCompared: Int
    /// The cheapest fleet of at most `maxTypes` types; empty when some class cannot be served.
    public var mix: [Group]
    /// The cheapest single offer type serving every class; nil when none does.
    public var single: Group?
    /// Classes no option serves within the targets.
    public var unservedClasses: [String]

    public init(classes: [RequestClass], maxTypes: Int, optionsCompared: Int, mix: [Group], single: Group?,
                unservedClasses: [String]) {
        self.classes = classes; self.maxTypes = maxTypes; self.optionsCompared = optionsCompared; self.mix = mix
        self.single = single; self.unservedClasses = unservedClasses
    }

    public var mixUSDPerMonth: Decimal? { mix.isEmpty ? nil : mix.reduce(0) { $0 + $1.usdPerMonth } }
    /// What the mix saves against the best single offer type, per month (0 when that single type is the mix).
    public var savingUSDPerMonth: Decimal? {
        guard let mix = mixUSDPerMonth, let single = single?.usdPerMonth else { return nil }
        return single - mix
    }
    public var savingPercent: Double? {
        guard let saving = savingUSDPerMonth, let single = single?.usdPerMonth, single > 0 else { return nil }
        return NSDecimalNumber(decimal: saving / single).doubleValue * 100
    }

    enum CodingKeys: String, CodingKey {
        case classes, maxTypes = "max_types", optionsCompared = "options_compared", mix, single
        case unservedClasses = "unserved_classes", mixUSDPerMonth = "mix_usd_per_month"
        case singleUSDPerMonth = "single_usd_per_month", savingUSDPerMonth = "saving_usd_per_month", savingPercent = "saving_percent"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(classes, forKey: .classes); try c.encode(maxTypes, forKey: .maxTypes)
        try c.encode(optionsCompared, forKey: .optionsCompared); try c.encode(mix, forKey: .mix)
        try c.encodeIfPresent(single, forKey: .single); try c.encode(unservedClasses, forKey: .unservedClasses)
        try c.encodeIfPresent(mixUSDPerMonth, forKey: .mixUSDPerMonth)
        try c.encodeIfPresent(single?.usdPerMonth, forKey: .singleUSDPerMonth)
        try c.encodeIfPresent(savingUSDPerMonth, forKey: .savingUSDPerMonth)
        try c.encodeIfPresent(savingPercent, forKey: .savingPercent)
    }
}
