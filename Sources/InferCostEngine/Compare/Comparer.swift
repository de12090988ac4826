import Foundation
import InferCostCore

/// Builds a `Comparison` from a profile's recommendation: the best buy, the best rent at each
/// commitment level, the best per-token API and the best hybrid, each projected month by month
/// over the horizon with traffic growth (docs/methodology.md, "Compare"). Pure and deterministic.
public struct Comparer: Sendable {
    public var catalog: Catalog
    public init(catalog: Catalog) { self.catalog = catalog }

    /// What the sensitivity analysis moves; `.base` reproduces the profile.
    struct Levers: Sendable {
        var electricityFactor = 1.0
        var utilization: Double
        var hardwareFactor = 1.0
        /// Discount off listed cloud and API prices, percent; nil: the profile's negotiated discounts.
        var cloudDiscountPercent: Double?
        var growthPercent: Double
        var horizonYears: Double
        static func base(_ p: Profile) -> Levers {
            Levers(utilization: p.costs.planningUtilization, growthPercent: p.traffic.growthPercentPerYear,
                   horizonYears: p.costs.horizonYears)
        }
    }

    public func compare(profile: Profile, recommendation: Recommendation, allowIncomplete: Bool = false) -> Comparison {
        let base = Levers.base(profile)
        let ranked = recommendation.ranked.map(\.candidate)
        var excluded: [String: Int] = [:]

        // Buy: complete on-prem options only, unless allowed (then shown apart).
        let owned = ranked.filter { $0.deployment == .onprem }
        let incompleteOwned = owned.filter { !$0.isCostComplete }
        if !incompleteOwned.isEmpty { excluded["buy: cost incomplete (unsourced host price or host power)", default: 0] += incompleteOwned.count }
        let buys = owned.filter(\.isCostComplete).map { project($0, profile: profile, levers: base) }.sorted(by: cheaper)
        if buys.count > 1 { excluded["buy: costs more than the best buy", default: 0] += buys.count - 1 }

        // Rent: the best option at each commitment level.
        var rents: [Comparison.Option] = []
        for pricing in PricingModel.allCases {
            let level = ranked.filter { $0.deployment == .cloud && $0.pricing == pricing }
                .map { project($0, profile: profile, levers: base) }.sorted(by: cheaper)
            if let best = level.first { rents.append(best) }
            if level.count > 1 { excluded["rent \(pricing.rawValue): costs more than the best at that level", default: 0] += level.count - 1 }
        }

        // Per-token APIs serving the profile's model in its market.
        let market = profile.constraints.market
        let apiOffers = catalog.apiOffers.filter { $0.modelID == profile.modelID }
        let outOfMarket = apiOffers.filter { market != nil && $0.market != market }
        if !outOfMarket.isEmpty { excluded["api: sold outside the profile's market", default: 0] += outOfMarket.count }
        let apis = apiOffers.filter { market == nil || $0.market == market }
            .compactMap { projectAPI($0, profile: profile, levers: base) }.sorted(by: cheaper)
        if apis.count > 1 { excluded["api: costs more than the best API", default: 0] += apis.count - 1 }

        // Hybrid: the best buy's servers as base load, the best on-demand rent for the peaks.
        let bestBuyCandidate = owned.filter(\.isCostComplete).min { a, b in
            project(a, profile: profile, levers: base).nominalUSD < project(b, profile: profile, levers: base).nominalUSD
        }
        let bestOnDemand = ranked.filter { $0.deployment == .cloud && $0.pricing == .onDemand }.min { a, b in
            project(a, profile: profile, levers: base).nominalUSD < project(b, profile: profile, levers: base).nominalUSD
        }
        var hybrids: [Comparison.Option] = []
        var hybridNote: String?
        if let b = bestBuyCandidate, let r = bestOnDemand {
            if let h = bestHybrid(buy: b, burst: r, profile: profile, levers: base) {
                hybrids.append(h)
            } else {
                hybridNote = "no hybrid: the best buy (\(b.offerName)) needs a single server for the peak in every year, so an owned base plus cloud burst is the same as buying"
            }
        } else {
            hybridNote = "no hybrid: it needs both a complete buy option and an on-demand rent option"
        }

        let options = Array(buys.prefix(1)) + rents + Array(apis.prefix(1)) + hybrids
        let incomplete = allowIncomplete
            ? incompleteOwned.map { project($0, profile: profile, levers: base) }.sorted(by: cheaper) : []

        // Rejected offers, counted by the rule that stopped them.
        for losing in recommendation.losingOffers { excluded["rejected: \(losing.ruleID)", default: 0] += 1 }

        var breakEvens: [Comparison.BreakEven] = []
        if let buy = buys.first {
            for rent in rents + Array(apis.prefix(1)) {
                breakEvens.append(.init(buy: buy.label, rent: rent.label, month: Self.breakEvenMonth(buy: buy, rent: rent)))
            }
        }

        let sensitivity = bestBuyCandidate.flatMap { b in
            analyse(buy: b, rents: ranked.filter { $0.deployment == .cloud }, profile: profile)
        }
        return Comparison(
            profileName: profile.name, modelID: profile.modelID, horizonMonths: Self.months(base.horizonYears),
            options: options, incomplete: incomplete, breakEvens: breakEvens,
            excluded: excluded.map { Comparison.Exclusion(reason: $0.key, count: $0.value) }.sorted { ($0.reason) < ($1.reason) },
            sensitivity: sensitivity, assumptions: assumptions(profile), hybridNote: hybridNote)
    }

