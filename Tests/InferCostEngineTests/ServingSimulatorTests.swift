import Foundation
import InferCostCore
import Testing
@testable import InferCostEngine
import Histogram

@Suite struct ServingSimulatorTests {
    static let point = DeploymentPoint(deviceID: "gpu80", weightPrecision: .bf16, kvPrecision: .bf16, batch: 1,
                                       inputTokens: 1000, outputTokens: 200)
    static let performance = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu)
    static let steps = StepTimeModel(performance: performance, point: point, maxBatch: 256, maxContextTokens: 8192)!

    static func simulator(replicas: Int = 1, maxRunning: Int = 64, kvTokens: Int = 400_000, budget: Int = 8192,
                          warmup: Double = 10) -> ServingSimulator {
        ServingSimulator(steps: steps, configuration: .init(replicas: replicas, maxRunning: maxRunning, tokenBudget: budget,
                                                             kvCapacityTokens: kvTokens, warmupSeconds: warmup))
    }

    @Test func sameSeedSameResultOtherSeedOtherResult() {
        let workload = Workload(arrivals: .poisson(ratePerSecond: 5), lengths: .lognormal(inputMean: 1000, outputMean: 200, sigma: 0.5, maxInput: 4000, maxOutput: 800))
        let a = Self.simulator().run(workload.generate(durationSeconds: 120, maxRequests: 10_000, seed: 7), stopSeconds: 600)
        let b = Self.simulator().run(workload.generate(durationSeconds: 120, maxRequests: 10_000, seed: 7), stopSeconds: 600)
        let c = Self.simulator().run(workload.generate(durationSeconds: 120, maxRequests: 10_000, seed: 8), stopSeconds: 600)
        #expect(a == b)
        #expect(a.ttft != c.ttft)
    }

    @Test func littlesLawHolds() {
        // L = lambda W: the time-average number of requests in the system equals the completion rate
        // times the mean time in the system, whatever the scheduler does.
        let requests = Workload(arrivals: .gamma(ratePerSecond: 8, cv: 2), lengths: .uniform(input: 200...3000, output: 50...400))
            .generate(durationSeconds: 600, maxRequests: 100_000, seed: 3)
        let r = Self.simulator(replicas: 2).run(requests, stopSeconds: 3600)
        #expect(r.requestsUnfinished == 0)
        let lambdaW = r.requestsPerSecond * r.endToEnd.mean / 1000
        #expect(abs(r.meanRequestsInSystem - lambdaW) / lambdaW < 0.03, "L \(r.meanRequestsInSystem) vs lambda W \(lambdaW)")
    }

    @Test func oneAtATimeOneTokenIsAnMD1Queue() throws {
        // One running request, one output token: every request is a single prefill step of fixed length,
        // a deterministic service S. Poisson arrivals make an M/D/1 queue, whose mean wait is
        // Pollaczek-Khinchine's rho S / (2 (1 - rho)). TTFT = wait + S.
        let s = Self.steps.stepSeconds(decodeBatch: 0, meanContext: 0, chunks: [(tokens: 1000, promptLength: 1000)])
        for rho in [0.5, 0.8] {
            let requests = Workload(arrivals: .poisson(ratePerSecond: rho / s), lengths: .fixed(input: 1000, output: 1))
                .generate(durationSeconds: 60_000 * s, maxRequests: 60_000, seed: 11)
            let r = Self.simulator(maxRunning: 1).run(requests, stopSeconds: .infinity)
            let wait = rho * s / (2 * (1 - rho))
            let measuredWait = r.ttft.mean / 1000 - s
            #expect(abs(measuredWait - wait) / wait < 0.06, "rho \(rho): wait \(measuredWait) s vs M/D/1 \(wait) s")
        }
    }

    @Test func preemptionNeverLosesARequest() {
        // A KV cache of 20,000 tokens for 64 running sequences of up to 1,400 tokens forces preemptions.
        let requests = Workload(arrivals: .poisson(ratePerSecond: 40), lengths: .fixed(input: 1000, output: 400))
            .generate(durationSeconds: 30, maxRequests: 10_000, seed: 5)
        let sim = Self.simulator(kvTokens: 20_000)
        let r = sim.run(requests, stopSeconds: .infinity)
        #expect(r.preemptions > 0)
        #expect(r.requestsUnfinished == 0)
        #expect(r.requestsMeasured == requests.filter { $0.arrivalSeconds >= 10 }.count)
        #expect(r.peakKVOccupancy <= 1)
    }

    @Test func saturatedThroughputMatchesTheClosedFormWithinAFifth() throws {
        // Far more traffic than one replica serves: it runs full batches of 64, so its completion rate
        // is the estimate's requests per second at batch 64 (prefill plus 200 decode steps shared by 64),
        // up to how the simulator mixes prefill chunks into decode steps.
        var p = Self.point; p.batch = 64
        let closedForm = try #require(Self.performance.estimate(p).requestsPerSecond)
        let requests = Workload(arrivals: .poisson(ratePerSecond: closedForm * 3), lengths: .fixed(input: 1000, output: 200))
            .generate(durationSeconds: 120, maxRequests: 100_000, seed: 9)
        let r = Self.simulator(warmup: 0).run(requests, stopSeconds: 240)
        let served = Double(r.requestsMeasured) / 240  // completions over the simulated time
        #expect(r.requestsUnfinished > 0)
        #expect(abs(served - closedForm) / closedForm < 0.2, "simulated \(served) req/s vs closed form \(closedForm)")
    }

    @Test func aPromptShorterThanTheGridCostsItsShareOfTheFirstPoint() {
        // The prompt grid starts at 16 tokens: a 1-token prompt does a sixteenth of the 16-token prompt's arithmetic and
        // reads the same weights (it was once clamped to the whole 16 tokens' compute).
        let steps = Self.steps, first = steps.prefill[0]
        #expect(steps.promptGrid[0] == 16)
        let one = steps.prefillComponents(promptLength: 1)
        #expect(abs(one.compute - first.compute / 16) <= 1e-15 * first.compute)
        #expect(abs(one.attentionCompute - first.attentionCompute / 16) <= 1e-15 * max(first.attentionCompute, 1e-30))
        let weights = { (c: StepTimeModel.Components) in c.memory - c.attentionMemory - c.activationMemory }
        #expect(abs(weights(one) - weights(first)) <= 1e-12 * weights(first))
        #expect(one.overhead == first.overhead)
        // At 16 tokens the two paths agree.
        #expect(steps.prefillComponents(promptLength: 16).compute == first.compute)
    }

    @Test func stepTimesComeFromThePipeline() throws {
        // A decode-only step at batch 64 and context 1,000 is the estimate's decode phase at that point.
        var p = Self.point; p.batch = 64; p.outputTokens = 1
        let phase = try #require(Self.performance.estimate(p).decode)
        // The grid holds batch 64 only approximately (1.5x steps), so allow the interpolation error.
        let step = Self.steps.stepSeconds(decodeBatch: 64, meanContext: 1000, chunks: [])
        #expect(abs(step - phase.seconds) / phase.seconds < 0.02)
    }

    @Test func lookedUpBracketsAreTheSearchedOnes() {
        // A simulated step looks its batch up in a table and tries its context's last grid interval first; both must give
        // the search's index and weight bit for bit (the simulation's results depend on them).
        let steps = Self.steps
        #expect(steps.batchBrackets.count == 257)  // every batch up to the grid's last point, 256
        for (batch, looked) in steps.batchBrackets.enumerated() {
            let searched = StepTimeModel.bracket(steps.batchGrid, Double(batch))
            #expect(looked.0 == searched.0 && looked.1.bitPattern == searched.1.bitPattern, "batch \(batch)")
        }
        var rng = SeededGenerator(seed: 11)
        var hint = 0, rowHint = 0, lentHint = 0
        // Rows kept up to batch 200; the batches past it are worked out as they come (and a row lent for a run of decode
        // steps, `withRow`, is made for the call).
        var rows = StepTimeModel.DecodeRows(maxBatch: 200)
        var x = 1.0
        for step in 0..<5_000 {
            // Mostly small moves (a decoding replica's mean context), sometimes a jump anywhere, below and past the grid.
            x = step % 97 == 0 ? Double.random(in: -10...20_000, using: &rng) : max(0, x + Double.random(in: -3...40, using: &rng))
            let tried = steps.contextBracket(x, hint: &hint)
            let searched = StepTimeModel.bracket(steps.contextGrid, x)
            #expect(tried.0 == searched.0 && tried.1.bitPattern == searched.1.bitPattern, "context \(x)")
            let components = steps.decodeComponents(batch: 1 + step % 300, meanContext: x, contextHint: &hint)
            #expect(components.seconds.bitPattern == steps.decodeComponents(batch: 1 + step % 300, meanContext: x).seconds.bitPattern)
            let kept = rows.decodeComponents(steps, batch: 1 + step % 300, meanContext: x, contextHint: &rowHint)
            #expect(kept.seconds.bitPattern == components.seconds.bitPattern && kept.memory.bitPattern == components.memory.bitPattern,
                    "batch \(1 + step % 300), context \(x)")
            let lent = rows.withRow(steps, batch: 1 + step % 300) { $0.components(meanContext: x, contextHint: &lentHint) }
            #expect(lent.seconds.bitPattern == components.seconds.bitPattern && lent.memory.bitPattern == components.memory.bitPattern,
                    "lent row, batch \(1 + step % 300), context \(x)")
        }
    }
}

