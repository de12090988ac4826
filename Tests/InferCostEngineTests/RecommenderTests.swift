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

    /// The search visits offers in catalog order; the result must not depend on it. `Catalog.init`
    /// sorts offers, so the reversed order is set after it; two offers tie on price and device,
    /// so only the ranking's tie-break can order them.
    @Test func outputDoesNotDependOnOfferOrder() throws {
        let tied = offers + [Fixtures.cloudOffer("big-x1-twin", device: "gpu80", devices: 1, usdPerHour: 12)]
        let sorted = Fixtures.catalog(offers: tied)
        var reversed = sorted
        reversed.offers.reverse()
        #expect(reversed.offers.map(\.id) != sorted.offers.map(\.id))
        let a = try Recommender(catalog: sorted, today: Fixtures.day).recommend(Fixtures.chatProfile())
        let b = try Recommender(catalog: reversed, today: Fixtures.day).recommend(Fixtures.chatProfile())
        #expect(a.ranked.count >= 2)
        #expect(a.ranked.map { Recommender.key($0.candidate) } == b.ranked.map { Recommender.key($0.candidate) })
        #expect(a.ranked.map(\.lostBecause) == b.ranked.map(\.lostBecause))
        #expect(a.rejections == b.rejections)
        #expect(a.losingOffers == b.losingOffers)
        // The twins tie on everything but their key ("cloud/big-x1-twin|..." < "cloud/big-x1|...",
        // since "-" sorts before "|"), so the twin ranks first whatever the order.
        let twins = a.ranked.map(\.candidate.offerID).filter { $0.hasPrefix("cloud/big-x1") }
        #expect(twins == ["cloud/big-x1-twin", "cloud/big-x1"])
    }

    @Test func constraintsFilterWithAReason() throws {
        let r = try recommend(Fixtures.chatProfile(constraints: .init(deployment: .onprem)))
        #expect(r.ranked.isEmpty)
        #expect(r.losingOffers.allSatisfy { $0.ruleID == "deployment_constraint" })
    }

    /// Without `--explain` the search gathers no rejection groups; the ranking, the losing offers and the count are the same.
    @Test func rejectionGroupsAreGatheredOnlyWhenAskedFor() throws {
        let profile = Fixtures.chatProfile(ttftMs: 400)
        var search = Recommender(catalog: Fixtures.catalog(offers: offers), today: Fixtures.day)
        let full = try search.recommend(profile)
        search.gathersRejections = false
        let lean = try search.recommend(profile)
        #expect(!full.rejections.isEmpty && lean.rejections.isEmpty)
        #expect(lean.ranked.map(\.candidate) == full.ranked.map(\.candidate))
        #expect(lean.ranked.map(\.lostBecause) == full.ranked.map(\.lostBecause))
        #expect(lean.losingOffers == full.losingOffers && lean.candidatesEvaluated == full.candidatesEvaluated)
    }

    /// A configuration a leading configuration rule rejects at every price is checked at batch 1 only (methodology,
    /// "Search"), yet every batch limit is counted: the same counts as the brute-force oracle, which estimates them all,
    /// and more than one candidate per configuration, so the counting is exercised; the example is the batch-1 candidate.
    @Test func aConfigurationRejectedWhateverTheBatchCountsEveryBatchLimit() throws {
        let profile = Fixtures.chatProfile(constraints: .init(deployment: .onprem))
        let r = try recommend(profile, offers: [offers[1]])
        let oracle = try #require(BruteForceRecommender(catalog: Fixtures.catalog(offers: [offers[1]]), today: Fixtures.day).recommend(profile))
        let group = try #require(r.rejections.first)
        #expect(r.rejections.count == 1 && group.ruleID == "deployment_constraint")
        #expect(r.rejections == oracle.rejections)
        #expect(r.candidatesEvaluated == oracle.candidatesEvaluated)
        let configurations = profile.precisions.weights.count * profile.precisions.kvCache.count
        #expect(group.count > configurations, "\(group.count) candidates for \(configurations) configurations")
    }
}
