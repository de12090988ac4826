import Foundation
import InferCostCore
import Yams

/// Checks every catalog and profile file shares: the schema version and the id-to-file-name rule.
extension MappingReader {
    /// The one schema version this build reads.
    static let schemaVersion = 1

    /// Reports a missing `schema_version` or one other than 1 with the `schema_version` code.
    mutating func checkSchemaVersion() {
        guard isMapping else { return }
        guard let node = node("schema_version") else {
            diagnostics.append(file.diagnostic(.error, "schema_version", "missing `schema_version: 1`", line: 1, column: 1,
                                               hint: "add `schema_version: 1` as the first line"))
            return
        }
        guard case .scalar(let scalar) = node, scalar.string == String(MappingReader.schemaVersion),
              scalar.style == .plain || scalar.style == .any else {
            report("schema_version", "unsupported schema_version \(MappingReader.describe(node)); this infercost reads version 1",
                   at: node.mark ?? keyMark("schema_version"), hint: "write `schema_version: 1`")
            return
        }
    }

    /// Reads an identifier that must equal the file name (or folder name) it lives in.
    /// - Parameter what: `file name` or `vendor folder`, for the message.
    mutating func identity(_ key: String, mustEqual expected: String?, what: String) -> String? {
        guard let value = string(key, required: true) else { return nil }
        if let expected, value != expected {
            let rename = what == "file name" ? "rename the file to `\(value).yaml`" : "move the file to a `\(value)` folder"
            report("id_mismatch", "`\(qualified(key))` is `\(value)` but the \(what) is `\(expected)`", at: valueMark(key),
                   hint: "write `\(key): \(expected)` or \(rename)")
        }
        return value
    }
}