/// The simulator keeps decoding sequences by schedule instead of visiting each in every step; on seeded random runs
/// (replicas, batch limits, token budgets, KV caches from roomy to so tight that requests are preempted or never fit,
/// prefix hits, block sizes, arrival processes and lengths) it gives exactly what visiting every running sequence in
/// order gives (`ReferenceServingSimulator`, the simulator before): the same result, timeline and all.
@Suite struct ServingSimulatorScheduleTests {
    @Test func schedulingDecodingSequencesChangesNothing() {
        var r = SearchExactnessTests.Random(state: 77)
        var preempting = 0, rejecting = 0, prefixing = 0
        for seed in 0..<120 as Range<UInt64> {
            let configuration = ServingSimulator.Configuration(
                replicas: r.int(1...4), maxRunning: r.pick([1, 4, 16, 64, 256]), tokenBudget: r.pick([64, 512, 2048, 8192]),
                kvCapacityTokens: r.pick([300, 2_000, 8_000, 30_000, 400_000]), blockTokens: r.pick([1, 16, 32]),
                prefixHitRate: r.chance(0.3) ? r.double(0...0.9) : 0, warmupSeconds: r.double(0...5),
                ttftTargetMs: r.chance(0.5) ? r.double(50...2000) : nil, tpotTargetMs: r.chance(0.5) ? r.double(5...80) : nil,
                timelineSamples: r.pick([1, 10, 60]))
            let arrivals: Workload.Arrivals = r.chance(0.5) ? .poisson(ratePerSecond: r.double(0.5...30))
                : .gamma(ratePerSecond: r.double(0.5...30), cv: r.double(0.5...3))
            let lengths: Workload.Lengths = r.chance(0.5) ? .uniform(input: 1...r.int(2...3000), output: 1...r.int(2...600))
                : .fixed(input: r.int(1...2000), output: r.int(1...400))
            let requests = Workload(arrivals: arrivals, lengths: lengths).generate(durationSeconds: r.double(5...40), maxRequests: 400, seed: seed)
            let stop = r.chance(0.2) ? r.double(1...20) : 3_600
            let simulated = ServingSimulator(steps: ServingSimulatorTests.steps, configuration: configuration).run(requests, stopSeconds: stop)
            let reference = ReferenceServingSimulator(steps: ServingSimulatorTests.steps, configuration: configuration).run(requests, stopSeconds: stop)
            #expect(simulated == reference, "seed \(seed)")
            if reference.preemptions > 0 { preempting += 1 }
            if reference.requestsUnfinished > 0 { rejecting += 1 }
            if configuration.prefixHitRate > 0 { prefixing += 1 }
        }
        // The runs must preempt, leave requests unserved and hit the prefix cache in many cases, or they prove little.
        #expect(preempting > 15, "\(preempting) of 120 runs preempt")
        #expect(rejecting > 10, "\(rejecting) of 120 runs leave requests unfinished")
        #expect(prefixing > 15, "\(prefixing) of 120 runs hit the prefix cache")
    }
}

