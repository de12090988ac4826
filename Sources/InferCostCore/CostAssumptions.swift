import Foundation

/// The money and planning assumptions a TCO rests on. Every field is set: a profile's
/// own values, or the sourced defaults in `Catalog/cost-defaults.yaml`.
public struct CostAssumptions: Sendable, Hashable, Encodable {
    public var horizonYears: Double
    public var amortizationYears: Double
    public var electricityUSDPerKWh: Decimal
    public var pue: Double
    public var hostingUSDPerKWMonth: Decimal
    public var supportPercentPerYear: Double
    /// Replicas are sized so that peak load uses at most this fraction of capacity.
    public var planningUtilization: Double
    /// Cost of capital, percent per year: discounts cash flows to a net present value beside the nominal total.
    public var discountRatePercent: Double
    /// Staff cost to run one owned server for a year (0: not modelled).
    public var staffUSDPerServerYear: Decimal
    /// One-time networking per owned server (switch ports, optics, cables) beyond what the server price includes (0: not modelled).
    public var networkUSDPerServer: Decimal

    public init(horizonYears: Double, amortizationYears: Double, electricityUSDPerKWh: Decimal, pue: Double,
                hostingUSDPerKWMonth: Decimal, supportPercentPerYear: Double, planningUtilization: Double,
                discountRatePercent: Double = 0, staffUSDPerServerYear: Decimal = 0, networkUSDPerServer: Decimal = 0) {
        self.horizonYears = horizonYears; self.amortizationYears = amortizationYears
        self.electricityUSDPerKWh = electricityUSDPerKWh; self.pue = pue
        self.hostingUSDPerKWMonth = hostingUSDPerKWMonth; self.supportPercentPerYear = supportPercentPerYear
        self.planningUtilization = planningUtilization; self.discountRatePercent = discountRatePercent
        self.staffUSDPerServerYear = staffUSDPerServerYear; self.networkUSDPerServer = networkUSDPerServer
    }

    /// Book value left of a purchase after `years`, as a fraction of its price: straight-line over
    /// `amortizationYears` to zero (docs/methodology.md, "Residual value").
    public func residualFraction(afterYears years: Double) -> Double {
        guard amortizationYears > 0 else { return 0 }
        return max(0, 1 - years / amortizationYears)
    }

    /// Keys a catalog's cost-defaults.yaml may leave out: absent means 0 (no discounting, staff and
    /// networking not modelled), so catalogs written before they existed still load.
    public static let optionalKeys = ["discount_rate_percent", "staff_usd_per_server_year", "network_usd_per_server"]

    /// YAML key of each assumption, in file order (profiles and cost-defaults use the same keys).
    public static let keys = [
        "horizon_years", "amortization_years", "electricity_usd_per_kwh", "pue",
        "hosting_usd_per_kw_month", "support_percent_per_year", "planning_utilization", "discount_rate_percent",
        "staff_usd_per_server_year", "network_usd_per_server",
    ]

    enum CodingKeys: String, CodingKey {
        case horizonYears = "horizon_years", amortizationYears = "amortization_years"
        case electricityUSDPerKWh = "electricity_usd_per_kwh", pue
        case hostingUSDPerKWMonth = "hosting_usd_per_kw_month", supportPercentPerYear = "support_percent_per_year"
        case planningUtilization = "planning_utilization", discountRatePercent = "discount_rate_percent"
        case staffUSDPerServerYear = "staff_usd_per_server_year", networkUSDPerServer = "network_usd_per_server"
    }
}

/// The catalog's sourced defaults for cost assumptions.
public struct CostDefaults: Sendable, Hashable {
    public var assumptions: CostAssumptions
    public var sources: [Source]
    public init(assumptions: CostAssumptions, sources: [Source]) { self.assumptions = assumptions; self.sources = sources }
}
