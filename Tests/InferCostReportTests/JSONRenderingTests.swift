import Foundation
import Testing
@testable import InferCostReport

/// Whatever a report holds, its JSON parses: no bare NaN or Infinity, from Doubles or Decimals.
@Suite struct JSONRenderingTests {
    struct Values: Encodable {
        var nan = Double.nan
        var infinity = Double.infinity
        var negativeInfinity = -Double.infinity
        var decimalNaN = Decimal.nan
        var text = "NaN and Infinity inside a string stay as written"
        var list: [Decimal] = [1.5, .nan]
    }

    @Test func nonFiniteNumbersNeverReachTheOutput() throws {
        let json = JSONRendering.render(Values())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        #expect(object["nan"] as? String == "nan")
        #expect(object["infinity"] as? String == "inf")
        #expect(object["negativeInfinity"] as? String == "-inf")
        #expect(object["decimalNaN"] as? String == "nan")
        #expect(object["text"] as? String == "NaN and Infinity inside a string stay as written")
        #expect((object["list"] as? [Any])?.count == 2)
    }

    @Test func quotingLeavesStringsAndEscapesAlone() {
        let json = #"{"a": "say \"NaN\"", "b": NaN, "c": [-Infinity, Infinity]}"#
        #expect(JSONRendering.quotingNonFiniteTokens(json) == #"{"a": "say \"NaN\"", "b": "nan", "c": ["-inf", "inf"]}"#)
    }
}
