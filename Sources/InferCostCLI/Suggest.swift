/// "Did you mean" for ids typed on the command line.
enum Suggest {
    static func unknown(_ kind: String, _ value: String, among ids: [String], list: String) -> String {
        var message = "error: unknown \(kind) '\(value)'"
        let containing = ids.filter { $0.lowercased().contains(value.lowercased()) }.sorted()
        if containing.count == 1 {
            message += "\n    hint: did you mean '\(containing[0])'?"
        } else if containing.count > 1 {
            message += "\n    hint: did you mean one of: \(containing.prefix(5).joined(separator: ", "))?"
        } else if let best = closest(to: value, in: ids) {
            message += "\n    hint: did you mean '\(best)'?"
        }
        message += "\n    hint: `\(list)` shows them all"
        return message
    }

    /// The id with the smallest edit distance, if it is close enough to be a typo.
    static func closest(to value: String, in ids: [String]) -> String? {
        let lower = value.lowercased()
        let scored = ids.map { ($0, distance(lower, $0.lowercased())) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(2, value.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
