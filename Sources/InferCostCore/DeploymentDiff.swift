import Foundation

/// What a change to profiles and catalog does to their recommended deployments: `infercost diff`.
/// Amounts are US dollars; each side's report currency is kept for rendering.
public struct DeploymentDiff: Sendable, Encodable {
    /// What was compared: a path, a folder or a git revision.
    public var baseLabel: String
    public var headLabel: String
    /// Every profile seen on either side, sorted by path (unchanged ones included).
    public var profiles: [ProfileDiff]
    /// Differences between the two sides' effective catalogs (empty when both use the same).
    public var catalogChanges: [CatalogChange]

    public init(baseLabel: String, headLabel: String, profiles: [ProfileDiff], catalogChanges: [CatalogChange]) {
        self.baseLabel = baseLabel; self.headLabel = headLabel; self.profiles = profiles; self.catalogChanges = catalogChanges
    }

    /// The profiles whose file or recommendation changed.
    public var changed: [ProfileDiff] { profiles.filter { $0.status != .unchanged } }

    /// Sum of monthly cost deltas over the changed profiles (added count in full, removed as a saving).
    public var monthlyDeltaUSD: Decimal { profiles.compactMap { $0.monthly?.deltaUSD }.reduce(0, +) }
    public var tcoDeltaUSD: Decimal { profiles.compactMap { $0.tco?.deltaUSD }.reduce(0, +) }
    /// The base's monthly total over the profiles both sides cost, for the percentage.
    public var monthlyBaseUSD: Decimal { profiles.compactMap { $0.monthly?.baseUSD }.reduce(0, +) }
}

/// One profile path on the two sides.
public struct ProfileDiff: Sendable, Encodable {
    public enum Status: String, Sendable, Encodable, CaseIterable {
        case added, removed
        /// The file or its recommended deployment's cost changed.
        case changed
        case unchanged
    }

    public var path: String
    public var status: Status
    public var base: ProfileOutcome?
    public var head: ProfileOutcome?
    public var monthly: AmountDelta?
    public var tco: AmountDelta?
    public var usdPerMillionTokens: AmountDelta?
    /// Why it changed, most specific first: profile edits, then the catalog changes that touch it.
    public var causes: [Cause]
    /// The monthly delta split between the profile edit and the catalog change, when both moved and
    /// the head profile could also be priced against the base catalog.
    public var attribution: Attribution?

    public init(path: String, status: Status, base: ProfileOutcome?, head: ProfileOutcome?, monthly: AmountDelta?,
                tco: AmountDelta?, usdPerMillionTokens: AmountDelta?, causes: [Cause], attribution: Attribution?) {
        self.path = path; self.status = status; self.base = base; self.head = head; self.monthly = monthly; self.tco = tco
        self.usdPerMillionTokens = usdPerMillionTokens; self.causes = causes; self.attribution = attribution
    }

    /// Whether the recommended offer, device count or configuration differs.
    public var deploymentChanged: Bool { base?.best?.label != head?.best?.label }

    public struct Attribution: Sendable, Encodable, Hashable {
        public var profileUSDPerMonth: Decimal
        public var catalogUSDPerMonth: Decimal
        public init(profileUSDPerMonth: Decimal, catalogUSDPerMonth: Decimal) {
            self.profileUSDPerMonth = profileUSDPerMonth; self.catalogUSDPerMonth = catalogUSDPerMonth
        }
        enum CodingKeys: String, CodingKey { case profileUSDPerMonth = "profile_usd_per_month", catalogUSDPerMonth = "catalog_usd_per_month" }
    }

    enum CodingKeys: String, CodingKey {
        case path, status, base, head, monthly = "usd_per_month", tco = "tco_usd"
        case usdPerMillionTokens = "usd_per_million_tokens", causes, attribution, deploymentChanged = "deployment_changed"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path); try c.encode(status, forKey: .status)
        try c.encode(base, forKey: .base); try c.encode(head, forKey: .head)
        try c.encode(monthly, forKey: .monthly); try c.encode(tco, forKey: .tco)
        try c.encode(usdPerMillionTokens, forKey: .usdPerMillionTokens)
        try c.encode(deploymentChanged, forKey: .deploymentChanged)
        try c.encode(causes, forKey: .causes); try c.encode(attribution, forKey: .attribution)
    }
}

/// A before/after amount in US dollars; a side without a costed deployment counts as 0.
public struct AmountDelta: Sendable, Hashable, Encodable {
    public var baseUSD: Decimal
    public var headUSD: Decimal
    public init(baseUSD: Decimal, headUSD: Decimal) { self.baseUSD = baseUSD; self.headUSD = headUSD }
    public var deltaUSD: Decimal { headUSD - baseUSD }
    /// nil when the base is zero (an added profile).
    public var percent: Double? {
        guard baseUSD != 0 else { return nil }
        return NSDecimalNumber(decimal: deltaUSD / baseUSD).doubleValue * 100
    }
    enum CodingKeys: String, CodingKey { case baseUSD = "base", headUSD = "head", deltaUSD = "delta", percent }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(baseUSD, forKey: .baseUSD); try c.encode(headUSD, forKey: .headUSD)
        try c.encode(deltaUSD, forKey: .deltaUSD); try c.encode(percent, forKey: .percent)
    }
}

/// One side of a profile diff: the profile's headline facts and its recommended deployment.
public struct ProfileOutcome: Sendable, Encodable {
    public var name: String
    public var modelID: String
    public var targets: Profile.Targets
    public var reportCurrency: String
    /// nil: no deployment meets the profile.
    public var best: DeploymentSnapshot?
    public var optionsPassing: Int

