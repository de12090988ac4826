import Crypto
import Foundation

/// Content hashes of imported files and fingerprints of stored data: SHA-256 from swift-crypto
/// (BoringSSL's implementation on Linux, CryptoKit's on Apple platforms), as lowercase hex.
/// Replaced a hand-written SHA-256: the same digests (the FIPS 180-4 vectors in the tests), from a
/// maintained, assembly-optimised implementation (the hand-written one took 0.18 s of CPU for 20 MB
/// here, built -O; OpenSSL's, of the same lineage as BoringSSL, 0.03 s).
public enum ContentHash {
    /// The lowercase hex SHA-256 digest of `data`.
    public static func hex(_ data: Data) -> String { hex(digest: SHA256.hash(data: data)) }

    /// The lowercase hex SHA-256 digest of `text`'s UTF-8 bytes.
    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }

    static func hex(digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(SHA256.Digest.byteCount * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
