import Foundation
import InferCostCore

/// JSON read with Foundation into plain values, with typed lookups that accept numbers
/// written as strings (some tools quote them) and treat `null` as absent.
enum JSONDocument {
    /// One top-level value, or — for JSON Lines files such as `--append-result` output — one per line.
    /// A document that is neither JSON nor JSON Lines throws `SyntaxError`, positioned: at the
    /// parser's position in the whole text, or, in a JSON Lines file, in the line that failed.
    static func values(from data: Data) throws -> [Any] {
        let text = String(decoding: data, as: UTF8.self)
        do {
            return [try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])]
        } catch {
            let whole = SyntaxError(error, in: text)
            let lines = TextLines.split(text).enumerated()
                .map { ($0.offset + 1, $0.element.trimmingCharacters(in: .whitespaces)) }.filter { !$0.1.isEmpty }
            // JSON Lines only when the first line is a JSON value on its own; else it is one broken document.
            guard lines.count > 1, let first = lines.first,
                  (try? JSONSerialization.jsonObject(with: Data(first.1.utf8), options: [])) != nil else { throw whole }
            var values: [Any] = []
            for (number, line) in lines {
                do { values.append(try JSONSerialization.jsonObject(with: Data(line.utf8), options: [])) } catch {
                    var lineError = SyntaxError(error, in: line)
                    lineError.line = number
                    throw lineError
                }
            }
            return values
        }
    }

    /// The `invalid_json` problem for what `values(from:)` threw.
    static func problem(for error: any Error, _ what: String) -> ImportProblem {
        (error as? SyntaxError)?.problem(what)
            ?? ImportProblem(line: nil, .invalid, code: "invalid_json", "not valid \(what): \(Excerpt.of(error.localizedDescription))")
    }

    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var detail: String

        init(_ error: any Error, in text: String) {
            (line, column) = JSONErrorPosition.locate(error, in: text)
            detail = Excerpt.of(JSONErrorPosition.detail(error))
        }

        func problem(_ what: String) -> ImportProblem {
            ImportProblem(line: line, .invalid, code: "invalid_json", "not valid \(what): \(detail)", column: column)
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

    /// The 1-based line where `"key"` is first written, for a problem about its value; nil when absent.
    static func line(ofKey key: String, in text: String) -> Int? {
        for (index, line) in TextLines.split(text).enumerated()
        where line.contains("\"\(key)\"") {
            return index + 1
        }
        return nil
    }
}
