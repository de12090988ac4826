import Foundation

/// The answer to "buy, rent, pay per token or mix?" for one profile over its horizon
/// (docs/methodology.md, "Compare"): the best option of each kind, month by month.
public struct Comparison: Sendable, Encodable {
    /// How an option gets its capacity.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case buy, rent, api, hybrid
    }

    /// One option's cash over the horizon and what it buys.
    public struct Option: Sendable, Encodable {
        public var kind: Kind
        /// `purchase`, a cloud pricing model (`on_demand`, `reserved_1y`, ...), `per_token` or `owned+on_demand`.
        public var commitment: String
        public var label: String
        public var offerID: String
        public var region: String?
        /// Instances or servers in use each year (owned base for hybrid).
        public var unitsByYear: [Int]
        /// Cash paid in each month: index 0 is the day of purchase (capital, all-upfront prepayments), 1...H the months.
        public var cashUSD: [Decimal]
        /// Running total of `cashUSD`.
        public var cumulativeUSD: [Decimal]
        /// Book value of owned hardware at the horizon's end, credited in the totals.
        public var residualUSD: Decimal
        /// Total paid over the horizon less the residual value.
        public var nominalUSD: Decimal
        /// Net present value of the same cash flows at the profile's discount rate.
        public var npvUSD: Decimal
        /// Horizon totals by component (capital, power, hosting, support, licences, staff, rental, tokens, residual).
        public var componentsUSD: [String: Decimal]
        public var usdPerMillionTokens: Decimal?
        /// Average busy fraction of the capacity paid for, year one.
        public var averageUtilization: Double?
        public var energyKWhPerYear: Double?
        public var carbonKgPerYear: Double?
        public var carbonGramsPerMillionTokens: Double?
        /// Missing cost components; empty when the cost is complete.
        public var costGaps: [String]
        public var notes: [String]
        /// TTFT and TPOT the deployment delivers at peak (nil for per-token APIs: no published guarantee).
        public var ttftMs: Double?
        public var tpotMs: Double?
        /// Where the prices come from (catalog source references with their dates).
        public var sources: [String]

        public var isComplete: Bool { costGaps.isEmpty }

        public init(kind: Kind, commitment: String, label: String, offerID: String, region: String?, unitsByYear: [Int],
                    cashUSD: [Decimal], cumulativeUSD: [Decimal], residualUSD: Decimal, nominalUSD: Decimal, npvUSD: Decimal,
                    componentsUSD: [String: Decimal], usdPerMillionTokens: Decimal?, averageUtilization: Double?,
                    energyKWhPerYear: Double?, carbonKgPerYear: Double?, carbonGramsPerMillionTokens: Double?,
                    costGaps: [String], notes: [String], ttftMs: Double?, tpotMs: Double?, sources: [String]) {
            self.kind = kind; self.commitment = commitment; self.label = label; self.offerID = offerID; self.region = region
            self.unitsByYear = unitsByYear; self.cashUSD = cashUSD; self.cumulativeUSD = cumulativeUSD
            self.residualUSD = residualUSD; self.nominalUSD = nominalUSD; self.npvUSD = npvUSD; self.componentsUSD = componentsUSD
            self.usdPerMillionTokens = usdPerMillionTokens; self.averageUtilization = averageUtilization
            self.energyKWhPerYear = energyKWhPerYear; self.carbonKgPerYear = carbonKgPerYear
            self.carbonGramsPerMillionTokens = carbonGramsPerMillionTokens; self.costGaps = costGaps; self.notes = notes
            self.ttftMs = ttftMs; self.tpotMs = tpotMs; self.sources = sources
        }

        enum CodingKeys: String, CodingKey {
            case kind, commitment, label, offerID = "offer", region, unitsByYear = "units_by_year", cashUSD = "cash_usd"
            case cumulativeUSD = "cumulative_usd", residualUSD = "residual_usd", nominalUSD = "nominal_usd", npvUSD = "npv_usd"
            case componentsUSD = "components_usd", usdPerMillionTokens = "usd_per_million_tokens"
            case averageUtilization = "average_utilization", energyKWhPerYear = "energy_kwh_per_year"
            case carbonKgPerYear = "carbon_kg_per_year", carbonGramsPerMillionTokens = "carbon_g_per_million_tokens"
            case costGaps = "cost_gaps", notes, ttftMs = "ttft_ms", tpotMs = "tpot_ms", sources
        }
    }

    /// The month buying has cost no more in total than renting, for one renting option.
    public struct BreakEven: Sendable, Encodable {
        public var buy: String
        public var rent: String
        /// 1-based month; nil: not within the horizon.
        public var month: Int?
        public init(buy: String, rent: String, month: Int?) { self.buy = buy; self.rent = rent; self.month = month }
    }

    /// Options that did not make the table, counted by reason.
    public struct Exclusion: Sendable, Encodable, Hashable {
        public var reason: String
        public var count: Int
        public init(reason: String, count: Int) { self.reason = reason; self.count = count }
    }

    /// One assumption the numbers rest on, with its value and where it came from.
    public struct Assumption: Sendable, Encodable {
        public var key: String
        public var value: String
        public var source: String
        public init(key: String, value: String, source: String) { self.key = key; self.value = value; self.source = source }
    }

    public var profileName: String
    public var modelID: String
    public var horizonMonths: Int
    /// Best first within each kind; the kinds in the order buy, rent (by commitment), api, hybrid.
    public var options: [Option]
    /// Incomplete-cost options shown apart (never ranked above a complete one); empty unless allowed.
    public var incomplete: [Option]
    public var breakEvens: [BreakEven]
    public var excluded: [Exclusion]
    public var sensitivity: Sensitivity?
    public var assumptions: [Assumption]
    /// Why there is no hybrid row, when there is none.
    public var hybridNote: String?
    public init(profileName: String, modelID: String, horizonMonths: Int, options: [Option], incomplete: [Option],
                breakEvens: [BreakEven], excluded: [Exclusion], sensitivity: Sensitivity?, assumptions: [Assumption],
                hybridNote: String?) {
        self.profileName = profileName; self.modelID = modelID; self.horizonMonths = horizonMonths; self.options = options
        self.incomplete = incomplete; self.breakEvens = breakEvens; self.excluded = excluded; self.sensitivity = sensitivity
        self.assumptions = assumptions; self.hybridNote = hybridNote
    }

    /// The cheapest complete option by nominal total.
    public var best: Option? { options.min { $0.nominalUSD < $1.nominalUSD } }

    enum CodingKeys: String, CodingKey {
        case profileName = "profile", modelID = "model", horizonMonths = "horizon_months", options, incomplete
        case breakEvens = "break_evens", excluded, sensitivity, assumptions, hybridNote = "hybrid_note"
    }
}

