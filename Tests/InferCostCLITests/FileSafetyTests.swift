import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import InferCostCLI
import InferCostCore
import InferCostTestSupport

/// Files a catalog or command must refuse, with the reason (docs/reliability.md, "Files").
@Suite struct FileSafetyTests {
    @Test func anOverlayLinkOutsideItsFolderIsNotRead() throws {
        let folder = try ScratchFolder.make("infercost-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.yaml")
        try "api_key: hunter2-do-not-print\n".write(to: secret, atomically: true, encoding: .utf8)
        let overlay = folder.appendingPathComponent("overlay/models")
        try FileManager.default.createDirectory(at: overlay, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: overlay.appendingPathComponent("x--leak.yaml"), withDestinationURL: secret)
        try FileManager.default.createSymbolicLink(at: overlay.appendingPathComponent("x--dangling.yaml"),
                                                   withDestinationURL: folder.appendingPathComponent("gone.yaml"))
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(["catalog", "lint", "--catalog", folder.appendingPathComponent("overlay").path])
        #expect(result.status == ExitStatus.dataError)
        #expect(result.stderr.contains("x--leak.yaml is a symbolic link that leads outside the catalog folder"), "\(result.stderr)")
        #expect(result.stderr.contains("x--dangling.yaml is a symbolic link to a file that does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test func aFolderOrFIFOGivenAsAProfileSaysWhatItIs() throws {
        let folder = try ScratchFolder.make("infercost-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.yaml")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let onFIFO = GoldenTests.run(["validate", fifo.path])
        #expect(onFIFO.status == ExitStatus.dataError && onFIFO.stderr.contains("not a regular file"), "\(onFIFO.stderr)")
        let onFolder = GoldenTests.run(["validate", folder.path])
        #expect(onFolder.status == ExitStatus.dataError && onFolder.stderr.contains("is a folder, not a file"), "\(onFolder.stderr)")
    }

    @Test func theDatabasePathMustBeAFile() throws {
        let folder = try ScratchFolder.make("infercost-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let empty = GoldenTests.run(["bench", "list", "--db", ""])
        #expect(empty.status == ExitStatus.usage && empty.stderr.contains("--db must name a file"), "\(empty.stderr)")
        let onFolder = GoldenTests.run(["bench", "list", "--db", folder.path, "--limit", "1"])
        #expect(onFolder.status != 0 && onFolder.stderr.contains("is a folder, not a file"), "\(onFolder.stderr)")
    }

    @Test func truncatedJSONIsReportedWhereItEnds() throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let file = "\(HostileInputTests.folder)/imports/vllm-truncated.json"
        let result = GoldenTests.run(["bench", "import", file, "--format", "vllm", "--device", "h100-sxm", "--db", HostileInputTests.database])
        #expect(result.status == ExitStatus.dataError)
        #expect(result.stderr.contains("\(file):3:"), "\(result.stderr)")
        #expect(result.stderr.contains("[invalid_json]"))
    }

    @Test func aProviderListBeyondTheCapIsOneError() throws {
        let folder = try ScratchFolder.make("infercost-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = try String(contentsOf: GoldenTests.repository.appendingPathComponent("Profiles/chat-assistant.yaml"), encoding: .utf8)
        let providers = (0...Int(Domains.listEntries.upper)).map { "    - p\($0)" }.joined(separator: "\n")
        let profile = folder.appendingPathComponent("many.yaml")
        try (base + "  providers:\n" + providers + "\n").write(to: profile, atomically: true, encoding: .utf8)
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(["validate", profile.path])
        #expect(result.status == ExitStatus.dataError)
        #expect(result.stderr.contains("[out_of_range] `constraints.providers` lists 10001 entries"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count < 10)
    }
}