    static func months(_ years: Double) -> Int { max(1, Int((years * 12).rounded())) }

    func cheaper(_ a: Comparison.Option, _ b: Comparison.Option) -> Bool {
        a.nominalUSD != b.nominalUSD ? a.nominalUSD < b.nominalUSD : a.label < b.label
    }

    /// The first month in which buying has cost no more in total than renting.
    static func breakEvenMonth(buy: Comparison.Option, rent: Comparison.Option) -> Int? {
        let n = min(buy.cumulativeUSD.count, rent.cumulativeUSD.count)
        guard n > 1 else { return nil }
        return (1..<n).first { buy.cumulativeUSD[$0] <= rent.cumulativeUSD[$0] }
    }

    // MARK: Demand

    /// Demand in year `y` relative to year one.
    /// The most units any year may need: years of growth can compound a demand past any Int.
    static let unitLimit = 1_000_000

    static func growth(_ levers: Levers, year: Int) -> Double { pow(1 + levers.growthPercent / 100, Double(year)) }

    /// Units needed in year `y`: peak demand that year over what one unit serves within the planning
    /// utilisation (the capacity plan's own sizing, `ceil(peak x service / u)` replicas, in whole units).
    static func units(_ c: Candidate, profile: Profile, levers: Levers, year: Int) -> Int {
        let perUnit = c.capacityRequestsPerSecond / Double(max(c.units, 1)) * max(levers.utilization, 0.01)
        guard perUnit > 0 else { return max(c.units, 1) }
        let peak = profile.traffic.peakRequestsPerSecond * growth(levers, year: year)
        return max(1, Int.clampedCount(peak / perUnit - 1e-9, limit: Self.unitLimit))
    }

    /// Tokens the profile is counted in (output, or input for encoders) per month in year `y`.
    static func tokensPerMonth(_ profile: Profile, levers: Levers, year: Int) -> Double {
        let t = profile.traffic
        let perRequest = Double(t.outputTokens > 0 ? t.outputTokens : t.inputTokens)
        return t.averageRequestsPerSecond * growth(levers, year: year) * perRequest * Units.hoursPerMonth * Units.secondsPerHour
    }

    /// The load in each hour of a day relative to the average (mean 1): the profile's curve, or a
    /// sinusoid peaking at 14:00 whose peak is `peak_to_average` (clipped at zero, then rescaled to mean 1).
    public static func dailyCurve(_ traffic: Profile.Traffic) -> [Double] {
        if let curve = traffic.dailyCurve, curve.count == 24 { return curve }
        let raw = (0..<24).map { h in max(0, 1 + (traffic.peakToAverage - 1) * cos(2 * Double.pi * Double(h - 14) / 24)) }
        let mean = raw.reduce(0, +) / 24
        return mean > 0 ? raw.map { $0 / mean } : Array(repeating: 1, count: 24)
    }

    // MARK: Projection

    struct Ledger {
        var cash: [Decimal]
        var components: [String: Decimal] = [:]
        var residual: Decimal = 0
        init(months: Int) { cash = Array(repeating: 0, count: months + 1) }
        mutating func pay(_ amount: Decimal, at month: Int, as component: String) {
            guard amount != 0 else { return }
            cash[min(month, cash.count - 1)] += amount
            components[component, default: 0] += amount
        }
    }

