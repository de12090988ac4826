import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// `redundancy: n_plus_1` and `min_replicas` change the replica count, and so the cost.
@Suite struct RedundancyTests {
    let catalog = Fixtures.catalog(offers: [Fixtures.cloudOffer("big-x1", device: "gpu80", devices: 1, usdPerHour: 12)])

    func best(_ targets: (inout Profile.Targets) -> Void) throws -> Candidate {
        var profile = Fixtures.chatProfile(rps: 2)
        targets(&profile.targets)
        return try #require(try Recommender(catalog: catalog, today: Fixtures.day).recommend(profile).best)
    }

    @Test func nPlusOneAddsAReplicaAndItsCost() throws {
        let plain = try best { _ in }
        let spared = try best { $0.redundancy = .nPlusOne }
        #expect(spared.replicas >= plain.replicas + 1)
        #expect(spared.units > plain.units)
        let (a, b) = (try #require(plain.cost?.totalUSDPerMonth), try #require(spared.cost?.totalUSDPerMonth))
        // One-GPU instances at $12/h: each extra instance is 12 x 730.5 h a month.
        #expect(b - a == Decimal(spared.units - plain.units) * 12 * Decimal(Units.hoursPerMonth))
    }

    @Test func minReplicasIsAFloor() throws {
        let plain = try best { _ in }
        let floored = try best { $0.minReplicas = plain.replicas + 3 }
        #expect(floored.replicas == plain.replicas + 3)
        #expect(try #require(floored.cost?.totalUSDPerMonth) > (try #require(plain.cost?.totalUSDPerMonth)))
    }

    @Test func withNPlusOneTheLatencyHoldsWithOneReplicaDown() throws {
        var profile = Fixtures.chatProfile(rps: 2)
        profile.targets.redundancy = .nPlusOne
        let estimate = EstimatePipeline(model: Fixtures.llama8B, device: Fixtures.gpu, factors: nil).estimate(
            DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 16, inputTokens: 1000, outputTokens: 200))
        let plan = try #require(CapacityPlan.plan(estimate: estimate, profile: profile, devicesPerUnit: 1))
        let service = try #require(estimate.serviceSecondsPerRequest)
        let peak = profile.traffic.peakRequestsPerSecond
        #expect(plan.replicas >= 2)
        #expect(abs(plan.peakUtilization - peak * service / Double(plan.replicas)) < 1e-12)
        #expect(abs(plan.prefillShare - peak / Double(plan.replicas - 1) * (estimate.prefill?.seconds ?? 0)) < 1e-12)
    }
}
