import Crypto
import Foundation
import InferCostCore

/// The compiled catalog cache (docs/catalog-format.md, "Compiled cache"): the loaded catalog and its
/// diagnostics, kept in binary form (`CompiledCatalog`) in a per-user cache folder and reused while
/// no file the loader can read has changed.
///
/// The key is the SHA-256 of the cache format version, the running executable's identity (size,
/// modification time and inode: a rebuilt binary never reads an older build's cache), every root as
/// given and in full, and, under each root, the relative path and `FileStamp` (device, inode, size,
/// modification and status-change times) of every entry of `devices/`, `offers/` and `models/` and of
/// the top-level files the loader reads: writing or replacing a file changes its stamp, so the files
/// are not read to be told unchanged. A file changed within `FileStamp.settleSeconds` of the run (its
/// stamp could still be the one a later write leaves), a symbolic link, FIFO or any entry that is not a
/// plain file or folder, or anything that cannot be read, means no cache: the catalog is parsed as
/// without one. The file holds the key and a SHA-256 of its payload; anything that does not match
/// (truncated, corrupt, another version) is ignored and rebuilt. Writes go to a temporary file renamed
/// into place, so readers never see half a file. A load with errors is never cached; warnings and
/// notes are cached with the catalog and printed as when parsed.
public struct CatalogCache: Sendable {
    /// Bump when `CompiledCatalog`'s layout changes.
    static let formatVersion = "infercost-compiled-catalog-2"
    static let magic = Array("INFERCOSTCAT\u{1}".utf8)

    public var directory: URL
    /// Identifies the program reading and writing the cache; part of the key.
    public var binaryIdentity: String

    /// The wall clock a stamp is taken at (`FileStamp.now`); tests move it on so that files they just wrote count as settled.
    var now: @Sendable () -> Int64 = { FileStamp.now() }

    public init(directory: URL, binaryIdentity: String) {
        self.directory = directory; self.binaryIdentity = binaryIdentity
    }

    /// The cache of the running executable in `directory`; nil when the executable cannot be identified.
    public static func forRunningExecutable(in directory: URL) -> CatalogCache? {
        let candidates = ["/proc/self/exe", CommandLine.arguments.first ?? ""]
        for path in candidates where !path.isEmpty {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            return CatalogCache(directory: directory, binaryIdentity: "\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec):\(info.st_ino)")
        }
        return nil
    }

    // MARK: The key

    /// The key for loading `roots`, or nil when something there cannot be hashed safely (no cache then).
    func key(roots: [URL]) -> [UInt8]? {
        var hasher = KeyHasher(now: now())
        hasher.add(Self.formatVersion); hasher.add(binaryIdentity); hasher.add(String(roots.count))
        for root in roots {
            hasher.add(YAMLFile.displayPath(root)); hasher.add(root.standardizedFileURL.path)
            for name in ["devices", "offers", "models", "currencies.yaml", "cost-defaults.yaml", "grid-carbon.yaml"] {
                guard hasher.addEntry(root.path + "/" + name, relative: name) else { return nil }
            }
        }
        return Array(hasher.sha.finalize())
    }

    /// SHA-256 over length-prefixed fields, so no two different sequences of names and stamps hash alike.
    struct KeyHasher {
        var sha = SHA256()
        /// When the stamps are taken.
        let now: Int64

        mutating func add(_ text: String) { add(Data(text.utf8)) }

        mutating func add(_ data: Data) {
            withUnsafeBytes(of: UInt64(data.count).littleEndian) { sha.update(bufferPointer: $0) }
            sha.update(data: data)
        }

        /// Hashes one entry (a folder recursively, in name order); false when it cannot be hashed safely or a file in it is not settled.
        mutating func addEntry(_ path: String, relative: String) -> Bool {
            var info = stat()
            guard lstat(path, &info) == 0 else {
                // Absent is a state like any other; any other failure (permissions) means no cache.
                if errno == ENOENT { add("absent " + relative); return true }
                return false
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard let names = Self.entryNames(inFolder: path) else { return false }
                add("folder " + relative)
                for name in names.sorted() where !addEntry(path + "/" + name, relative: relative + "/" + name) { return false }
                return true
            case S_IFREG:
                // Larger than any input may be: the loader refuses it without reading it, and so does the key.
                guard Int(info.st_size) <= InputFile.maxBytes, let stamp = FileStamp.of(info, now: now), stamp.settled else { return false }
                add("file " + relative)
                add(stamp.description)
                return true
            default:
                return false  // a link, FIFO, socket or device: the loader's own checks decide, on every run
            }
        }

        /// The names in a folder but `.` and `..`, unsorted; nil when it cannot be listed whole. `readdir` itself:
        /// `FileManager.contentsOfDirectory` also asked the file system about the folder once per name.
        static func entryNames(inFolder path: String) -> [String]? {
            guard let folder = opendir(path) else { return nil }
            defer { closedir(folder) }
            var names: [String] = []
            while true {
                errno = 0
                guard let entry = readdir(folder) else { return errno == 0 ? names : nil }
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
        }
    }

    // MARK: The file

    func fileURL(roots: [URL]) -> URL {
        let name = roots.map(\.standardizedFileURL.path).joined(separator: "\n")
        let digits = Array("0123456789abcdef".utf8)  // not String(format:), slow on Linux: this runs in every process
        let digest = String(decoding: SHA256.hash(data: Data(name.utf8)).prefix(12).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] },
                            as: UTF8.self)
        return directory.appendingPathComponent("catalog-\(digest).bin")
    }

    /// The cached load for `key`, or nil when there is none or it does not check out.
    func read(roots: [URL], key: [UInt8]) -> (catalog: Catalog, diagnostics: [Diagnostic])? {
        guard let bytes = Self.bytes(atPath: fileURL(roots: roots).path) else { return nil }
        let header = Self.magic.count + 32 + 8 + 32
        guard bytes.count >= header, Array(bytes[0..<Self.magic.count]) == Self.magic else { return nil }
        var offset = Self.magic.count
        guard Array(bytes[offset..<offset + 32]) == key else { return nil }
        offset += 32
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        let digest = Array(bytes[offset..<offset + 32])
        offset += 32
        guard length == UInt64(bytes.count - offset) else { return nil }
        let payload = bytes[offset...]
        guard Array(SHA256.hash(data: payload)) == digest else { return nil }
        return try? CompiledCatalog.decode(Array(payload))
    }

    /// A file's bytes, read straight into an array (`FileManager.contents` and a copy to `[UInt8]` took twice as long).
    static func bytes(atPath path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < Int(UInt32.max) else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while done < size {
                let got = systemRead(fd, buffer.baseAddress! + done, size - done)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return false }
                done += got
            }
            return true
        }
        return complete ? bytes : nil
    }

    #if canImport(Glibc)
    private static let systemRead = Glibc.read
    #else
    private static let systemRead = Darwin.read
    #endif

    /// Stores a load under `key`: written beside the cache file and renamed over it. Best effort: a folder that
    /// cannot be made or written leaves no file, and the next run parses again.
    func write(_ loaded: (catalog: Catalog, diagnostics: [Diagnostic]), roots: [URL], key: [UInt8]) {
        let payload = CompiledCatalog.encode(loaded.catalog, diagnostics: loaded.diagnostics)
        var bytes = Self.magic + key
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += Array(SHA256.hash(data: payload)) + payload
        let target = fileURL(roots: roots)
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
