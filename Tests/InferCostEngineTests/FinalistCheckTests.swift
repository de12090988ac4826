import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// recommend's finalists replayed in the serving simulator (docs/simulation.md, "Finalists in recommend").
@Suite struct FinalistCheckTests {
    let catalog = Fixtures.catalog(offers: [
        Fixtures.cloudOffer("big-x8", device: "gpu80", devices: 8, usdPerHour: 98),
        Fixtures.cloudOffer("big-x1", device: "gpu80", devices: 1, usdPerHour: 12),
        Fixtures.cloudOffer("big-x2", device: "gpu80", devices: 2, usdPerHour: 25),
    ])

    func searched(_ profile: Profile) throws -> Recommendation {
        var search = Recommender(catalog: catalog, today: Fixtures.day)
        search.simulatesFinalists = false
        return try search.recommend(profile)
    }

    @Test func finalistsCarryTheirSimulationAndKeepTheirOrderWhenTheyMeetTheTargets() throws {
        let profile = Fixtures.chatProfile()
        let before = try searched(profile)
        let after = FinalistCheck(catalog: catalog, calibration: nil).check(before, profile: profile)
        #expect(after.ranked.count == before.ranked.count)
        let simulated = after.ranked.compactMap(\.candidate.simulated)
        #expect(!simulated.isEmpty)
        for s in simulated {
            #expect(s.requestsPerSecond == profile.traffic.peakRequestsPerSecond)
            #expect(s.percentile == profile.targets.percentile)
            #expect(s.requestsMeasured > 1_000)
        }
        // Options that met their targets keep the search's order.
        let kept = after.ranked.filter { $0.candidate.simulated?.meetsTargets != false }.map(\.candidate.offerID)
        let order = before.ranked.map(\.candidate.offerID).filter(kept.contains)
        #expect(kept == order)
        #expect(after.ranked.map(\.rank) == Array(1...after.ranked.count))
    }

    @Test func anOverloadedFinalistMovesAfterTheOptionsThatMeetTheirTargets() throws {
        let profile = Fixtures.chatProfile(rps: 40)
        var before = try searched(profile)
        try #require(before.ranked.count >= 2)
        // The cheapest option with one replica where the plan needs several: at the peak rate its queue grows without bound.
        try #require(before.ranked[0].candidate.replicas > 1)
        before.ranked[0].candidate.replicas = 1
        let broken = before.ranked[0].candidate.offerID
        let after = FinalistCheck(catalog: catalog, calibration: nil).check(before, profile: profile)
        let last = try #require(after.ranked.last)
        #expect(last.candidate.offerID == broken)
        #expect(last.candidate.simulated?.meetsTargets == false)
        #expect(last.lostBecause?.contains("simulated") == true || last.lostBecause?.contains("still queued") == true)
        #expect(after.ranked.first?.candidate.offerID != broken)
        #expect(after.ranked.first?.lostBecause == nil)
    }

    @Test func requestsWithoutOutputTokensAreNotSimulated() throws {
        var profile = Fixtures.chatProfile()
        profile.traffic.outputTokens = 0
        let before = try searched(profile)
        let after = FinalistCheck(catalog: catalog, calibration: nil).check(before, profile: profile)
        #expect(after.ranked.allSatisfy { $0.candidate.simulated == nil })
    }
}
