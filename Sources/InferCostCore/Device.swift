/// A GPU, CPU socket or accelerator chip: the unit that holds weights and computes.
public struct Device: Sendable, Hashable, Encodable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case gpu, accelerator, cpu }

    public struct Interconnect: Sendable, Hashable, Encodable {
        public enum Kind: String, Sendable, Encodable, CaseIterable {
            case nvlink, infinityFabric = "infinity_fabric", pcie, ici, neuronlink, roce, upi, xgmi, hccs
        }
        public var kind: Kind
        /// Per direction, per device.
        public var bandwidthGBs: Double?
        public init(kind: Kind, bandwidthGBs: Double?) { self.kind = kind; self.bandwidthGBs = bandwidthGBs }
        enum CodingKeys: String, CodingKey { case kind, bandwidthGBs = "bandwidth_gb_s" }
    }

    public struct CPU: Sendable, Hashable, Encodable {
        public var cores: Int?
        public var memoryChannels: Int?
        public var memorySpeedMTs: Int?
        public var matrixExtensions: [String]
        public init(cores: Int?, memoryChannels: Int?, memorySpeedMTs: Int?, matrixExtensions: [String]) {
            self.cores = cores; self.memoryChannels = memoryChannels
            self.memorySpeedMTs = memorySpeedMTs; self.matrixExtensions = matrixExtensions
        }
        enum CodingKeys: String, CodingKey {
            case cores, memoryChannels = "memory_channels", memorySpeedMTs = "memory_speed_mt_s"
            case matrixExtensions = "matrix_extensions"
        }
    }

    public var id: String
    public var name: String
    public var vendor: String
    public var kind: Kind
    public var launchYear: Int?
    public var memoryGB: Double?
    public var memoryType: String?
    public var memoryBandwidthGBs: Double?
    /// Dense peak per precision, TFLOPS (TOPS for integers).
    public var denseTFLOPS: [Precision: Double]
    /// Weight precisions the device's serving stacks run.
    public var precisions: [Precision]
    public var tdpW: Double?
    public var interconnect: Interconnect?
    public var cpu: CPU?
    /// Where the part can be bought; nil when no sales restriction is known (every market).
    public var markets: [Market]?
    /// Other names sources use for this part (benchmark rows are matched to devices by them).
    public var aliases: [String]
    public var sources: [Source]
    /// Figures computed from other sourced facts rather than published: field (`dense_tflops.bf16`) -> formula.
    public var derived: [String: String]
    public var notes: String?

    public init(
        id: String, name: String, vendor: String, kind: Kind, launchYear: Int? = nil,
        memoryGB: Double?, memoryType: String? = nil, memoryBandwidthGBs: Double?,
        denseTFLOPS: [Precision: Double], precisions: [Precision], tdpW: Double?,
        interconnect: Interconnect? = nil, cpu: CPU? = nil, markets: [Market]? = nil, aliases: [String] = [],
        sources: [Source] = [], derived: [String: String] = [:], notes: String? = nil
    ) {
        self.id = id; self.name = name; self.vendor = vendor; self.kind = kind
        self.launchYear = launchYear; self.memoryGB = memoryGB; self.memoryType = memoryType
        self.memoryBandwidthGBs = memoryBandwidthGBs; self.denseTFLOPS = denseTFLOPS
        self.precisions = precisions; self.tdpW = tdpW; self.interconnect = interconnect
        self.cpu = cpu; self.markets = markets; self.aliases = aliases; self.sources = sources
        self.derived = derived; self.notes = notes
    }

    public func supports(_ precision: Precision) -> Bool { precisions.contains(precision) }

    /// Whether the part can be bought in `market`.
    public func isSold(in market: Market) -> Bool { markets?.contains(market) ?? true }

    enum CodingKeys: String, CodingKey {
        case id, name, vendor, kind, launchYear = "launch_year", memoryGB = "memory_gb"
        case memoryType = "memory_type", memoryBandwidthGBs = "memory_bandwidth_gb_s"
        case denseTFLOPS = "dense_tflops", precisions, tdpW = "tdp_w", interconnect, cpu, markets, aliases, sources, derived, notes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name)
        try c.encode(vendor, forKey: .vendor); try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(launchYear, forKey: .launchYear)
        try c.encodeIfPresent(memoryGB, forKey: .memoryGB)
        try c.encodeIfPresent(memoryType, forKey: .memoryType)
        try c.encodeIfPresent(memoryBandwidthGBs, forKey: .memoryBandwidthGBs)
        try c.encode(Dictionary(uniqueKeysWithValues: denseTFLOPS.map { ($0.key.rawValue, $0.value) }), forKey: .denseTFLOPS)
        try c.encode(precisions, forKey: .precisions)
        try c.encodeIfPresent(tdpW, forKey: .tdpW)
        try c.encodeIfPresent(interconnect, forKey: .interconnect)
        try c.encodeIfPresent(cpu, forKey: .cpu)
        try c.encodeIfPresent(markets, forKey: .markets)
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        try c.encode(sources, forKey: .sources)
        if !derived.isEmpty { try c.encode(derived, forKey: .derived) }
        try c.encodeIfPresent(notes, forKey: .notes)
    }
}

extension Device {
    /// The precision the device is mainly served at: the first of `precisions`.
    public var mainPrecision: Precision? { precisions.first }

    /// Keys an estimate at the main precision needs and the device lacks (empty: estimable).
    /// A CPU's memory comes from its offer, so only accelerators and GPUs need `memory_gb`.
    public var missingForMainPrecision: [String] {
        var missing: [String] = []
        if kind != .cpu, memoryGB == nil { missing.append("memory_gb") }
        if memoryBandwidthGBs == nil { missing.append("memory_bandwidth_gb_s") }
        if let compute = mainPrecision?.computePrecision, denseTFLOPS[compute] == nil {
            missing.append("dense_tflops.\(compute.rawValue)")
        }
        return missing
    }
}
