import Foundation
import InferCostCore

/// Monthly cost and TCO of a deployment (docs/methodology.md, "Cost").
public enum CostModel {
    public struct Input: Sendable {
        public var offer: Offer
        public var device: Device
        public var price: CloudPrice?
        /// Instances rented or servers bought.
        public var units: Int
        /// Busy fraction of the deployment at peak and on average.
        public var peakUtilization: Double
        public var averageUtilization: Double
        public var assumptions: CostAssumptions
        /// Brings prices in other currencies to US dollars.
        public var money: Money
        public var factors: EfficiencyFactors
        /// Licences the profile pays for (none by default).
        public var licences: [Profile.Licence]
        /// Fraction of the listed cloud price paid after a negotiated discount.
        public var priceFactor: Decimal
        public init(offer: Offer, device: Device, price: CloudPrice?, units: Int, peakUtilization: Double,
                    averageUtilization: Double, assumptions: CostAssumptions, money: Money = Money(),
                    factors: EfficiencyFactors, licences: [Profile.Licence] = [], priceFactor: Decimal = 1) {
            self.licences = licences; self.priceFactor = priceFactor
            self.offer = offer; self.device = device; self.price = price; self.units = units
            self.peakUtilization = peakUtilization; self.averageUtilization = averageUtilization
            self.assumptions = assumptions; self.money = money; self.factors = factors
        }
    }

    public struct Result: Sendable {
        /// nil when a figure the cost needs is missing (listed in `missing`).
        public let breakdown: CostBreakdown?
        /// The breakdown's `totalUSDPerMonth`, summed once: the search compares it for every candidate it costs.
        public let monthly: MonthlyCost?
        /// Peak draw of devices and hosts, kW, before PUE.
        public var peakPowerKW: Double?
        public var missing: [String]
        /// What the cost leaves out, e.g. a host with no sourced price. Empty: the cost is complete.
        public var caveats: [String]
        /// Draw at the average load, kW, before PUE (devices only for cloud, where the host is the provider's).
        public var averagePowerKW: Double?
        public init(breakdown: CostBreakdown?, peakPowerKW: Double?, missing: [String], caveats: [String], averagePowerKW: Double? = nil) {
            self.breakdown = breakdown; self.peakPowerKW = peakPowerKW; self.missing = missing; self.caveats = caveats
            monthly = breakdown.map { MonthlyCost($0.totalUSDPerMonth) }
            self.averagePowerKW = averagePowerKW
        }
    }

    /// `Units.hoursPerMonth` as money, converted once.
    static let hoursPerMonth = Decimal(Units.hoursPerMonth)

    public static func cost(_ input: Input) -> Result {
        let a = input.assumptions
        let horizonMonths = a.horizonYears * 12
        var missing: [String] = []
        var caveats: [String] = []

        let power = Self.powerKW(input)
        let peakPowerKW = power?.peak
        let averagePowerKW = power?.average

        // `Decimal` arithmetic, and above all `Decimal(Double)`, costs microseconds and this runs for every
        // surviving candidate of a search: no licence is 0 without the sum, and the device count is an Int.
        let licensed = input.licences.filter { $0.applies(toVendor: input.device.vendor) }
        let licence = licensed.isEmpty ? Decimal(0)
            : licensed.reduce(Decimal(0)) { $0 + $1.usdPerDeviceYear } * Decimal(input.units * input.offer.devicesPerUnit) / 12

        switch input.offer.terms {
        case .cloud:
            guard let price = input.price else { return Result(breakdown: nil, peakPowerKW: peakPowerKW, missing: ["\(input.offer.id).prices"], caveats: caveats) }
            guard let usdPerHour = input.money.usd(price.perHour, from: price.currency) else {
                return Result(breakdown: nil, peakPowerKW: peakPowerKW, missing: ["exchange rate for \(price.currency)"], caveats: caveats)
            }
            let rental = usdPerHour * input.priceFactor * Decimal(input.units) * Self.hoursPerMonth
            return Result(breakdown: CostBreakdown(rentalUSDPerMonth: rental, licenceUSDPerMonth: licence, horizonMonths: horizonMonths),
                          peakPowerKW: peakPowerKW, missing: [], caveats: caveats, averagePowerKW: averagePowerKW)
        case .onPrem(let t):
            let native: Decimal
            if let server = t.serverPrice {
                native = server
            } else if let device = t.devicePrice {
                native = device * Decimal(input.offer.devicesPerUnit) + (t.hostPrice ?? 0)
                if t.hostPrice == nil { caveats.append("capital excludes the host: \(input.offer.id) has no sourced host_price") }
            } else {
                missing.append("\(input.offer.id).server_price or device_price")
                native = 0
            }
            let toUSD = { (amount: Decimal) -> Decimal in input.money.usd(amount, from: t.currency) ?? 0 }
            if input.money.usd(1, from: t.currency) == nil { missing.append("exchange rate for \(t.currency)") }
            let perUnit = toUSD(native)
            guard let averagePowerKW, let peakPowerKW else {
                missing.append("\(input.device.id).tdp_w")
                return Result(breakdown: nil, peakPowerKW: nil, missing: missing, caveats: caveats)
            }
            guard missing.isEmpty else { return Result(breakdown: nil, peakPowerKW: peakPowerKW, missing: missing, caveats: caveats) }
            if t.hostPowerW == nil { caveats.append("power excludes the host: \(input.offer.id) has no sourced host_power_w") }
            let capital = (perUnit + a.networkUSDPerServer) * Decimal(input.units)
            let energyKWhPerMonth = averagePowerKW * a.pue * Units.hoursPerMonth
            // Doubles become money only through `Decimal(safe:)`: a figure too large to price is a
            // missing cost, never a trap.
            guard let months = Decimal(safe: horizonMonths), months > 0,
                  let residualShare = Decimal(safe: a.residualFraction(afterYears: a.horizonYears)),
                  let energy = Decimal(safe: energyKWhPerMonth), let peakKW = Decimal(safe: peakPowerKW),
                  let supportShare = Decimal(safe: a.supportPercentPerYear / 100) else {
                return Result(breakdown: nil, peakPowerKW: peakPowerKW, missing: ["power or horizon figures within range"],
                              caveats: caveats)
            }
            // Straight-line depreciation over `amortization_years`: what is left at the end of the
            // horizon is sold (residual value); the rest is spread over the horizon's months.
            let residual = capital * residualShare
            let capitalPerMonth = (capital - residual) / months
            let power = energy * a.electricityUSDPerKWh
            let hosting = peakKW * a.hostingUSDPerKWMonth
            let support: Decimal
            if let contract = t.supportPerYear {
                support = toUSD(contract) * Decimal(input.units) / 12
            } else {
                support = capital * supportShare / 12
            }
            let staff = a.staffUSDPerServerYear * Decimal(input.units) / 12
            return Result(
                breakdown: CostBreakdown(capitalUSDPerMonth: capitalPerMonth, powerUSDPerMonth: power,
                                         hostingUSDPerMonth: hosting, supportUSDPerMonth: support, licenceUSDPerMonth: licence,
                                         staffUSDPerMonth: staff, horizonMonths: horizonMonths, capitalUSD: capital,
                                         residualUSD: residual),
                peakPowerKW: peakPowerKW, missing: [], caveats: caveats, averagePowerKW: averagePowerKW)
        }
    }

