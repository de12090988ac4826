import DequeModule
import Foundation
import HeapModule
@testable import InferCostEngine
import InferCostCore

/// The serving simulator as it was before it kept decoding sequences by schedule (2026-12-04): every step visits every
/// running sequence. Slow and plain; `ServingSimulatorTests` holds the simulator to it on seeded random runs.
struct ReferenceServingSimulator {
    var steps: StepTimeModel
    var configuration: ServingSimulator.Configuration
    typealias Configuration = ServingSimulator.Configuration

    /// A request's progress on its replica.
    struct Sequence {
        var request: Int
        /// Prompt tokens to compute before the next token: the uncached prompt, or after a preemption
        /// the prompt plus the tokens generated so far.
        var prefillTarget: Int
        var prefilled: Int
        /// Tokens whose KV cache the sequence holds, and the blocks allocated for them.
        var held: Int
        var blocks: Int
        var promptLength: Int
        /// The request's output length (at least 1), kept here so finishing a step reads no request.
        var outputTokens: Int
        /// What the sequence does in the current iteration.
        var role: Role
        var decoding: Bool { prefilled >= prefillTarget }
    }

    enum Role { case none, decode, prefillPart, prefillDone
    }

    struct Replica {
        var waiting = Deque<Int>()
        var running: [Sequence] = []
        var freeBlocks: Int
        var busy = false
        var load: Int { waiting.count + running.count }
    }

    struct StepDone: Comparable {
        var time: Double
        var replica: Int
        static func < (a: StepDone, b: StepDone) -> Bool { (a.time, a.replica) < (b.time, b.replica) }
    }