/// The simulator's percentiles come from sorted values, not from a filled HdrHistogram; on seeded random samples
/// (zeros, ties, values from 1 us to 10^13 us, one value to thousands) they are what the histogram reports.
@Suite struct SimulationSummaryTests {
    @Test func percentilesFromSortedValuesAreTheHistogramsOwn() {
        var r = SearchExactnessTests.Random(state: 5)
        for case_ in 0..<300 {
            let count = r.pick([1, 2, 3, 10, 99, 100, 1_000, 2_500])
            let scale = r.pick([10.0, 1_000, 1e5, 1e7, 1e9, 1e13])
            let values = (0..<count).map { _ in r.chance(0.05) ? 0 : UInt64(r.double(0...1) * r.double(0...1) * scale) }
            var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
            histogram.autoResize = true
            for v in values { _ = histogram.record(v) }
            let sum = values.reduce(0, &+)
            let p = ServingSimulator.percentiles(of: values, sum: sum)
            func ms(_ v: UInt64) -> Double { Double(v) / 1000 }
            #expect(p.p50 == ms(histogram.valueAtPercentile(50)) && p.p90 == ms(histogram.valueAtPercentile(90))
                    && p.p95 == ms(histogram.valueAtPercentile(95)) && p.p99 == ms(histogram.valueAtPercentile(99)), "case \(case_)")
            #expect(p.max == ms(histogram.max), "case \(case_)")
            #expect(p.mean == Double(sum) / Double(count) / 1000, "case \(case_)")
        }
        #expect(ServingSimulator.percentiles(of: [], sum: 0) == .init(p50: 0, p90: 0, p95: 0, p99: 0, mean: 0, max: 0))
    }
}
