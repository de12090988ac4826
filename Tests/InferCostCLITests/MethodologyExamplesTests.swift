import Foundation
import Testing
@testable import InferCostCLI

/// docs/methodology.md's worked examples are executed: every `<!-- checked: infercost ARGS -->`
/// comment is followed by a ```json excerpt; the test runs ARGS in-process (as GoldenTests does)
/// and requires one object of the output to hold every key of the excerpt with the same value,
/// numbers equal to the digits the page shows (half a unit of the last digit). So a formula, a
/// price or a default that moves makes the page fail here instead of going stale.
@Suite struct MethodologyExamplesTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var excerpt: String
        var testDescription: String { arguments.prefix(3).joined(separator: " ") }
    }

    static let page = GoldenTests.repository.appendingPathComponent("docs/methodology.md")

    /// The checked excerpts of a page, in order.
    static func examples(in text: String) -> [Example] {
        let marker = "<!-- checked: infercost "
        var examples: [Example] = []
        var rest = Substring(text)
        while let start = rest.range(of: marker) {
            guard let close = rest[start.upperBound...].range(of: "-->"),
                  let fence = rest[close.upperBound...].range(of: "```json\n"),
                  rest[close.upperBound..<fence.lowerBound].allSatisfy(\.isWhitespace),
                  let end = rest[fence.upperBound...].range(of: "```") else {
                examples.append(Example(arguments: [], excerpt: "")); break  // reported as malformed
            }
            let arguments = rest[start.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace).map(String.init)
            examples.append(Example(arguments: arguments, excerpt: String(rest[fence.upperBound..<end.lowerBound])))
            rest = rest[end.upperBound...]
        }
        return examples
    }

    static let pageExamples: [Example] = examples(in: (try? String(contentsOf: page, encoding: .utf8)) ?? "")

    @Test func theWorkedExamplesAreMarkedForChecking() {
        // The estimate example and the two options of the capacity and cost example.
        #expect(Self.pageExamples.count >= 3, "docs/methodology.md lost its checked examples")
        #expect(Self.pageExamples.allSatisfy { !$0.arguments.isEmpty }, "a `<!-- checked: -->` comment is not followed by a ```json block")
    }

    @Test(arguments: pageExamples)
    func workedExampleMatchesTheTool(_ example: Example) throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(example.arguments)
        try #require(result.status == 0 || result.status == 1, "\(example.arguments.joined(separator: " ")): \(result.stderr)")
        let output = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let expected = try Self.parseExcerpt(example.excerpt)
        #expect(Self.find(expected, in: output), "no object in the output of `infercost \(example.arguments.joined(separator: " "))` matches:\n\(example.excerpt)\nclosest differences: \(Self.differences(expected, in: output).prefix(8).joined(separator: "; "))")
    }

    // MARK: Excerpt matching

    /// The excerpt as a JSON object, each number replaced by the string `#n:<literal>` so the digits
    /// the page shows are kept.
    static func parseExcerpt(_ excerpt: String) throws -> [String: Any] {
        let marked = excerpt.replacing(/([:\[,]\s*)(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?=\s*[,\]}\n])/) { match in
            "\(match.output.1)\"#n:\(match.output.2)\""
        }
        let object = try JSONSerialization.jsonObject(with: Data(("{" + marked + "}").utf8))
        return try #require(object as? [String: Any], "the excerpt is not a JSON object's members")
    }

    /// True when some object in `tree` holds everything in `expected`.
    static func find(_ expected: [String: Any], in tree: Any) -> Bool {
        if let object = tree as? [String: Any], matches(expected, object) { return true }
        if let object = tree as? [String: Any] { return object.values.contains { find(expected, in: $0) } }
        if let array = tree as? [Any] { return array.contains { find(expected, in: $0) } }
        return false
    }

    static func matches(_ expected: Any, _ actual: Any) -> Bool {
        switch expected {
        case let object as [String: Any]:
            guard let actual = actual as? [String: Any] else { return false }
            return object.allSatisfy { key, value in actual[key].map { matches(value, $0) } ?? false }
        case let array as [Any]:
            guard let actual = actual as? [Any], actual.count == array.count else { return false }
            return zip(array, actual).allSatisfy { matches($0, $1) }
        case let text as String where text.hasPrefix("#n:"):
            let number = (actual as? Double) ?? (actual as? Int).map(Double.init) ?? (actual as? NSNumber)?.doubleValue
            guard let number, let shown = Double(text.dropFirst(3)) else { return false }
            return abs(number - shown) <= halfUnitOfLastDigit(String(text.dropFirst(3))) + 1e-12 * abs(shown)
        case let text as String:
            return actual as? String == text
        case let flag as Bool:
            return (actual as? Bool) == flag
        default:
            return false
        }
    }

    /// `47.280` -> 0.0005, `60000` -> 0.5, `3.9e-05` -> 0.05e-05.
    static func halfUnitOfLastDigit(_ literal: String) -> Double {
        let parts = literal.lowercased().split(separator: "e")
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
        let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
        return 0.5 * pow(10, exponent - Double(decimals))
    }

    /// For a failure message: the keys that differ in the object that matches the most keys.
    static func differences(_ expected: [String: Any], in tree: Any) -> [String] {
        var best: [String] = Array(expected.keys)
        func visit(_ node: Any) {
            if let object = node as? [String: Any] {
                let wrong = expected.compactMap { key, value -> String? in
                    guard let actual = object[key] else { return "\(key) missing" }
                    return matches(value, actual) ? nil : "\(key): \(actual)"
                }
                if wrong.count < best.count { best = wrong }
                object.values.forEach(visit)
            } else if let array = node as? [Any] {
                array.forEach(visit)
            }
        }
        visit(tree)
        return best.sorted()
    }

    @Test func numbersMatchToTheDigitsShown() throws {
        let expected = try Self.parseExcerpt(#""a" : 47.280, "b" : { "c" : 60000 }, "d" : "x""#)
        #expect(Self.matches(expected, ["a": 47.2804, "b": ["c": 60000.4, "z": 1], "d": "x", "e": 0]))
        #expect(!Self.matches(expected, ["a": 47.2806, "b": ["c": 60000], "d": "x"]))
        #expect(!Self.matches(expected, ["a": 47.28, "b": ["c": 60000], "d": "y"]))
        #expect(!Self.matches(expected, ["a": 47.28, "d": "x"]))
        #expect(abs(Self.halfUnitOfLastDigit("3.9e-05") - 5e-7) < 1e-20 && Self.halfUnitOfLastDigit("60000") == 0.5)
        #expect(Self.examples(in: "x <!-- checked: infercost a b -->\n```json\n\"k\" : 1\n```\n").map(\.arguments) == [["a", "b"]])
    }
}
