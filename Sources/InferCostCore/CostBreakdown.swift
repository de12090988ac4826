import Foundation

/// What a deployment costs per month, by kind of cost, in USD.
public struct CostBreakdown: Sendable, Hashable, Encodable {
    /// Cloud: whole instances x hours x hourly price.
    public var rentalUSDPerMonth: Decimal
    /// On-prem: purchase price less its residual value at the horizon's end, spread over the horizon.
    public var capitalUSDPerMonth: Decimal
    /// On-prem: modelled draw x PUE x electricity price.
    public var powerUSDPerMonth: Decimal
    /// On-prem: colocation/hosting per kW of peak IT load.
    public var hostingUSDPerMonth: Decimal
    /// On-prem: support contract or a percentage of capital.
    public var supportUSDPerMonth: Decimal
    /// Software licences the profile lists (none by default).
    public var licenceUSDPerMonth: Decimal
    /// On-prem: staff to run the servers (the profile's `staff_usd_per_server_year`).
    public var staffUSDPerMonth: Decimal
    public var horizonMonths: Double
    /// Up-front purchase (on-prem, servers and per-server networking), for the break-even view.
    public var capitalUSD: Decimal
    /// On-prem: book value of the purchase at the horizon's end (straight-line depreciation).
    public var residualUSD: Decimal

    public init(rentalUSDPerMonth: Decimal = 0, capitalUSDPerMonth: Decimal = 0, powerUSDPerMonth: Decimal = 0,
                hostingUSDPerMonth: Decimal = 0, supportUSDPerMonth: Decimal = 0, licenceUSDPerMonth: Decimal = 0,
                staffUSDPerMonth: Decimal = 0, horizonMonths: Double, capitalUSD: Decimal = 0, residualUSD: Decimal = 0) {
        self.licenceUSDPerMonth = licenceUSDPerMonth; self.staffUSDPerMonth = staffUSDPerMonth; self.residualUSD = residualUSD
        self.rentalUSDPerMonth = rentalUSDPerMonth; self.capitalUSDPerMonth = capitalUSDPerMonth
        self.powerUSDPerMonth = powerUSDPerMonth; self.hostingUSDPerMonth = hostingUSDPerMonth
        self.supportUSDPerMonth = supportUSDPerMonth; self.horizonMonths = horizonMonths; self.capitalUSD = capitalUSD
    }

    public var totalUSDPerMonth: Decimal {
        rentalUSDPerMonth + capitalUSDPerMonth + powerUSDPerMonth + hostingUSDPerMonth + supportUSDPerMonth
            + licenceUSDPerMonth + staffUSDPerMonth
    }
    /// Total cost of ownership over the profile's horizon.
    public var tcoUSD: Decimal { totalUSDPerMonth * (Decimal(safe: horizonMonths) ?? .nan) }

    enum CodingKeys: String, CodingKey {
        case rentalUSDPerMonth = "rental_usd_per_month", capitalUSDPerMonth = "capital_usd_per_month"
        case powerUSDPerMonth = "power_usd_per_month", hostingUSDPerMonth = "hosting_usd_per_month"
        case supportUSDPerMonth = "support_usd_per_month", horizonMonths = "horizon_months", capitalUSD = "capital_usd"
        case licenceUSDPerMonth = "licence_usd_per_month", staffUSDPerMonth = "staff_usd_per_month", residualUSD = "residual_usd"
        case totalUSDPerMonth = "total_usd_per_month", tcoUSD = "tco_usd"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rentalUSDPerMonth, forKey: .rentalUSDPerMonth)
        try c.encode(capitalUSDPerMonth, forKey: .capitalUSDPerMonth)
        try c.encode(powerUSDPerMonth, forKey: .powerUSDPerMonth)
        try c.encode(hostingUSDPerMonth, forKey: .hostingUSDPerMonth)
        try c.encode(supportUSDPerMonth, forKey: .supportUSDPerMonth)
        try c.encode(licenceUSDPerMonth, forKey: .licenceUSDPerMonth)
        try c.encode(staffUSDPerMonth, forKey: .staffUSDPerMonth)
        try c.encode(totalUSDPerMonth, forKey: .totalUSDPerMonth)
        try c.encode(horizonMonths, forKey: .horizonMonths)
        try c.encode(tcoUSD, forKey: .tcoUSD)
        try c.encode(capitalUSD, forKey: .capitalUSD)
        try c.encode(residualUSD, forKey: .residualUSD)
    }
}