/// How the buy-versus-rent decision moves when one input moves (a tornado).
public struct Sensitivity: Sendable, Encodable {
    public struct Bar: Sendable, Encodable {
        public var parameter: String
        /// The base value and the range tried, in the parameter's own unit.
        public var unit: String
        public var base: Double
        public var low: Double
        public var high: Double
        /// Best buy minus best rent, nominal USD over the horizon (negative: buying is cheaper).
        public var differenceAtLowUSD: Decimal
        public var differenceAtHighUSD: Decimal
        /// The value inside the range where the decision flips; nil when it does not.
        public var flipsAt: Double?
        public init(parameter: String, unit: String, base: Double, low: Double, high: Double, differenceAtLowUSD: Decimal,
                    differenceAtHighUSD: Decimal, flipsAt: Double?) {
            self.parameter = parameter; self.unit = unit; self.base = base; self.low = low; self.high = high
            self.differenceAtLowUSD = differenceAtLowUSD; self.differenceAtHighUSD = differenceAtHighUSD; self.flipsAt = flipsAt
        }
        enum CodingKeys: String, CodingKey {
            case parameter, unit, base, low, high, differenceAtLowUSD = "difference_at_low_usd"
            case differenceAtHighUSD = "difference_at_high_usd", flipsAt = "flips_at"
        }
    }
    public var buy: String
    public var rent: String
    public var baseDifferenceUSD: Decimal
    /// Widest swing first.
    public var bars: [Bar]
    public init(buy: String, rent: String, baseDifferenceUSD: Decimal, bars: [Bar]) {
        self.buy = buy; self.rent = rent; self.baseDifferenceUSD = baseDifferenceUSD; self.bars = bars
    }
    enum CodingKeys: String, CodingKey { case buy, rent, baseDifferenceUSD = "base_difference_usd", bars }
}