    public init(name: String, modelID: String, targets: Profile.Targets, reportCurrency: String, best: DeploymentSnapshot?,
                optionsPassing: Int) {
        self.name = name; self.modelID = modelID; self.targets = targets; self.reportCurrency = reportCurrency
        self.best = best; self.optionsPassing = optionsPassing
    }

    enum CodingKeys: String, CodingKey {
        case name, modelID = "model", targets, reportCurrency = "report_currency", best, optionsPassing = "options_passing"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(modelID, forKey: .modelID); try c.encode(targets, forKey: .targets)
        try c.encode(reportCurrency, forKey: .reportCurrency); try c.encode(best, forKey: .best)
        try c.encode(optionsPassing, forKey: .optionsPassing)
    }
}

/// The headline facts of a recommended deployment, small enough to show before and after.
public struct DeploymentSnapshot: Sendable, Hashable, Encodable {
    public var offerID: String
    public var provider: String
    public var vendor: String
    public var deviceID: String
    /// `on_demand`, `reserved_1y`, `reserved_3y`, `spot`, or `purchase` for on-prem.
    public var pricing: String
    public var region: String?
    public var totalDevices: Int
    public var replicas: Int
    public var tensorParallel: Int
    public var pipelineParallel: Int
    public var weightPrecision: Precision
    public var kvPrecision: Precision
    public var batch: Int
    public var ttftMs: Double
    public var tpotMs: Double?
    public var usdPerMonth: Decimal?
    public var tcoUSD: Decimal?
    public var usdPerMillionTokens: Decimal?
    public var priceAsOf: Day?

    public init(_ c: Candidate) {
        offerID = c.offerID; provider = c.provider; vendor = c.vendor; deviceID = c.point.deviceID
        pricing = c.pricing?.rawValue ?? "purchase"; region = c.region; totalDevices = c.totalDevices; replicas = c.replicas
        tensorParallel = c.point.tensorParallel; pipelineParallel = c.point.pipelineParallel
        weightPrecision = c.point.weightPrecision; kvPrecision = c.point.kvPrecision; batch = c.point.batch
        ttftMs = c.ttftMs; tpotMs = c.tpotMs; usdPerMonth = c.cost?.totalUSDPerMonth; tcoUSD = c.cost?.tcoUSD
        usdPerMillionTokens = c.usdPerMillionTokens; priceAsOf = c.priceAsOf
    }

    /// `4x h100-sxm aws/p5.48xlarge on_demand fp8/fp8`: what a reviewer compares.
    public var label: String {
        "\(totalDevices)x \(deviceID) \(offerID) \(pricing) \(weightPrecision.rawValue)/\(kvPrecision.rawValue)"
    }

    enum CodingKeys: String, CodingKey {
        case offerID = "offer", provider, vendor, deviceID = "device", pricing, region, totalDevices = "total_devices", replicas
        case tensorParallel = "tensor_parallel", pipelineParallel = "pipeline_parallel", weightPrecision = "weights"
        case kvPrecision = "kv_cache", batch, ttftMs = "ttft_ms", tpotMs = "tpot_ms", usdPerMonth = "usd_per_month"
        case tcoUSD = "tco_usd", usdPerMillionTokens = "usd_per_million_tokens", priceAsOf = "price_as_of"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(offerID, forKey: .offerID); try c.encode(provider, forKey: .provider); try c.encode(vendor, forKey: .vendor)
        try c.encode(deviceID, forKey: .deviceID); try c.encode(pricing, forKey: .pricing); try c.encode(region, forKey: .region)
        try c.encode(totalDevices, forKey: .totalDevices); try c.encode(replicas, forKey: .replicas)
        try c.encode(tensorParallel, forKey: .tensorParallel); try c.encode(pipelineParallel, forKey: .pipelineParallel)
        try c.encode(weightPrecision, forKey: .weightPrecision); try c.encode(kvPrecision, forKey: .kvPrecision)
        try c.encode(batch, forKey: .batch); try c.encode(ttftMs, forKey: .ttftMs); try c.encode(tpotMs, forKey: .tpotMs)
        try c.encode(usdPerMonth, forKey: .usdPerMonth); try c.encode(tcoUSD, forKey: .tcoUSD)
        try c.encode(usdPerMillionTokens, forKey: .usdPerMillionTokens); try c.encode(priceAsOf, forKey: .priceAsOf)
    }
}

/// Why a profile's result changed, in words a reviewer reads ("traffic +40%").
public struct Cause: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case model, precisions, traffic, targets, constraints, costs, currency
        /// A catalog change that touches this profile's deployments, model or rates.
        case catalog
    }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

/// One difference between the base and head effective catalogs.
public struct CatalogChange: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case price, offerAdded = "offer_added", offerRemoved = "offer_removed", offer
        case deviceAdded = "device_added", deviceRemoved = "device_removed", device
        case modelAdded = "model_added", modelRemoved = "model_removed", model
        case exchangeRate = "exchange_rate", costDefaults = "cost_defaults"
    }
    public var kind: Kind
    /// The offer, device or model id, currency code, or `cost-defaults`.
    public var id: String
    public var text: String
    /// For a price: the region and pricing model it applies to.
    public var region: String?
    public var pricing: PricingModel?
    public init(_ kind: Kind, id: String, _ text: String, region: String? = nil, pricing: PricingModel? = nil) {
        self.kind = kind; self.id = id; self.text = text; self.region = region; self.pricing = pricing
    }
}
