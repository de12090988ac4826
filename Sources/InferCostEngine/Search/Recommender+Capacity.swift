import InferCostCore

extension Recommender {
    /// One option (offer x region x pricing x payment) at its most capacity per unit for a profile.
    public struct OptionCapacity: Sendable {
        /// The passing candidate one unit of which serves the most requests per second within the targets.
        public var candidate: Candidate
        public var requestsPerSecondPerUnit: Double
    }

    /// Every option that passes the profile, each at its configuration with the most requests per
    /// second per unit within the targets (the same enumeration, estimates and rules as `recommend`),
    /// sorted by option. The capacities `FleetPlanner` combines.
    public func capacities(_ profile: Profile) throws(Failure) -> [OptionCapacity] {
        guard let model = catalog.models[profile.modelID] else { throw .unknownModel(profile.modelID) }
        return search(profile, model: model, tracksCapacity: true).capacityLeaders.values.map { OptionCapacity(candidate: $0.kept.candidate, requestsPerSecondPerUnit: $0.requestsPerSecondPerUnit) }
            .sorted { Self.optionKey($0.candidate) < Self.optionKey($1.candidate) }
    }

    static func optionKey(_ c: Candidate) -> String {
        "\(c.offerID)|\(c.region ?? "")|\(c.pricing?.rawValue ?? "")|\(c.payment?.rawValue ?? "")"
    }
}
