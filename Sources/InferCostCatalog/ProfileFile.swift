import Foundation
import InferCostCore
import Yams

/// A workload profile -> `Profile`, its model checked against the catalog and its omitted
/// cost assumptions filled from the catalog's cost defaults.
enum ProfileFile {
    static let keys = [
        "schema_version", "name", "description", "model", "precisions", "traffic", "targets", "constraints", "costs",
        "currency", "exchange_rates", "licences", "negotiated_discount_percent", "engine",
    ]
    static let precisionKeys = ["weights", "kv_cache"]
    static let trafficKeys = [
        "requests_per_second", "output_tokens_per_second", "peak_to_average", "input_tokens", "output_tokens",
        "growth_percent_per_year", "daily_curve", "request_mix",
    ]
    static let requestClassKeys = ["name", "share", "input_tokens", "output_tokens"]
    static let targetKeys = ["ttft_ms", "tpot_ms", "percentile", "min_replicas", "redundancy"]
    static let constraintKeys = [
        "deployment", "market", "providers", "regions", "vendors", "pricing", "max_power_kw", "max_devices",
        "budget_usd_per_month", "customer_facing", "allow_spot",
    ]
    /// `costs` keys beyond the cost assumptions the catalog defaults.
    static let profileCostKeys = ["grid_kgco2e_per_kwh"]
    static let licenceKeys = ["name", "usd_per_device_year", "vendors", "source"]
    /// The market a profile that names none is answered for (documented in profile-format.md).
    public static let defaultMarket = Market.northAmerica
    static let percentiles: [Double] = [50, 90, 95, 99]

    static func read(_ file: YAMLFile, catalog: Catalog) -> (profile: Profile?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let name = r.string("name", required: true)
        let description = r.string("description")
        let modelName = r.string("model", required: true)
        // An alias or `org/name` repository name stands for the catalog id.
        let modelID = modelName.map { catalog.modelID(named: $0) ?? $0 }
        if let modelID, catalog.models[modelID] == nil {
            let known = catalog.models.keys.sorted()
            r.report("unknown_reference", "model `\(modelID)` is not in the catalog", at: r.valueMark("model"),
                     hint: Suggestion.closest(to: modelID, in: known).map { "did you mean `\($0)`?" }
                        ?? (known.isEmpty ? "the catalog has no models" : "catalog models: " + known.joined(separator: ", ")))
        }
        let precisions = r.mapping("precisions", required: true, keys: precisionKeys) { m -> Profile.Precisions? in
            let weights = m.choiceList("weights", Precision.self, required: true, allowed: Precision.weightPrecisions,
                                       code: "unsupported_precision")
            let kv = m.choiceList("kv_cache", Precision.self, required: true, allowed: Precision.kvPrecisions,
                                  code: "unsupported_precision")
            guard let weights, let kv else { return nil }
            return Profile.Precisions(weights: weights, kvCache: kv)
        }
        let traffic = r.mapping("traffic", required: true, keys: trafficKeys) { m -> Profile.Traffic? in readTraffic(&m) }
        let targets = r.mapping("targets", required: true, keys: targetKeys) { m -> Profile.Targets? in
            let ttft = m.double("ttft_ms", required: true, domain: Domains.ttftMs)
            let tpot = m.double("tpot_ms", domain: Domains.tpotMs)
            let percentile = m.double("percentile", required: true, domain: Domains.percentile)
            let minReplicas = m.int("min_replicas", domain: Domains.minReplicas) ?? 1
            let redundancy = m.choice("redundancy", Profile.Redundancy.self) ?? .none
            guard let ttft, let percentile else { return nil }
            return Profile.Targets(ttftMs: ttft, tpotMs: tpot, percentile: percentile, minReplicas: minReplicas, redundancy: redundancy)
        }
        var constraints = r.mapping("constraints", keys: constraintKeys) { m -> Profile.Constraints? in
            readConstraints(&m, catalog: catalog)
        } ?? Profile.Constraints()
        if constraints.market == nil {
            constraints.market = defaultMarket
            constraints.marketDefaulted = true
        }
        var statedCostKeys: [String] = []
        var gridIntensity: Double?
        let partialCosts = r.mapping("costs", keys: CostAssumptions.keys + profileCostKeys) { m -> PartialCostAssumptions in
            statedCostKeys = m.presentKeys
            gridIntensity = m.double("grid_kgco2e_per_kwh", domain: Domains.gridIntensity)
            return CostDefaultsFile.readAssumptions(&m, required: false)
        } ?? PartialCostAssumptions()
        let licences = r.mappings("licences", keys: licenceKeys) { m, _ -> Profile.Licence? in
            let name = m.string("name", required: true)
            let amount = m.decimal("usd_per_device_year", required: true, domain: Domains.licencePerDeviceYear)
            let vendors = m.stringList("vendors")
            let source = m.string("source")
            guard let name, let amount else { return nil }
            return Profile.Licence(name: name, usdPerDeviceYear: amount, vendors: vendors, source: source)
        } ?? []
        let discounts = readDiscounts(&r, catalog: catalog)
        let (costs, defaulted) = partialCosts.filled(from: catalog.costDefaults?.assumptions)
        let missingCostKeys = CostAssumptions.keys.filter { !statedCostKeys.contains($0) && !CostAssumptions.optionalKeys.contains($0) }
        if catalog.costDefaults == nil, r.isMapping, !missingCostKeys.isEmpty {
            let shown = missingCostKeys.map { "`\($0)`" }.joined(separator: ", ")
            r.report("missing_key", "the catalog has no cost-defaults.yaml, so `costs` must set \(shown)",
                     at: r.contains("costs") ? r.keyMark("costs") : r.anchor,
                     hint: "add the missing keys under `costs:`, or add a cost-defaults.yaml to the catalog")
        }

        let money = readMoney(&r, catalog: catalog, file: file)
        let engine = readEngine(&r)

        guard !r.diagnostics.contains(where: { $0.severity == .error }), let name, let modelID, let precisions,
              let traffic, let targets, let costs else { return (nil, r.diagnostics) }
        let profile = Profile(name: name, description: description, modelID: modelID, precisions: precisions,
                              traffic: traffic, targets: targets, constraints: constraints, costs: costs,
                              defaultedCostKeys: defaulted, money: money, licences: licences,
                              negotiatedDiscountPercent: discounts, gridKgCO2ePerKWh: gridIntensity, engine: engine)
        return (profile, r.diagnostics)
    }

