import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Capacity planning against closed forms with known inputs: the M/M/1 waiting-time tail, the
/// Pollaczek–Khinchine mean for deterministic service (which Kingman's factor reproduces), and a
/// plan worked by hand from a hand-made estimate.
@Suite struct CapacityPlanTests {
    /// M/M/1 with utilisation rho and mean service S: P(W > t) = rho exp(-(1 - rho) t / S).
    static func mm1Tail(_ t: Double, service s: Double, rho: Double) -> Double { rho * exp(-(1 - rho) * t / s) }

    @Test func theWaitIsHalfTheMM1PercentileWithKnownInputs() {
        // S = 0.1 s, rho = 0.7, p95: the M/M/1 p95 wait is 0.1 x ln(0.7 / 0.05) / 0.3 = 0.879686 s
        // (ln 14 = 2.639057); deterministic service halves it (Kingman, c_s = 0): 0.439843 s.
        let wait = CapacityPlan.queueWaitSeconds(serviceSeconds: 0.1, utilization: 0.7, percentile: 95)
        #expect(abs(wait - 0.4398429) < 1e-7)
        // Read back through the M/M/1 tail: twice the wait is exactly where 5% still wait.
        #expect(abs(Self.mm1Tail(2 * wait, service: 0.1, rho: 0.7) - 0.05) < 1e-12)
        // p99 at rho 0.5, S = 20 ms: 0.5 x 0.02 x ln(0.5 / 0.01) / 0.5 = 0.02 x ln 50 = 78.24 ms.
        #expect(abs(CapacityPlan.queueWaitSeconds(serviceSeconds: 0.02, utilization: 0.5, percentile: 99) - 0.0782405) < 1e-7)
    }

    @Test func theMeanWaitIsThePollaczekKhinchineMeanOfDeterministicService() {
        // M/D/1 mean wait (Pollaczek–Khinchine): rho S / (2 (1 - rho)). The quantile function of the
        // model's wait, integrated over every percentile (midpoint rule), must give it.
        for (s, rho) in [(0.1, 0.7), (0.02, 0.4), (1.0, 0.9)] {
            let steps = 100_000
            var mean = 0.0
            for i in 0..<steps {
                let percentile = (Double(i) + 0.5) / Double(steps) * 100
                mean += CapacityPlan.queueWaitSeconds(serviceSeconds: s, utilization: rho, percentile: percentile)
            }
            mean /= Double(steps)
            let pollaczekKhinchine = rho * s / (2 * (1 - rho))
            #expect(abs(mean / pollaczekKhinchine - 1) < 2e-3, "S \(s), rho \(rho): mean \(mean) vs \(pollaczekKhinchine)")
        }
    }

    @Test func noWaitBelowTheTailAndNoneWithoutTraffic() {
        // With rho below the tail's mass (4% busy, p95), 95% of requests find the server free.
        #expect(CapacityPlan.queueWaitSeconds(serviceSeconds: 0.1, utilization: 0.04, percentile: 95) == 0)
        #expect(CapacityPlan.queueWaitSeconds(serviceSeconds: 0.1, utilization: 0, percentile: 95) == 0)
        #expect(CapacityPlan.queueWaitSeconds(serviceSeconds: 0.1, utilization: 1, percentile: 95) == .infinity)
    }

    /// A decoder replica on one device: prefill 20 ms, decode step 5 ms, batch 16, 1,000 in / 200 out; at
    /// load a mixed pass (16 decodes plus arriving prompts' tokens) of 6.6 ms.
    static func estimate(tp: Int = 1, prefill: Double = 0.020, step: Double = 0.005, loadedStep: Double = 0.0066) -> Estimate {
        let phase = { (s: Double) in Estimate.Phase(seconds: s, computeSeconds: s, memorySeconds: 0, interconnectSeconds: 0,
                                                    overheadSeconds: 0, bottleneck: .compute) }
        return Estimate(point: DeploymentPoint(deviceID: "gpu80", tensorParallel: tp, weightPrecision: .bf16, kvPrecision: .bf16,
                                               batch: 16, inputTokens: 1000, outputTokens: 200),
                        memory: .init(weightsGBPerDevice: 16, kvCacheGBPerDevice: 2, overheadGBPerDevice: 8, capacityGBPerDevice: 80,
                                      kvCacheGBPerSequence: 0.1, maxBatch: 400),
                        prefill: phase(prefill), decode: phase(step),
                        serving: .init(batch: 16, step: phase(loadedStep), ttftSeconds: 2 * loadedStep, limitedByStepBudget: false),
                        powerWPerDevice: 700, missing: [], provenance: [:])
    }

