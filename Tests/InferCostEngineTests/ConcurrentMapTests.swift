import Foundation
import Testing
@testable import InferCostEngine

/// Both ways of running work side by side give `body(i)` at index `i`, whatever order the threads end in.
@Suite struct ConcurrentMapTests {
    /// Tasks that end in the reverse of the order they start in, so an answer kept in completion order would show.
    static func task(_ i: Int, of count: Int) -> String {
        Thread.sleep(forTimeInterval: Double(count - i) * 0.002)
        return "task \(i)"
    }

    @Test(arguments: [0, 1, 2, 3, 7])
    func resultsComeInIndexOrder(count: Int) {
        let expected = (0..<count).map { "task \($0)" }
        #expect(concurrentMap(count) { Self.task($0, of: count) } == expected)
        #expect(threadPerTaskMap(count) { Self.task($0, of: count) } == expected)
    }
}
