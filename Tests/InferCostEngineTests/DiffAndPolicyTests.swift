import Foundation
import Testing
import InferCostCore
@testable import InferCostEngine

/// `infercost diff` and `check` on hand-made values: causes named from the edit, catalog price
/// changes found and attributed, policy rules measured by the right amount.
@Suite struct DiffAndPolicyTests {
    static let offer = Fixtures.cloudOffer("g8", device: Fixtures.gpu.id, devices: 8, usdPerHour: 40)

    @Test func profileEditsAreNamedAsCauses() {
        let base = Fixtures.chatProfile(rps: 10, ttftMs: 2000, tpotMs: 50)
        var head = Fixtures.chatProfile(rps: 14, ttftMs: 1500, tpotMs: 50)
        head.modelID = "other"
        let texts = ProfileEdits.causes(base: base, head: head).map(\.text)
        #expect(texts.contains("model swapped: llama-8b -> other"))
        #expect(texts.contains("traffic +40% (10 -> 14 req/s average)"))
        #expect(texts.contains("TTFT target tightened 2000 -> 1500 ms"))
        #expect(ProfileEdits.causes(base: base, head: base).isEmpty)
    }

    @Test func aPriceChangeIsFoundButASourceChangeIsNot() {
        let base = Fixtures.catalog(offers: [Self.offer])
        var sourceOnly = Self.offer
        if case .cloud(let provider, var prices) = sourceOnly.terms {
            prices[0].source = "another page"; prices[0].asOf = Day(year: 2026, month: 12, day: 1)!
            sourceOnly.terms = .cloud(provider: provider, prices: prices)
        }
        #expect(CatalogDiffer.changes(base: base, head: Fixtures.catalog(offers: [sourceOnly])).isEmpty)
        let dearer = Fixtures.cloudOffer("g8", device: Fixtures.gpu.id, devices: 8, usdPerHour: 50)
        let changes = CatalogDiffer.changes(base: base, head: Fixtures.catalog(offers: [dearer]))
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .price)
        #expect(changes.first?.text == "price of cloud/g8 (on_demand, r1) $40.00/h -> $50.00/h (+25%)")
    }

    @Test func aCatalogPriceRiseIsTheCauseAndTheWholeDelta() throws {
        let base = Fixtures.catalog(offers: [Self.offer])
        let head = Fixtures.catalog(offers: [Fixtures.cloudOffer("g8", device: Fixtures.gpu.id, devices: 8, usdPerHour: 50)])
        let profile = Fixtures.chatProfile()
        let diff = ProfileDiffer(baseCatalog: base, headCatalog: head, today: Fixtures.day)
            .diff(base: ["p.yaml": profile], head: ["p.yaml": profile], baseLabel: "a", headLabel: "b")
        let p = try #require(diff.profiles.first)
        #expect(p.status == .changed)
        #expect(p.causes.map(\.kind) == [.catalog])
        #expect(p.causes.first?.text.contains("$40.00/h -> $50.00/h") == true)
        // Same deployment, 25% dearer instances: the monthly cost rises by exactly 25%.
        let monthly = try #require(p.monthly)
        #expect(abs((monthly.percent ?? 0) - 25) < 1e-9)
        #expect(p.attribution == nil, "only the catalog moved")
    }

    @Test func bothMovingSplitsTheDelta() throws {
        let base = Fixtures.catalog(offers: [Self.offer])
        let head = Fixtures.catalog(offers: [Fixtures.cloudOffer("g8", device: Fixtures.gpu.id, devices: 8, usdPerHour: 50)])
        let diff = ProfileDiffer(baseCatalog: base, headCatalog: head, today: Fixtures.day)
            .diff(base: ["p.yaml": Fixtures.chatProfile(rps: 10)], head: ["p.yaml": Fixtures.chatProfile(rps: 40)], baseLabel: "a", headLabel: "b")
        let p = try #require(diff.profiles.first)
        let split = try #require(p.attribution)
        #expect(split.profileUSDPerMonth + split.catalogUSDPerMonth == p.monthly?.deltaUSD)
        #expect(split.catalogUSDPerMonth > 0)
    }

    @Test func addedAndRemovedProfilesCountInFull() throws {
        let catalog = Fixtures.catalog(offers: [Self.offer])
        let diff = ProfileDiffer(baseCatalog: catalog, headCatalog: catalog, today: Fixtures.day)
            .diff(base: ["old.yaml": Fixtures.chatProfile()], head: ["new.yaml": Fixtures.chatProfile()], baseLabel: "a", headLabel: "b")
        #expect(diff.profiles.map(\.status) == [.added, .removed])
        #expect(diff.monthlyDeltaUSD == 0, "the same workload moved from one file to another")
    }

    @Test func policyViolationsSayByHowMuch() throws {
        let catalog = Fixtures.catalog(offers: [Self.offer])
        let policy = Policy(maxUSDPerMonth: 1000, requiredTargets: ["tpot_ms"], minReplicas: 3, maxPriceAgeDays: 10,
                            deny: .init(vendors: ["nvidia"]))
        let check = PolicyCheck(policy: policy, catalog: catalog, today: Day(year: 2027, month: 1, day: 1)!)
        let result = try #require(check.results(for: [("p.yaml", Fixtures.chatProfile(tpotMs: nil))], calibration: nil).first)
        let best = try #require(result.best)
        let rules = Set(result.violations.map(\.rule))
        #expect(rules.isSuperset(of: [.maxUSDPerMonth, .requiredTargets, .deniedVendors, .maxPriceAgeDays]))
        let cap = try #require(result.violations.first { $0.rule == .maxUSDPerMonth })
        #expect(cap.actual == best.usdPerMonth && cap.limit == 1000)
        let age = try #require(result.violations.first { $0.rule == .maxPriceAgeDays })
        #expect(age.actual == 41)
        #expect(rules.contains(.minReplicas) == (best.replicas < 3))
        // A policy with nothing set passes a feasible profile.
        let open = PolicyCheck(policy: Policy(), catalog: catalog, today: Fixtures.day)
        #expect(open.results(for: [("p.yaml", Fixtures.chatProfile())], calibration: nil).first?.violations.isEmpty == true)
    }

    @Test func changeRulesLimitTheIncrease() {
        let check = PolicyCheck(policy: Policy(maxIncreaseUSDPerMonth: 100, maxIncreasePercent: 10),
                                catalog: Catalog(), today: Fixtures.day)
        func diff(_ a: Decimal, _ b: Decimal) -> ProfileDiff {
            ProfileDiff(path: "p.yaml", status: .changed, base: nil, head: nil, monthly: AmountDelta(baseUSD: a, headUSD: b),
                        tco: nil, usdPerMillionTokens: nil, causes: [], attribution: nil)
        }
        #expect(check.changeViolations(diff(1000, 1050)).isEmpty)
        #expect(check.changeViolations(diff(1000, 1150)).map(\.rule) == [.maxIncreaseUSDPerMonth, .maxIncreasePercent])
        #expect(check.changeViolations(diff(1000, 1150)).first?.actual == 150)
        #expect(check.changeViolations(diff(5000, 5200)).map(\.rule) == [.maxIncreaseUSDPerMonth])
        #expect(check.changeViolations(diff(1000, 500)).isEmpty, "a saving never violates")
    }
}
