import Foundation
import InferCostCore

/// What a command may touch outside its arguments: the catalog location, the date and the
/// two output streams. Injected, so golden tests run in-process.
public struct CLIEnvironment: Sendable {
    public var catalogRoot: URL
    public var today: Day
    public var writeOut: @Sendable (String) -> Void
    public var writeErr: @Sendable (String) -> Void

    public init(catalogRoot: URL, today: Day,
                writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void) {
        self.catalogRoot = catalogRoot; self.today = today
        self.writeOut = writeOut; self.writeErr = writeErr
    }

    /// The real process: catalog from `INFERCOST_CATALOG` or ./Catalog, today's UTC date.
    public static func live() -> CLIEnvironment {
        let root = ProcessInfo.processInfo.environment["INFERCOST_CATALOG"].map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "Catalog")
        return CLIEnvironment(
            catalogRoot: root, today: Day.today(),
            writeOut: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
            writeErr: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })
    }
}

extension Day {
    /// Today's date in UTC.
    static func today(now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(year: 1970, month: 1, day: 1)!
    }
}
