import Foundation
import InferCostCore

/// `infercost fmt`: rewrites a profile with its keys in canonical order (docs/profile-format.md
/// order, at the top level and inside each section), comments kept with the key they precede,
/// trailing spaces and runs of blank lines removed. Works on lines, so comments, quoting and
/// block scalars stay as written; the result must load to the same profile or it is refused.
enum ProfileFormatter {
    static let sectionKeys: [String: [String]] = [
        "precisions": ProfileFile.precisionKeys, "traffic": ProfileFile.trafficKeys, "targets": ProfileFile.targetKeys,
        "constraints": ProfileFile.constraintKeys, "costs": CostAssumptions.keys,
    ]

    /// One key with the comment lines above it and every line below it that belongs to it.
    struct Entry {
        var key: String?
        var lines: [String]
    }

    static func format(_ text: String) -> String {
        var lines = TextLines.split(text).map { line -> String in
            var s = line
            while s.last == " " || s.last == "\t" { s.removeLast() }
            return s
        }
        while lines.last == "" { lines.removeLast() }
        // Comments and blank lines before the first key (a `yaml-language-server` modeline) stay on top.
        let firstKey = lines.firstIndex { key(of: $0, indent: 0) != nil } ?? lines.count
        let header = Array(lines[..<firstKey])
        var entries = split(Array(lines[firstKey...]), indent: 0)
        entries = entries.map { entry in
            guard let key = entry.key, let order = sectionKeys[key], entry.lines.count > 1,
                  let head = entry.lines.firstIndex(where: { self.key(of: $0, indent: 0) == key }) else { return entry }
            let body = Array(entry.lines[(head + 1)...])
            guard let indent = body.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !isComment($0) })
                    .map({ $0.prefix { $0 == " " }.count }), indent > 0 else { return entry }
            let children = sorted(split(body, indent: indent), order: order).map { Entry(key: $0.key, lines: trimmed($0.lines)) }
            return Entry(key: key, lines: Array(entry.lines[...head]) + children.flatMap(\.lines))
        }
        let body = sorted(entries, order: ProfileFile.keys).flatMap { trimmed($0.lines) }
        return collapseBlankLines(header + body).joined(separator: "\n") + "\n"
    }

    /// Splits lines into entries at keys with exactly `indent` leading spaces; comments at that
    /// indent (or less) attach to the key below them; anything before the first key is a keyless entry.
    static func split(_ lines: [String], indent: Int) -> [Entry] {
        var entries: [Entry] = []
        var pending: [String] = []
        var current: Entry?
        for line in lines {
            if let key = key(of: line, indent: indent) {
                if let c = current { entries.append(c) }
                current = Entry(key: key, lines: pending + [line]); pending = []
            } else if isComment(line), line.prefix(while: { $0 == " " }).count <= indent {
                pending.append(line)
            } else if line.isEmpty, current == nil {
                pending.append(line)
            } else if current != nil {
                current?.lines += pending + [line]; pending = []
            } else {
                pending.append(line)
            }
        }
        if var c = current { c.lines += pending; entries.append(c) } else if !pending.isEmpty { entries.append(Entry(key: nil, lines: pending)) }
        return entries
    }

    /// Known keys in `order`, then unknown ones in file order (validation reports them).
    static func sorted(_ entries: [Entry], order: [String]) -> [Entry] {
        entries.enumerated().sorted { a, b in
            let x = a.element.key.flatMap { order.firstIndex(of: $0) } ?? order.count
            let y = b.element.key.flatMap { order.firstIndex(of: $0) } ?? order.count
            return (x, a.offset) < (y, b.offset)
        }.map(\.element)
    }

    /// `key:` at exactly `indent` spaces (not a list item, not a comment).
    static func key(of line: String, indent: Int) -> String? {
        guard line.prefix(while: { $0 == " " }).count == indent else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first, first.isLetter || first == "_" || first == "\"" else { return nil }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let after = rest[rest.index(after: colon)...]
        guard after.isEmpty || after.first == " " else { return nil }
        return String(rest[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    static func isComment(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).hasPrefix("#") }

    static func trimmed(_ lines: [String]) -> [String] {
        var out = lines
        while out.last == "" { out.removeLast() }
        return out
    }

    static func collapseBlankLines(_ lines: [String]) -> [String] {
        var out: [String] = []
        for line in lines where !(line.isEmpty && out.last == "") { out.append(line) }
        return out
    }
}
