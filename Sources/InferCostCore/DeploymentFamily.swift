/// Groups of deployments the model has historically missed in the same direction (issue 10):
/// `bench validate` reports the out-of-sample error of each so a structural miss cannot hide in
/// an average. A row belongs to every family it matches.
public enum DeploymentFamily: String, Sendable, Codable, CaseIterable, Comparable {
    /// The weights take most of each device's memory, so the KV cache (and the batch) is small.
    case tightMemory = "tight_memory"
    /// Tensor parallelism of 8 or more: collectives dominate more of each step.
    case tensorParallel8 = "tp_ge_8"
    /// Short requests (both lengths 256 or less) at load: per-step and per-request fixed costs dominate.
    case shortRequests = "short_requests"
    /// Mixture of experts.
    case moe
    /// Weight precision classes.
    case sixteenBit = "16_bit"
    case eightBit = "8_bit"
    case fourBit = "4_bit"
    /// Time to first token (any deployment).
    case ttft

    /// Weights above this share of a device's memory leave a KV cache too small to batch freely.
    public static let tightMemoryWeightShare = 0.6
    public static let shortRequestTokens = 256

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
}