    /// Simulates `requests` (sorted by arrival) until all finish or `stopSeconds` passes.
    func run(_ requests: [TraceRequest], stopSeconds: Double) -> SimulationResult {
        let c = configuration
        let blockTokens = max(1, c.blockTokens)
        let blocksPerReplica = max(1, c.kvCapacityTokens / blockTokens)
        var replicas = Array(repeating: Replica(freeBlocks: blocksPerReplica), count: max(1, c.replicas))
        var generated = [Int](repeating: 0, count: requests.count)
        var firstToken = [Double](repeating: -1, count: requests.count)
        var finished = [Double](repeating: -1, count: requests.count)
        var preemptions = 0, rejected = 0
        var events = Heap<StepDone>()
        var nextArrival = 0
        var now = 0.0
        let lastArrival = requests.last?.arrivalSeconds ?? 0
        let sampleEvery = max(lastArrival, 1e-9) / Double(max(1, c.timelineSamples))
        var nextSample = 0.0
        var timeline: [SimulationResult.Sample] = []
        var prefilling: [Int] = []  // `startStep`'s scratch list, kept to reuse its storage

        func sample(at t: Double) {
            var queued = 0, running = 0, used = 0
            for r in replicas { queued += r.waiting.count; running += r.running.count; used += blocksPerReplica - r.freeBlocks }
            timeline.append(.init(timeSeconds: t, queued: queued, running: running,
                                  kvOccupancy: Double(used) / Double(blocksPerReplica * replicas.count)))
        }

        // Plans and starts one iteration on replica `r`; returns its duration, or nil when it has nothing to do. The
        // replica is changed in place (`&replicas[i]`): no array of it is copied, and no empty replica is made to swap
        // it out (each made one retained the shared empty-array storage, which both threads of `recommend` fought over).
        func startStep(_ r: inout Replica) -> Double? {
            // Decode tokens first: each decoding sequence writes the KV of its last token and may need a new
            // block; when none is free the newest running request gives its blocks back and waits to be recomputed.
            var decodeBatch = 0, contextSum = 0.0
            // The sequences still prefilling, in running order, for the chunk pass below (a victim comes from the end,
            // past every index noted so far).
            prefilling.removeAll(keepingCapacity: true)
            var k = 0
            while k < r.running.count {
                r.running[k].role = .none
                guard r.running[k].decoding else { prefilling.append(k); k += 1; continue }
                if r.running[k].held + 1 > r.running[k].blocks * blockTokens {
                    guard r.freeBlocks > 0 else {
                        let victim = r.running.removeLast()
                        r.freeBlocks += victim.blocks
                        preemptions += 1
                        r.waiting.prepend(victim.request)
                        continue  // retry this sequence, unless it was the victim
                    }
                    r.freeBlocks -= 1; r.running[k].blocks += 1
                }
                r.running[k].held += 1
                r.running[k].role = .decode
                decodeBatch += 1; contextSum += Double(r.running[k].held)
                k += 1
            }
            var budget = c.tokenBudget - decodeBatch
            var pass = decodeBatch > 0
                ? steps.decodeComponents(batch: decodeBatch, meanContext: contextSum / Double(decodeBatch))
                : StepTimeModel.Components()
            func addChunk(_ tokens: Int, promptLength: Int) {
                pass.add(chunk: steps.prefillComponents(promptLength: Double(promptLength)),
                         share: Double(tokens) / Double(max(1, promptLength)))
            }
            // Continue prompts already admitted, then admit waiting requests while the budget, the
            // running limit and free blocks allow.
            var prefillTokens = 0
            for k in prefilling where budget > 0 {
                let s = r.running[k]
                let room = r.freeBlocks * blockTokens + (s.blocks * blockTokens - s.held)
                let chunk = min(s.prefillTarget - s.prefilled, budget, room)
                guard chunk > 0 else { continue }
                let need = max(0, (s.held + chunk + blockTokens - 1) / blockTokens - s.blocks)
                r.freeBlocks -= need; r.running[k].blocks += need
                r.running[k].held += chunk; r.running[k].prefilled += chunk
                r.running[k].role = r.running[k].decoding ? .prefillDone : .prefillPart
                budget -= chunk; prefillTokens += chunk
                addChunk(chunk, promptLength: s.promptLength)
            }
            while budget > 0, r.running.count < c.maxRunning, let request = r.waiting.first {
                let input = requests[request].inputTokens
                let redo = generated[request]  // tokens to recompute after a preemption
                let cached = redo == 0 ? Int((Double(input) * c.prefixHitRate).rounded(.down)) : 0
                let target = max(1, input + redo - cached)
                let chunk = min(target, budget)
                let need = (cached + chunk + blockTokens - 1) / blockTokens
                if r.running.isEmpty && need > r.freeBlocks {
                    r.waiting.removeFirst()  // larger than the whole KV cache: it can never be served
                    rejected += 1
                    continue
                }
                // Keep a block per running sequence in hand so an admission does not force a preemption next step.
                guard need + r.running.count <= r.freeBlocks else { break }
                r.waiting.removeFirst()
                r.freeBlocks -= need
                r.running.append(Sequence(request: request, prefillTarget: cached + target, prefilled: cached + chunk,
                                          held: cached + chunk, blocks: need, promptLength: input + redo,
                                          outputTokens: max(1, requests[request].outputTokens),
                                          role: chunk == target ? .prefillDone : .prefillPart))
                budget -= chunk; prefillTokens += chunk
                addChunk(chunk, promptLength: input + redo)
            }
            guard decodeBatch > 0 || prefillTokens > 0 else { return nil }
            return pass.seconds
        }

        // Applies the finished iteration on replica `r` at time `t`: decoding sequences and prompts that
        // completed in this step each gain a token; finished requests free their blocks.
        // The running sequences that stay are moved down over the finished ones in one pass, in order.
        func finishStep(_ r: inout Replica, at t: Double) {
            var kept = 0
            for k in r.running.indices {
                let s = r.running[k]
                if s.role == .decode || s.role == .prefillDone {
                    generated[s.request] += 1
                    if firstToken[s.request] < 0 { firstToken[s.request] = t }
                    if generated[s.request] >= s.outputTokens {
                        finished[s.request] = t
                        r.freeBlocks += s.blocks
                        continue
                    }
                }
                if kept != k { r.running[kept] = s }
                kept += 1
            }
            r.running.removeLast(r.running.count - kept)
        }

        while true {
            let arrival = nextArrival < requests.count ? requests[nextArrival].arrivalSeconds : Double.infinity
            let step = events.min?.time ?? .infinity
            let t = min(arrival, step)
            guard t.isFinite, t <= stopSeconds else { break }
            while nextSample <= t && nextSample <= lastArrival { sample(at: nextSample); nextSample += sampleEvery }
            now = t
            let touched: Int
            if step <= arrival, let done = events.popMin() {
                finishStep(&replicas[done.replica], at: now)
                replicas[done.replica].busy = false
                touched = done.replica
            } else {
                var best = 0
                for j in replicas.indices where replicas[j].load < replicas[best].load { best = j }
                replicas[best].waiting.append(nextArrival)
                nextArrival += 1
                touched = best
            }
            if !replicas[touched].busy, let dt = startStep(&replicas[touched]) {
                replicas[touched].busy = true
                events.insert(StepDone(time: now + max(dt, 1e-9), replica: touched))
            }
        }

        return ServingSimulator.summarise(requests: requests, firstToken: firstToken, finished: finished, generated: generated,
                              preemptions: preemptions, timeline: timeline, configuration: c, endSeconds: now)
    }
}
