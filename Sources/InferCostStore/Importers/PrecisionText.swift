import InferCostCore

/// Weight precision from the free text tools and sources write ("fp8", "fp16 (gguf F16)",
/// "qwen2 7B Q4_K - Medium", "W4A16", "fp16,bf16,fp8"). Nil when the text is silent or ambiguous:
/// a guessed precision would skew the calibration more than a missing one.
enum PrecisionText {
    static func parse(_ text: String) -> Precision? {
        let lowered = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !lowered.isEmpty, !lowered.hasPrefix("not "), !["unknown", "n/a", "none", "?"].contains(lowered) else { return nil }
        let tokens = lowered.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
        guard let first = tokens.first else { return nil }
        // A list ("fp16,bf16,fp8") names several precisions: ambiguous unless they agree.
        let listed = withoutParentheses(lowered).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if listed.count > 1 {
            let parsed = Set(listed.compactMap { parse($0) })
            return parsed.count == 1 ? parsed.first : nil
        }
        if let known = named[first] { return known }
        for token in tokens { if let quant = gguf(token) { return quant } }
        return nil
    }

    /// The precision of a GGUF quantisation type name (Q4_K_M, IQ4_XS, Q8_0, F16, BF16, MXFP4).
    /// 2-, 3-, 5- and 6-bit k-quants have no engine precision: nil.
    static func gguf(_ token: String) -> Precision? {
        let t = token.lowercased()
        switch t {
        case "f16": return .fp16
        case "bf16": return .bf16
        case "f32": return .fp32
        case "mxfp4": return .fp4
        default: break
        }
        var body = Substring(t)
        if body.hasPrefix("i") { body = body.dropFirst() }
        guard body.hasPrefix("q"), let bits = body.dropFirst().first?.wholeNumberValue else { return nil }
        let rest = body.dropFirst(2)
        guard rest.isEmpty || rest.hasPrefix("_") else { return nil }
        switch bits {
        case 4: return .int4
        case 8: return .int8
        default: return nil
        }
    }

    private static func withoutParentheses(_ text: String) -> String {
        var depth = 0
        return String(text.filter { character in
            if character == "(" { depth += 1; return false }
            if character == ")" { depth = max(0, depth - 1); return false }
            return depth == 0
        })
    }

    private static let named: [String: Precision] = [
        "fp4": .fp4, "nvfp4": .fp4, "mxfp4": .fp4, "fp8": .fp8, "e4m3": .fp8, "float8": .fp8,
        "fp16": .fp16, "float16": .fp16, "half": .fp16, "bf16": .bf16, "bfloat16": .bf16,
        "fp32": .fp32, "float32": .fp32, "int8": .int8, "w8a8": .int8, "int4": .int4, "w4a16": .int4,
        "awq": .int4, "gptq": .int4,
    ]
}
