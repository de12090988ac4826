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
    /// more), and the search costs every surviving candidate, so what does not depend on the count and load (a rental's
    /// hourly rate in dollars; a purchase's server price in dollars, shares and rates, missing figures and caveats) is
    /// worked out once, at the first cost, and each cost in `Double`s, exact only when read (`MonthlyCost`).
    public struct Pricer: Sendable {
        let offer: Offer
        let device: Device
        let price: CloudPrice?
        let assumptions: CostAssumptions
        let money: Money
        let priceFactor: Decimal
        let licences: [Profile.Licence]
        private var terms: Terms?

        /// The figures every cost reads, taken out of the offer and device once: reading them through the offer's terms per
        /// cost copied (and retained) the on-prem terms each time.
        private let isCloud: Bool
        private let devicesPerUnit: Int
        private let tdpW: Double?
        private let hostPowerW: Double?

        public init(offer: Offer, device: Device, price: CloudPrice?, assumptions: CostAssumptions, money: Money,
                    licences: [Profile.Licence], priceFactor: Decimal) {
            self.offer = offer; self.device = device; self.price = price; self.assumptions = assumptions; self.money = money
            self.priceFactor = priceFactor; self.licences = licences
            devicesPerUnit = offer.devicesPerUnit
            tdpW = device.tdpW
            if case .onPrem(let t) = offer.terms { (isCloud, hostPowerW) = (false, t.hostPowerW) } else { (isCloud, hostPowerW) = (true, nil) }
        }

        /// What every cost of this price shares: the rate or purchase (nil when a figure is missing), the missing figures
        /// and the caveats.
        private struct Terms {
            var rental: Shared<Rental>?
            var purchase: Shared<Purchase>?
            var missing: [String]
            var caveats: [String]
        }

        public mutating func cost(units: Int, peakUtilization: Double, averageUtilization: Double, idlePowerFraction: Double) -> Result {
            let power = powerKW(units: units, peakUtilization: peakUtilization, averageUtilization: averageUtilization,
                                idlePowerFraction: idlePowerFraction)
            if terms == nil { terms = makeTerms() }
            // Read in place: a copy of the terms retained each of its parts.
            if isCloud {
                guard let rate = terms!.rental else {
                    return Result(monthly: nil, peakPowerKW: power?.peak, missing: terms!.missing, caveats: [])
                }
                return Result(monthly: MonthlyCost(rental: rate, units: units), peakPowerKW: power?.peak, missing: [], caveats: [],
                              averagePowerKW: power?.average)
            }
            guard let power else {
                return Result(monthly: nil, peakPowerKW: nil, missing: terms!.missing + ["\(device.id).tdp_w"], caveats: terms!.caveats)
            }
            guard terms!.missing.isEmpty else {
                return Result(monthly: nil, peakPowerKW: power.peak, missing: terms!.missing, caveats: terms!.caveats)
            }
            // Doubles become money only through `Decimal(safe:)` (here when the cost is read): a figure too large to
            // price is a missing cost, never a trap.
            let energyKWhPerMonth = power.average * assumptions.pue * Units.hoursPerMonth
            guard let purchase = terms!.purchase, Decimal.isSafe(energyKWhPerMonth), Decimal.isSafe(power.peak) else {
                return Result(monthly: nil, peakPowerKW: power.peak, missing: ["power or horizon figures within range"],
                              caveats: terms!.caveats)
            }
            return Result(monthly: MonthlyCost(purchase: purchase, units: units, energyKWhPerMonth: energyKWhPerMonth, peakKW: power.peak),
                          peakPowerKW: power.peak, missing: [], caveats: terms!.caveats, averagePowerKW: power.average)
        }

        /// The rate every cost of a rental price is worked out from (`MonthlyCost.Exact.rental`); nil for a purchase or a
        /// price that cannot be worked out. Two costs of one rate and unit count are equal.
        mutating func rentalRate() -> Shared<Rental>? {
            guard isCloud else { return nil }
            if terms == nil { terms = makeTerms() }
            return terms!.rental
        }

        /// Peak and average draw of devices and hosts, kW, before PUE; nil without the device's TDP.
        func powerKW(units: Int, peakUtilization: Double, averageUtilization: Double, idlePowerFraction idle: Double)
            -> (peak: Double, average: Double)? {
            guard let tdp = tdpW else { return nil }
            let devices = Double(units * devicesPerUnit)
            let host = hostPowerW.map { $0 * Double(units) } ?? 0
            return ((devices * tdp * (idle + (1 - idle) * min(peakUtilization, 1)) + host) / 1000,
                    (devices * tdp * (idle + (1 - idle) * min(averageUtilization, 1)) + host) / 1000)
        }

        private func makeTerms() -> Terms {
            let licensed = licences.filter { $0.applies(toVendor: device.vendor) }
            let licencePerDeviceYear = licensed.isEmpty ? nil : licensed.reduce(Decimal(0)) { $0 + $1.usdPerDeviceYear }
            let a = assumptions
            let horizonMonths = a.horizonYears * 12
            switch offer.terms {
            case .cloud:
                guard let price else { return Terms(missing: ["\(offer.id).prices"], caveats: []) }
                guard let usdPerHour = money.usd(price.perHour, from: price.currency) else {
                    return Terms(missing: ["exchange rate for \(price.currency)"], caveats: [])
                }
                return Terms(rental: Shared(Rental(usdPerHour: usdPerHour, priceFactor: priceFactor, horizonMonths: horizonMonths,
                                                   licencePerDeviceYear: licencePerDeviceYear, devicesPerUnit: offer.devicesPerUnit)),
                             missing: [], caveats: [])
            case .onPrem(let t):
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
                guard device.tdpW != nil, missing.isEmpty else { return Terms(missing: missing, caveats: caveats) }
                if t.hostPowerW == nil { caveats.append("power excludes the host: \(offer.id) has no sourced host_power_w") }
                guard let months = Decimal(safe: horizonMonths), months > 0,
                      let residualShare = Decimal(safe: a.residualFraction(afterYears: a.horizonYears)),
                      let supportShare = Decimal(safe: a.supportPercentPerYear / 100) else {
                    return Terms(missing: [], caveats: caveats)
                }
                let purchase = Purchase(
                    serverUSD: toUSD(native) + a.networkUSDPerServer, months: months, residualShare: residualShare,
                    supportShare: supportShare, supportUSDPerServerYear: t.supportPerYear.map(toUSD),
                    staffUSDPerServerYear: a.staffUSDPerServerYear, licencePerDeviceYear: licencePerDeviceYear,
                    devicesPerUnit: offer.devicesPerUnit, horizonMonths: horizonMonths, electricityUSDPerKWh: a.electricityUSDPerKWh,
                    hostingUSDPerKWMonth: a.hostingUSDPerKWMonth)
                return Terms(purchase: Shared(purchase), missing: [], caveats: caveats)
            }
        }
    }

    /// The exact licence per month for `devices` devices; 0 without a licence.
    static func licence(_ perDeviceYear: Decimal?, devices: Int) -> Decimal {
        perDeviceYear.map { $0 * Decimal(devices) / 12 } ?? 0
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
                          licenceUSDPerMonth: CostModel.licence(licencePerDeviceYear, devices: units * devicesPerUnit),
                          horizonMonths: horizonMonths)
        }

        /// The monthly total in `Double`s, and the sum of its parts' magnitudes.
        func approximate(units: Int) -> (total: Double, magnitude: Double) {
            let rental = approximateUSDPerHour * Double(units) * Units.hoursPerMonth
            let licence = approximateLicencePerDeviceYear * Double(units * devicesPerUnit) / 12
            return (rental + licence, abs(rental) + abs(licence))
        }
    }

    /// A purchase's figures, the same for every unit count and load (`MonthlyCost`'s exact purchase): servers (with their
    /// networking) bought and sold at their residual value at the horizon's end, support, staff and licences per server,
    /// power and hosting per kW.
    struct Purchase: Sendable {
        let serverUSD: Decimal
        let months: Decimal
        let residualShare: Decimal
        let supportShare: Decimal
        /// A support contract per server and year; nil: `supportShare` of the capital.
        let supportUSDPerServerYear: Decimal?
        let staffUSDPerServerYear: Decimal
        let licencePerDeviceYear: Decimal?
        let devicesPerUnit: Int
        let horizonMonths: Double
        let electricityUSDPerKWh: Decimal
        let hostingUSDPerKWMonth: Decimal
        /// The same figures in `Double`s.
        private let approximate: (server: Double, months: Double, residualShare: Double, supportShare: Double, support: Double?,
                                  staff: Double, licence: Double, electricity: Double, hosting: Double)

        init(serverUSD: Decimal, months: Decimal, residualShare: Decimal, supportShare: Decimal, supportUSDPerServerYear: Decimal?,
             staffUSDPerServerYear: Decimal, licencePerDeviceYear: Decimal?, devicesPerUnit: Int, horizonMonths: Double,
             electricityUSDPerKWh: Decimal, hostingUSDPerKWMonth: Decimal) {
            self.serverUSD = serverUSD; self.months = months; self.residualShare = residualShare; self.supportShare = supportShare
            self.supportUSDPerServerYear = supportUSDPerServerYear; self.staffUSDPerServerYear = staffUSDPerServerYear
            self.licencePerDeviceYear = licencePerDeviceYear; self.devicesPerUnit = devicesPerUnit; self.horizonMonths = horizonMonths
            self.electricityUSDPerKWh = electricityUSDPerKWh; self.hostingUSDPerKWMonth = hostingUSDPerKWMonth
            approximate = (serverUSD.approximateDouble, months.approximateDouble, residualShare.approximateDouble,
                           supportShare.approximateDouble, supportUSDPerServerYear?.approximateDouble, staffUSDPerServerYear.approximateDouble,
                           licencePerDeviceYear?.approximateDouble ?? 0, electricityUSDPerKWh.approximateDouble,
                           hostingUSDPerKWMonth.approximateDouble)
        }

        /// Straight-line depreciation over `amortization_years`: what is left at the end of the horizon is sold (residual
        /// value); the rest is spread over the horizon's months.
        func breakdown(units: Int, energyKWhPerMonth: Double, peakKW: Double) -> CostBreakdown {
            let capital = serverUSD * Decimal(units)
            let residual = capital * residualShare
            let support = supportUSDPerServerYear.map { $0 * Decimal(units) / 12 } ?? capital * supportShare / 12
            return CostBreakdown(
                capitalUSDPerMonth: (capital - residual) / months,
                powerUSDPerMonth: (Decimal(safe: energyKWhPerMonth) ?? .nan) * electricityUSDPerKWh,
                hostingUSDPerMonth: (Decimal(safe: peakKW) ?? .nan) * hostingUSDPerKWMonth, supportUSDPerMonth: support,
                licenceUSDPerMonth: CostModel.licence(licencePerDeviceYear, devices: units * devicesPerUnit),
                staffUSDPerMonth: staffUSDPerServerYear * Decimal(units) / 12, horizonMonths: horizonMonths, capitalUSD: capital,
                residualUSD: residual)
        }

        /// The monthly total in `Double`s, and the sum of its parts' magnitudes (the capital and residual counted apart,
        /// since their difference may cancel).
        func approximate(units: Int, energyKWhPerMonth: Double, peakKW: Double) -> (total: Double, magnitude: Double) {
            let a = approximate, n = Double(units)
            let capital = a.server * n
            let residual = capital * a.residualShare
            let capitalPerMonth = (capital - residual) / a.months
            let power = energyKWhPerMonth * a.electricity, hosting = peakKW * a.hosting
            let support = a.support.map { $0 * n / 12 } ?? capital * a.supportShare / 12
            let licence = a.licence * Double(units * devicesPerUnit) / 12, staff = a.staff * n / 12
            let total = capitalPerMonth + power + hosting + support + licence + staff
            let magnitude = (abs(capital) + abs(residual)) / abs(a.months) + abs(power) + abs(hosting) + abs(support) + abs(licence) + abs(staff)
            return (total, magnitude)
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
