import InferCostCore
import Yams

/// A value read from a file and where its identifier was written, for the checks that run
/// after every file has loaded (duplicate ids, references between files).
struct Located<Value> {
    var value: Value
    var file: YAMLFile
    var mark: Mark?

    /// An error in this value's file, at `mark` or else at its identifier.
    func diagnostic(_ code: String, _ message: String, at mark: Mark? = nil, hint: String? = nil) -> Diagnostic {
        file.diagnostic(.error, code, message, at: mark ?? self.mark, hint: hint)
    }
}
