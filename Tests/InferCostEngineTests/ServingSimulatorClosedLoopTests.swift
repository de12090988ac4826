import Foundation
import InferCostCore
import Testing
@testable import InferCostEngine

/// A closed loop (`ServingSimulator.Configuration.clients`): a load test's `--max-concurrency`, where each request after
/// the first `clients` goes out when an earlier one finishes.
@Suite struct ServingSimulatorClosedLoopTests {
    static func simulator(clients: Int?, kvTokens: Int = 400_000, budget: Int = 8192) -> ServingSimulator {
        ServingSimulator(steps: ServingSimulatorTests.steps, configuration: .init(
            replicas: 1, maxRunning: 256, tokenBudget: budget, kvCapacityTokens: kvTokens, warmupSeconds: 0, clients: clients))
    }

    static func atOnce(_ count: Int, input: Int = 1000, output: Int = 200) -> [TraceRequest] {
        Array(repeating: TraceRequest(arrivalSeconds: 0, inputTokens: input, outputTokens: output), count: count)
    }

    @Test func asManyClientsAsRequestsIsEveryRequestAtOnce() {
        let requests = Workload(arrivals: .poisson(ratePerSecond: 1), lengths: .uniform(input: 200...3000, output: 50...400))
            .generate(durationSeconds: 1e9, maxRequests: 300, seed: 4).map {
                TraceRequest(arrivalSeconds: 0, inputTokens: $0.inputTokens, outputTokens: $0.outputTokens)
            }
        let open = Self.simulator(clients: nil, kvTokens: 60_000).run(requests, stopSeconds: .infinity)
        let closed = Self.simulator(clients: 300, kvTokens: 60_000).run(requests, stopSeconds: .infinity)
        #expect(open.preemptions > 0)
        #expect(closed.ttft == open.ttft)
        #expect(closed.tpot == open.tpot)
        #expect(closed.endToEnd == open.endToEnd)
        #expect(closed.preemptions == open.preemptions)
        #expect(closed.lastCompletionSeconds == open.lastCompletionSeconds)
    }

    @Test func oneClientSendsOneRequestAfterAnother() throws {
        // Each request finds the replica idle: the same TTFT and latency every time, and the run lasts their sum.
        let r = Self.simulator(clients: 1).run(Self.atOnce(20), stopSeconds: .infinity)
        #expect(r.requestsMeasured == 20 && r.requestsUnfinished == 0)
        #expect(abs(r.ttft.max - r.ttft.p50) / r.ttft.p50 < 0.001)  // equal up to the histogram's bucket
        #expect(abs(r.lastCompletionSeconds - 20 * r.endToEnd.mean / 1000) / r.lastCompletionSeconds < 0.01)
        // The first token comes with the pass that prefills the prompt.
        let prefill = ServingSimulatorTests.steps.stepSeconds(decodeBatch: 0, meanContext: 0, chunks: [(tokens: 1000, promptLength: 1000)])
        #expect(abs(r.ttft.mean / 1000 - prefill) / prefill < 0.01)
    }

    @Test func identicalRequestsThatFitNeverWaitForASlot() {
        // Eight clients whose prompts fit one pass (8 x 1000 tokens of an 8,192-token budget) and whose KV fits the cache:
        // the first request starts a pass alone and the other seven join the next, and the two groups keep that phase,
        // so no TTFT is longer than those two prefills; the run lasts ten rounds.
        let r = Self.simulator(clients: 8).run(Self.atOnce(80), stopSeconds: .infinity)
        #expect(r.requestsMeasured == 80 && r.preemptions == 0)
        let steps = ServingSimulatorTests.steps
        let one = steps.stepSeconds(decodeBatch: 0, meanContext: 0, chunks: [(tokens: 1000, promptLength: 1000)])
        let seven = steps.stepSeconds(decodeBatch: 0, meanContext: 0, chunks: Array(repeating: (tokens: 1000, promptLength: 1000), count: 7))
        #expect(r.ttft.max / 1000 <= (one + seven) * 1.01)
        #expect(abs(r.lastCompletionSeconds - 10 * r.endToEnd.max / 1000) / r.lastCompletionSeconds < 0.02)
    }

    @Test func requestsBeyondTheKVCacheWaitAndLittlesLawHolds() {
        // 64 clients of 1,200-token requests on a cache of 20,000 tokens: about 16 run, the rest wait. In a closed loop
        // L is the client count, so the mean time in the system is clients / completion rate (Little's law), and the
        // wait shows in TTFT: far above one prefill.
        let requests = Self.atOnce(64 * 20)
        let r = Self.simulator(clients: 64, kvTokens: 20_000).run(requests, stopSeconds: .infinity)
        #expect(r.requestsUnfinished == 0)
        let completionRate = Double(r.requestsMeasured) / r.lastCompletionSeconds
        let littles = 64 / completionRate
        #expect(abs(r.endToEnd.mean / 1000 - littles) / littles < 0.05, "W \(r.endToEnd.mean / 1000) s vs N / X \(littles) s")
        #expect(r.meanRequestsInSystem <= 64.0001 && r.meanRequestsInSystem > 60)
        let alone = Self.simulator(clients: 1, kvTokens: 20_000).run(Self.atOnce(1), stopSeconds: .infinity).ttft.mean
        #expect(r.ttft.mean > 10 * alone)
    }

    @Test func aRequestTooLargeForTheCacheFreesItsClient() {
        // The 2nd request can never be served (its first prefill chunk alone exceeds the cache): it is dropped, and the
        // loop goes on.
        var requests = Self.atOnce(6, input: 1000, output: 10)
        requests[1] = TraceRequest(arrivalSeconds: 0, inputTokens: 6_000, outputTokens: 10)
        let r = Self.simulator(clients: 1, kvTokens: 4_000).run(requests, stopSeconds: .infinity)
        #expect(r.requestsMeasured == 5 && r.requestsUnfinished == 1)
    }
}