    /// Peak and average draw of devices and hosts, kW, before PUE; nil without the device's TDP.
    static func powerKW(_ input: Input) -> (peak: Double, average: Double)? {
        guard let tdp = input.device.tdpW else { return nil }
        let devices = Double(input.units * input.offer.devicesPerUnit)
        let idle = input.factors.idlePowerFraction
        let host: Double
        if case .onPrem(let t) = input.offer.terms, let hostW = t.hostPowerW {
            host = hostW * Double(input.units)
        } else {
            host = 0
        }
        return ((devices * tdp * (idle + (1 - idle) * min(input.peakUtilization, 1)) + host) / 1000,
                (devices * tdp * (idle + (1 - idle) * min(input.averageUtilization, 1)) + host) / 1000)
    }

    /// `cost(_:)` for the many candidates of one price (same offer, device, price, assumptions, money, licences and
    /// price factor), memoised by unit count: a rental's money depends only on the count (utilisation moves only the
    /// power figures, in Double); a purchase's capital, residual, support and staff too, leaving only its power and
    /// hosting (which follow the draw) per candidate. The `Decimal` arithmetic, a tenth of a search, so runs once
    /// per count. Returns exactly what `cost(_:)` returns (anything but a complete cost is recomputed in full).
    public struct Memo: Sendable {
        var byUnits: [Int: Result] = [:]
        public init() {}

        public mutating func cost(_ input: Input) -> Result {
            guard var known = byUnits[input.units] else {
                let result = CostModel.cost(input)
                byUnits[input.units] = result
                return result
            }
            let power = CostModel.powerKW(input)
            switch input.offer.terms {
            case .cloud:
                known.peakPowerKW = power?.peak
                // `cost(_:)` leaves the average draw out when it cannot price the rental.
                known.averagePowerKW = known.breakdown == nil ? nil : power?.average
                return known
            case .onPrem:
                let a = input.assumptions
                guard var breakdown = known.breakdown, let power,
                      let energy = Decimal(safe: power.average * a.pue * Units.hoursPerMonth), let peakKW = Decimal(safe: power.peak)
                else { return CostModel.cost(input) }
                breakdown.powerUSDPerMonth = energy * a.electricityUSDPerKWh
                breakdown.hostingUSDPerMonth = peakKW * a.hostingUSDPerKWMonth
                return Result(breakdown: breakdown, peakPowerKW: power.peak, missing: [], caveats: known.caveats,
                              averagePowerKW: power.average)
            }
        }
    }

    /// USD per million tokens served at the average rate: output tokens for decoders, input
    /// tokens for encoders (how embedding APIs are priced).
    public static func usdPerMillionTokens(monthly: Decimal, profile: Profile) -> Decimal? {
        let t = profile.traffic
        let tokensPerRequest = Double(t.outputTokens > 0 ? t.outputTokens : t.inputTokens)
        let tokensPerMonth = t.averageRequestsPerSecond * tokensPerRequest * Units.hoursPerMonth * Units.secondsPerHour
        guard let millions = Decimal(safe: tokensPerMonth / 1e6), millions > 0 else { return nil }
        let perMillion = monthly / millions
        return perMillion.isNaN ? nil : perMillion
    }
}
