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
        /// The monthly total, in a `Double` for the search's comparisons and exact on demand; nil when a figure the
        /// cost needs is missing (listed in `missing`).
        public let monthly: MonthlyCost?
        /// The exact breakdown, worked out when read (`MonthlyCost.breakdown`); nil with `monthly`.
        public var breakdown: CostBreakdown? { monthly?.breakdown }
        /// Peak draw of devices and hosts, kW, before PUE.
        public var peakPowerKW: Double?
        public var missing: [String]
        /// What the cost leaves out, e.g. a host with no sourced price. Empty: the cost is complete.
        public var caveats: [String]
        /// Draw at the average load, kW, before PUE (devices only for cloud, where the host is the provider's).
        public var averagePowerKW: Double?
        public init(breakdown: CostBreakdown?, peakPowerKW: Double?, missing: [String], caveats: [String], averagePowerKW: Double? = nil) {
            self.init(monthly: breakdown.map(MonthlyCost.init(parts:)), peakPowerKW: peakPowerKW, missing: missing, caveats: caveats,
                      averagePowerKW: averagePowerKW)
        }
        init(monthly: MonthlyCost?, peakPowerKW: Double?, missing: [String], caveats: [String], averagePowerKW: Double? = nil) {
            self.monthly = monthly; self.peakPowerKW = peakPowerKW; self.missing = missing; self.caveats = caveats
            self.averagePowerKW = averagePowerKW
        }
    }

    /// `Units.hoursPerMonth` as money, converted once.
    static let hoursPerMonth = Decimal(Units.hoursPerMonth)

    public static func cost(_ input: Input) -> Result {
        var pricer = Pricer(offer: input.offer, device: input.device, price: input.price, assumptions: input.assumptions,
                            money: input.money, licences: input.licences, priceFactor: input.priceFactor)
        return pricer.cost(units: input.units, peakUtilization: input.peakUtilization, averageUtilization: input.averageUtilization,
                           idlePowerFraction: input.factors.idlePowerFraction)
    }

    /// The costs of one offer at one price (or bought), for any unit count and load: what `cost(_:)` returns for an input
    /// with these figures. `Decimal` arithmetic allocates and costs microseconds (an addition ~280 ns, `Decimal(Double)`
    /// more), and the search costs every surviving candidate, so a cost is worked out in `Double`s and made exact only
    /// when read (`MonthlyCost`): a rental's hourly rate in dollars once per price; a purchase's capital, residual,
    /// support, licences and staff once per unit count (with the caveats and missing figures); per candidate only the
    /// draw, hence power and hosting, in `Double`s.
    public struct Pricer: Sendable {
        let offer: Offer
        let device: Device
        let price: CloudPrice?
        let assumptions: CostAssumptions
        let money: Money
        let priceFactor: Decimal
        /// The summed yearly licence per device of the licences that apply to the device; nil when none does.
        let licencePerDeviceYear: Decimal?
        /// The rate, worked out at the first cost; nil inside: no price or no exchange rate.
        private var rental: Shared<Rental>??
        private var purchases: [Int: Purchase] = [:]

        public init(offer: Offer, device: Device, price: CloudPrice?, assumptions: CostAssumptions, money: Money,
                    licences: [Profile.Licence], priceFactor: Decimal) {
            self.offer = offer; self.device = device; self.price = price; self.assumptions = assumptions; self.money = money
            self.priceFactor = priceFactor
            let licensed = licences.filter { $0.applies(toVendor: device.vendor) }
            licencePerDeviceYear = licensed.isEmpty ? nil : licensed.reduce(Decimal(0)) { $0 + $1.usdPerDeviceYear }
        }

        /// The licence per month of `units` units, exact; 0 without a licence.
        func licence(units: Int) -> Decimal {
            licencePerDeviceYear.map { $0 * Decimal(units * offer.devicesPerUnit) / 12 } ?? 0
        }

        /// Peak and average draw of devices and hosts, kW, before PUE; nil without the device's TDP.
        func powerKW(units: Int, peakUtilization: Double, averageUtilization: Double, idlePowerFraction idle: Double)
            -> (peak: Double, average: Double)? {
            guard let tdp = device.tdpW else { return nil }
            let devices = Double(units * offer.devicesPerUnit)
            let host: Double
            if case .onPrem(let t) = offer.terms, let hostW = t.hostPowerW {
                host = hostW * Double(units)
            } else {
                host = 0
            }
            return ((devices * tdp * (idle + (1 - idle) * min(peakUtilization, 1)) + host) / 1000,
                    (devices * tdp * (idle + (1 - idle) * min(averageUtilization, 1)) + host) / 1000)
        }

        public mutating func cost(units: Int, peakUtilization: Double, averageUtilization: Double, idlePowerFraction: Double) -> Result {
            let power = powerKW(units: units, peakUtilization: peakUtilization, averageUtilization: averageUtilization,
                                idlePowerFraction: idlePowerFraction)
            switch offer.terms {
            case .cloud:
                if rental == nil { rental = .some(makeRental()) }
                guard case .some(.some(let rate)) = rental else {
                    let missing = price == nil ? ["\(offer.id).prices"] : ["exchange rate for \(price?.currency ?? "")"]
                    return Result(monthly: nil, peakPowerKW: power?.peak, missing: missing, caveats: [])
                }
                return Result(monthly: MonthlyCost(rental: rate, units: units), peakPowerKW: power?.peak, missing: [], caveats: [],
                              averagePowerKW: power?.average)
            case .onPrem(let t):
                let purchase = purchases[units] ?? {
                    let made = makePurchase(units: units, terms: t)
                    purchases[units] = made
                    return made
                }()
                guard let power else {
                    return Result(monthly: nil, peakPowerKW: nil, missing: purchase.missing + ["\(device.id).tdp_w"], caveats: purchase.caveats)
                }
                guard purchase.missing.isEmpty else {
                    return Result(monthly: nil, peakPowerKW: power.peak, missing: purchase.missing, caveats: purchase.caveats)
                }
                // Doubles become money only through `Decimal(safe:)` (here when the cost is read): a figure too large to
                // price is a missing cost, never a trap.
                let energyKWhPerMonth = power.average * assumptions.pue * Units.hoursPerMonth
                guard let base = purchase.base, Decimal.isSafe(energyKWhPerMonth), Decimal.isSafe(power.peak) else {
                    return Result(monthly: nil, peakPowerKW: power.peak, missing: ["power or horizon figures within range"],
                                  caveats: purchase.caveats)
                }
                return Result(monthly: MonthlyCost(purchase: base, energyKWhPerMonth: energyKWhPerMonth, peakKW: power.peak),
                              peakPowerKW: power.peak, missing: [], caveats: purchase.caveats, averagePowerKW: power.average)
            }
        }

        /// The hourly price in dollars; nil without a price or its exchange rate.
        private func makeRental() -> Shared<Rental>? {
            guard let price, let usdPerHour = money.usd(price.perHour, from: price.currency) else { return nil }
            return Shared(Rental(usdPerHour: usdPerHour, priceFactor: priceFactor, horizonMonths: assumptions.horizonYears * 12,
                                 licencePerDeviceYear: licencePerDeviceYear, devicesPerUnit: offer.devicesPerUnit))
        }

        /// Everything a purchase of `units` servers costs but its power and hosting, which follow the draw.
        private func makePurchase(units: Int, terms t: OnPremTerms) -> Purchase {
            let a = assumptions
            let horizonMonths = a.horizonYears * 12
            var missing: [String] = []
            var caveats: [String] = []
            let native: Decimal
            if let server = t.serverPrice {
                native = server
            } else if let device = t.devicePrice {
                native = device * Decimal(offer.devicesPerUnit) + (t.hostPrice ?? 0)
                if t.hostPrice == nil { caveats.append("capital excludes the host: \(offer.id) has no sourced host_price") }
            } else {
                missing.append("\(offer.id).server_price or device_price")
                native = 0
            }
            let toUSD = { (amount: Decimal) -> Decimal in money.usd(amount, from: t.currency) ?? 0 }
            if money.usd(1, from: t.currency) == nil { missing.append("exchange rate for \(t.currency)") }
            guard device.tdpW != nil, missing.isEmpty else { return Purchase(base: nil, missing: missing, caveats: caveats) }
            if t.hostPowerW == nil { caveats.append("power excludes the host: \(offer.id) has no sourced host_power_w") }
            let perUnit = toUSD(native)
            let capital = (perUnit + a.networkUSDPerServer) * Decimal(units)
            guard let months = Decimal(safe: horizonMonths), months > 0,
                  let residualShare = Decimal(safe: a.residualFraction(afterYears: a.horizonYears)),
                  let supportShare = Decimal(safe: a.supportPercentPerYear / 100) else {
                return Purchase(base: nil, missing: [], caveats: caveats)
            }
            // Straight-line depreciation over `amortization_years`: what is left at the end of the
            // horizon is sold (residual value); the rest is spread over the horizon's months.
            let residual = capital * residualShare
            let capitalPerMonth = (capital - residual) / months
            let support: Decimal
            if let contract = t.supportPerYear {
                support = toUSD(contract) * Decimal(units) / 12
            } else {
                support = capital * supportShare / 12
            }
            let staff = a.staffUSDPerServerYear * Decimal(units) / 12
            let parts = CostBreakdown(capitalUSDPerMonth: capitalPerMonth, supportUSDPerMonth: support, licenceUSDPerMonth: licence(units: units),
                                      staffUSDPerMonth: staff, horizonMonths: horizonMonths, capitalUSD: capital, residualUSD: residual)
            return Purchase(base: Shared(PurchaseBase(parts: parts, electricityUSDPerKWh: a.electricityUSDPerKWh,
                                                      hostingUSDPerKWMonth: a.hostingUSDPerKWMonth)),
                            missing: [], caveats: caveats)
        }

        /// A purchase's unit-count part: `base` nil when a figure is missing (`missing`, or a horizon or share out of range).
        private struct Purchase {
            var base: Shared<PurchaseBase>?
            var missing: [String]
            var caveats: [String]
        }
    }

    /// A rental's rate, the same for every unit count of one price (`MonthlyCost`'s exact rental).
    struct Rental: Sendable {
        let usdPerHour: Decimal
        let priceFactor: Decimal
        let horizonMonths: Double
        let licencePerDeviceYear: Decimal?
        let devicesPerUnit: Int
        /// The `Double`s of the hourly price after the price factor and of the yearly licence per device.
        let approximateUSDPerHour: Double
        let approximateLicencePerDeviceYear: Double
        init(usdPerHour: Decimal, priceFactor: Decimal, horizonMonths: Double, licencePerDeviceYear: Decimal?, devicesPerUnit: Int) {
            self.usdPerHour = usdPerHour; self.priceFactor = priceFactor; self.horizonMonths = horizonMonths
            self.licencePerDeviceYear = licencePerDeviceYear; self.devicesPerUnit = devicesPerUnit
            approximateUSDPerHour = usdPerHour.approximateDouble * priceFactor.approximateDouble
            approximateLicencePerDeviceYear = licencePerDeviceYear?.approximateDouble ?? 0
        }

        func breakdown(units: Int) -> CostBreakdown {
            CostBreakdown(rentalUSDPerMonth: usdPerHour * priceFactor * Decimal(units) * CostModel.hoursPerMonth,
                          licenceUSDPerMonth: licencePerDeviceYear.map { $0 * Decimal(units * devicesPerUnit) / 12 } ?? 0,
                          horizonMonths: horizonMonths)
        }
    }

    /// A purchase of some unit count without its power and hosting, and the rates that price them.
    struct PurchaseBase: Sendable {
        let parts: CostBreakdown
        let electricityUSDPerKWh: Decimal
        let hostingUSDPerKWMonth: Decimal
        /// The `Double`s of the parts' total, of the sum of their magnitudes, and of the two rates.
        let approximateTotal: Double
        let magnitude: Double
        let approximateElectricity: Double
        let approximateHosting: Double
        init(parts: CostBreakdown, electricityUSDPerKWh: Decimal, hostingUSDPerKWMonth: Decimal) {
            self.parts = parts; self.electricityUSDPerKWh = electricityUSDPerKWh; self.hostingUSDPerKWMonth = hostingUSDPerKWMonth
            approximateTotal = parts.totalUSDPerMonth.approximateDouble
            magnitude = [parts.rentalUSDPerMonth, parts.capitalUSDPerMonth, parts.supportUSDPerMonth, parts.licenceUSDPerMonth,
                         parts.staffUSDPerMonth].reduce(0) { $0 + abs($1.approximateDouble) }
            approximateElectricity = electricityUSDPerKWh.approximateDouble
            approximateHosting = hostingUSDPerKWMonth.approximateDouble
        }

        func breakdown(energyKWhPerMonth: Double, peakKW: Double) -> CostBreakdown {
            var b = parts
            b.powerUSDPerMonth = (Decimal(safe: energyKWhPerMonth) ?? .nan) * electricityUSDPerKWh
            b.hostingUSDPerMonth = (Decimal(safe: peakKW) ?? .nan) * hostingUSDPerKWMonth
            return b
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
