import Testing
import InferCostCore

@Suite struct TextLinesTests {
    @Test func everyLineBreakEndsALine() {
        #expect(TextLines.split("a\nb\r\nc\rd") == ["a", "b", "c", "d"])
        #expect(TextLines.split("a\n") == ["a", ""])
        #expect(TextLines.split("") == [""])
        #expect(TextLines.split("a\r\n\r\nb") == ["a", "", "b"])
        #expect(TextLines.split("a\r\rb") == ["a", "", "b"])
    }

    /// libyaml also breaks lines at NEL, LS and PS; JSON and CSV readers do not.
    @Test func yamlBreaksAreOptIn() {
        let text = "a\u{85}b\u{2028}c\u{2029}d"
        #expect(TextLines.split(text, yamlBreaks: true) == ["a", "b", "c", "d"])
        #expect(TextLines.split(text) == [text])
    }

    @Test func aCarriageReturnLineFeedIsOneBreak() {
        #expect(TextLines.isBreak("\r\n") && TextLines.isBreak("\n") && TextLines.isBreak("\r"))
        #expect(!TextLines.isBreak("a"))
    }
}
