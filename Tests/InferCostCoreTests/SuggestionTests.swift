import Testing
import InferCostCore

@Suite struct SuggestionTests {
    @Test func editDistance() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("tpot_ms", "tpot_ms") == 0)
    }

    @Test func suggestsOnlyCloseMatches() {
        #expect(Suggestion.closest(to: "tpot_msx", in: ["ttft_ms", "tpot_ms", "percentile"]) == "tpot_ms")
        #expect(Suggestion.closest(to: "colour", in: ["ttft_ms", "tpot_ms", "percentile"]) == nil)
        #expect(Suggestion.hint(for: "colour", in: ["a_key", "b_key"], noun: "valid keys") == "valid keys: `a_key`, `b_key`")
    }
}