    /// `engine`: the serving engine. A name InferCost has no defaults for is a warning, not an error: the
    /// estimate falls back to the generic engine and says so.
    private static func readEngine(_ r: inout MappingReader) -> ServingEngine {
        guard let name = r.string("engine") else { return .generic }
        if let engine = ServingEngine(rawValue: name.lowercased()) ?? ServingEngine(named: name) { return engine }
        let known = ServingEngine.allCases.map(\.rawValue)
        r.report(.warning, "unknown_engine", "engine `\(name)` has no defaults in InferCost; the generic engine (vLLM's allocation) is used",
                 at: r.valueMark("engine"), hint: Suggestion.hint(for: name, in: known, noun: "known engines"))
        return .generic
    }

    /// `currency` (the report currency, default USD) and `exchange_rates` (`CODE: units per USD`),
    /// which override the catalog's rates. Every currency used must end up with a rate.
    private static func readMoney(_ r: inout MappingReader, catalog: Catalog, file: YAMLFile) -> Money {
        var rates = catalog.exchangeRates
        var codes: [String] = []
        if case .mapping(let mapping)? = r.node("exchange_rates") {
            for (keyNode, _) in mapping { if case .scalar(let scalar) = keyNode { codes.append(scalar.string) } }
        }
        _ = r.mapping("exchange_rates", keys: codes) { m -> Bool in
            for code in m.presentKeys {
                guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }), code != Money.base else {
                    m.report("invalid_value", "`exchange_rates` keys are ISO 4217 codes other than USD, found `\(code)`",
                             at: m.keyMark(code), hint: "write e.g. `CNY: 7.1` (units of the currency per US dollar)")
                    continue
                }
                if let perUSD = m.decimal(code, required: true, domain: Domains.exchangeRate) {
                    rates[code] = ExchangeRate(currency: code, perUSD: perUSD, source: "profile \(file.path)", asOf: nil)
                }
            }
            return true
        }
        let currency = r.currency("currency") ?? Money.base
        if currency != Money.base, rates[currency] == nil, r.contains("currency") {
            r.report("unknown_reference", "no exchange rate for `\(currency)`", at: r.valueMark("currency"),
                     hint: "add `exchange_rates: {\(currency): <units per USD>}` to the profile, or a rate to the catalog's currencies.yaml")
        }
        return Money(reportCurrency: currency, rates: rates)
    }

    /// `negotiated_discount_percent: {aws: 12}`: percent off every listed price of that provider.
    private static func readDiscounts(_ r: inout MappingReader, catalog: Catalog) -> [String: Double] {
        var names: [String] = []
        if case .mapping(let mapping)? = r.node("negotiated_discount_percent") {
            for (keyNode, _) in mapping { if case .scalar(let scalar) = keyNode { names.append(scalar.string) } }
        }
        let known = Set(catalog.offers.map(\.provider) + catalog.apiOffers.map(\.provider)).sorted()
        return r.mapping("negotiated_discount_percent", keys: names) { m -> [String: Double] in
            var values: [String: Double] = [:]
            for name in m.presentKeys {
                if !known.isEmpty, !known.contains(name) {
                    m.report(.warning, "unknown_reference", "provider `\(name)` is not in the catalog, so the discount applies to nothing",
                             at: m.keyMark(name), hint: Suggestion.hint(for: name, in: known, noun: "catalog providers"))
                }
                if let percent = m.double(name, required: true, domain: Domains.negotiatedDiscount) { values[name] = percent }
            }
            return values
        } ?? [:]
    }

    private static func readTraffic(_ m: inout MappingReader) -> Profile.Traffic? {
        var demand: Profile.Demand?
        switch (m.contains("requests_per_second"), m.contains("output_tokens_per_second")) {
        case (true, true):
            m.report("conflicting_keys", "set `requests_per_second` or `output_tokens_per_second`, not both",
                     at: m.keyMark("output_tokens_per_second"), hint: "keep the one you measured")
        case (false, false):
            m.report("missing_key", "missing required key `requests_per_second` (or `output_tokens_per_second`) in `traffic`",
                     at: m.anchor)
        case (true, false):
            demand = m.double("requests_per_second", domain: Domains.requestsPerSecond).map(Profile.Demand.requestsPerSecond)
        case (false, true):
            demand = m.double("output_tokens_per_second", domain: Domains.outputTokensPerSecond).map(Profile.Demand.outputTokensPerSecond)
        }
        let peak = m.double("peak_to_average", required: true, domain: Domains.peakToAverage)
        let input = m.int("input_tokens", required: true, domain: Domains.inputTokens)
        let output = m.int("output_tokens", required: true, domain: Domains.outputTokens)
        if case .outputTokensPerSecond? = demand, output == 0 {
            m.report("invalid_value", "`traffic.output_tokens_per_second` needs `output_tokens` above 0",
                     at: m.valueMark("output_tokens"), hint: "state the demand as `requests_per_second` instead")
            return nil
        }
        let growth = m.double("growth_percent_per_year", domain: Domains.growthPercent) ?? 0
        var curve: [Double]?
        if let items = m.sequence("daily_curve") {
            let values = items.compactMap { node -> Double? in
                guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite, value >= 0, value <= 1e12 else { return nil }
                return value
            }
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            if values.count != 24 || items.count != 24 || mean <= 0 {
                m.report("invalid_value", "`traffic.daily_curve` must list 24 non-negative numbers (one per hour), not all zero",
                         at: m.valueMark("daily_curve"), hint: "write the relative load of each hour, e.g. requests per hour; it is scaled to a mean of 1")
            } else {
                curve = values.map { $0 / mean }
            }
        }
        let mix = readRequestMix(&m)
        guard let demand, let peak, let input, let output else { return nil }
        return Profile.Traffic(demand: demand, peakToAverage: peak, inputTokens: input, outputTokens: output,
                               growthPercentPerYear: growth, dailyCurve: curve, requestMix: mix)
    }

    /// `traffic.request_mix`: named classes with a share of the requests and their lengths; shares add up to 1.
    private static func readRequestMix(_ m: inout MappingReader) -> [RequestClass]? {
        guard m.contains("request_mix") else { return nil }
        var names: Set<String> = []
        let classes = m.mappings("request_mix", keys: requestClassKeys) { c, index -> RequestClass? in
            let name = c.string("name", required: true)
            let share = c.double("share", required: true, domain: Domains.requestShare)
            let input = c.int("input_tokens", required: true, domain: Domains.inputTokens)
            let output = c.int("output_tokens", required: true, domain: Domains.outputTokens)
            if let name, !names.insert(name).inserted {
                c.report("duplicate_id", "request class `\(name)` is listed twice", at: c.valueMark("name"),
                         hint: "give each class its own name")
            }
            guard let name, let share, let input, let output else { return nil }
            return RequestClass(name: name, share: share, inputTokens: input, outputTokens: output)
        }
        guard let items = m.node("request_mix"), case .sequence(let list) = items else { return nil }
        let count = Double(list.count)
        if count < Domains.requestClasses.lower || count > Domains.requestClasses.upper {
            m.report("invalid_value", "`traffic.request_mix` lists \(list.count) classes; it takes 1 to \(Int(Domains.requestClasses.upper))",
                     at: m.valueMark("request_mix"), hint: "merge classes of similar lengths")
            return nil
        }
        guard let classes, classes.count == list.count else { return nil }
        let total = classes.reduce(0) { $0 + $1.share }
        if abs(total - 1) > 1e-6 {
            m.report("invalid_value", "the shares of `traffic.request_mix` add up to \(NumberFormat.short(total)), not 1",
                     at: m.valueMark("request_mix"), hint: "give each class its fraction of all requests, e.g. 0.8 and 0.2")
            return nil
        }
        return classes
    }

    private static func readConstraints(_ m: inout MappingReader, catalog: Catalog) -> Profile.Constraints? {
        let deployment = m.choice("deployment", Deployment.self) ?? .any
        let market = m.choice("market", Market.self)
        let providers = m.stringList("providers", maxEntries: Domains.listEntries)
        let regions = m.stringList("regions", maxEntries: Domains.listEntries)
        let vendors = m.stringList("vendors", maxEntries: Domains.listEntries)
        let pricing = m.choiceList("pricing", PricingModel.self)
        let maxPower = m.double("max_power_kw", domain: Domains.maxPowerKW)
        let maxDevices = m.int("max_devices", domain: Domains.maxDevices)
        let budget = m.decimal("budget_usd_per_month", domain: Domains.budgetPerMonth)
        let customerFacing = m.bool("customer_facing") ?? false
        let allowSpot = m.bool("allow_spot") ?? false
        // Names that match nothing in the catalog would silently filter every option out.
        let knownProviders = Set(catalog.offers.map(\.provider)).sorted()
        let knownVendors = Set(catalog.devices.values.map(\.vendor)).sorted()
        warnUnknown(&m, "providers", providers, known: knownProviders, noun: "provider")
        warnUnknown(&m, "vendors", vendors, known: knownVendors, noun: "vendor")
        return Profile.Constraints(deployment: deployment, market: market, providers: providers, regions: regions, vendors: vendors,
                                   pricing: pricing, maxPowerKW: maxPower, maxDevices: maxDevices, budgetUSDPerMonth: budget,
                                   customerFacing: customerFacing, allowSpot: allowSpot)
    }

    private static func warnUnknown(_ m: inout MappingReader, _ key: String, _ values: [String]?, known: [String], noun: String) {
        guard values != nil, !known.isEmpty, let items = m.node(key), case .sequence(let sequence) = items else { return }
        let knownSet = Set(known)
        var unknown = 0
        for item in sequence {
            guard case .scalar(let scalar) = item, !knownSet.contains(scalar.string) else { continue }
            unknown += 1
            // A few are typos worth a "did you mean"; thousands are a generated list, summed up once.
            guard unknown <= shownUnknownEntries else { continue }
            m.report(.warning, "unknown_reference", "\(noun) `\(Excerpt.of(scalar.string))` is not in the catalog, so it matches nothing",
                     at: item.mark, hint: Suggestion.hint(for: scalar.string, in: known, noun: "catalog \(noun)s"))
        }
        if unknown > shownUnknownEntries {
            m.report(.warning, "unknown_reference", "\(unknown - shownUnknownEntries) more \(noun)s in `\(m.qualified(key))` are not in the catalog",
                     at: m.valueMark(key), hint: "catalog \(noun)s: " + known.joined(separator: ", "))
        }
    }

    static let shownUnknownEntries = 10
}
