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
    /// Two sourced figures of one device that should agree (a GPU's fp16 and bf16 rates; a CPU's bandwidth and
    /// channels x 8 B x MT/s) and differ by more than this fraction draw `inconsistent_figure`.
    static let agreementTolerance = 0.05
    /// (higher precision, lower precision, expected lower/higher rate ratio) on GPU tensor cores. A ratio
    /// of twice the expected one is the mark of a sparse figure (or an fp16-accumulate rate) next to a dense one.
    /// fp8 -> fp4 is left out: dense FP4 is 2x FP8 on B200 but ~3x on Blackwell Ultra and 4x on GeForce Blackwell.
    static let expectedRatios: [(Precision, Precision, Double)] = [
        (.tf32, .bf16, 2), (.bf16, .fp8, 2), (.fp16, .fp8, 2), (.int8, .int4, 2),
    ]
    /// An on-demand price per device-hour above this multiple (or below its inverse) of the device's
    /// median across offers draws `price_outlier`, when the device has at least `outlierMinimumOffers`.
    static let outlierFactor: Decimal = 3
    static let outlierMinimumOffers = 3
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
        found += priceOutliers(layer.offers, catalog: catalog)
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
        func disagree(_ key: String, _ message: String, hint: String) {
            found.append(file.diagnostic(.warning, "inconsistent_figure", message, at: line(of: key, in: file, from: 1), hint: hint))
        }
        // GPU tensor cores run fp16 and bf16 at one rate (with fp32 accumulation); some accelerators do not (Gaudi).
        if d.kind == .gpu, let bf16 = d.denseTFLOPS[.bf16], let fp16 = d.denseTFLOPS[.fp16], differ(bf16, fp16) {
            disagree("dense_tflops", "dense fp16 (\(NumberFormat.short(fp16))) and bf16 (\(NumberFormat.short(bf16))) differ by \(percent(bf16, fp16)); GPU tensor cores run both at one rate",
                     hint: "check that both figures assume the same clock, accumulation (fp32) and sparsity")
        }
        if let bandwidth = d.memoryBandwidthGBs, let channels = d.cpu?.memoryChannels, let speed = d.cpu?.memorySpeedMTs {
            let derived = Double(channels) * 8 * Double(speed) / 1_000
            if differ(bandwidth, derived) {
                disagree("memory_bandwidth_gb_s", "`memory_bandwidth_gb_s` \(NumberFormat.short(bandwidth)) differs by \(percent(bandwidth, derived)) from \(channels) channels x 8 B x \(speed) MT/s = \(NumberFormat.short(derived)) GB/s",
                         hint: "check the channel count, the memory speed and the bandwidth's unit (GB/s per socket)")
            }
        }
        // Structured-sparsity figures are a GPU vendors' habit; accelerators have other ratios (Gaudi: tf32 = bf16 / 4).
        for (higher, lower, ratio) in expectedRatios where d.kind == .gpu {
            guard let h = d.denseTFLOPS[higher], let l = d.denseTFLOPS[lower], h > 0 else { continue }
            if abs(l / h / (2 * ratio) - 1) <= 0.02 {
                found.append(file.diagnostic(.warning, "sparse_figure",
                                             "dense \(lower.rawValue) (\(NumberFormat.short(l))) is \(NumberFormat.short(2 * ratio))x dense \(higher.rawValue) (\(NumberFormat.short(h))), twice the usual \(NumberFormat.short(ratio))x: one of them looks sparse (or fp16-accumulate)",
                                             at: line(of: "dense_tflops", in: file, from: 1),
                                             hint: "use dense figures with fp32 accumulation for both; a source's sparse figure is 2x its dense one"))
            }
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
                if price.pricing == .spot,
                   let onDemand = prices.first(where: { $0.pricing == .onDemand && $0.region == price.region }),
                   price.perHour > onDemand.perHour {
                    found.append(file.diagnostic(.error, "spot_above_on_demand",
                                                 "\(offer.id): the spot price in \(price.region) (\(price.perHour)) is above the on-demand price (\(onDemand.perHour))",
                                                 at: line(of: "per_hour", in: file, from: asOfLine.map { $0 - 3 }),
                                                 hint: "spot capacity is sold below on demand; check for swapped prices or a per-device vs per-instance mix-up"))
                } else if price.pricing != .onDemand,
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

    /// True when `a` and `b` differ by more than `agreementTolerance` of the larger.
    static func differ(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) > agreementTolerance * max(abs(a), abs(b))
    }

    private static func percent(_ a: Double, _ b: Double) -> String {
        "\(Int((abs(a - b) / max(abs(a), abs(b)) * 100).rounded()))%"
    }

    /// On-demand prices per device-hour (in USD) far from the device's median over every offer in this layer.
    private static func priceOutliers(_ drafts: [OfferDraft], catalog: Catalog) -> [Diagnostic] {
        let money = Money(rates: catalog.exchangeRates)
        var perDevice: [String: [(draft: OfferDraft, index: Int, usd: Decimal)]] = [:]
        for draft in drafts {
            guard case .cloud(_, let prices) = draft.offer.value.terms else { continue }
            for (index, price) in prices.enumerated() where price.pricing == .onDemand {
                guard let usd = money.usd(price.perHour, from: price.currency) else { continue }
                perDevice[draft.offer.value.deviceID, default: []].append((draft, index, usd / Decimal(draft.offer.value.devicesPerUnit)))
            }
        }
        var found: [Diagnostic] = []
        for device in perDevice.keys.sorted() {
            let entries = perDevice[device] ?? []
            guard entries.count >= outlierMinimumOffers else { continue }
            let sorted = entries.map(\.usd).sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            guard median > 0 else { continue }
            for entry in entries where entry.usd > median * outlierFactor || entry.usd * outlierFactor < median {
                let offer = entry.draft.offer.value
                guard case .cloud(_, let prices) = offer.terms else { continue }
                let asOfLine = entry.draft.priceLines.indices.contains(entry.index) ? entry.draft.priceLines[entry.index] : entry.draft.offer.mark?.line
                found.append(entry.draft.offer.file.diagnostic(
                    .warning, "price_outlier",
                    "\(offer.id): \(NumberFormat.usd(entry.usd)) USD per \(device) hour on demand in \(prices[entry.index].region) is \(entry.usd > median ? "above 3x" : "below 1/3 of") the median \(NumberFormat.usd(median)) over \(entries.count) \(device) prices",
                    at: line(of: "per_hour", in: entry.draft.offer.file, from: asOfLine.map { $0 - 3 }),
                    hint: "check devices_per_instance, the currency and whether the price is for the whole instance"))
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
