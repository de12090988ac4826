/// "Did you mean" hints: the closest valid spelling by edit distance.
public enum Suggestion {
    /// The candidate closest to `word`, when it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // A typo is short; comparing a pasted paragraph with every candidate would cost seconds.
        guard word.count <= 200 else { return nil }
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        guard let best else { return nil }
        let allowed = max(2, word.count / 3)
        return best.distance <= allowed ? best.candidate : nil
    }

    /// A hint naming the closest candidate, or listing them all when none is close.
    public static func hint(for word: String, in candidates: [String], noun: String = "valid values") -> String {
        if let match = closest(to: word, in: candidates) { return "did you mean `\(match)`?" }
        return "\(noun): " + candidates.map { "`\($0)`" }.joined(separator: ", ")
    }

    /// Levenshtein distance (insert, delete, substitute; each costs 1).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
