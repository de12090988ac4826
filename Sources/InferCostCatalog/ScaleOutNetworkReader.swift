import InferCostCore

/// `scale_out_network:` of a cloud instance or an on-prem server: the network between nodes, each
/// figure with its own `source` and `as_of` (docs/catalog-format.md).
extension MappingReader {
    static let scaleOutKeys = ["bandwidth_gbit_s", "latency_us", "source", "as_of", "notes"]

    mutating func scaleOutNetwork() -> ScaleOutNetwork? {
        mapping("scale_out_network", keys: Self.scaleOutKeys) { m -> ScaleOutNetwork? in
            let bandwidth = m.double("bandwidth_gbit_s", required: true, domain: Domains.scaleOutBandwidth)
            let latency = m.double("latency_us", domain: Domains.scaleOutLatency)
            let source = m.string("source", required: true)
            let asOf = m.day("as_of", required: true)
            let notes = m.string("notes")
            guard let bandwidth, let source, let asOf else { return nil }
            return ScaleOutNetwork(bandwidthGbitS: bandwidth, latencyUs: latency, source: source, asOf: asOf, notes: notes)
        }
    }
}
