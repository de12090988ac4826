import Foundation
import Yams

/// YAML -> the JSON value a schema sees: plain scalars typed as YAML 1.2 core types
/// (integers, floats, booleans, null), everything else a string.
public enum YAMLJSON {
    public static func value(_ text: String) throws -> Any {
        guard let node = try Yams.compose(yaml: text) else { return NSNull() }
        return value(node)
    }

    public static func value(_ node: Node) -> Any {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if let i = Int(s.string) { return NSNumber(value: i) }
                if let d = Double(s.string) { return NSNumber(value: d) }
                if s.string == "true" || s.string == "false" { return NSNumber(value: s.string == "true") }
                if s.string == "null" || s.string == "~" { return NSNull() }
            }
            return s.string
        case .mapping(let m):
            var out: [String: Any] = [:]
            for (k, v) in m { out[k.string ?? ""] = value(v) }
            return out
        case .sequence(let seq): return seq.map(value)
        case .alias: return NSNull()
        }
    }
}
