import Testing
@testable import InferCostEngine

/// `EngineDefaults.mentionsA100` is the byte scan that replaced `id.contains("a100")` in the estimate's hot path:
/// it must answer the same for every id, overlapping near-misses included.
@Suite struct EngineDefaultsTests {
    @Test func mentionsA100AgreesWithContains() {
        var ids = ["a100", "nvidia-a100-80gb", "a100-40gb", "aa100", "a1a100", "a10a100", "a1000", "a10", "a1", "a", "h100",
                   "A100", "", "xa100x", "a10-0", "a 100"]
        let letters: [Character] = ["a", "1", "0", "x"]
        var seed: UInt64 = 20_261_202
        for _ in 0..<5_000 {
            var id = ""
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var bits = seed
            for _ in 0..<Int(bits % 9) { bits >>= 2; id.append(letters[Int(bits & 3)]) }
            ids.append(id)
        }
        for id in ids { #expect(EngineDefaults.mentionsA100(id) == id.contains("a100"), "\(id)") }
    }
}
