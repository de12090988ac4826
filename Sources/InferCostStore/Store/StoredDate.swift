import Foundation
import GRDB
import InferCostCore

/// Dates as GRDB writes them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), read without a `Calendar`. GRDB's own decoding
/// sets up a Gregorian calendar and the time zones on first use: about 0.7 ms of every process that reads one
/// (`estimate` reads an import's and a calibration's date). Any other form (text without the fraction, a
/// Julian day, a timestamp) is left to GRDB; `StoredDateTests` holds both readings equal.
enum StoredDate {
    static func decode(_ row: Row, _ column: String) -> Date {
        if let text: String = row[column], let date = parse(text) { return date }
        return row[column]
    }

    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 23, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: ".") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                value = value * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23),
              hour < 24, minute < 60, second < 60, let date = Day(year: year, month: month, day: day) else { return nil }
        let seconds = date.ordinal * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1_000)
    }
}
