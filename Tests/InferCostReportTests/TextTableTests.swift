import Testing
@testable import InferCostReport

/// Tables fit the terminal: low-priority columns go first, and only as many as needed.
@Suite struct TextTableTests {
    static let table = TextTable(header: ["offer", "detail", "cost"], rows: [["aws/p5.48xlarge", "a long detail column", "1,234"]],
                                 rightAligned: [2])

    @Test func columnsAreDroppedInOrderUntilItFits() {
        #expect(Self.table.width == 15 + 2 + 20 + 2 + 5)
        let (all, none) = Self.table.fitted(to: nil, dropOrder: [1])
        #expect(all.header.count == 3 && none.isEmpty)
        let (fits, kept) = Self.table.fitted(to: 80, dropOrder: [1])
        #expect(fits.header.count == 3 && kept.isEmpty)
        let (narrow, dropped) = Self.table.fitted(to: 30, dropOrder: [1, 0])
        #expect(dropped == ["detail"])
        #expect(narrow.header == ["offer", "cost"])
        #expect(narrow.rightAligned == [1], "alignment follows its column")
        #expect(narrow.render().split(separator: "\n").allSatisfy { $0.count <= 30 })
    }
}
