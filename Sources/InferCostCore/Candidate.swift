import Foundation

/// A concrete deployment: offer x pricing x device count x parallelism x precision x batch limit,
/// with its estimate, capacity plan, cost and what the rules said.
public struct Candidate: Sendable, Hashable, Encodable {
    public var offerID: String
    public var offerName: String
    public var deployment: Deployment
    public var provider: String
    public var vendor: String
    /// Cloud only.
    public var region: String?
    public var pricing: PricingModel?
    /// How a reserved price is paid (cloud only).
    public var payment: Payment?
    public var priceAsOf: Day?
    public var point: DeploymentPoint
    public var estimate: Estimate
    /// Replicas deployed (whole instances/servers filled).
    public var replicas: Int
    /// Instances rented or servers bought.
    public var units: Int
    public var totalDevices: Int
    /// Fraction of capacity busy at peak traffic.
    public var peakUtilization: Double
    /// TTFT at the profile's percentile, including prefill queueing at peak.
    public var ttftMs: Double
    /// TPOT at a full batch, including the pauses that other requests' prefills cause.
    public var tpotMs: Double?
    /// Tokens per second the whole deployment can sustain: output tokens, or input tokens for encoders.
    public var capacityTokensPerSecond: Double
    public var capacityRequestsPerSecond: Double
    /// Peak draw of all devices and hosts, kW, before PUE.
    public var peakPowerKW: Double?
    public var cost: CostBreakdown?
    /// Draw at the profile's average traffic, kW, before PUE (cloud: devices only).
    public var averagePowerKW: Double?
    /// What the cost leaves out (unsourced host price or power); empty when the cost is complete.
    public var costGaps: [String]
    /// USD per million output tokens at the profile's average traffic (input tokens for encoders).
    public var usdPerMillionTokens: Decimal?
    public var bottleneck: Bottleneck
    public var findings: [Finding]
    /// Finalists only: the serving simulator's percentile TTFT and TPOT at the profile's peak rate.
    public var simulated: SimulatedLatency?

    public init(offerID: String, offerName: String, deployment: Deployment, provider: String, vendor: String,
                region: String?, pricing: PricingModel?, priceAsOf: Day?, point: DeploymentPoint, estimate: Estimate,
                replicas: Int, units: Int, totalDevices: Int, peakUtilization: Double, ttftMs: Double, tpotMs: Double?,
                capacityTokensPerSecond: Double, capacityRequestsPerSecond: Double, peakPowerKW: Double?,
                cost: CostBreakdown?, usdPerMillionTokens: Decimal?, bottleneck: Bottleneck, findings: [Finding],
                averagePowerKW: Double? = nil, costGaps: [String] = [], payment: Payment? = nil) {
        self.payment = payment
        self.averagePowerKW = averagePowerKW; self.costGaps = costGaps
        self.offerID = offerID; self.offerName = offerName; self.deployment = deployment; self.provider = provider
        self.vendor = vendor; self.region = region; self.pricing = pricing; self.priceAsOf = priceAsOf
        self.point = point; self.estimate = estimate; self.replicas = replicas; self.units = units
        self.totalDevices = totalDevices; self.peakUtilization = peakUtilization; self.ttftMs = ttftMs
        self.tpotMs = tpotMs; self.capacityTokensPerSecond = capacityTokensPerSecond
        self.capacityRequestsPerSecond = capacityRequestsPerSecond; self.peakPowerKW = peakPowerKW
        self.cost = cost; self.usdPerMillionTokens = usdPerMillionTokens; self.bottleneck = bottleneck
        self.findings = findings
    }

    public var isRejected: Bool { findings.contains { $0.severity == .reject } }
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    /// Every cost component is sourced: complete options always rank above incomplete ones.
    public var isCostComplete: Bool { costGaps.isEmpty }

    enum CodingKeys: String, CodingKey {
        case offerID = "offer", offerName = "offer_name", deployment, provider, vendor, region, pricing
        case priceAsOf = "price_as_of", point, estimate, replicas, units, totalDevices = "total_devices"
        case peakUtilization = "peak_utilization", ttftMs = "ttft_ms", tpotMs = "tpot_ms"
        case capacityTokensPerSecond = "capacity_tokens_per_second"
        case capacityRequestsPerSecond = "capacity_requests_per_second", peakPowerKW = "peak_power_kw", cost
        case usdPerMillionTokens = "usd_per_million_tokens", bottleneck, findings
        case averagePowerKW = "average_power_kw", costGaps = "cost_gaps", payment, simulated
    }
}
