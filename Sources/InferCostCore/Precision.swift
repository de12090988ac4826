/// A numeric format for weights, KV cache or matrix arithmetic.
public enum Precision: String, Sendable, Codable, CaseIterable, Comparable {
    case fp32, tf32, bf16, fp16, fp8, int8, fp4, int4

    /// Storage size of one value, in bytes.
    public var bytesPerValue: Double {
        switch self {
        case .fp32, .tf32: 4
        case .bf16, .fp16: 2
        case .fp8, .int8: 1
        case .fp4, .int4: 0.5
        }
    }

    /// The matrix-unit precision a model with these weights computes in.
    /// `int4` is weight-only quantisation (W4A16): weights are dequantised to fp16.
    public var computePrecision: Precision {
        switch self {
        case .int4: .fp16
        default: self
        }
    }

    /// Extra bytes per weight for quantisation scales. Group-wise int4 keeps one 16-bit scale per
    /// 128 weights (AWQ/GPTQ, group size 128): 2/128 bytes per weight. fp4 that matrix units compute
    /// in is a microscaled format; `fp4` is NVIDIA's NVFP4 (one fp8 scale per 16 values: 1/16 byte),
    /// the format of the published fp4 checkpoints (an MXFP4 checkpoint says so in its
    /// `quantization`, `WeightQuantization`). fp8 and int8 use per-channel or per-tensor scales: negligible.
    public var scaleOverheadBytesPerValue: Double {
        switch self {
        case .int4: 2.0 / 128.0
        case .fp4: 1.0 / 16.0
        default: 0
        }
    }

    /// Weight precisions a profile may ask for.
    public static let weightPrecisions: [Precision] = [.bf16, .fp16, .fp8, .int8, .int4, .fp4]
    /// KV-cache precisions a profile may ask for.
    public static let kvPrecisions: [Precision] = [.bf16, .fp16, .fp8, .int8]

    private var order: Int { Precision.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Precision, b: Precision) -> Bool { a.order < b.order }
}
