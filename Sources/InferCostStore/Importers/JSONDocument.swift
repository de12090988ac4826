import Foundation

/// JSON read with Foundation into plain values, with typed lookups that accept numbers
/// written as strings (some tools quote them) and treat `null` as absent.
enum JSONDocument {
    /// One top-level value, or — for JSON Lines files such as `--append-result` output — one per line.
    static func values(from data: Data) throws -> [Any] {
        do {
            return [try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])]
        } catch {
            let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard lines.count > 1 else { throw error }
            return try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: []) }
        }
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        // Parsed from the text: Linux Foundation hands numbers back as NSDecimalNumber, whose
        // doubleValue can be one ulp off the literal.
        case let n as NSNumber: return Double(n.stringValue) ?? n.doubleValue
        case let s as String: return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func object(_ value: Any?) -> [String: Any]? { value as? [String: Any] }
}
