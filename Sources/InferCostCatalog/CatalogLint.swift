import Foundation
import InferCostCore

/// `infercost catalog lint`: the checks beyond loading. Loading already enforces the schema,
/// units by key, a source on every figure, and cross-references. Lint adds plausibility
/// (a figure outside the range its kind and unit allow is probably a typo or a wrong unit),
/// staleness of prices, and catalog-wide uniqueness of the names benchmark rows are matched by.
enum CatalogLint {
    /// A price, rate or cost figure older than this draws `stale_entry`.
    static let maxPriceAgeDays = 365

    /// Plausible peak memory bandwidth per device (per socket for CPUs), GB/s, by memory family.
    static let bandwidthByMemory: [(prefix: String, range: ClosedRange<Double>)] = [
        ("HBM", 300...10_000), ("GDDR", 100...2_000), ("LPDDR", 30...1_100), ("DDR", 20...1_000),
    ]
    static let tdpRange: [Device.Kind: ClosedRange<Double>] = [.gpu: 5...1_500, .accelerator: 5...2_000, .cpu: 5...700]
    /// Plausible on-demand USD per device-hour (cloud) and USD per device (purchase).
    static let hourlyRange: ClosedRange<Decimal> = 0.005...40
    static let purchaseRange: [Device.Kind: ClosedRange<Decimal>] = [.gpu: 300...150_000, .accelerator: 300...150_000, .cpu: 300...40_000]
    /// Each pair (higher precision, lower precision): the lower precision's dense rate should not be below the higher's.
    static let rateOrder: [(Precision, Precision)] = [
        (.fp32, .tf32), (.fp32, .bf16), (.fp32, .fp16), (.tf32, .bf16), (.bf16, .fp8), (.fp16, .fp8), (.fp8, .fp4),
        (.bf16, .int8), (.int8, .int4),
    ]

