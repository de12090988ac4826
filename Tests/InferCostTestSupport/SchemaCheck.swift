import Foundation

/// The subset of JSON Schema that docs/schema uses: type, required, properties,
/// additionalProperties, items, enum, const, and $ref to `#/$defs/NAME` or to
/// `OTHER.schema.json#/$defs/NAME` in the same folder. Shared by the schema tests.
public struct SchemaCheck {
    /// The schema document local `$ref`s resolve against.
    public var root: Any
    /// The folder `OTHER.schema.json` refs are read from (nil: only local refs).
    public var folder: URL?

    public init(root: Any, folder: URL? = nil) { self.root = root; self.folder = folder }

    /// Loads `url` and checks `value` against it; the errors, empty when it conforms.
    public static func errors(_ value: Any, schemaAt url: URL) throws -> [String] {
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        var errors: [String] = []
        SchemaCheck(root: schema, folder: url.deletingLastPathComponent()).check(value, against: schema, at: "$", errors: &errors)
        return errors
    }

    /// Parses `json` text and checks it against the schema at `url`.
    public static func errors(json: String, schemaAt url: URL) throws -> [String] {
        try errors(JSONSerialization.jsonObject(with: Data(json.utf8)), schemaAt: url)
    }

    public func check(_ value: Any, against schema: Any, at path: String, errors: inout [String]) {
        guard var s = schema as? [String: Any] else { return }
        var checker = self
        if let ref = s["$ref"] as? String, let hash = ref.firstIndex(of: "#") {
            let file = String(ref[..<hash]), pointer = String(ref[ref.index(after: hash)...])
            if !file.isEmpty {
                guard let folder, let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
                      let other = try? JSONSerialization.jsonObject(with: data) else {
                    errors.append("\(path): cannot resolve \(ref)"); return
                }
                checker.root = other
            }
            guard pointer.hasPrefix("/$defs/"), let defs = (checker.root as? [String: Any])?["$defs"] as? [String: Any],
                  let target = defs[String(pointer.dropFirst(7))] as? [String: Any] else {
                errors.append("\(path): cannot resolve \(ref)"); return
            }
            s = target.merging(s.filter { $0.key != "$ref" }) { a, _ in a }
            // The target may itself be a reference.
            if s["$ref"] != nil { checker.check(value, against: s, at: path, errors: &errors); return }
        }
        if let types = s["type"] {
            let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
            if !allowed.contains(where: { Self.matches(value, $0) }) { errors.append("\(path): expected \(allowed), found \(value)") ; return }
        }
        if let options = s["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            errors.append("\(path): \(value) not in \(options)")
        }
        if let constant = s["const"], "\(constant)" != "\(value)" { errors.append("\(path): expected \(constant)") }
        if let object = value as? [String: Any] {
            for key in (s["required"] as? [String]) ?? [] where object[key] == nil { errors.append("\(path): missing required \(key)") }
            let properties = (s["properties"] as? [String: Any]) ?? [:]
            for (key, child) in object {
                if let p = properties[key] {
                    checker.check(child, against: p, at: "\(path).\(key)", errors: &errors)
                } else if let extra = s["additionalProperties"] {
                    if (extra as? Bool) == false { errors.append("\(path): unexpected key \(key)") }
                    else if extra is [String: Any] { checker.check(child, against: extra, at: "\(path).\(key)", errors: &errors) }
                }
            }
        }
        if let array = value as? [Any], let items = s["items"] {
            for (i, item) in array.enumerated() { checker.check(item, against: items, at: "\(path)[\(i)]", errors: &errors) }
        }
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "null": return value is NSNull
        // Foundation on Linux hands JSON booleans back as NSNumber 0/1, so a boolean is any 0/1 number here.
        case "boolean": return (value as? NSNumber).map { $0 == 0 || $0 == 1 } ?? (value is Bool)
        case "integer": return (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": return value is NSNumber
        default: return false
        }
    }
}
