import Foundation
import InferCostCore
import Yams

/// One YAML file: its display path, its lines (for the caret display) and its node tree,
/// in which every value keeps the line and column it came from.
struct YAMLFile {
    /// The path as the user gave it (relative stays relative).
    let path: String
    let lines: [String]
    let root: Node?

    /// Reads and composes a file; a missing, unreadable or malformed file gives diagnostics and no tree.
    static func read(_ url: URL) -> (file: YAMLFile, diagnostics: [Diagnostic]) {
        let path = displayPath(url)
        switch InputFile.text(url) {
        case .success(let text): return parse(text, path: path)
        case .failure(let problem):
            let empty = YAMLFile(path: path, lines: [], root: nil)
            return (empty, [empty.diagnostic(.error, "unreadable_file", "\(path) \(problem)", line: 1, column: 1)])
        }
    }

    /// Composes YAML text; syntax errors and duplicate keys become diagnostics.
    static func parse(_ text: String, path: String) -> (file: YAMLFile, diagnostics: [Diagnostic]) {
        let lines = TextLines.split(text, yamlBreaks: true)
        let bare = YAMLFile(path: path, lines: lines, root: nil)
        do {
            // `.basic`: no tag resolution by regular expression. Readers here take each scalar's text and style and
            // parse it themselves, and Yams hashes every mapping key with its resolved tag to find duplicates, which
            // with the default resolver ran up to seven `NSRegularExpression`s per key (15% of `validate`). Keys are
            // compared as text: `true` and `"true"` are the same key, as `MappingReader` reads them.
            let root = try Yams.compose(yaml: text, Resolver.basic)
            return (YAMLFile(path: path, lines: lines, root: root), [])
        } catch let error as YamlError {
            return (bare, [bare.diagnostic(for: error, text: text)])
        } catch {
            return (bare, [bare.diagnostic(.error, "yaml_syntax", "cannot parse YAML: \(error)", line: 1, column: 1)])
        }
    }

    /// `url.relativePath` keeps a path relative when the user typed it relative.
    static func displayPath(_ url: URL) -> String {
        url.relativePath.isEmpty ? url.path : url.relativePath
    }

    func sourceLine(_ line: Int) -> String? {
        lines.indices.contains(line - 1) ? lines[line - 1] : nil
    }

    func diagnostic(_ severity: Diagnostic.Severity, _ code: String, _ message: String, line: Int, column: Int,
                    hint: String? = nil) -> Diagnostic {
        let line = max(line, 1), column = max(column, 1)
        return Diagnostic(severity, code: code, message, at: .init(file: path, line: line, column: column),
                          hint: hint, sourceLine: sourceLine(line))
    }

    func diagnostic(_ severity: Diagnostic.Severity, _ code: String, _ message: String, at mark: Mark?,
                    hint: String? = nil) -> Diagnostic {
        diagnostic(severity, code, message, line: mark?.line ?? 1, column: mark?.column ?? 1, hint: hint)
    }

    private func diagnostic(for error: YamlError, text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return diagnostic(.error, "yaml_syntax", "invalid YAML: \(problem)\(detail)", at: mark,
                              hint: "check indentation, quoting and that tabs are not used for indentation")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacterOffset: $0, in: text) } ?? (1, 1)
            return diagnostic(.error, "yaml_syntax", "invalid YAML: \(problem)", line: line, column: column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? ""
            let second = secondOccurrence(of: key, after: context.mark)
            return diagnostic(.error, "duplicate_id", "key `\(key)` appears twice in the same mapping",
                              line: second?.line ?? context.mark.line, column: second?.column ?? context.mark.column,
                              hint: "first written at line \(context.mark.line); keep one of them")
        default:
            return diagnostic(.error, "yaml_syntax", "invalid YAML: \(error)", line: 1, column: 1)
        }
    }

    /// Yams reports a duplicate key where it first appears; the repeat is where the mistake is.
    /// Looks for the next line that starts with the same key at the same column.
    private func secondOccurrence(of key: String, after first: Mark) -> (line: Int, column: Int)? {
        guard first.line >= 1, first.line <= lines.count, !key.isEmpty else { return nil }
        let indent = String(repeating: " ", count: max(first.column - 1, 0))
        for index in first.line..<lines.count {
            let line = lines[index]
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(indent + spelling) {
                let rest = line.dropFirst(indent.count + spelling.count).drop { $0 == " " }
                if rest.hasPrefix(":") { return (index + 1, first.column) }
            }
        }
        return nil
    }

    private func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for (index, character) in text.enumerated() {
            if index >= offset { break }
            if TextLines.isBreak(character) { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
