import Foundation

/// The one JSON encoder configuration of every report: sorted keys, stable, and never invalid JSON.
/// Non-finite Doubles are written as the strings "inf", "-inf" and "nan"; a NaN Decimal (which
/// JSONEncoder writes as a bare `NaN`) gets the same treatment by `quotingNonFiniteTokens`; and the
/// result is parsed back before it is returned, so no path can hand a reader `NaN` or `Infinity`.
enum JSONRendering {
    static func render<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value), let raw = String(data: data, encoding: .utf8) else {
            return failure
        }
        let text = quotingNonFiniteTokens(raw)
        guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
            return failure
        }
        return text
    }

    static let failure = "{\"error\": \"internal: report could not be encoded as valid JSON; please report it\"}"

    /// Outside strings, the bare tokens `NaN`, `Infinity` and `-Infinity` become "nan", "inf", "-inf".
    static func quotingNonFiniteTokens(_ json: String) -> String {
        let replacements: [(token: String, quoted: String)] = [("-Infinity", "\"-inf\""), ("Infinity", "\"inf\""), ("NaN", "\"nan\"")]
        var out = ""
        out.reserveCapacity(json.utf8.count)
        var inString = false, escaped = false
        var index = json.startIndex
        scan: while index < json.endIndex {
            let character = json[index]
            if inString {
                out.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                index = json.index(after: index)
                continue
            }
            if character == "\"" { inString = true }
            for (token, quoted) in replacements where json[index...].hasPrefix(token) {
                out += quoted
                index = json.index(index, offsetBy: token.count)
                continue scan
            }
            out.append(character)
            index = json.index(after: index)
        }
        return out
    }
}