    @Test func aPlanWorkedByHand() throws {
        // 10 req/s average, peak x 2 = 20 req/s, p95, planning utilisation 0.7, 8 devices per instance.
        let plan = try #require(CapacityPlan.plan(estimate: Self.estimate(), profile: Fixtures.chatProfile(rps: 10), devicesPerUnit: 8))
        // S = 200 tokens x 6.6 ms mixed pass / 16 sequences = 0.0825 s; replicas needed = ceil(20 x 0.0825 / 0.7) = ceil(2.357) = 3.
        #expect(plan.replicasNeeded == 3)
        // One-device replicas fill one 8-device instance: 1 unit, 8 replicas.
        #expect(plan.units == 1 && plan.replicas == 8)
        // rho = 20 x 0.0825 / 8 = 0.20625; average 10 x 0.0825 / 8 = 0.103125.
        #expect(abs(plan.peakUtilization - 0.20625) < 1e-12 && abs(plan.averageUtilization - 0.103125) < 1e-12)
        // Prefill share = 20 / 8 x 0.020 = 0.05.
        #expect(abs(plan.prefillShare - 0.05) < 1e-12)
        // Wait (service = the 20 ms prefill): 0.5 x 0.020 x ln(0.20625 / 0.05) / 0.79375
        // = 0.01 x 1.417066 / 0.79375 = 17.8528 ms; TTFT = 20 + 5 + 17.8528 = 42.8528 ms.
        #expect(abs(plan.ttftMs - 42.8528) < 1e-4)
        // TPOT stretched by arriving prefills: 5 / (1 - 0.05) = 5.263158 ms.
        #expect(abs(try #require(plan.tpotMs) - 5.263158) < 1e-6)
        // Capacity = 8 / 0.0825 = 96.9697 req/s.
        #expect(abs(plan.capacityRequestsPerSecond - 96.969697) < 1e-6)
    }

    @Test func replicasOfTwoDevicesPackIntoWholeInstances() throws {
        // TP 2 on 8-device instances: 4 replicas per instance. 40 req/s average, 80 at peak:
        // needed = ceil(80 x 0.0825 / 0.7) = ceil(9.43) = 10 -> 3 instances, 12 replicas.
        let plan = try #require(CapacityPlan.plan(estimate: Self.estimate(tp: 2), profile: Fixtures.chatProfile(rps: 40), devicesPerUnit: 8))
        #expect(plan.replicasNeeded == 10 && plan.units == 3 && plan.replicas == 12)
        #expect(abs(plan.peakUtilization - 80 * 0.0825 / 12) < 1e-12)  // 0.55
    }

    @Test func theUnitCapLeavesTrafficUnserved() throws {
        // Same 10 replicas needed, but at most 2 instances: 8 replicas, fewer than needed; rho = 80 x 0.0825 / 8 = 0.825.
        let plan = try #require(CapacityPlan.plan(estimate: Self.estimate(tp: 2), profile: Fixtures.chatProfile(rps: 40),
                                                  devicesPerUnit: 8, maxUnits: 2))
        #expect(plan.units == 2 && plan.replicas == 8 && plan.replicas < plan.replicasNeeded)
        #expect(abs(plan.peakUtilization - 0.825) < 1e-12)
        #expect(CapacityPlan.maxUnits == 512)
    }

    @Test func prefillThatSaturatesAReplicaMakesTPOTUnbounded() throws {
        // Prefill 1 s, 20 req/s at peak: with at most 8 replicas each spends 20 / 8 x 1 = 2.5 of its time in prefill.
        let plan = try #require(CapacityPlan.plan(estimate: Self.estimate(prefill: 1), profile: Fixtures.chatProfile(rps: 10),
                                                  devicesPerUnit: 8, maxUnits: 1))
        #expect(abs(plan.prefillShare - 2.5) < 1e-12)
        #expect(plan.tpotMs == .infinity)
    }
}