    func finish(_ ledger: Ledger, kind: Comparison.Kind, commitment: String, label: String, offerID: String, region: String?,
                unitsByYear: [Int], profile: Profile, levers: Levers, utilization: Double?, powerKW: Double?,
                gaps: [String], notes: [String], ttftMs: Double?, tpotMs: Double?, sources: [String]) -> Comparison.Option {
        let months = ledger.cash.count - 1
        var cumulative: [Decimal] = []
        var running: Decimal = 0
        for c in ledger.cash { running += c; cumulative.append(running) }
        var components = ledger.components
        if ledger.residual != 0 { components["residual", default: 0] -= ledger.residual }
        let nominal = running - ledger.residual
        let r = max(profile.costs.discountRatePercent, 0) / 100
        var npv: Decimal = 0
        for (m, c) in ledger.cash.enumerated() { npv += c / Decimal(pow(1 + r, Double(m) / 12)) }
        npv -= ledger.residual / Decimal(pow(1 + r, Double(months) / 12))
        let years = Int((Double(months) / 12).rounded(.up))
        let tokens = (0..<max(years, 1)).reduce(0.0) { total, y in
            total + Self.tokensPerMonth(profile, levers: levers, year: y) * Double(min(12, months - 12 * y))
        }
        let energy = powerKW.map { $0 * profile.costs.pue * 8760 }
        let intensity = profile.gridKgCO2ePerKWh ?? profile.constraints.market.flatMap { catalog.gridIntensity[$0]?.kgCO2ePerKWh }
        let carbon = energy.flatMap { e in intensity.map { e * $0 } }
        let tokensPerYear = Self.tokensPerMonth(profile, levers: levers, year: 0) * 12
        return Comparison.Option(
            kind: kind, commitment: commitment, label: label, offerID: offerID, region: region, unitsByYear: unitsByYear,
            cashUSD: ledger.cash, cumulativeUSD: cumulative, residualUSD: ledger.residual, nominalUSD: nominal, npvUSD: npv,
            componentsUSD: components, usdPerMillionTokens: tokens > 0 ? nominal / Decimal(tokens / 1e6) : nil,
            averageUtilization: utilization, energyKWhPerYear: energy, carbonKgPerYear: carbon,
            carbonGramsPerMillionTokens: carbon.flatMap { tokensPerYear > 0 ? $0 * 1000 / (tokensPerYear / 1e6) : nil },
            costGaps: gaps, notes: notes, ttftMs: ttftMs, tpotMs: tpotMs, sources: sources)
    }

    /// The catalog sources behind a candidate's price, with their dates.
    func sources(_ c: Candidate) -> [String] {
        guard let offer = catalog.offers.first(where: { $0.id == c.offerID }) else { return [] }
        switch offer.terms {
        case .cloud(_, let prices):
            return prices.filter { $0.region == c.region && $0.pricing == c.pricing && $0.payment == (c.payment ?? .noUpfront) }
                .map { "\(offer.id) \($0.pricing.rawValue) \($0.region): \($0.source) (as of \($0.asOf))" }
        case .onPrem(let t):
            return t.sources.map { "\(offer.id) \($0.fields.joined(separator: ", ")): \($0.ref) (as of \($0.asOf))" }
        }
    }

    /// Per-unit monthly running costs of an owned server, by component, at the levers.
    func ownedOpexPerUnit(_ c: Candidate, levers: Levers) -> [(String, Decimal)] {
        guard let cost = c.cost, c.units > 0 else { return [] }
        let n = Decimal(c.units)
        let supportScales: Bool = {
            if case .onPrem(let t)? = catalog.offers.first(where: { $0.id == c.offerID })?.terms { return t.supportPerYear == nil }
            return false
        }()
        return [
            ("power", cost.powerUSDPerMonth / n * Decimal(levers.electricityFactor)),
            ("hosting", cost.hostingUSDPerMonth / n),
            ("support", cost.supportUSDPerMonth / n * (supportScales ? Decimal(levers.hardwareFactor) : 1)),
            ("licences", cost.licenceUSDPerMonth / n),
            ("staff", cost.staffUSDPerMonth / n),
        ]
    }

