import Foundation
import GRDB
import Testing
@testable import InferCostStore

/// `StoredDate` reads back what GRDB wrote, to the millisecond, as GRDB's own decoding does; other forms are GRDB's.
@Suite struct StoredDateTests {
    @Test func readsWhatGRDBWritesAsGRDBReadsIt() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, at)") }
        var generator = SystemRandomNumberGenerator()
        // The epoch, a leap day, the ends of a year and a day, and random instants from 1900 to 2200, with milliseconds.
        let fixed: [Double] = [0, 951_782_400.5, 1_704_067_199.999, 1_796_340_010.047, -2_208_988_800]
        let instants = fixed + (0..<500).map { _ in Double(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)) / 1_000 }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            let row = try queue.write { db -> Row in
                try db.execute(sql: "DELETE FROM t")
                try db.execute(sql: "INSERT INTO t (at) VALUES (?)", arguments: [date])
                return try #require(try Row.fetchOne(db, sql: "SELECT at FROM t"))
            }
            let text: String = row["at"]
            let mine = try #require(StoredDate.parse(text), "\(text)")
            let grdb: Date = row["at"]
            #expect(abs(mine.timeIntervalSince1970 - grdb.timeIntervalSince1970) < 1e-6, "\(text)")
            #expect(StoredDate.decode(row, "at") == mine)
        }
    }

    @Test func leavesOtherFormsToGRDB() throws {
        for text in ["2026-12-04 10:11:12", "2026-12-04T10:11:12.345Z", "2026-02-30 10:11:12.345", "2026-12-04 25:11:12.345", "not a date"] {
            #expect(StoredDate.parse(text) == nil, "\(text)")
        }
        let row: Row = ["at": "2026-12-04 10:11:12"]
        let grdb: Date = row["at"]
        #expect(StoredDate.decode(row, "at") == grdb)
    }
}
