/// How a published checkpoint stores its weights when it ships quantised (the config's
/// `quantization_config`). Used when a deployment runs the checkpoint at its own precision:
/// the bytes per weight include the scales, and only the quantised modules shrink.
public struct WeightQuantization: Sendable, Hashable, Encodable {
    public enum Scheme: String, Sendable, Hashable, Encodable, CaseIterable {
        /// FP8 (e4m3) values with one fp32 scale per `group_size` x `group_size` block (DeepSeek-V3: 128).
        case fp8Block = "fp8_block"
        /// OCP microscaling FP4: e2m1 values with one 8-bit (e8m0) scale per 32 values (gpt-oss).
        case mxfp4
        /// NVIDIA FP4: e2m1 values with one fp8 (e4m3) scale per 16 values (the per-tensor fp32 scale is neglected).
        case nvfp4
        /// AWQ int4: one fp16 scale and one 4-bit zero point per `group_size` values.
        case int4AWQ = "int4_awq"
        /// GPTQ int4: one fp16 scale and one 4-bit zero point per `group_size` values.
        case int4GPTQ = "int4_gptq"

        /// The precision a profile names to run these weights.
        public var precision: Precision {
            switch self {
            case .fp8Block: .fp8
            case .mxfp4, .nvfp4: .fp4
            case .int4AWQ, .int4GPTQ: .int4
            }
        }

        /// The group size the format fixes, or its usual default where the checkpoint chooses.
        public var defaultGroupSize: Int {
            switch self {
            case .fp8Block: 128
            case .mxfp4: 32
            case .nvfp4: 16
            case .int4AWQ, .int4GPTQ: 128
            }
        }

        /// Formats whose group size is part of the format, not a checkpoint choice.
        public var hasFixedGroupSize: Bool { self == .mxfp4 || self == .nvfp4 }
    }

    /// Which weights the checkpoint quantises; the rest stay 16-bit.
    public enum Scope: String, Sendable, Hashable, Encodable, CaseIterable {
        /// Every layer weight (the embedding and output head stay 16-bit, as elsewhere).
        case allLayers = "all_layers"
        /// Only the routed experts' weights (gpt-oss: attention and routers stay bf16).
        case routedExperts = "routed_experts"
    }

    public var scheme: Scheme
    /// Values sharing one scale (for `fp8_block`, the edge of the square block).
    public var groupSize: Int
    public var scope: Scope

    public init(scheme: Scheme, groupSize: Int? = nil, scope: Scope = .allLayers) {
        self.scheme = scheme; self.groupSize = max(1, groupSize ?? scheme.defaultGroupSize); self.scope = scope
    }

    /// Stored bytes per quantised weight, scales (and zero points) included.
    public var bytesPerWeight: Double {
        let g = Double(groupSize)
        switch scheme {
        case .fp8Block: return 1 + 4 / (g * g)
        case .mxfp4: return 0.5 + 1 / g
        case .nvfp4: return 0.5 + 1 / g
        case .int4AWQ, .int4GPTQ: return 0.5 + 2 / g + 0.5 / g
        }
    }

    enum CodingKeys: String, CodingKey {
        case scheme, groupSize = "group_size", scope
    }
}
