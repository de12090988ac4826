import InferCostCore

/// Which stored measurements `BenchStore.measurements(filter:)` returns. Every set field must match.
public struct MeasurementFilter: Sendable, Hashable {
    /// Source key, exactly (case-insensitive): `S01`, or an imported file's name.
    public var source: String?
    /// Substring of the device name, case-insensitive.
    public var deviceName: String?
    /// Substring of the model name, case-insensitive.
    public var modelName: String?
    public var family: BenchmarkMeasurement.Family?
    /// Substring of the engine, case-insensitive.
    public var engine: String?
    /// At most this many rows (after ordering).
    public var limit: Int?
    /// Device names, exactly (any of them); nil: any name.
    public var deviceNames: [String]?
    /// Model names, exactly (any of them); nil: any name.
    public var modelNames: [String]?

    public init(source: String? = nil, deviceName: String? = nil, modelName: String? = nil,
                family: BenchmarkMeasurement.Family? = nil, engine: String? = nil, limit: Int? = nil) {
        self.source = source; self.deviceName = deviceName; self.modelName = modelName
        self.family = family; self.engine = engine; self.limit = limit
    }
}
