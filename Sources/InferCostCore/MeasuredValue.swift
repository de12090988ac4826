/// A measurement that answers an estimate's figure directly: an exact match of device, model,
/// precision, layout, lengths and batch is `measured`; a batch between two measured batches of an
/// otherwise identical run is `interpolated`.
public struct MeasuredValue: Sendable, Equatable {
    public var metric: BenchmarkMeasurement.Metric
    public var value: Double
    public var provenance: Provenance
    /// `source row` of the measurements used.
    public var rows: [String]
    public init(metric: BenchmarkMeasurement.Metric, value: Double, provenance: Provenance, rows: [String]) {
        self.metric = metric; self.value = value; self.provenance = provenance; self.rows = rows
    }
}