    /// The purchase price of one server, as the recommendation costed it (server plus per-server networking).
    func capitalPerUnit(_ c: Candidate, levers: Levers) -> Decimal {
        guard let cost = c.cost, c.units > 0 else { return 0 }
        return cost.capitalUSD / Decimal(c.units) * Decimal(levers.hardwareFactor)
    }

    func project(_ c: Candidate, profile: Profile, levers: Levers) -> Comparison.Option {
        let months = Self.months(levers.horizonYears)
        let years = Int((Double(months) / 12).rounded(.up))
        let unitsByYear = (0..<years).map { Self.units(c, profile: profile, levers: levers, year: $0) }
        var ledger = Ledger(months: months)
        var notes: [String] = []
        let averageUtilization = c.peakUtilization / max(profile.traffic.peakToAverage, 1)
        let label: String
        let commitment: String
        switch c.deployment {
        case .onprem, .any:
            commitment = "purchase"
            label = "Buy \(c.units > 1 ? "\(c.units) x " : "")\(c.offerName)"
            let capital = capitalPerUnit(c, levers: levers)
            let opex = ownedOpexPerUnit(c, levers: levers)
            var owned = 0
            for (y, need) in unitsByYear.enumerated() where need > owned {
                let month = 12 * y
                ledger.pay(capital * Decimal(need - owned), at: month, as: "capital")
                let age = (Double(months) - Double(month)) / 12
                ledger.residual += capital * Decimal(need - owned) * Decimal(profile.costs.residualFraction(afterYears: age))
                if y > 0 { notes.append("buys \(need - owned) more in year \(y + 1) (demand growth)") }
                owned = need
            }
            for m in 1...max(months, 1) where m <= months {
                let inUse = unitsByYear[min((m - 1) / 12, unitsByYear.count - 1)]
                for (component, perUnit) in opex { ledger.pay(perUnit * Decimal(max(inUse, 0)), at: m, as: component) }
            }
            let powerKW = c.averagePowerKW
            return finish(ledger, kind: .buy, commitment: commitment, label: label, offerID: c.offerID, region: nil,
                          unitsByYear: unitsByYear, profile: profile, levers: levers, utilization: averageUtilization,
                          powerKW: powerKW, gaps: c.costGaps, notes: notes, ttftMs: c.ttftMs, tpotMs: c.tpotMs,
                          sources: sources(c))
        case .cloud:
            let pricing = c.pricing ?? .onDemand
            commitment = pricing.rawValue + (c.payment.map { $0 == .noUpfront ? "" : " (\($0.rawValue))" } ?? "")
            label = "Rent \(c.units > 1 ? "\(c.units) x " : "")\(c.offerID) \(commitment)"
            let hourly = (c.cost?.rentalUSDPerMonth ?? 0) / Decimal(max(c.units, 1)) / Decimal(Units.hoursPerMonth)
            let listed = hourly / profile.priceFactor(provider: c.provider)
            let perHour = levers.cloudDiscountPercent.map { listed * Decimal(1 - min(max($0, 0), 100) / 100) } ?? hourly
            let monthlyPerUnit = perHour * Decimal(Units.hoursPerMonth)
            let licencePerUnit = (c.cost?.licenceUSDPerMonth ?? 0) / Decimal(max(c.units, 1))
            let term: Int? = pricing == .reserved1y ? 12 : pricing == .reserved3y ? 36 : nil
            let upfront = c.payment == .allUpfront
            // Commitments: each increase is committed for a full term; a term that ends is renewed while its
            // units are still needed. Monthly (no-upfront) payments past the horizon are still owed.
            var contracts: [(units: Int, end: Int)] = []
            for m in 1...max(months, 1) where m <= months {
                let need = unitsByYear[min((m - 1) / 12, unitsByYear.count - 1)]
                if let term {
                    var active = contracts.filter { $0.end >= m }
                    var committed = active.reduce(0) { $0 + $1.units }
                    for expired in contracts where expired.end == m - 1 && committed < need {
                        let renewed = min(expired.units, need - committed)
                        active.append((renewed, m + term - 1))
                        committed += renewed
                        if upfront { ledger.pay(monthlyPerUnit * Decimal(renewed * term), at: m - 1, as: "rental") }
                    }
                    if need > committed {
                        active.append((need - committed, m + term - 1))
                        if upfront { ledger.pay(monthlyPerUnit * Decimal((need - committed) * term), at: m - 1, as: "rental") }
                        committed = need
                    }
                    contracts = active
                    if !upfront { ledger.pay(monthlyPerUnit * Decimal(committed), at: m, as: "rental") }
                } else {
                    ledger.pay(monthlyPerUnit * Decimal(need), at: m, as: "rental")
                }
                ledger.pay(licencePerUnit * Decimal(need), at: m, as: "licences")
            }
            let owedMonths = contracts.reduce(0) { $0 + max(0, $1.end - months) * $1.units }
            if owedMonths > 0 {
                if !upfront { ledger.pay(monthlyPerUnit * Decimal(owedMonths), at: months, as: "rental") }
                notes.append("includes \(owedMonths) unit-months of commitment that run past the horizon")
            }
            if pricing == .spot { notes.append("spot capacity can be reclaimed at short notice") }
            if term != nil { notes.append("the commitment is renewed at the same price while the units are needed") }
            return finish(ledger, kind: .rent, commitment: commitment, label: label, offerID: c.offerID, region: c.region,
                          unitsByYear: unitsByYear, profile: profile, levers: levers, utilization: averageUtilization,
                          powerKW: c.averagePowerKW, gaps: c.costGaps,
                          notes: notes + ["energy counts the devices only (the provider's hosts and PUE are not published)"],
                          ttftMs: c.ttftMs, tpotMs: c.tpotMs, sources: sources(c))
        }
    }

