/// The families calibration falls back to the uncalibrated physics for, because calibrated they are
/// predicted worse out of sample (docs/validation.md, "Fallback per family"): metric families
/// (throughput, TPOT, TTFT) and deployment families (tight memory, TP >= 8, ...).
public struct PhysicsFallback: Sendable, Codable, Equatable {
    public var metrics: [BenchmarkMeasurement.Family] = []
    public var deployments: [DeploymentFamily] = []
    public init(metrics: [BenchmarkMeasurement.Family] = [], deployments: [DeploymentFamily] = []) {
        self.metrics = metrics; self.deployments = deployments
    }
    public var isEmpty: Bool { metrics.isEmpty && deployments.isEmpty }
    public func covers(metric: BenchmarkMeasurement.Family?, deployment: [DeploymentFamily]) -> Bool {
        (metric.map { metrics.contains($0) } ?? false) || deployment.contains { deployments.contains($0) }
    }
    public var labels: [String] { metrics.map(\.rawValue) + deployments.map(\.rawValue) }
}
