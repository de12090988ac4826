import InferCostCore

extension CapacityPlan {
    /// The most requests per second one replica takes while its percentile TTFT and its TPOT stay
    /// within the profile's targets and its utilisation within the planning utilisation (0 when even
    /// an idle replica misses a target). TTFT and TPOT grow with the rate, so the largest rate that
    /// meets both is found by bisection (60 halvings: far below any figure reported).
    public static func maxRequestsPerSecond(estimate: Estimate, profile: Profile) -> Double {
        guard let service = estimate.serviceSecondsPerRequest, service > 0 else { return 0 }
        let targets = profile.targets
        func meets(_ rate: Double) -> Bool {
            guard let load = Load(estimate: estimate, requestsPerSecond: rate, percentile: targets.percentile) else { return false }
            if load.ttftSeconds * 1000 > targets.ttftMs { return false }
            if let target = targets.tpotMs, let tpot = load.tpotSeconds, tpot * 1000 > target { return false }
            return load.prefillShare < 1
        }
        let ceiling = profile.costs.planningUtilization / service
        if meets(ceiling) { return ceiling }
        guard meets(0) else { return 0 }
        var low = 0.0, high = ceiling
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if meets(mid) { low = mid } else { high = mid }
        }
        return low
    }
}
