import Foundation

/// Where Foundation's JSON parser stopped, as a line and column of the text: it says "around
/// line L, column C", "around character N" or "unexpected end of file", depending on the
/// platform and the error. Truncated JSON is reported at its end, not at 1:1.
public enum JSONErrorPosition {
    public static func locate(_ error: any Error, in text: String) -> (line: Int, column: Int) {
        let description = detail(error)
        if let match = description.firstMatch(of: /line (\d+), column (\d+)/), let line = Int(match.output.1),
           let column = Int(match.output.2) {
            return (max(line, 1), max(column, 1))
        }
        if let match = description.firstMatch(of: /character (\d+)/), let offset = Int(match.output.1) {
            return position(ofCharacterOffset: offset, in: text)
        }
        if description.lowercased().contains("end of") || description.lowercased().contains("unexpected end") {
            return position(ofCharacterOffset: text.count, in: text)
        }
        return (1, 1)
    }

    /// The parser's own words, for the message.
    public static func detail(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }

    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(max(offset, 0)) {
            if TextLines.isBreak(character) { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
