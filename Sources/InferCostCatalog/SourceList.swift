import Foundation
import InferCostCore
import Yams

/// The `sources:` list of devices, on-prem servers and cost defaults, and the rule that
/// every number in such a file is named by one of them (`unsourced_field`).
enum SourceList {
    static let keys = ["ref", "as_of", "fields"]

    /// Reads `sources`; a field name that is not a key of the file is `unknown_key`.
    static func read(_ reader: inout MappingReader, fieldNames: [String]) -> [Source]? {
        reader.mappings("sources", required: true, keys: keys) { source, _ in
            let ref = source.string("ref", required: true)
            let asOf = source.day("as_of", required: true)
            var fields: [String] = []
            if let items = source.sequence("fields", required: true) {
                for (index, item) in items.enumerated() {
                    guard case .scalar(let scalar) = item, !MappingReader.isNull(scalar) else {
                        source.report("wrong_type", "`\(source.qualified("fields"))[\(index)]` must be a key name, found \(MappingReader.describe(item))",
                                      at: item.mark)
                        continue
                    }
                    guard fieldNames.contains(scalar.string) else {
                        source.report("unknown_key", "`\(source.qualified("fields"))` names `\(scalar.string)`, which is not a key of this file",
                                      at: scalar.mark, hint: Suggestion.hint(for: scalar.string, in: fieldNames, noun: "keys"))
                        continue
                    }
                    fields.append(scalar.string)
                }
                if items.isEmpty {
                    source.report("invalid_value", "`\(source.qualified("fields"))` must name at least one key",
                                  at: source.valueMark("fields"))
                }
            }
            guard let ref, let asOf else { return nil }
            return Source(ref: ref, asOf: asOf, fields: fields)
        }
    }

    /// Reports each number present (`field` and where its value is) that no source names.
    static func checkCoverage(_ reader: inout MappingReader, sources: [Source]?, numbers: [(field: String, mark: Mark?)]) {
        // A missing `sources` key is already `missing_key`; one complaint is enough.
        guard let sources, reader.contains("sources") else { return }
        for (field, mark) in numbers where sources.covering(field) == nil {
            let parent = field.split(separator: ".").first.map(String.init) ?? field
            let names = parent == field ? "`\(field)`" : "`\(field)` or `\(parent)`"
            reader.report("unsourced_field", "`\(field)` has no source", at: mark,
                          hint: "add \(names) to the `fields` of the source it comes from, or leave the number out")
        }
    }
}
