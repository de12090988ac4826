import Foundation
import Testing
@testable import InferCostStore

/// `ContentHash` wires swift-crypto's SHA-256 to the store: the FIPS digests, as lowercase hex.
@Suite struct ContentHashTests {
    /// FIPS 180-2, appendix B: one block, two blocks.
    @Test func fipsVectors() {
        #expect(ContentHash.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(ContentHash.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// One million 'a' (FIPS 180-2, B.3), whole and as a slice that does not start at index 0.
    @Test func oneMillionBytes() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(ContentHash.hex(data) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let padded = Data("xyz".utf8) + data
        #expect(ContentHash.hex(padded[3...]) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Padding edge cases: 55, 56 and 64 bytes.
    @Test func blockBoundaries() {
        #expect(ContentHash.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(ContentHash.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(ContentHash.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
