/// The network between instances or servers (scale-out: InfiniBand, EFA, RoCE), over which a replica
/// spread across several nodes hands activations from one pipeline stage to the next.
public struct ScaleOutNetwork: Sendable, Hashable, Encodable {
    /// All of one node's scale-out ports together, Gbit/s (8x 400 Gb/s InfiniBand = 3200).
    public var bandwidthGbitS: Double
    /// One-way latency of a small message between two nodes, microseconds; nil where no source gives it.
    public var latencyUs: Double?
    public var source: String
    public var asOf: Day
    public var notes: String?

    public init(bandwidthGbitS: Double, latencyUs: Double? = nil, source: String, asOf: Day, notes: String? = nil) {
        self.bandwidthGbitS = bandwidthGbitS; self.latencyUs = latencyUs; self.source = source; self.asOf = asOf
        self.notes = notes
    }

    /// Bytes per second of the whole node, in GB/s (1 GB = 10^9 bytes, 8 bits a byte).
    public var bandwidthGBs: Double { bandwidthGbitS / 8 }

    enum CodingKeys: String, CodingKey {
        case bandwidthGbitS = "bandwidth_gbit_s", latencyUs = "latency_us", source, asOf = "as_of", notes
    }
}

/// A replica spread over several whole nodes (instances or servers): tensor parallel within each node,
/// pipeline stages across them, `nodes - 1` stage boundaries crossing the scale-out network.
public struct NodeSpan: Sendable, Hashable, Encodable {
    public var nodes: Int
    public var devicesPerNode: Int
    /// The node's whole scale-out bandwidth, GB/s.
    public var networkGBsPerNode: Double
    /// Sourced one-way latency, microseconds; nil: the engine's stated assumption (docs/methodology.md).
    public var networkLatencyUs: Double?

    public init(nodes: Int, devicesPerNode: Int, networkGBsPerNode: Double, networkLatencyUs: Double?) {
        self.nodes = nodes; self.devicesPerNode = devicesPerNode; self.networkGBsPerNode = networkGBsPerNode
        self.networkLatencyUs = networkLatencyUs
    }

    /// `nodes` whole nodes of an offer with a scale-out network.
    public init(nodes: Int, offer: Offer, network: ScaleOutNetwork) {
        self.init(nodes: nodes, devicesPerNode: offer.devicesPerUnit, networkGBsPerNode: network.bandwidthGBs,
                  networkLatencyUs: network.latencyUs)
    }

    enum CodingKeys: String, CodingKey {
        case nodes, devicesPerNode = "devices_per_node", networkGBsPerNode = "network_gb_s_per_node"
        case networkLatencyUs = "network_latency_us"
    }
}
