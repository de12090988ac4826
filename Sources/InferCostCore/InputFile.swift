import Foundation

/// Reading a file a user named, with a reason a person can act on when it cannot be read: a
/// missing file, a folder, a FIFO or device (never opened: reading one could block forever), a
/// file the OS refuses (with its reason), or one too large to be an input.
public enum InputFile {
    /// Inputs are YAML, JSON and CSV written by people and tools; beyond this it is not an input.
    public static let maxBytes = 256 << 20

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missing
        case folder
        /// A FIFO, socket or device.
        case notRegularFile(String)
        case brokenLink
        case unreadable(String)
        case tooLarge(Int)
        case notUTF8

        /// The reason, to follow the path: `does not exist`, `is a folder, not a file`.
        public var description: String {
            switch self {
            case .missing: "does not exist"
            case .folder: "is a folder, not a file"
            case .notRegularFile(let kind): "is a \(kind), not a regular file (not opened)"
            case .brokenLink: "is a symbolic link to a file that does not exist"
            case .unreadable(let reason): "cannot be read: \(reason)"
            case .tooLarge(let bytes): "is \(bytes / (1 << 20)) MB, more than the \(InputFile.maxBytes >> 20) MB an input may be"
            case .notUTF8: "is not UTF-8 text"
            }
        }
    }

    /// What kind of thing is at `path` (links followed), or the problem that stops it being read.
    public static func check(_ path: String) -> Problem? {
        switch status(path) {
        case .success: nil
        case .failure(let problem): problem
        }
    }

    /// The `stat` of the regular file at `path` (links followed), or the problem that stops it being read. `stat` and
    /// `lstat` themselves: FileManager's attributes also look up the owner's and group's names, which reads the user
    /// and group databases on every call.
    static func status(_ path: String) -> Result<stat, Problem> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ELOOP { return .failure(.unreadable("too many levels of symbolic links")) }
            var link = stat()
            return .failure(lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK ? .brokenLink : .missing)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(info)
        case S_IFDIR: return .failure(.folder)
        case S_IFCHR: return .failure(.notRegularFile("character device"))
        case S_IFBLK: return .failure(.notRegularFile("block device"))
        case S_IFSOCK: return .failure(.notRegularFile("socket"))
        default: return .failure(.notRegularFile("FIFO or special file"))
        }
    }

    /// The bytes of a regular file.
    public static func data(_ url: URL) -> Result<Data, Problem> {
        status(url.path).flatMap { info in
            if info.st_size > maxBytes { return .failure(.tooLarge(Int(info.st_size))) }
            do {
                return .success(try Data(contentsOf: url))
            } catch {
                return .failure(.unreadable(reason(error)))
            }
        }
    }

    /// The UTF-8 text of a regular file.
    public static func text(_ url: URL) -> Result<String, Problem> {
        data(url).flatMap { data in
            String(data: data, encoding: .utf8).map { .success($0) } ?? .failure(.notUTF8)
        }
    }

    /// The OS's reason, in words: `permission denied`, not an error domain and code.
    public static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        let code = underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
        switch code.flatMap({ POSIXErrorCode(rawValue: Int32($0)) }) {
        case .EACCES?, .EPERM?: return "permission denied"
        case .EISDIR?: return "is a folder"
        case .ENOENT?: return "does not exist"
        case .ELOOP?: return "too many levels of symbolic links"
        case .EIO?: return "input/output error"
        default:
            if (error as? CocoaError)?.code == .fileReadNoPermission { return "permission denied" }
            return (error as NSError).localizedDescription
        }
    }
}
