import Foundation

/// Run settings a source states in prose, read the same way by every importer and by the migration that
/// backfilled them (docs/measurements.md, "Stated settings").
enum StatedSettings {
    /// Requests in the whole run: "Requests: 1000." (the corpus's and the vLLM importer's notes), "3000 requests
    /// queued" (the TensorRT-LLM perf overview's trtllm-bench runs) or "--num-prompts 40" (a `benchmark_serving`
    /// command line). Nil when none is stated or the count is not a positive whole number.
    static func requests(in notes: String?) -> Int? {
        guard let notes else { return nil }
        for label in ["Requests: ", "--num-prompts "] {
            if let range = notes.range(of: label) {
                return positive(notes[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
            }
        }
        if let range = notes.range(of: " requests queued") {
            let before = notes[..<range.lowerBound]
            return positive(before.reversed().prefix { $0.isASCII && $0.isNumber }.reversed())
        }
        return nil
    }

    private static func positive<S: Sequence<Character>>(_ digits: S) -> Int? {
        let text = String(digits)
        guard text.count <= 9, let n = Int(text), n > 0 else { return nil }
        return n
    }
}
