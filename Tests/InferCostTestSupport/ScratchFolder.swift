import Foundation

/// A new, empty folder under the system's temporary directory, named `prefix-UUID`, for a test to write in and remove.
public enum ScratchFolder {
    public static func make(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
