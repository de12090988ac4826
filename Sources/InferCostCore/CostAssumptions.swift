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

    public init(horizonYears: Double, amortizationYears: Double, electricityUSDPerKWh: Decimal, pue: Double,
                hostingUSDPerKWMonth: Decimal, supportPercentPerYear: Double, planningUtilization: Double) {
        self.horizonYears = horizonYears; self.amortizationYears = amortizationYears
        self.electricityUSDPerKWh = electricityUSDPerKWh; self.pue = pue
        self.hostingUSDPerKWMonth = hostingUSDPerKWMonth; self.supportPercentPerYear = supportPercentPerYear
        self.planningUtilization = planningUtilization
    }

    /// YAML key of each assumption, in file order (profiles and cost-defaults use the same keys).
    public static let keys = [
        "horizon_years", "amortization_years", "electricity_usd_per_kwh", "pue",
        "hosting_usd_per_kw_month", "support_percent_per_year", "planning_utilization",
    ]

    enum CodingKeys: String, CodingKey {
        case horizonYears = "horizon_years", amortizationYears = "amortization_years"
        case electricityUSDPerKWh = "electricity_usd_per_kwh", pue
        case hostingUSDPerKWMonth = "hosting_usd_per_kw_month", supportPercentPerYear = "support_percent_per_year"
        case planningUtilization = "planning_utilization"
    }
}

/// The catalog's sourced defaults for cost assumptions.
public struct CostDefaults: Sendable, Hashable {
    public var assumptions: CostAssumptions
    public var sources: [Source]
    public init(assumptions: CostAssumptions, sources: [Source]) { self.assumptions = assumptions; self.sources = sources }
}
