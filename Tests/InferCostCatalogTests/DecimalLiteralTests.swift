import Testing
@testable import InferCostCatalog

/// The scanner accepts exactly what the regex it replaced, `-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?`, accepted.
@Suite struct DecimalLiteralTests {
    static func regexMatches(_ text: String) -> Bool {
        text.wholeMatch(of: /-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?/) != nil
    }

    @Test(arguments: ["0", "12", "-3", "1.", "1.5", ".5", "-.5", "1e9", "1E-3", "2.5e+10", "", "-", ".", "e5", "1e", "1e+",
                      "1.2.3", "--1", "1-", "abc", "1_000", "0x10", "1.5x", " 1", "+1", "-1.e3", "١٢"])
    func agreesWithTheRegex(_ text: String) {
        #expect(DecimalLiteral.matches(text) == Self.regexMatches(text), "\(text)")
    }

    @Test func agreesOnRandomStrings() {
        var rng = SplitMix(seed: 42)
        let alphabet = Array("0123456789.-+eE x")
        for _ in 0..<2000 {
            let text = String((0..<Int(rng.next() % 7)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            #expect(DecimalLiteral.matches(text) == Self.regexMatches(text), "\(text)")
        }
    }
}

/// A small seeded generator, so the random cases are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
        return z ^ (z >> 31)
    }
}
