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
        return scalar
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let scalar = scalar(key, required: required, expected: "text") else { return nil }
        if scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
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
            report("invalid_date", "`\(qualified(key))` must be a date written YYYY-MM-DD, found `\(scalar.string)`",
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
            report(code, "`\(qualified(key))` cannot be `\(scalar.string)`", at: scalar.mark,
                   hint: Suggestion.hint(for: scalar.string, in: options))
            return nil
        }
        return value
    }

    // MARK: Numbers

    mutating func double(_ key: String, required: Bool = false, rule: NumberRule = .any) -> Double? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a number") else { return nil }
        guard let value = Double(text), value.isFinite else {
            report("wrong_type", "`\(qualified(key))` must be a finite number, found `\(scalar.string)`", at: scalar.mark)
            return nil
        }
        return check(value, rule, key: key, scalar: scalar) ? value : nil
    }

    mutating func int(_ key: String, required: Bool = false, rule: NumberRule = .any) -> Int? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a whole number") else { return nil }
        guard let value = Int(text) else {
            report("wrong_type", "`\(qualified(key))` must be a whole number, found `\(scalar.string)`", at: scalar.mark)
            return nil
        }
        return check(Double(value), rule, key: key, scalar: scalar) ? value : nil
    }

    /// Money: parsed from the scalar's text, never through `Double`, so 98.32 stays 98.32.
    mutating func decimal(_ key: String, required: Bool = false, rule: NumberRule = .any) -> Decimal? {
        guard let (text, scalar) = numberText(key, required: required, expected: "a number") else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), let double = Double(text),
              double.isFinite else {
            report("wrong_type", "`\(qualified(key))` must be a number, found `\(scalar.string)`", at: scalar.mark)
            return nil
        }
        return check(double, rule, key: key, scalar: scalar) ? value : nil
    }

    /// The plain, unquoted numeric text under `key` (underscores and a leading `+` removed).
    private mutating func numberText(_ key: String, required: Bool, expected: String) -> (String, Node.Scalar)? {
        guard let scalar = scalar(key, required: required, expected: expected) else { return nil }
        var text = scalar.string.replacingOccurrences(of: "_", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        let isPlain = scalar.style == .plain || scalar.style == .any
        guard isPlain, DecimalLiteral.matches(text) else {
            let found = isPlain ? "`\(scalar.string)`" : "the quoted text \"\(scalar.string)\""
            report("wrong_type", "`\(qualified(key))` must be \(expected), found \(found)", at: scalar.mark,
                   hint: isPlain ? nil : "write numbers without quotes")
            return nil
        }
        return (text, scalar)
    }

    private mutating func check(_ value: Double, _ rule: NumberRule, key: String, scalar: Node.Scalar) -> Bool {
        guard let (code, requirement) = rule.violation(value) else { return true }
        report(code, "`\(qualified(key))` must be \(requirement), found \(scalar.string)", at: scalar.mark)
        return false
    }

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

    mutating func stringList(_ key: String, required: Bool = false) -> [String]? {
        guard let items = sequence(key, required: required) else { return nil }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, !MappingReader.isNull(scalar) else {
                report("wrong_type", "`\(qualified(key))[\(index)]` must be text, found \(MappingReader.describe(item))",
                       at: item.mark ?? keyMark(key))
                continue
            }
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
                report(code, "`\(qualified(key))` cannot include `\(scalar.string)`", at: scalar.mark,
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

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        (scalar.style == .plain || scalar.style == .any) && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func describe(_ scalar: Node.Scalar) -> String {
        isNull(scalar) ? "no value" : "`\(scalar.string)`"
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

/// What a number must satisfy; each rule names the diagnostic code its violation gets.
enum NumberRule {
    case any
    /// > 0 (`not_positive`).
    case positive
    /// > 0 (`not_positive`) and at most `max` (`out_of_range`): counts that later arithmetic multiplies,
    /// bounded so that no absurd value can overflow it.
    case positiveUpTo(Double)
    /// >= 0 (`out_of_range`).
    case nonNegative
    /// >= the bound (`out_of_range`).
    case atLeast(Double)
    /// Within the closed range (`out_of_range`).
    case range(ClosedRange<Double>)
    /// In (0, 1] (`out_of_range`).
    case fraction
    /// Exactly one of the values (`out_of_range`).
    case oneOf([Double])

    func violation(_ value: Double) -> (code: String, requirement: String)? {
        switch self {
        case .any: return nil
        case .positive: return value > 0 ? nil : ("not_positive", "greater than 0")
        case .positiveUpTo(let max):
            if value <= 0 { return ("not_positive", "greater than 0") }
            return value <= max ? nil : ("out_of_range", "at most \(NumberRule.format(max))")
        case .nonNegative: return value >= 0 ? nil : ("out_of_range", "0 or more")
        case .atLeast(let bound): return value >= bound ? nil : ("out_of_range", "at least \(NumberRule.format(bound))")
        case .range(let range):
            return range.contains(value)
                ? nil : ("out_of_range", "between \(NumberRule.format(range.lowerBound)) and \(NumberRule.format(range.upperBound))")
        case .fraction: return value > 0 && value <= 1 ? nil : ("out_of_range", "greater than 0 and at most 1")
        case .oneOf(let values):
            return values.contains(value) ? nil : ("out_of_range", "one of " + values.map(NumberRule.format).joined(separator: ", "))
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
