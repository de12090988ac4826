import Foundation
import InferCostCore

/// `infercost diff`: recommends every profile on both sides (each against its own side's
/// catalog, with the same calibration and date), pairs them by path, and explains each change
/// by the profile's edits and the catalog changes that touch its deployments. Pure.
public struct ProfileDiffer: Sendable {
    public var baseCatalog: Catalog
    public var headCatalog: Catalog
    public var today: Day
    public var calibration: Calibration?

    public init(baseCatalog: Catalog, headCatalog: Catalog, today: Day, calibration: Calibration? = nil) {
        self.baseCatalog = baseCatalog; self.headCatalog = headCatalog; self.today = today; self.calibration = calibration
    }

    /// Profiles by display path on each side; a path on one side only is added or removed.
    public func diff(base: [String: Profile], head: [String: Profile], baseLabel: String, headLabel: String) -> DeploymentDiff {
        let catalogChanges = CatalogDiffer.changes(base: baseCatalog, head: headCatalog)
        let baseRecommender = Recommender(catalog: baseCatalog, today: today, calibration: calibration)
        let headRecommender = Recommender(catalog: headCatalog, today: today, calibration: calibration)
        let paths = Set(base.keys).union(head.keys).sorted()
        let diffs = paths.map { path -> ProfileDiff in
            let a = base[path].map { (profile: $0, answer: try? baseRecommender.recommend($0)) }
            let b = head[path].map { (profile: $0, answer: try? headRecommender.recommend($0)) }
            return profileDiff(path: path, base: a, head: b, catalogChanges: catalogChanges)
        }
        return DeploymentDiff(baseLabel: baseLabel, headLabel: headLabel, profiles: diffs, catalogChanges: catalogChanges)
    }

    typealias Side = (profile: Profile, answer: Recommendation?)

    func profileDiff(path: String, base: Side?, head: Side?, catalogChanges: [CatalogChange]) -> ProfileDiff {
        let baseOutcome = base.map(Self.outcome), headOutcome = head.map(Self.outcome)
        let a = baseOutcome?.best, b = headOutcome?.best
        let monthly = AmountDelta(baseUSD: a?.usdPerMonth ?? 0, headUSD: b?.usdPerMonth ?? 0)
        let tco = AmountDelta(baseUSD: a?.tcoUSD ?? 0, headUSD: b?.tcoUSD ?? 0)
        let perToken = AmountDelta(baseUSD: a?.usdPerMillionTokens ?? 0, headUSD: b?.usdPerMillionTokens ?? 0)
        guard let base, let head else {
            return ProfileDiff(path: path, status: base == nil ? .added : .removed, base: baseOutcome, head: headOutcome,
                               monthly: monthly, tco: tco, usdPerMillionTokens: perToken, causes: [], attribution: nil)
        }
        let edits = ProfileEdits.causes(base: base.profile, head: head.profile)
        var causes = edits + catalogCauses(base: base, head: head, changes: catalogChanges)
        let moved = a != b || baseOutcome?.optionsPassing != headOutcome?.optionsPassing
        if moved, !catalogChanges.isEmpty, !causes.contains(where: { $0.kind == .catalog }), edits.isEmpty {
            causes.append(Cause(.catalog, "\(catalogChanges.count) catalog change\(catalogChanges.count == 1 ? "" : "s") moved the ranking (listed below)"))
        }
        let status: ProfileDiff.Status = edits.isEmpty && !moved ? .unchanged : .changed
        var attribution: ProfileDiff.Attribution?
        if !edits.isEmpty, !catalogChanges.isEmpty, let from = a?.usdPerMonth, let to = b?.usdPerMonth,
           let crossed = try? Recommender(catalog: baseCatalog, today: today, calibration: calibration).recommend(head.profile),
           let middle = crossed.best?.cost?.totalUSDPerMonth {
            attribution = .init(profileUSDPerMonth: middle - from, catalogUSDPerMonth: to - middle)
        }
        return ProfileDiff(path: path, status: status, base: baseOutcome, head: headOutcome, monthly: monthly, tco: tco,
                           usdPerMillionTokens: perToken, causes: causes, attribution: attribution)
    }

    static func outcome(_ side: Side) -> ProfileOutcome {
        let p = side.profile
        return ProfileOutcome(name: p.name, modelID: p.modelID, targets: p.targets, reportCurrency: p.money.reportCurrency,
                              best: side.answer?.best.map(DeploymentSnapshot.init), optionsPassing: side.answer?.ranked.count ?? 0)
    }

    /// The catalog changes that touch this profile: prices and facts of either side's recommended
    /// offer and device, its model, the rates its prices convert at, and the cost defaults it uses.
    func catalogCauses(base: Side, head: Side, changes: [CatalogChange]) -> [Cause] {
        guard !changes.isEmpty else { return [] }
        let bests = [base.answer?.best, head.answer?.best].compactMap { $0 }
        let offers = Set(bests.map(\.offerID)), devices = Set(bests.map(\.point.deviceID))
        let models: Set<String> = [base.profile.modelID, head.profile.modelID]
        var currencies: Set<String> = [base.profile.money.reportCurrency, head.profile.money.reportCurrency]
        for offer in (baseCatalog.offers + headCatalog.offers) where offers.contains(offer.id) {
            if let currency = offer.currency { currencies.insert(currency) }
        }
        let usesDefaults = !head.profile.defaultedCostKeys.isEmpty || !base.profile.defaultedCostKeys.isEmpty
        let relevant = changes.filter { change in
            switch change.kind {
            case .price:
                guard offers.contains(change.id) else { return false }
                guard let region = change.region, let pricing = change.pricing else { return true }
                return bests.contains { $0.offerID == change.id && $0.region == region && $0.pricing == pricing }
            case .offer, .offerAdded, .offerRemoved: return offers.contains(change.id)
            case .device, .deviceAdded, .deviceRemoved: return devices.contains(change.id)
            case .model, .modelAdded, .modelRemoved: return models.contains(change.id)
            case .exchangeRate: return currencies.contains(change.id)
            case .costDefaults: return usesDefaults
            }
        }
        return relevant.map { Cause(.catalog, $0.text + " in the catalog") }
    }
}
