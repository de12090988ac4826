import InferCostCore
/// "Did you mean" for ids typed on the command line.
enum Suggest {
    static func unknown(_ kind: String, _ value: String, among ids: [String], list: String) -> String {
        var message = "error: unknown \(kind) '\(value)'"
        let containing = ids.filter { $0.lowercased().contains(value.lowercased()) }.sorted()
        if containing.count == 1 {
            message += "\n    hint: did you mean '\(containing[0])'?"
        } else if containing.count > 1 {
            message += "\n    hint: did you mean one of: \(containing.prefix(5).joined(separator: ", "))?"
        } else if let best = Suggestion.closest(to: value, in: ids) {
            message += "\n    hint: did you mean '\(best)'?"
        }
        message += "\n    hint: `\(list)` shows them all"
        return message
    }
}