    func projectAPI(_ offer: APIOffer, profile: Profile, levers: Levers) -> Comparison.Option? {
        let money = profile.money
        guard let inUSD = money.usd(offer.inputPerMillion, from: offer.currency),
              let outUSD = money.usd(offer.outputPerMillion, from: offer.currency) else { return nil }
        let factor = levers.cloudDiscountPercent.map { Decimal(1 - min(max($0, 0), 100) / 100) } ?? profile.priceFactor(provider: offer.provider)
        let t = profile.traffic
        let perRequest = (Decimal(t.inputTokens) * inUSD + Decimal(t.outputTokens) * outUSD) / 1_000_000 * factor
        let months = Self.months(levers.horizonYears)
        var ledger = Ledger(months: months)
        for m in 1...max(months, 1) where m <= months {
            let requests = t.averageRequestsPerSecond * Self.growth(levers, year: (m - 1) / 12) * Units.hoursPerMonth * Units.secondsPerHour
            ledger.pay(perRequest * Decimal(requests), at: m, as: "tokens")
        }
        var notes = ["no published latency guarantee: the TTFT and TPOT targets are not checked for APIs"]
        if let rpm = offer.requestsPerMinute, t.peakRequestsPerSecond * 60 > rpm {
            notes.append("peak \(NumberFormat.short(t.peakRequestsPerSecond * 60)) requests/min exceeds the published limit of \(NumberFormat.short(rpm))")
        } else if offer.rateLimits == nil && offer.requestsPerMinute == nil {
            notes.append("no rate limit published")
        } else if let limits = offer.rateLimits {
            notes.append("rate limits: \(limits)")
        }
        return finish(ledger, kind: .api, commitment: "per_token", label: "API \(offer.providerName) (\(offer.apiModel))",
                      offerID: offer.id, region: nil, unitsByYear: [], profile: profile, levers: levers, utilization: nil,
                      powerKW: nil, gaps: [], notes: notes, ttftMs: nil, tpotMs: nil,
                      sources: ["\(offer.id): \(offer.source) (as of \(offer.asOf))"])
    }

    /// Owned servers for the base load and on-demand instances hour by hour above it; the base size
    /// with the lowest total wins. Nil when owning nothing or everything is cheaper (no real mix).
    func bestHybrid(buy: Candidate, burst: Candidate, profile: Profile, levers: Levers) -> Comparison.Option? {
        let years = Int((Double(Self.months(levers.horizonYears)) / 12).rounded(.up))
        let full = (0..<max(years, 1)).map { Self.units(buy, profile: profile, levers: levers, year: $0) }.max() ?? 1
        guard full > 1 else { return nil }
        let cost = { (base: Int) in projectHybrid(buy: buy, burst: burst, base: base, profile: profile, levers: levers).nominalUSD }
        return Self.cheapestBase(in: 1...(full - 1), cost: cost).map {
            projectHybrid(buy: buy, burst: burst, base: $0, profile: profile, levers: levers)
        }
    }

