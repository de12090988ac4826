import Testing
import InferCostCore

@Suite struct CSVTableTests {
    @Test func quotedFieldsDoubledQuotesAndLineBreaks() {
        let table = CSVTable(text: "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",2\n")
        #expect(table.problems.isEmpty)
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["x, y", "say \"hi\""], ["two\nlines", "2"]])
        #expect(table.records.map(\.line) == [2, 3])
    }

    @Test func spacesBeforeAnOpeningQuoteAreDropped() {
        let table = CSVTable(text: "a,b\n1, \"x,y\"\n")
        #expect(table.problems.isEmpty && table.records.first?.fields == ["1", "x,y"])
    }

    /// A stray quote used to open a quoted field in mid-cell and swallow the rest of the file.
    @Test func aQuoteInsideAnUnquotedFieldIsAProblemAndTheRestStillParses() {
        let table = CSVTable(text: "a,b\n1,x\"y\n2,3\n")
        #expect(table.problems == [.init(line: 2, column: 4, message: "a quote inside an unquoted field")])
        #expect(table.records.map(\.fields) == [["1", "x\"y"], ["2", "3"]])
    }

    @Test func textAfterAClosingQuoteIsAProblem() {
        let table = CSVTable(text: "a,b\n\"x\"yz,2\n")
        #expect(table.problems == [.init(line: 2, column: 4, message: "text after the closing quote of a quoted field")])
    }

    @Test func aQuotedFieldNeverClosedIsReportedWhereItOpened() {
        let table = CSVTable(text: "a,b\n1,2\n3,\"open\nmore\n")
        #expect(table.problems == [.init(line: 3, column: 3, message: "the quoted field opened here is never closed")])
    }
}
