import Foundation
import Testing
@testable import InferCostCore

/// A file's stamp: what identifies its bytes without reading them, and whether it has settled.
@Suite struct FileStampTests {
    static func scratchFile(_ text: String = "a: 1\n") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-stamp-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func aFreshFileIsNotSettledUntilSecondsLater() throws {
        let file = try Self.scratchFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let now = try #require(FileStamp.of(file.path))
        #expect(!now.settled)
        let later = try #require(FileStamp.of(file.path, now: FileStamp.now() + (FileStamp.settleSeconds + 1) * 1_000_000_000))
        #expect(later.settled)
        #expect(later.description == now.description)
        // Anything but a regular file has no stamp.
        #expect(FileStamp.of(FileManager.default.temporaryDirectory.path) == nil)
        #expect(FileStamp.of(file.path + ".missing") == nil)
    }

    /// A modification time anyone can set past year 2262 (`touch -d 2400-01-01`) does not overflow: the stamp holds the
    /// largest time and never settles, so the file is always read.
    @Test func aFarFutureModificationTimeNeverSettlesAndNeverTraps() throws {
        let file = try Self.scratchFile()
        defer { try? FileManager.default.removeItem(at: file) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 13_569_465_600)], ofItemAtPath: file.path)
        let stamp = try #require(FileStamp.of(file.path, now: FileStamp.now() + 1_000_000_000_000))
        #expect(stamp.modified == Int64.max)
        #expect(!stamp.settled)
        #expect(FileStamp.nanoseconds(timespec(tv_sec: -Int(Int64.max / 100), tv_nsec: 0)) == Int64.min)
        #expect(FileStamp.nanoseconds(timespec(tv_sec: 1, tv_nsec: 5)) == 1_000_000_005)
    }
}
