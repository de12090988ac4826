import Foundation
import InferCostCore
import Yams

/// Reads one YAML mapping into typed values. Every problem becomes a diagnostic located at
/// the offending key or value (never an exception), so one pass reports all that is wrong.
struct MappingReader {
    struct Entry {
        let keyMark: Mark?
        let value: Node
    }

    let file: YAMLFile
    /// Dotted path of this mapping in the file, e.g. `traffic` or `instances[2].prices[0]`; empty at the top.
    let path: String
    /// Where a missing key is reported: the key that holds this mapping, else the mapping itself.
    let anchor: Mark?
    /// False when the node was not a mapping (already reported); every read then returns nil quietly.
    let isMapping: Bool
    /// Keys present and valid, in file order.
    private(set) var presentKeys: [String] = []
    private var entries: [String: Entry] = [:]
    var diagnostics: [Diagnostic] = []

    /// - Parameter keys: every key this mapping may hold; others are `unknown_key` errors.
    init(_ node: Node?, file: YAMLFile, path: String = "", anchor: Mark? = nil, keys: [String]) {
        self.file = file; self.path = path
        guard case .mapping(let mapping)? = node else {
            self.anchor = anchor; self.isMapping = false
            let what = path.isEmpty ? "the file" : "`\(path)`"
            let found = node.map(MappingReader.describe) ?? "an empty document"
            diagnostics.append(file.diagnostic(.error, "wrong_type", "\(what) must be a mapping of keys, found \(found)",
                                               at: node?.mark ?? anchor))
            return
        }
        self.anchor = anchor ?? mapping.mark; self.isMapping = true
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.append(file.diagnostic(.error, "wrong_type", "a key in \(path.isEmpty ? "the file" : "`\(path)`") must be text, found \(MappingReader.describe(keyNode))",
                                                   at: keyNode.mark))
                continue
            }
            let key = scalar.string
            guard keys.contains(key) else {
                let hint = Suggestion.hint(for: key, in: keys, noun: "valid keys")
                diagnostics.append(file.diagnostic(.error, "unknown_key", "unknown key `\(qualified(key))`",
                                                   at: keyNode.mark, hint: hint))
                continue
            }
            entries[key] = Entry(keyMark: scalar.mark, value: value)
            presentKeys.append(key)
        }
    }

    /// The top-level mapping of a file.
    static func root(_ file: YAMLFile, keys: [String]) -> MappingReader {
        MappingReader(file.root, file: file, keys: keys)
    }

    // MARK: Positions and reporting

    func contains(_ key: String) -> Bool { entries[key] != nil }
    func keyMark(_ key: String) -> Mark? { entries[key]?.keyMark ?? anchor }
    func valueMark(_ key: String) -> Mark? { entries[key]?.value.mark ?? keyMark(key) }
    func node(_ key: String) -> Node? { entries[key]?.value }

    /// `traffic.input_tokens`: the key as a reader would search for it.
    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func report(_ severity: Diagnostic.Severity, _ code: String, _ message: String, at mark: Mark?,
                         hint: String? = nil) {
        diagnostics.append(file.diagnostic(severity, code, message, at: mark, hint: hint))
    }

    /// Records an error.
    mutating func report(_ code: String, _ message: String, at mark: Mark?, hint: String? = nil) {
        report(.error, code, message, at: mark, hint: hint)
    }

    // MARK: Scalars

    /// The scalar under `key`; reports a missing required key, a list or mapping, or a null.
    private mutating func scalar(_ key: String, required: Bool, expected: String) -> Node.Scalar? {
        guard isMapping else { return nil }
        guard let entry = entries[key] else {
            if required {
                let holder = path.isEmpty ? "" : " in `\(path)`"
                report("missing_key", "missing required key `\(key)`\(holder)", at: anchor)
            }
            return nil
        }
        guard case .scalar(let scalar) = entry.value else {
            report("wrong_type", "`\(qualified(key))` must be \(expected), found \(MappingReader.describe(entry.value))",
                   at: entry.value.mark ?? entry.keyMark)
            return nil
        }
        if MappingReader.isNull(scalar) {
            report("wrong_type", "`\(qualified(key))` must be \(expected), found no value",
                   at: scalar.mark ?? entry.keyMark, hint: required ? nil : "leave the key out when the value is unknown")
            return nil
        }
        return rejectingControlCharacters(scalar, name: qualified(key)) ? nil : scalar
    }

    /// Reports a NUL or other control character (tab and line breaks are text) in a value, which
    /// would otherwise cut a name short in SQLite or C APIs, or act on a terminal. True when found.
    mutating func rejectingControlCharacters(_ scalar: Node.Scalar, name: String) -> Bool {
        // Category Cc is exactly U+0000-U+001F and U+007F-U+009F (stable by Unicode policy): compared as numbers,
        // not looked up per scalar of every text field of the catalog.
        for (offset, character) in scalar.string.unicodeScalars.enumerated()
        where (character.value < 0x20 || (0x7F...0x9F).contains(character.value)) && !["\t", "\n", "\r"].contains(character) {
            let code = "U+" + String(character.value, radix: 16, uppercase: true).leftPadded(to: 4)
            report("control_character", "`\(name)` contains the control character \(code) at character \(offset + 1)",
                   at: scalar.mark, hint: "remove it; names and notes are plain text")
            return true
        }
        return false
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let scalar = scalar(key, required: required, expected: "text") else { return nil }
        if MappingReader.isBlank(scalar.string) {
            report("invalid_value", "`\(qualified(key))` must not be empty", at: scalar.mark)
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let scalar = scalar(key, required: required, expected: "true or false") else { return nil }
        if scalar.style == .plain || scalar.style == .any {
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        report("wrong_type", "`\(qualified(key))` must be true or false, found \(MappingReader.describe(scalar))",
               at: scalar.mark)
        return nil
    }

    mutating func day(_ key: String, required: Bool = false) -> Day? {
        // An unquoted date resolves to a timestamp in YAML; the scalar's text is what was written.
        guard let scalar = scalar(key, required: required, expected: "a date (YYYY-MM-DD)") else { return nil }
        guard let day = Day(iso: scalar.string) else {
            report("invalid_date", "`\(qualified(key))` must be a date written YYYY-MM-DD, found `\(excerpt(scalar.string))`",
                   at: scalar.mark, hint: "for example 2025-01-31")
            return nil
        }
        return day
    }

    /// One of an enumeration's raw values, with a "did you mean" for near misses.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false,
                                                            allowed: [E]? = nil, code: String = "invalid_value") -> E?
    where E.RawValue == String {
        let options = (allowed ?? Array(E.allCases)).map(\.rawValue)
        guard let scalar = scalar(key, required: required, expected: "one of " + options.joined(separator: ", ")) else {
            return nil
        }
        guard options.contains(scalar.string), let value = E(rawValue: scalar.string) else {
            report(code, "`\(qualified(key))` cannot be `\(excerpt(scalar.string))`", at: scalar.mark,
                   hint: Suggestion.hint(for: scalar.string, in: options))
            return nil
        }
        return value
    }

    // MARK: Numbers

    /// A number in `domain`; a value outside it is reported with the range (docs/reliability.md).
    mutating func double(_ key: String, required: Bool = false, domain: NumericDomain) -> Double? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a number") else { return nil }
        guard let value = Double(text) else {
            report("wrong_type", "`\(qualified(key))` must be a number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        return check(value, domain, key: key, scalar: scalar) ? value : nil
    }

    mutating func int(_ key: String, required: Bool = false, domain: NumericDomain) -> Int? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a whole number") else { return nil }
        guard let value = Double(text) else {
            report("wrong_type", "`\(qualified(key))` must be a whole number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        guard value == value.rounded() || !value.isFinite else {
            report("wrong_type", "`\(qualified(key))` must be a whole number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        guard check(value, domain, key: key, scalar: scalar) else { return nil }
        guard let whole = Int(text) ?? domain.wholeNumber(value), Double(whole) == value else {
            report("wrong_type", "`\(qualified(key))` must be a whole number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        return whole
    }

    /// Money: parsed from the scalar's text, never through `Double`, so 98.32 stays 98.32. The range
    /// is checked on the Double first, so 1e308 is "out of range", not "not a number".
    mutating func decimal(_ key: String, required: Bool = false, domain: NumericDomain) -> Decimal? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a number") else { return nil }
        guard let double = Double(text) else {
            report("wrong_type", "`\(qualified(key))` must be a number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        guard check(double, domain, key: key, scalar: scalar) else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            report("wrong_type", "`\(qualified(key))` must be a number, found `\(excerpt(scalar.string))`", at: scalar.mark)
            return nil
        }
        return value
    }

    /// The plain, unquoted numeric text under `key` (underscores and a leading `+` removed).
    private mutating func numberText(_ key: String, required: Bool, expected: String) -> (String, Node.Scalar)? {
        guard let scalar = scalar(key, required: required, expected: expected) else { return nil }
        var text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        let isPlain = scalar.style == .plain || scalar.style == .any
        guard isPlain, DecimalLiteral.matches(text) else {
            let found = isPlain ? "`\(excerpt(scalar.string))`" : "the quoted text \"\(excerpt(scalar.string))\""
            report("wrong_type", "`\(qualified(key))` must be \(expected), found \(found)", at: scalar.mark,
                   hint: isPlain ? nil : "write numbers without quotes")
            return nil
        }
        return (text, scalar)
    }

    private mutating func check(_ value: Double, _ domain: NumericDomain, key: String, scalar: Node.Scalar) -> Bool {
        guard let (code, requirement) = domain.violation(value) else { return true }
        report(code, "`\(qualified(key))` must be \(requirement), found \(excerpt(scalar.string))", at: scalar.mark,
               hint: "docs/reliability.md lists the range of every number")
        return false
    }

    func excerpt(_ text: String) -> String { Excerpt.of(text) }

    // MARK: Lists and nested mappings

    /// The items of a list under `key`; a scalar or mapping in its place is `wrong_type`.
    mutating func sequence(_ key: String, required: Bool = false) -> [Node]? {
        guard isMapping else { return nil }
        guard let entry = entries[key] else {
            if required {
                let holder = path.isEmpty ? "" : " in `\(path)`"
                report("missing_key", "missing required key `\(key)`\(holder)", at: anchor)
            }
            return nil
        }
        guard case .sequence(let sequence) = entry.value else {
            report("wrong_type", "`\(qualified(key))` must be a list, found \(MappingReader.describe(entry.value))",
                   at: entry.value.mark ?? entry.keyMark, hint: "write a list as [a, b] or as lines starting with `- `")
            return nil
        }
        return Array(sequence)
    }

    /// The text items of the list under `key`; with `maxEntries`, a longer list is `out_of_range`.
    mutating func stringList(_ key: String, required: Bool = false, maxEntries: NumericDomain? = nil) -> [String]? {
        guard let items = sequence(key, required: required) else { return nil }
        if let maxEntries, !maxEntries.contains(Double(items.count)) {
            report("out_of_range", "`\(qualified(key))` lists \(items.count) entries; it must list \(maxEntries.requirement)",
                   at: valueMark(key), hint: "a constraint list names what to allow; leave the key out to allow everything")
            return nil
        }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, !MappingReader.isNull(scalar) else {
                report("wrong_type", "`\(qualified(key))[\(index)]` must be text, found \(MappingReader.describe(item))",
                       at: item.mark ?? keyMark(key))
                continue
            }
            if rejectingControlCharacters(scalar, name: "\(qualified(key))[\(index)]") { continue }
            values.append(scalar.string)
        }
        return values
    }

    /// A list of enumeration values; an item outside `allowed` is reported with `code` and a "did you mean".
    mutating func choiceList<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false,
                                                                allowed: [E]? = nil, code: String = "invalid_value",
                                                                nonEmpty: Bool = true, allowDuplicates: Bool = false) -> [E]?
    where E.RawValue == String {
        guard let items = sequence(key, required: required) else { return nil }
        let options = (allowed ?? Array(E.allCases)).map(\.rawValue)
        var values: [E] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, !MappingReader.isNull(scalar) else {
                report("wrong_type", "`\(qualified(key))[\(index)]` must be one of \(options.joined(separator: ", ")), found \(MappingReader.describe(item))",
                       at: item.mark ?? keyMark(key))
                continue
            }
            guard options.contains(scalar.string), let value = E(rawValue: scalar.string) else {
                report(code, "`\(qualified(key))` cannot include `\(excerpt(scalar.string))`", at: scalar.mark,
                       hint: Suggestion.hint(for: scalar.string, in: options))
                continue
            }
            if !allowDuplicates && values.contains(where: { $0.rawValue == value.rawValue }) {
                report("duplicate_id", "`\(qualified(key))` lists `\(scalar.string)` twice", at: scalar.mark)
                continue
            }
            values.append(value)
        }
        if nonEmpty && items.isEmpty {
            report("invalid_value", "`\(qualified(key))` must list at least one value", at: valueMark(key),
                   hint: "allowed: " + options.joined(separator: ", "))
        }
        return values
    }

    /// Reads the mapping under `key` with `body`; its diagnostics join this reader's.
    mutating func mapping<T>(_ key: String, required: Bool = false, keys: [String],
                             _ body: (inout MappingReader) -> T?) -> T? {
        guard isMapping else { return nil }
        guard let entry = entries[key] else {
            if required {
                let holder = path.isEmpty ? "" : " in `\(path)`"
                report("missing_key", "missing required key `\(key)`\(holder)", at: anchor)
            }
            return nil
        }
        var child = MappingReader(entry.value, file: file, path: qualified(key), anchor: entry.keyMark, keys: keys)
        let value = child.isMapping ? body(&child) : nil
        diagnostics += child.diagnostics
        return value
    }

    /// Reads each mapping in the list under `key` with `body(reader, index)`; nil results are dropped.
    mutating func mappings<T>(_ key: String, required: Bool = false, keys: [String],
                              _ body: (inout MappingReader, Int) -> T?) -> [T]? {
        guard let items = sequence(key, required: required) else { return nil }
        var values: [T] = []
        for (index, item) in items.enumerated() {
            var child = MappingReader(item, file: file, path: "\(qualified(key))[\(index)]", anchor: item.mark, keys: keys)
            if child.isMapping, let value = body(&child, index) { values.append(value) }
            diagnostics += child.diagnostics
        }
        return values
    }

    // MARK: Describing what was found

    /// Whether `text` is only what `CharacterSet.whitespaces` holds (Unicode category Zs and tab), as
    /// `trimmingCharacters(in: .whitespaces).isEmpty` says, without bridging every text field through NSString.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        (scalar.style == .plain || scalar.style == .any) && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func describe(_ scalar: Node.Scalar) -> String {
        isNull(scalar) ? "no value" : "`\(Excerpt.of(scalar.string))`"
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): describe(scalar)
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