    /// Base sizes tried one by one up to this many; a wider range (years of compounded growth) is
    /// searched on a grid of this many sizes, narrowed around the best until the step is one unit.
    static let exhaustiveBaseSizes = 2_000

    /// The base size in `range` with the lowest cost (the smallest such size on a tie): every size when the
    /// range holds at most `exhaustiveBaseSizes`; otherwise a grid narrowed around its best point, which
    /// finds the optimum of a cost that is convex in the base (owned units cost linearly, the burst above
    /// them less and less) with bounded work. Nil only for an empty range.
    static func cheapestBase(in range: ClosedRange<Int>, cost: (Int) -> Decimal) -> Int? {
        var (lo, hi) = (range.lowerBound, range.upperBound)
        var best: (base: Int, cost: Decimal)?
        while true {
            let step = max(1, (hi - lo + exhaustiveBaseSizes) / exhaustiveBaseSizes)
            for base in Swift.stride(from: lo, through: hi, by: step) where base != best?.base {
                let c = cost(base)
                if best.map({ c < $0.cost || (c == $0.cost && base < $0.base) }) ?? true { best = (base, c) }
            }
            guard step > 1, let centre = best?.base else { return best?.base }
            (lo, hi) = (max(range.lowerBound, centre - step + 1), min(range.upperBound, centre + step - 1))
        }
    }

    func projectHybrid(buy: Candidate, burst: Candidate, base: Int, profile: Profile, levers: Levers) -> Comparison.Option {
        let months = Self.months(levers.horizonYears)
        let years = Int((Double(months) / 12).rounded(.up))
        var ledger = Ledger(months: months)
        let capital = capitalPerUnit(buy, levers: levers)
        ledger.pay(capital * Decimal(base), at: 0, as: "capital")
        ledger.residual = capital * Decimal(base) * Decimal(profile.costs.residualFraction(afterYears: Double(months) / 12))
        let opex = ownedOpexPerUnit(buy, levers: levers)
        // Requests per second one unit serves within the planning utilisation.
        let u = levers.utilization
        let ownCapacity = buy.capacityRequestsPerSecond / Double(max(buy.units, 1)) * u
        let rentCapacity = burst.capacityRequestsPerSecond / Double(max(burst.units, 1)) * u
        let hourly = (burst.cost?.rentalUSDPerMonth ?? 0) / Decimal(max(burst.units, 1)) / Decimal(Units.hoursPerMonth)
        let listed = hourly / profile.priceFactor(provider: burst.provider)
        let perHour = levers.cloudDiscountPercent.map { listed * Decimal(1 - min(max($0, 0), 100) / 100) } ?? hourly
        let curve = Self.dailyCurve(profile.traffic)
        var burstUnitHoursPerDay: [Int] = []
        var peakBurst: [Int] = []
        for y in 0..<years {
            let average = profile.traffic.averageRequestsPerSecond * Self.growth(levers, year: y)
            let perHourUnits = curve.map { share -> Int in
                let excess = average * share - Double(base) * ownCapacity
                return excess > 0 && rentCapacity > 0 ? Int.clampedCount(excess / rentCapacity - 1e-9, limit: Self.unitLimit) : 0
            }
            burstUnitHoursPerDay.append(perHourUnits.reduce(0, +))
            peakBurst.append(perHourUnits.max() ?? 0)
        }
        let daysPerMonth = Decimal(Units.hoursPerMonth / 24)
        for m in 1...max(months, 1) where m <= months {
            let y = min((m - 1) / 12, years - 1)
            for (component, perUnit) in opex { ledger.pay(perUnit * Decimal(base), at: m, as: component) }
            ledger.pay(perHour * Decimal(burstUnitHoursPerDay[y]) * daysPerMonth, at: m, as: "rental")
        }
        let averagePower = buy.averagePowerKW.map { $0 * Double(base) / Double(max(buy.units, 1)) }
        let notes = [
            "owns \(base) x \(buy.offerName) for the base load; rents up to \(peakBurst.max() ?? 0) x \(burst.offerID) on demand, hour by hour, above it",
            profile.traffic.dailyCurve == nil
                ? "daily load: a sinusoid peaking at 14:00 with peak/average \(NumberFormat.short(profile.traffic.peakToAverage)) (no daily_curve in the profile)"
                : "daily load: the profile's daily_curve",
            "energy counts the owned base only",
        ]
        return finish(ledger, kind: .hybrid, commitment: "owned+on_demand",
                      label: "Hybrid: own \(base) x \(buy.offerName) + burst \(burst.offerID)", offerID: buy.offerID,
                      region: burst.region, unitsByYear: Array(repeating: base, count: years), profile: profile, levers: levers,
                      utilization: nil, powerKW: averagePower, gaps: buy.costGaps + burst.costGaps, notes: notes,
                      ttftMs: max(buy.ttftMs, burst.ttftMs), tpotMs: [buy.tpotMs, burst.tpotMs].compactMap { $0 }.max(),
                      sources: sources(buy) + sources(burst))
    }

