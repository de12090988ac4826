import Foundation
import InferCostCore

/// How many replicas a point needs for the profile's peak traffic, and the latency it then
/// delivers (docs/methodology.md, "Capacity and queueing").
public struct CapacityPlan: Sendable, Hashable {
    public var replicasNeeded: Int
    public var replicas: Int
    public var units: Int
    public var peakUtilization: Double
    public var averageUtilization: Double
    /// TTFT at the profile's percentile including queueing, ms.
    public var ttftMs: Double
    /// TPOT stretched by the prefills of arriving requests, ms (nil for encoders).
    public var tpotMs: Double?
    /// Fraction of a replica's time spent in prefill at peak; >= 1 means prefill alone saturates it.
    public var prefillShare: Double
    public var capacityRequestsPerSecond: Double

    /// Replicas of `devicesPerReplica` devices packed into whole units of `devicesPerUnit`: those the
    /// peak needs, one more with `redundancy: n_plus_1`, and at least `min_replicas`. With N+1 the
    /// latency is that of the deployment with one replica down; power and cost count every replica. A
    /// replica spanning several nodes (`DeploymentPoint.span`) takes that many whole units.
    public static func plan(estimate: Estimate, profile: Profile, devicesPerUnit: Int,
                            maxUnits: Int = CapacityPlan.maxUnits) -> CapacityPlan? {
        guard let service = estimate.serviceSecondsPerRequest, service > 0 else { return nil }
        let peak = profile.traffic.peakRequestsPerSecond
        let average = profile.traffic.averageRequestsPerSecond
        let u = profile.costs.planningUtilization
        // Counted in Double and clamped before conversion: absurd traffic needs "more than any plan", never a trap.
        let spare = profile.targets.redundancy == .nPlusOne ? 1 : 0
        let needed = max(max(1, Int.clampedCount(peak * service / u, limit: Self.maxReplicasCounted)) + spare, profile.targets.minReplicas)
        let units: Int, replicas: Int
        let nodes = estimate.point.nodes
        if nodes > 1 {
            // A replica over several whole nodes: each replica takes `nodes` units.
            replicas = min(needed, max(1, maxUnits / nodes))
            units = replicas * nodes
        } else {
            let perUnit = max(1, devicesPerUnit / estimate.point.devicesPerReplica)
            units = min(maxUnits, (needed + perUnit - 1) / perUnit)
            replicas = units * perUnit
        }
        // The spare replica (N+1) carries no traffic in the latency figures: it is there for a failure.
        let serving = Double(max(1, replicas - spare))
        guard let load = Load(estimate: estimate, requestsPerSecond: peak / serving,
                              percentile: profile.targets.percentile) else { return nil }
        return CapacityPlan(
            replicasNeeded: needed, replicas: replicas, units: units, peakUtilization: peak * service / Double(replicas),
            averageUtilization: average * service / Double(replicas), ttftMs: load.ttftSeconds * 1000,
            tpotMs: load.tpotSeconds.map { $0 * 1000 }, prefillShare: load.prefillShare,
            capacityRequestsPerSecond: Double(replicas) / service)
    }

    /// One replica at an arrival rate: its utilisation, TTFT at a percentile (the unloaded TTFT plus
    /// the queue wait before the prefill) and TPOT stretched by the prefills of arriving requests.
    /// The closed form shared by recommend and tune; `infercost simulate` checks it.
    public struct Load: Sendable, Hashable {
        public var utilization: Double
        public var prefillShare: Double
        public var ttftSeconds: Double
        public var tpotSeconds: Double?

        public init?(estimate: Estimate, requestsPerSecond rate: Double, percentile: Double) {
            guard let service = estimate.serviceSecondsPerRequest, let prefill = estimate.prefill, service > 0 else { return nil }
            utilization = rate * service
            prefillShare = rate * prefill.seconds
            let wait = CapacityPlan.queueWaitSeconds(serviceSeconds: prefill.seconds, utilization: utilization, percentile: percentile)
            ttftSeconds = (estimate.ttftSeconds ?? prefill.seconds) + wait
            let share = prefillShare
            tpotSeconds = estimate.tpotSeconds.map { share < 1 ? $0 / (1 - share) : .infinity }
        }
    }

    /// Waiting time before a prefill starts, at a percentile. The exponential tail of an M/M/1
    /// queue, P(W > t) = rho exp(-(1 - rho) t / S), halved by Kingman's factor (1 + c_s^2)/2 for
    /// deterministic service (c_s = 0): prompts of one length take one time.
    public static func queueWaitSeconds(serviceSeconds s: Double, utilization rho: Double, percentile: Double) -> Double {
        guard rho > 0 else { return 0 }
        guard rho < 1 else { return .infinity }
        let tail = 1 - percentile / 100
        guard rho > tail else { return 0 }
        return 0.5 * s * log(rho / tail) / (1 - rho)
    }

    /// Guard against absurd plans: beyond this many instances or servers the traffic counts as not served.
    public static let maxUnits = 512

    /// Replica counts above this are reported as this many: far beyond `maxUnits` of any offer.
    public static let maxReplicasCounted = 1 << 40
}
