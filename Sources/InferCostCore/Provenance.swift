/// Where a figure comes from, most trusted first.
public enum Provenance: String, Sendable, Encodable, CaseIterable {
    /// An exact match with a measured benchmark.
    case measured
    /// Between measured points.
    case interpolated
    /// Physics whose efficiency factors were fitted to measurements.
    case calibratedPhysics = "calibrated_physics"
    /// Physics with the named default efficiency factors (docs/methodology.md).
    case uncalibratedPhysics = "uncalibrated_physics"
    /// Exact arithmetic from architecture, precision and catalog specs (memory sizes).
    case arithmetic
}

/// What limits a phase or a deployment.
public enum Bottleneck: String, Sendable, Encodable, CaseIterable {
    case compute
    case memoryBandwidth = "memory_bandwidth"
    case memoryCapacity = "memory_capacity"
    case interconnect
    /// The latency target, not the hardware, caps the batch.
    case slo
}
