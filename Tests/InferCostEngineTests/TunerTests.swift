import Foundation
import InferCostCore
import Testing
@testable import InferCostEngine

@Suite struct TunerTests {
    static func request(rate: Double? = 4, ttft: Double? = 1000, tpot: Double? = 50, finalists: Int = 0) -> Tuner.Request {
        Tuner.Request(model: Fixtures.llama8B, device: Fixtures.gpu, devices: 2, weightPrecisions: [.bf16, .fp8],
                      kvPrecisions: [.bf16, .fp8], inputTokens: 2000, outputTokens: 400, requestsPerSecond: rate,
                      ttftTargetMs: ttft, tpotTargetMs: tpot, percentile: 95, finalists: finalists)
    }

    @Test func frontierIsExactlyTheUndominatedPoints() {
        let points = Tuner.tune(Self.request()).points.filter { $0.batch > 0 }
        func dominates(_ a: TuneResult.Point, _ b: TuneResult.Point) -> Bool {
            a.tokensPerSecondPerDevice >= b.tokensPerSecondPerDevice && a.tokensPerSecondPerUser >= b.tokensPerSecondPerUser
                && (a.tokensPerSecondPerDevice > b.tokensPerSecondPerDevice || a.tokensPerSecondPerUser > b.tokensPerSecondPerUser)
        }
        #expect(points.count > 10)
        for p in points {
            let dominated = points.contains { dominates($0, p) }
            #expect(p.onFrontier == !dominated, "\(p.weightPrecision) tp\(p.tensorParallel) pp\(p.pipelineParallel) batch \(p.batch)")
        }
    }

    @Test func sweetSpotIsTheFeasiblePointWithTheMostTokensPerDevice() throws {
        let r = Tuner.tune(Self.request())
        let s = try #require(r.sweetSpot)
        #expect(r.points[s].feasible)
        let best = r.points.filter(\.feasible).map(\.tokensPerSecondPerDevice).max()
        #expect(r.points[s].tokensPerSecondPerDevice == best)
        // Two devices: layouts use TP x PP <= 2 and the rest as replicas.
        #expect(r.points.allSatisfy { $0.tensorParallel * $0.pipelineParallel * $0.replicas <= 2 })
        // What binds is the next batch limit's failed check, or memory when no larger batch fits.
        if let next = r.nextBatch, let n = r.points.first(where: { $0.sameConfiguration(as: r.points[s]) && $0.batch == next }), !n.feasible {
            #expect(r.points[s].limit == n.limit)
        } else {
            #expect(r.points[s].limit == .memoryCapacity)
        }
    }

    @Test func aTighterTPOTTargetNeverRaisesTheSweetSpotsThroughput() throws {
        let loose = Tuner.tune(Self.request(tpot: 50)), tight = Tuner.tune(Self.request(tpot: 15))
        let a = try #require(loose.sweetSpot), b = try #require(tight.sweetSpot)
        #expect(tight.points[b].tokensPerSecondPerDevice <= loose.points[a].tokensPerSecondPerDevice)
        #expect(tight.points[b].tpotMs <= 15)
    }

    @Test func impossibleTargetsGiveNoSweetSpot() {
        let r = Tuner.tune(Self.request(tpot: 0.001))
        #expect(r.sweetSpot == nil && r.launch.isEmpty)
        #expect(r.points.allSatisfy { !$0.feasible })
    }

    @Test func finalistsAreCheckedInSimulation() throws {
        let r = Tuner.tune(Self.request(finalists: 2))
        let s = try #require(r.sweetSpot)
        let p = r.points[s]
        #expect(p.simulatedTTFTMs != nil && p.simulatedTokenBudget != nil)
        #expect(try #require(p.simulatedTTFTMs) <= 1000 && (try #require(p.simulatedTPOTMs)) <= 50)
    }

    @Test func launchSettingsCarryTheSweetSpot() throws {
        let r = Tuner.tune(Self.request())
        let p = r.points[try #require(r.sweetSpot)]
        let vllm = try #require(r.launch.first { $0.engine == "vllm" })
        #expect(vllm.command.hasPrefix("vllm serve llama-8b --tensor-parallel-size \(p.tensorParallel)"))
        #expect(vllm.command.contains("--max-num-seqs \(p.batch) --max-num-batched-tokens 8192"))
        #expect(vllm.command.contains("--kv-cache-dtype fp8") == (p.kvPrecision == .fp8))
        #expect(LaunchSettings.huggingFaceName("meta-llama--Llama-3.1-8B") == "meta-llama/Llama-3.1-8B")
        #expect(Set(r.launch.map(\.engine)) == ["vllm", "sglang", "trtllm"])
    }
}
