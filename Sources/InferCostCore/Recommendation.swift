import Foundation

/// The answer to a profile: ranked deployments that meet it, and why everything else lost.
public struct Recommendation: Sendable, Encodable {
    /// Candidates rejected for the same reason on the same offer, with the closest one's message.
    public struct RejectionGroup: Sendable, Encodable, Hashable {
        public var offerID: String
        public var deviceID: String
        public var ruleID: String
        public var count: Int
        public var message: String
        public init(offerID: String, deviceID: String, ruleID: String, count: Int, message: String) {
            self.offerID = offerID; self.deviceID = deviceID; self.ruleID = ruleID; self.count = count; self.message = message
        }
        enum CodingKeys: String, CodingKey { case offerID = "offer", deviceID = "device", ruleID = "rule", count, message }
    }

    /// A passing option and, for all but the first, why it lost to the first.
    public struct Ranked: Sendable, Encodable {
        public var rank: Int
        public var candidate: Candidate
        public var lostBecause: String?
        public init(rank: Int, candidate: Candidate, lostBecause: String?) {
            self.rank = rank; self.candidate = candidate; self.lostBecause = lostBecause
        }
        enum CodingKeys: String, CodingKey { case rank, candidate, lostBecause = "lost_because" }
    }

    /// An offer none of whose candidates passed, with the rule that stopped its closest candidate.
    public struct LosingOffer: Sendable, Encodable, Hashable {
        public var offerID: String
        public var deviceID: String
        public var ruleID: String
        public var message: String
        public init(offerID: String, deviceID: String, ruleID: String, message: String) {
            self.offerID = offerID; self.deviceID = deviceID; self.ruleID = ruleID; self.message = message
        }
        enum CodingKeys: String, CodingKey { case offerID = "offer", deviceID = "device", ruleID = "rule", message }
    }

    public var profileName: String
    public var modelID: String
    public var today: Day
    public var candidatesEvaluated: Int
    /// Best first; one entry per offer x region x pricing model.
    public var ranked: [Ranked]
    public var losingOffers: [LosingOffer]
    public var rejections: [RejectionGroup]
    public var defaultedCostKeys: [String]

    public init(profileName: String, modelID: String, today: Day, candidatesEvaluated: Int, ranked: [Ranked],
                losingOffers: [LosingOffer], rejections: [RejectionGroup], defaultedCostKeys: [String]) {
        self.profileName = profileName; self.modelID = modelID; self.today = today
        self.candidatesEvaluated = candidatesEvaluated; self.ranked = ranked; self.losingOffers = losingOffers
        self.rejections = rejections; self.defaultedCostKeys = defaultedCostKeys
    }

    public var best: Candidate? { ranked.first?.candidate }

    enum CodingKeys: String, CodingKey {
        case profileName = "profile", modelID = "model", today, candidatesEvaluated = "candidates_evaluated"
        case ranked, losingOffers = "losing_offers", rejections, defaultedCostKeys = "defaulted_cost_keys"
    }
}
