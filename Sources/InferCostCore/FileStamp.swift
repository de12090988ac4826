import Foundation

/// What the file system says of a file without reading it: device, inode, size, and the times of its
/// last modification and last status change (nanoseconds). Git's index tells a changed file this way;
/// InferCost does where re-reading every file in every process was most of the work: the compiled catalog
/// cache's key (docs/catalog-format.md, "Compiled catalog cache") and the store's check that the shipped
/// corpus is loaded (docs/measurements.md).
///
/// Writing a file changes its status-change time, which no program can set back (`touch -d`, `cp -p` and
/// `rsync -t` set the modification time only), and replacing it changes its inode. The one case a stamp
/// misses is git's "racily clean" file: a file written again within its file system's time resolution of
/// the moment it was stamped keeps its times. So a stamp stands for a file's bytes only when it is
/// `settled`: last changed at least `settleSeconds` before it was taken, longer than any file system's
/// resolution (FAT's is 2 s); a later write then sets times the stamp cannot have. Unsettled stamps
/// are never trusted: their files are read, as before.
public struct FileStamp: Hashable, Sendable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Nanoseconds since the epoch.
    public var modified: Int64
    public var changed: Int64
    /// True when the file was last changed at least `settleSeconds` before this stamp was taken.
    public var settled: Bool

    public static let settleSeconds: Int64 = 3

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64, settled: Bool) {
        self.device = device; self.inode = inode; self.size = size
        self.modified = modified; self.changed = changed; self.settled = settled
    }

    /// The stamp of the regular file at `path` (a symbolic link is not followed), or nil for anything else or
    /// when it cannot be read; `now` is the time it is taken (the tests pass one).
    public static func of(_ path: String, now: Int64 = FileStamp.now()) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return of(info, now: now)
    }

    /// The stamp of what `lstat` or `fstat` said of a regular file; nil for anything else.
    public static func of(_ info: stat, now: Int64) -> FileStamp? {
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        #if canImport(Darwin)
        let (m, c) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (m, c) = (info.st_mtim, info.st_ctim)
        #endif
        let modified = nanoseconds(m), changed = nanoseconds(c)
        let latest = max(modified, changed)
        return FileStamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         modified: modified, changed: changed, settled: latest <= now - settleSeconds * 1_000_000_000)
    }

    /// The wall clock in nanoseconds since the epoch, as file times count.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return nanoseconds(time)
    }

    /// A time in nanoseconds since the epoch; past year 2262 (a file time anyone may set) the largest value, so the
    /// file never counts as settled and is always read.
    static func nanoseconds(_ time: timespec) -> Int64 {
        let (seconds, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return time.tv_sec < 0 ? Int64.min : Int64.max }
        let (total, carried) = seconds.addingReportingOverflow(Int64(time.tv_nsec))
        return carried ? Int64.max : total
    }

    /// The identifying fields as text, for storing and hashing (`settled` is not part of it).
    public var description: String { "\(device):\(inode):\(size):\(modified):\(changed)" }
}