    // MARK: Assumptions

    func assumptions(_ profile: Profile) -> [Comparison.Assumption] {
        let c = profile.costs
        let defaults = catalog.costDefaults?.sources ?? []
        func origin(_ key: String) -> String {
            guard profile.defaultedCostKeys.contains(key) else { return "profile" }
            return defaults.covering(key).map { "cost-defaults.yaml: \($0.ref)" } ?? "cost-defaults.yaml"
        }
        var list: [Comparison.Assumption] = [
            .init(key: "horizon_years", value: NumberFormat.short(c.horizonYears), source: origin("horizon_years")),
            .init(key: "amortization_years", value: "\(NumberFormat.short(c.amortizationYears)) (straight-line; residual value after the horizon: \(NumberFormat.fixed(c.residualFraction(afterYears: c.horizonYears) * 100, 0))% of the purchase)", source: origin("amortization_years")),
            .init(key: "electricity_usd_per_kwh", value: "\(c.electricityUSDPerKWh)", source: origin("electricity_usd_per_kwh")),
            .init(key: "pue", value: NumberFormat.short(c.pue), source: origin("pue")),
            .init(key: "hosting_usd_per_kw_month", value: "\(c.hostingUSDPerKWMonth)", source: origin("hosting_usd_per_kw_month")),
            .init(key: "support_percent_per_year", value: NumberFormat.short(c.supportPercentPerYear), source: origin("support_percent_per_year")),
            .init(key: "planning_utilization", value: NumberFormat.short(c.planningUtilization), source: origin("planning_utilization")),
            .init(key: "discount_rate_percent", value: NumberFormat.short(c.discountRatePercent), source: origin("discount_rate_percent")),
            .init(key: "staff_usd_per_server_year", value: "\(c.staffUSDPerServerYear)", source: origin("staff_usd_per_server_year")),
            .init(key: "network_usd_per_server", value: "\(c.networkUSDPerServer)", source: origin("network_usd_per_server")),
            .init(key: "traffic.growth_percent_per_year", value: NumberFormat.short(profile.traffic.growthPercentPerYear), source: "profile (default 0)"),
            .init(key: "traffic.daily_curve", value: profile.traffic.dailyCurve == nil ? "sinusoid from peak_to_average" : "profile's 24 hourly values", source: "profile"),
            .init(key: "market", value: profile.constraints.market?.rawValue ?? "any",
                  source: profile.constraints.marketDefaulted ? "default (the profile names no market)" : "profile"),
        ]
        if let g = profile.gridKgCO2ePerKWh {
            list.append(.init(key: "grid_kgco2e_per_kwh", value: NumberFormat.short(g), source: "profile"))
        } else if let market = profile.constraints.market, let grid = catalog.gridIntensity[market] {
            list.append(.init(key: "grid_kgco2e_per_kwh", value: NumberFormat.short(grid.kgCO2ePerKWh), source: "grid-carbon.yaml (\(grid.basis)): \(grid.source)"))
        } else {
            list.append(.init(key: "grid_kgco2e_per_kwh", value: "unknown", source: "no sourced grid intensity for the market; set costs.grid_kgco2e_per_kwh"))
        }
        let discounts = profile.negotiatedDiscountPercent.keys.sorted().map { "\($0) \(NumberFormat.short(profile.negotiatedDiscountPercent[$0] ?? 0))%" }
        list.append(.init(key: "negotiated_discount_percent", value: discounts.isEmpty ? "none" : discounts.joined(separator: ", "), source: "profile"))
        let licences = profile.licences.map { "\($0.name) \($0.usdPerDeviceYear) USD/device/year" }
        list.append(.init(key: "licences", value: licences.isEmpty ? "none (the modelled open serving engines need none)" : licences.joined(separator: "; "), source: "profile"))
        return list
    }
}
