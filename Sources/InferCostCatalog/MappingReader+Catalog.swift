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

extension MappingReader {
    /// A mapping whose keys the file chooses (region ids), each value one of `E`.
    mutating func choiceMap<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false) -> [String: E]?
    where E.RawValue == String {
        var names: [String] = []
        if case .mapping(let mapping)? = node(key) {
            for (keyNode, _) in mapping { if case .scalar(let scalar) = keyNode { names.append(scalar.string) } }
        }
        return mapping(key, required: required, keys: names) { m -> [String: E] in
            var values: [String: E] = [:]
            for name in m.presentKeys { if let value = m.choice(name, E.self, required: true) { values[name] = value } }
            return values
        }
    }

    /// An ISO 4217 currency code: three capital letters.
    mutating func currency(_ key: String, required: Bool = false) -> String? {
        guard let code = string(key, required: required) else { return nil }
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            report("invalid_value", "`\(qualified(key))` must be an ISO 4217 code such as USD or CNY, found `\(code)`",
                   at: valueMark(key), hint: "write the three-letter code in capitals")
            return nil
        }
        return code
    }
}
