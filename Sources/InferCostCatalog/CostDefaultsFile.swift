import Foundation
import InferCostCore
import Yams

/// `cost-defaults.yaml` -> `CostDefaults`, and the cost rules profiles share.
enum CostDefaultsFile {
    static let keys = ["schema_version"] + CostAssumptions.keys + ["sources", "notes"]

    /// Reads the cost assumptions from `reader`, each with its rule; `required` for cost-defaults.yaml.
    static func readAssumptions(_ r: inout MappingReader, required: Bool) -> PartialCostAssumptions {
        PartialCostAssumptions(
            horizonYears: r.double("horizon_years", required: required, domain: Domains.horizonYears),
            amortizationYears: r.double("amortization_years", required: required, domain: Domains.amortizationYears),
            electricityUSDPerKWh: r.decimal("electricity_usd_per_kwh", required: required, domain: Domains.electricityPerKWh),
            pue: r.double("pue", required: required, domain: Domains.pue),
            hostingUSDPerKWMonth: r.decimal("hosting_usd_per_kw_month", required: required, domain: Domains.hostingPerKWMonth),
            supportPercentPerYear: r.double("support_percent_per_year", required: required, domain: Domains.supportPercentPerYear),
            planningUtilization: r.double("planning_utilization", required: required, domain: Domains.planningUtilization),
            discountRatePercent: r.double("discount_rate_percent", domain: Domains.discountRatePercent),
            staffUSDPerServerYear: r.decimal("staff_usd_per_server_year", domain: Domains.staffPerServerYear),
            networkUSDPerServer: r.decimal("network_usd_per_server", domain: Domains.networkPerServer))
    }

    static func read(_ file: YAMLFile) -> (defaults: CostDefaults?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let partial = readAssumptions(&r, required: true)
        let sources = SourceList.read(&r, fieldNames: CostAssumptions.keys)
        SourceList.checkCoverage(&r, sources: sources, numbers: CostAssumptions.keys.filter(r.contains).map { ($0, r.valueMark($0)) })
        _ = r.string("notes")
        guard !r.diagnostics.contains(where: { $0.severity == .error }), let assumptions = partial.complete else {
            return (nil, r.diagnostics)
        }
        return (CostDefaults(assumptions: assumptions, sources: sources ?? []), r.diagnostics)
    }
}

/// Cost assumptions as a file states them: any may be absent.
struct PartialCostAssumptions {
    var horizonYears: Double?
    var amortizationYears: Double?
    var electricityUSDPerKWh: Decimal?
    var pue: Double?
    var hostingUSDPerKWMonth: Decimal?
    var supportPercentPerYear: Double?
    var planningUtilization: Double?
    var discountRatePercent: Double?
    var staffUSDPerServerYear: Decimal?
    var networkUSDPerServer: Decimal?

    var complete: CostAssumptions? { filled(from: nil).assumptions }

    /// Fills absent values from `defaults`; also returns the keys that were filled, or nil when a value is
    /// absent and there is no default.
    func filled(from defaults: CostAssumptions?) -> (assumptions: CostAssumptions?, defaulted: [String]) {
        var defaulted: [String] = []
        func pick<T>(_ value: T?, _ key: String, _ fallback: (CostAssumptions) -> T) -> T? {
            if let value { return value }
            guard let defaults else { return nil }
            defaulted.append(key)
            return fallback(defaults)
        }
        let h = pick(horizonYears, "horizon_years", \.horizonYears)
        let a = pick(amortizationYears, "amortization_years", \.amortizationYears)
        let e = pick(electricityUSDPerKWh, "electricity_usd_per_kwh", \.electricityUSDPerKWh)
        let p = pick(pue, "pue", \.pue)
        let ho = pick(hostingUSDPerKWMonth, "hosting_usd_per_kw_month", \.hostingUSDPerKWMonth)
        let s = pick(supportPercentPerYear, "support_percent_per_year", \.supportPercentPerYear)
        let u = pick(planningUtilization, "planning_utilization", \.planningUtilization)
        // Optional keys: absent everywhere means 0 (not modelled).
        let d = pick(discountRatePercent, "discount_rate_percent", \.discountRatePercent) ?? 0
        let st = pick(staffUSDPerServerYear, "staff_usd_per_server_year", \.staffUSDPerServerYear) ?? 0
        let n = pick(networkUSDPerServer, "network_usd_per_server", \.networkUSDPerServer) ?? 0
        guard let h, let a, let e, let p, let ho, let s, let u else { return (nil, defaulted) }
        return (CostAssumptions(horizonYears: h, amortizationYears: a, electricityUSDPerKWh: e, pue: p,
                                hostingUSDPerKWMonth: ho, supportPercentPerYear: s, planningUtilization: u,
                                discountRatePercent: d, staffUSDPerServerYear: st, networkUSDPerServer: n), defaulted)
    }
}
