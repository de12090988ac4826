import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

@Suite struct RecommenderTests {
    let offers = [
        Fixtures.cloudOffer("big-x8", device: "gpu80", devices: 8, usdPerHour: 98),
        Fixtures.cloudOffer("big-x1", device: "gpu80", devices: 1, usdPerHour: 12),
        Fixtures.cloudOffer("small-x1", device: "gpu16", devices: 1, usdPerHour: 1),
    ]

    func recommend(_ profile: Profile, offers: [Offer]? = nil) throws -> Recommendation {
        try Recommender(catalog: Fixtures.catalog(offers: offers ?? self.offers), today: Fixtures.day).recommend(profile)
    }

    @Test func ranksByMonthlyCostAndExplainsTheRest() throws {
        let r = try recommend(Fixtures.chatProfile())
        let best = try #require(r.best)
        let costs = r.ranked.compactMap { $0.candidate.cost?.totalUSDPerMonth }
        #expect(costs == costs.sorted())
        #expect(r.ranked.dropFirst().allSatisfy { $0.lostBecause?.hasPrefix("costs $") == true || $0.lostBecause?.hasPrefix("same cost") == true })
        #expect(!best.isRejected)
        // Every offer appears either ranked or as a losing offer.
        let mentioned = Set(r.ranked.map(\.candidate.offerID)).union(r.losingOffers.map(\.offerID))
        #expect(mentioned == Set(offers.map(\.id)))
    }

    @Test func aDeviceTooSmallForBf16WeightsIsRejectedForMemory() throws {
        let r = try recommend(Fixtures.chatProfile(), offers: [offers[2]])
        #expect(r.ranked.isEmpty)
        #expect(r.losingOffers.first?.ruleID == "fits_memory")
        #expect(r.losingOffers.first?.message.contains("does not fit") == true)
    }

    @Test func impossibleTargetsLeaveNoOptionWithTheRuleThatSaidNo() throws {
        let r = try recommend(Fixtures.chatProfile(ttftMs: 1, tpotMs: 50))
        #expect(r.ranked.isEmpty)
        #expect(r.rejections.contains { $0.ruleID == "ttft_target" })
    }

    @Test func outputIsDeterministic() throws {
        let a = try recommend(Fixtures.chatProfile()), b = try recommend(Fixtures.chatProfile(), offers: offers.reversed())
        #expect(a.ranked.map { Recommender.key($0.candidate) } == b.ranked.map { Recommender.key($0.candidate) })
        #expect(a.rejections == b.rejections)
    }

    @Test func constraintsFilterWithAReason() throws {
        let r = try recommend(Fixtures.chatProfile(constraints: .init(deployment: .onprem)))
        #expect(r.ranked.isEmpty)
        #expect(r.losingOffers.allSatisfy { $0.ruleID == "deployment_constraint" })
    }
}