    /// Checks one layer's values as read (with their files, for locations), against the merged `catalog`.
    static func check(_ layer: CatalogAssembly, catalog: Catalog, today: Day) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for device in layer.devices { found += check(device) }
        for draft in layer.offers { found += check(draft, catalog: catalog, today: today) }
        for rate in layer.rates {
            guard let asOf = rate.value.asOf else { continue }
            found += stale(asOf, what: "exchange rate for \(rate.value.currency)", file: rate.file, line: rate.mark?.line, key: "as_of", today: today)
        }
        for defaults in layer.costDefaults {
            for key in ["electricity_usd_per_kwh", "hosting_usd_per_kw_month"] {
                guard let source = defaults.value.sources.covering(key) else { continue }
                found += stale(source.asOf, what: "`\(key)`", file: defaults.file, line: 1, key: key, today: today)
            }
        }
        return found
    }

    /// Names benchmark rows are matched by (id, name, aliases) must each point at one device and one model.
    static func checkNames(devices: [Located<Device>], models: [Located<ModelSpec>]) -> [Diagnostic] {
        func check<T>(_ items: [Located<T>], kind: String, id: (T) -> String, names: (T) -> [String]) -> [Diagnostic] {
            var owner: [String: String] = [:]
            for item in items { owner[id(item.value).lowercased()] = id(item.value) }
            var found: [Diagnostic] = []
            for item in items {
                for alias in names(item.value) {
                    let key = alias.lowercased()
                    if let other = owner[key], other != id(item.value) {
                        found.append(item.file.diagnostic(.error, "duplicate_id",
                                                          "alias `\(alias)` of \(kind) `\(id(item.value))` also names \(kind) `\(other)`",
                                                          at: line(of: "aliases", in: item.file, from: item.mark?.line),
                                                          hint: "an alias must name one \(kind); remove it from one of them"))
                    } else {
                        owner[key] = id(item.value)
                    }
                }
            }
            return found
        }
        return check(devices, kind: "device", id: \.id, names: \.aliases) + check(models, kind: "model", id: \.id, names: \.aliases)
    }

    private static func check(_ located: Located<Device>) -> [Diagnostic] {
        let d = located.value, file = located.file
        var found: [Diagnostic] = []
        func warn(_ key: String, _ message: String, hint: String) {
            found.append(file.diagnostic(.warning, "implausible_value", message, at: line(of: key, in: file, from: 1), hint: hint))
        }
        if let bandwidth = d.memoryBandwidthGBs, let type = d.memoryType?.uppercased(),
           let family = bandwidthByMemory.first(where: { type.hasPrefix($0.prefix) }), !family.range.contains(bandwidth) {
            warn("memory_bandwidth_gb_s", "`memory_bandwidth_gb_s` \(NumberFormat.short(bandwidth)) is outside \(NumberFormat.short(family.range.lowerBound))–\(NumberFormat.short(family.range.upperBound)) GB/s, the range of \(family.prefix) memory",
                 hint: "check the unit (GB/s per device, per socket for CPUs) and the memory type")
        }
        for (higher, lower) in rateOrder {
            guard let h = d.denseTFLOPS[higher], let l = d.denseTFLOPS[lower], l < h else { continue }
            warn("dense_tflops", "dense \(lower.rawValue) (\(NumberFormat.short(l))) is below dense \(higher.rawValue) (\(NumberFormat.short(h))); lower precisions run at least as fast",
                 hint: "check for a sparse figure or a swapped precision")
        }
        if let bf16 = d.denseTFLOPS[.bf16] ?? d.denseTFLOPS[.fp16], bf16 > 20_000 {
            warn("dense_tflops", "dense 16-bit rate \(NumberFormat.short(bf16)) TFLOPS is above any shipping device", hint: "the unit is TFLOPS, not GFLOPS")
        }
        if let tdp = d.tdpW, let range = tdpRange[d.kind], !range.contains(tdp) {
            warn("tdp_w", "`tdp_w` \(NumberFormat.short(tdp)) is outside \(NumberFormat.short(range.lowerBound))–\(NumberFormat.short(range.upperBound)) W for a \(d.kind.rawValue)",
                 hint: "the unit is watts per device (per socket for CPUs)")
        }
        if let memory = d.memoryGB, d.kind != .cpu, !(1...1_000).contains(memory) {
            warn("memory_gb", "`memory_gb` \(NumberFormat.short(memory)) is outside 1–1000 GB for one device", hint: "the unit is GB per device")
        }
        if d.precisions.contains(where: { d.denseTFLOPS[$0.computePrecision] == nil }), !d.denseTFLOPS.isEmpty {
            let missing = d.precisions.filter { d.denseTFLOPS[$0.computePrecision] == nil }.map(\.rawValue)
            found.append(file.diagnostic(.note, "missing_figure", "no dense rate for \(missing.joined(separator: ", ")): estimates at that precision will say so",
                                         at: line(of: "precisions", in: file, from: 1), hint: "add the sourced rate, or leave it out if none is published"))
        }
        return found
    }

    private static func check(_ draft: OfferDraft, catalog: Catalog, today: Day) -> [Diagnostic] {
        let offer = draft.offer.value, file = draft.offer.file
        guard let device = catalog.devices[offer.deviceID] else { return [] }
        let money = Money(rates: catalog.exchangeRates)
        var found: [Diagnostic] = []
        switch offer.terms {
        case .cloud(_, let prices):
            for (index, price) in prices.enumerated() {
                let asOfLine = draft.priceLines.indices.contains(index) ? draft.priceLines[index] : draft.offer.mark?.line
                found += stale(price.asOf, what: "\(offer.id) \(price.pricing.rawValue) price in \(price.region)", file: file,
                               line: asOfLine, key: "as_of", today: today)
                if price.pricing == .onDemand, let usd = money.usd(price.perHour, from: price.currency) {
                    let perDevice = usd / Decimal(offer.devicesPerUnit)
                    if !hourlyRange.contains(perDevice) {
                        found.append(file.diagnostic(.warning, "implausible_value",
                                                     "\(offer.id): \(NumberFormat.usd(perDevice)) USD per device-hour on demand is outside \(hourlyRange.lowerBound)–\(hourlyRange.upperBound)",
                                                     at: line(of: "per_hour", in: file, from: asOfLine.map { $0 - 3 }),
                                                     hint: "`per_hour` is the whole instance's price per hour in the file's currency"))
                    }
                }
                if price.pricing != .onDemand,
                   let onDemand = prices.first(where: { $0.pricing == .onDemand && $0.region == price.region }),
                   price.perHour >= onDemand.perHour {
                    found.append(file.diagnostic(.warning, "implausible_value",
                                                 "\(offer.id): \(price.pricing.rawValue) price in \(price.region) is not below the on-demand price",
                                                 at: line(of: "pricing", in: file, from: asOfLine.map { $0 - 4 }),
                                                 hint: "reserved and spot prices are effective hourly rates, lower than on demand"))
                }
            }
        case .onPrem(let t):
            for key in OnPremOfferFile.priceFields {
                guard let source = t.sources.covering(key), draft.fieldLines[key] != nil else { continue }
                found += stale(source.asOf, what: "`\(key)` of \(offer.id)", file: file, line: draft.fieldLines[key], key: key, today: today)
            }
            let perDevice = t.devicePrice ?? t.serverPrice.map { $0 / Decimal(offer.devicesPerUnit) }
            if let perDevice, let usd = money.usd(perDevice, from: t.currency), let range = purchaseRange[device.kind], !range.contains(usd) {
                let key = t.devicePrice != nil ? "device_price" : "server_price"
                found.append(file.diagnostic(.warning, "implausible_value",
                                             "\(offer.id): \(NumberFormat.usd(usd)) USD per \(device.kind.rawValue) is outside \(range.lowerBound)–\(range.upperBound)",
                                             at: line(of: key, in: file, from: 1), hint: "check the currency and whether the price is per device or per server"))
            }
        }
        return found
    }

    private static func stale(_ day: Day, what: String, file: YAMLFile, line: Int?, key: String, today: Day) -> [Diagnostic] {
        let age = day.days(until: today)
        let mark = line.flatMap { self.line(of: key, in: file, from: $0) } ?? (line ?? 1, 1)
        if age > maxPriceAgeDays {
            return [file.diagnostic(.warning, "stale_entry", "\(what) is from \(day), \(age) days before \(today)",
                                    line: mark.0, column: mark.1, hint: "re-check it and update the figure and its date")]
        }
        if age < 0 {
            return [file.diagnostic(.warning, "invalid_date", "\(what) is dated \(day), after today (\(today))",
                                    line: mark.0, column: mark.1, hint: "`as_of` is when the figure was published or observed")]
        }
        return []
    }

    /// The line and column of the first `key:` at or after line `from` (1-based), for a precise location.
    static func line(of key: String, in file: YAMLFile, from: Int?) -> (Int, Int)? {
        let start = max((from ?? 1) - 1, 0)
        guard start < file.lines.count else { return nil }
        for index in start..<file.lines.count {
            let text = file.lines[index]
            let trimmed = text.drop { $0 == " " || $0 == "-" }
            if trimmed.hasPrefix("\(key):") { return (index + 1, text.count - trimmed.count + 1) }
        }
        return nil
    }
}

extension YAMLFile {
    func diagnostic(_ severity: Diagnostic.Severity, _ code: String, _ message: String, at position: (Int, Int)?,
                    hint: String? = nil) -> Diagnostic {
        diagnostic(severity, code, message, line: position?.0 ?? 1, column: position?.1 ?? 1, hint: hint)
    }
}
