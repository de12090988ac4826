import Foundation
import InferCostCore
import InferCostTestSupport
import Testing

/// `InputFile` tells what stops a named file being read before opening it (a FIFO is never opened: reading one could
/// block forever), from `stat` and `lstat`.
@Suite struct InputFileTests {
    @Test func eachKindOfPathGetsItsProblem() throws {
        let folder = try ScratchFolder.make("infercost-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        try Data("a: 1\n".utf8).write(to: folder.appendingPathComponent("plain.yaml"))
        try manager.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        try manager.createSymbolicLink(atPath: path("to-plain"), withDestinationPath: path("plain.yaml"))
        try manager.createSymbolicLink(atPath: path("to-sub"), withDestinationPath: path("sub"))
        try manager.createSymbolicLink(atPath: path("dangling"), withDestinationPath: path("gone.yaml"))
        try manager.createSymbolicLink(atPath: path("loop-a"), withDestinationPath: path("loop-b"))
        try manager.createSymbolicLink(atPath: path("loop-b"), withDestinationPath: path("loop-a"))
        #expect(mkfifo(path("pipe"), 0o600) == 0)

        #expect(InputFile.check(path("plain.yaml")) == nil)
        #expect(InputFile.check(path("to-plain")) == nil)
        #expect(InputFile.check(path("missing.yaml")) == .missing)
        #expect(InputFile.check(path("plain.yaml/below")) == .missing)
        #expect(InputFile.check(path("sub")) == .folder)
        #expect(InputFile.check(path("to-sub")) == .folder)
        #expect(InputFile.check(path("dangling")) == .brokenLink)
        #expect(InputFile.check(path("loop-a")) == .unreadable("too many levels of symbolic links"))
        #expect(InputFile.check(path("pipe")) == .notRegularFile("FIFO or special file"))
        #expect(InputFile.check("/dev/null") == .notRegularFile("character device"))

        #expect(try InputFile.text(URL(fileURLWithPath: path("to-plain"))).get() == "a: 1\n")
        #expect(throws: InputFile.Problem.folder) { try InputFile.data(URL(fileURLWithPath: path("sub"))).get() }
        try Data([0xFF, 0xFE, 0x00]).write(to: folder.appendingPathComponent("binary.yaml"))
        #expect(throws: InputFile.Problem.notUTF8) { try InputFile.text(URL(fileURLWithPath: path("binary.yaml"))).get() }
    }

    @Test func aFileLargerThanAnInputMayBeIsRefusedUnread() throws {
        let folder = try ScratchFolder.make("infercost-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("huge.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(InputFile.maxBytes) + 1)  // sparse: no bytes written
        try handle.close()
        #expect(throws: InputFile.Problem.tooLarge(InputFile.maxBytes + 1)) { try InputFile.data(url).get() }
    }
}
