import DequeModule
import Foundation
import HeapModule
import Histogram
import InferCostCore

/// A deterministic discrete-event simulation of replicas serving a request stream with continuous
/// batching (docs/simulation.md). Each replica runs iterations: every running sequence gains one
/// token, and prefill chunks fill the rest of a token budget; KV cache is held in paged blocks, new
/// requests are admitted only when their chunk's blocks are free, and when a decoding sequence needs
/// a block and none is free the newest running request is preempted and later recomputed. A router
/// sends each arrival to the replica with the fewest requests. Step times come from `StepTimeModel`.
public struct ServingSimulator: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var replicas: Int
        /// Most sequences running at once per replica (vLLM `--max-num-seqs`).
        public var maxRunning: Int
        /// Tokens one iteration may process: decode tokens plus prefill chunks (vLLM `--max-num-batched-tokens`).
        public var tokenBudget: Int
        /// KV-cache tokens one replica holds, and the block size they are allocated in.
        public var kvCapacityTokens: Int
        public var blockTokens: Int
        /// Share of each prompt found in the prefix cache (0...1): those tokens are not prefilled again.
        public var prefixHitRate: Double
        /// Requests arriving before this are served but not measured.
        public var warmupSeconds: Double
        /// Targets a request must meet to count in goodput.
        public var ttftTargetMs: Double?
        public var tpotTargetMs: Double?
        /// Timeline samples taken over the run.
        public var timelineSamples: Int
        /// A closed loop (a load test's `--max-concurrency`): at most this many requests are out at once; the first go
        /// out at their arrival times, and each later one (in order) when an earlier one finishes, to the replica that
        /// finished it. Nil: every request arrives at its arrival time (an open loop).
        public var clients: Int?

        public init(replicas: Int, maxRunning: Int, tokenBudget: Int, kvCapacityTokens: Int, blockTokens: Int = 16,
                    prefixHitRate: Double = 0, warmupSeconds: Double = 0, ttftTargetMs: Double? = nil,
                    tpotTargetMs: Double? = nil, timelineSamples: Int = 60, clients: Int? = nil) {
            self.replicas = replicas; self.maxRunning = maxRunning; self.tokenBudget = tokenBudget
            self.kvCapacityTokens = kvCapacityTokens; self.blockTokens = blockTokens; self.prefixHitRate = prefixHitRate
            self.warmupSeconds = warmupSeconds; self.ttftTargetMs = ttftTargetMs; self.tpotTargetMs = tpotTargetMs
            self.timelineSamples = timelineSamples; self.clients = clients
        }
    }

    public var steps: StepTimeModel
    public var configuration: Configuration
    public init(steps: StepTimeModel, configuration: Configuration) { self.steps = steps; self.configuration = configuration }

    /// A request's progress on its replica: one per admission (a preempted request is admitted again as a new one), its
    /// index in the run's list of sequences its id. Ids grow with time, so a replica's running sequences in id order are
    /// in the order it admitted them.
    struct Sequence {
        var request: Int
        /// Prompt tokens to compute before the next token: the uncached prompt, or after a preemption
        /// the prompt plus the tokens generated so far.
        var prefillTarget: Int
        var prefilled: Int
        /// Tokens whose KV cache the sequence holds (while decoding: when it started to, see `joined`), and the blocks
        /// allocated for them.
        var held: Int
        var blocks: Int
        var promptLength: Int
        /// The request's output length (at least 1).
        var outputTokens: Int
        var running = true
        /// While decoding: the replica's step after which it decodes (it gains a token in every later step, so its held
        /// tokens and its request's generated ones follow from the step count), and its request's tokens then; -1 before.
        var joined = -1
        var generatedWhenJoined = 0
        /// The steps at which it next needs a KV block and at which it finishes; a scheduled event for another step is stale.
        var needsBlockAt = 0
        var finishesAt = 0
        var decoding: Bool { joined >= 0 }
    }

    /// A step of a replica at which a decoding sequence (`id`) finishes; in step order, then id order.
    struct Scheduled: Comparable {
        var step: Int
        var id: Int
        static func < (a: Scheduled, b: Scheduled) -> Bool { (a.step, a.id) < (b.step, b.id) }
    }

    struct Replica {
        var waiting = Deque<Int>()
        /// Ids of the sequences admitted, in order; those no longer running are dropped once they reach the end.
        var admitted: [Int] = []
        var running = 0
        /// Running sequences still prefilling, in id order, and those whose prefill completed in the current step.
        var prefilling: [Int] = []
        var completing: [Int] = []
        var freeBlocks: Int
        var busy = false
        /// Steps started so far.
        var step = 0
        /// The context grid interval of the last decode step's mean context (`StepTimeModel.contextBracket`).
        var contextHint = 0
        /// Decoding sequences, and the tokens they hold together as of the end of the last step.
        var decoding = 0
        var decodingHeld = 0
        /// Decoding sequences by the step at which they next need a block, modulo the block size: a sequence needs one
        /// every `blockTokens` steps, so it stays in one list (ids ascending; those no longer running are dropped when
        /// their list is next visited), and step `s`'s list holds every sequence due at `s`. A heap of (step, id) took a
        /// third of a long-context simulation.
        var blockDue: [[Int]]
        var finishes = Heap<Scheduled>()
        var load: Int { waiting.count + running }
    }

    struct StepDone: Comparable {
        var time: Double
        var replica: Int
        static func < (a: StepDone, b: StepDone) -> Bool { (a.time, a.replica) < (b.time, b.replica) }
    }

    /// Simulates `requests` (sorted by arrival) until all finish or `stopSeconds` passes. In a closed loop
    /// (`Configuration.clients`) only the first requests' arrival times are read; the result's TTFT and latency of a
    /// later request count from the moment it went out.
    ///
    /// Every decoding sequence gains a token in every step, so it is not visited in every step: its held tokens and its
    /// request's generated tokens follow from the step count since it started to decode, the steps at which it needs a KV
    /// block (every `blockTokens`) and finishes are scheduled, and a step visits only those, the prefilling sequences and
    /// the admissions. The result is the one of visiting every running sequence in every step, in order (the simulator
    /// before 2026-12-04, kept as `ReferenceServingSimulator` in the tests, which compare the two on seeded random runs).
    public func run(_ requests: [TraceRequest], stopSeconds: Double) -> SimulationResult {
        let c = configuration
        let blockTokens = max(1, c.blockTokens)
        let blocksPerReplica = max(1, c.kvCapacityTokens / blockTokens)
        var replicas = Array(repeating: Replica(freeBlocks: blocksPerReplica, blockDue: Array(repeating: [], count: blockTokens)),
                             count: max(1, c.replicas))
        let replicaCount = replicas.count
        var sequences: [Sequence] = []
        var generated = [Int](repeating: 0, count: requests.count)
        var firstToken = [Double](repeating: -1, count: requests.count)
        var finished = [Double](repeating: -1, count: requests.count)
        var preemptions = 0
        var events = Heap<StepDone>()
        var nextArrival = 0
        // A closed loop sends its first `clients` requests at their arrival times and the next one whenever one finishes.
        let clients = c.clients.map { min(max(1, $0), requests.count) }
        let openArrivals = clients ?? requests.count
        var arrivalSeconds = requests.map(\.arrivalSeconds)
        var nextReleased = openArrivals
        // A closed loop's timeline is sampled as its requests go out (its arrival times are not known ahead).
        let releasesPerSample = max(1, requests.count / max(1, c.timelineSamples))
        var now = 0.0
        /// The latest event taken: `now`, or a step end taken ahead of it for one replica.
        var latest = 0.0
        let lastArrival = openArrivals > 0 ? requests[openArrivals - 1].arrivalSeconds : 0
        let sampleEvery = max(lastArrival, 1e-9) / Double(max(1, c.timelineSamples))
        var nextSample = 0.0
        var timeline: [SimulationResult.Sample] = []
        var completed: [Int] = []  // `startStep`'s scratch list, kept to reuse its storage
        var decodeRows = StepTimeModel.DecodeRows(maxBatch: c.maxRunning)

        func sample(at t: Double) {
            var queued = 0, running = 0, used = 0
            for r in replicas { queued += r.waiting.count; running += r.running; used += blocksPerReplica - r.freeBlocks }
            timeline.append(.init(timeSeconds: t, queued: queued, running: running,
                                  kvOccupancy: Double(used) / Double(blocksPerReplica * replicas.count)))
        }

        // In a closed loop, a request left replica `r` at `t` (finished, or could never be served): the next one
        // goes out at `t`, to the same replica.
        func releaseNext(on r: inout Replica, at t: Double) {
            guard clients != nil, nextReleased < requests.count else { return }
            arrivalSeconds[nextReleased] = t
            r.waiting.append(nextReleased)
            if nextReleased % releasesPerSample == 0 {
                // Each replica serves a closed loop of the clients first routed to it, all alike: the one sending is
                // sampled for them all (the others' state at `t` is not at hand while this one runs ahead).
                timeline.append(.init(timeSeconds: t, queued: r.waiting.count * replicaCount, running: r.running * replicaCount,
                                      kvOccupancy: Double(blocksPerReplica - r.freeBlocks) / Double(blocksPerReplica)))
            }
            nextReleased += 1
        }

        // A sequence stops running: it finished, or it was preempted. Ids past it at the end of `admitted` that stopped
        // earlier are dropped with it.
        func stop(_ id: Int, on r: inout Replica) {
            sequences[id].running = false
            r.running -= 1
            while let last = r.admitted.last, !sequences[last].running { r.admitted.removeLast() }
        }

        // A sequence starts to decode after step `r.step`, holding `held` tokens, its request having generated some.
        func startDecoding(_ id: Int, on r: inout Replica) {
            let s = sequences[id]
            let request = s.request
            sequences[id].joined = r.step
            sequences[id].generatedWhenJoined = generated[request]
            // Held tokens before step m's token: held + (m - 1 - step); a block is needed when that fills the blocks held.
            sequences[id].needsBlockAt = s.blocks * blockTokens - s.held + r.step + 1
            sequences[id].finishesAt = r.step + s.outputTokens - generated[request]
            r.decoding += 1
            r.decodingHeld += s.held
            let due = sequences[id].needsBlockAt % blockTokens
            var at = r.blockDue[due].endIndex  // ids mostly join in admission order: search back from the end
            while at > 0 && r.blockDue[due][at - 1] > id { at -= 1 }
            r.blockDue[due].insert(id, at: at)
            r.finishes.insert(Scheduled(step: sequences[id].finishesAt, id: id))
        }

        // Tokens gained by a decoding sequence in the steps up to `step` (inclusive).
        func advanced(_ s: Sequence, through step: Int) -> Int { step - s.joined }

        // The newest running sequence gives its blocks back and waits to be recomputed, during step `r.step` (before the
        // step's tokens).
        func preemptNewest(on r: inout Replica) -> Int {
            let id = r.admitted[r.admitted.count - 1]
            let s = sequences[id]
            r.freeBlocks += s.blocks
            preemptions += 1
            r.waiting.prepend(s.request)
            if s.decoding {
                let gained = advanced(s, through: r.step - 1)
                generated[s.request] = s.generatedWhenJoined + gained
                r.decoding -= 1
                r.decodingHeld -= s.held + gained
            } else {
                r.prefilling.removeLast()  // the newest running sequence, so the last prefilling one
            }
            stop(id, on: &r)
            return id
        }

        // Decoding sequence `id` needs a block in step `r.step`: it takes a free one, else the newest running sequences give
        // theirs back until one is free. False when `id` itself was preempted.
        func needsBlock(_ id: Int, on r: inout Replica) -> Bool {
            while true {
                if r.freeBlocks > 0 {
                    r.freeBlocks -= 1
                    sequences[id].blocks += 1
                    sequences[id].needsBlockAt = r.step + blockTokens
                    return true
                }
                if preemptNewest(on: &r) == id { return false }
            }
        }

        // Plans and starts one iteration on replica `r`; returns its duration, or nil when it has nothing to do.
        func startStep(_ r: inout Replica, at time: Double) -> Double? {
            r.step += 1
            let slot = r.step % blockTokens  // `blockDue`'s list of this step
            // Decode tokens first: each decoding sequence writes the KV of its last token and may need a new block
            // (those whose blocks are full, in running order); when none is free the newest running request gives its
            // blocks back and waits to be recomputed.
            if !r.blockDue[slot].isEmpty {
                var due: [Int] = []
                swap(&due, &r.blockDue[slot])
                var kept = 0
                for index in due.indices {
                    let id = due[index]
                    guard sequences[id].running else { continue }
                    if sequences[id].needsBlockAt == r.step {
                        guard needsBlock(id, on: &r) else { continue }  // preempted: it was the newest itself
                    }
                    due[kept] = id
                    kept += 1
                }
                if kept < due.count { due.removeLast(due.count - kept) }
                swap(&due, &r.blockDue[slot])
            }
            let decodeBatch = r.decoding
            r.decodingHeld += decodeBatch
            var budget = c.tokenBudget - decodeBatch
            var pass = decodeBatch > 0
                ? decodeRows.decodeComponents(steps, batch: decodeBatch, meanContext: Double(r.decodingHeld) / Double(decodeBatch),
                                              contextHint: &r.contextHint)
                : StepTimeModel.Components()
            func addChunk(_ tokens: Int, promptLength: Int) {
                pass.add(chunk: steps.prefillComponents(promptLength: Double(promptLength)),
                         share: Double(tokens) / Double(max(1, promptLength)))
            }
            // Continue prompts already admitted, then admit waiting requests while the budget, the
            // running limit and free blocks allow.
            var prefillTokens = 0
            if !completed.isEmpty { completed.removeAll(keepingCapacity: true) }
            for (k, id) in r.prefilling.enumerated() where budget > 0 {
                let s = sequences[id]
                let room = r.freeBlocks * blockTokens + (s.blocks * blockTokens - s.held)
                let chunk = min(s.prefillTarget - s.prefilled, budget, room)
                guard chunk > 0 else { continue }
                let need = max(0, (s.held + chunk + blockTokens - 1) / blockTokens - s.blocks)
                r.freeBlocks -= need; sequences[id].blocks += need
                sequences[id].held += chunk; sequences[id].prefilled += chunk
                if s.prefilled + chunk >= s.prefillTarget { completed.append(k); r.completing.append(id) }
                budget -= chunk; prefillTokens += chunk
                addChunk(chunk, promptLength: s.promptLength)
            }
            for k in completed.reversed() { r.prefilling.remove(at: k) }
            while budget > 0, r.running < c.maxRunning, let request = r.waiting.first {
                let input = requests[request].inputTokens
                let redo = generated[request]  // tokens to recompute after a preemption
                let cached = redo == 0 ? Int((Double(input) * c.prefixHitRate).rounded(.down)) : 0
                let target = max(1, input + redo - cached)
                let chunk = min(target, budget)
                let need = (cached + chunk + blockTokens - 1) / blockTokens
                if r.running == 0 && need > r.freeBlocks {
                    r.waiting.removeFirst()  // larger than the whole KV cache: it can never be served (counted as unfinished)
                    releaseNext(on: &r, at: time)
                    continue
                }
                // Keep a block per running sequence in hand so an admission does not force a preemption next step.
                guard need + r.running <= r.freeBlocks else { break }
                r.waiting.removeFirst()
                r.freeBlocks -= need
                let id = sequences.count
                sequences.append(Sequence(request: request, prefillTarget: cached + target, prefilled: cached + chunk,
                                          held: cached + chunk, blocks: need, promptLength: input + redo,
                                          outputTokens: max(1, requests[request].outputTokens)))
                r.admitted.append(id)
                r.running += 1
                if chunk == target { r.completing.append(id) } else { r.prefilling.append(id) }
                budget -= chunk; prefillTokens += chunk
                addChunk(chunk, promptLength: input + redo)
            }
            guard decodeBatch > 0 || prefillTokens > 0 else { return nil }
            return pass.seconds
        }

        // Applies the finished iteration on replica `r` at time `t`: decoding sequences and prompts that
        // completed in this step each gain a token; finished requests free their blocks.
        func finishStep(_ r: inout Replica, at t: Double) {
            while let next = r.finishes.min, next.step <= r.step {
                r.finishes.removeMin()
                guard sequences[next.id].running, sequences[next.id].finishesAt == next.step else { continue }
                let s = sequences[next.id]
                let gained = advanced(s, through: r.step)
                generated[s.request] = s.generatedWhenJoined + gained
                finished[s.request] = t
                releaseNext(on: &r, at: t)
                r.freeBlocks += s.blocks
                r.decoding -= 1
                r.decodingHeld -= s.held + gained
                stop(next.id, on: &r)
            }
            for id in r.completing {
                let request = sequences[id].request
                generated[request] += 1
                if firstToken[request] < 0 { firstToken[request] = t }
                if generated[request] >= sequences[id].outputTokens {
                    finished[request] = t
                    releaseNext(on: &r, at: t)
                    r.freeBlocks += sequences[id].blocks
                    stop(id, on: &r)
                } else {
                    startDecoding(id, on: &r)
                }
            }
            if !r.completing.isEmpty { r.completing.removeAll(keepingCapacity: true) }
        }

        // The step up to which replica `r`'s steps only decode: after each step `s` before it nothing finishes, no prompt
        // completes, and step `s + 1` has no prompt to continue or admit and no sequence needing a KV block. Such steps
        // change nothing but the step count and the tokens held; `r.step` itself when the next step does more.
        func quietUntil(_ r: Replica) -> Int {
            guard r.decoding > 0, r.completing.isEmpty, r.prefilling.isEmpty, r.waiting.isEmpty else { return r.step }
            let finish = r.finishes.min?.step ?? Int.max  // the finishes after step `s` are applied while `s < finish`
            var ahead = 1
            while ahead <= blockTokens && r.blockDue[(r.step + ahead) % blockTokens].isEmpty { ahead += 1 }
            return ahead > blockTokens ? finish : min(finish, r.step + ahead - 1)
        }

        // `finishStep` then `startStep` on replica `r` while its steps only decode (`quietUntil`), back to back while each
        // step ends by `bound`: the same arithmetic as `startStep`'s, without the rest of its work.
        func decodeQuietly(_ r: inout Replica, until quiet: Int, end: inout Double, bound: Double) {
            let batch = r.decoding
            var step = r.step, held = r.decodingHeld, hint = r.contextHint, lastTaken = latest
            decodeRows.withRow(steps, batch: batch) { row in
                while true {
                    step += 1
                    held += batch
                    end += max(row.components(meanContext: Double(held) / Double(batch), contextHint: &hint).seconds, 1e-9)
                    guard step < quiet, end.isFinite, end <= bound else { break }
                    lastTaken = end
                }
            }
            r.step = step; r.decodingHeld = held; r.contextHint = hint
            latest = max(latest, lastTaken)
        }

        while true {
            let arrival = nextArrival < openArrivals ? arrivalSeconds[nextArrival] : Double.infinity
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
            guard !replicas[touched].busy, let dt = startStep(&replicas[touched], at: now) else { continue }
            // Replicas share nothing but arrivals (routed by every replica's load), timeline samples (which read every
            // replica) and the stop; between them each runs on its own, whatever the others do meanwhile. So the steps of
            // this replica that end before the next arrival (or at it: a step end goes first), before the next sample
            // and by the stop are taken here, one after another, instead of each through the heap in time order with
            // the other replicas' steps: every replica's state at each arrival, sample and the stop is the same, and so is
            // the result (`ServingSimulatorScheduleTests`). A lightly loaded replica decodes alone for many steps.
            var end = now + max(dt, 1e-9)
            var running = true
            // A step ending by `bound` is taken here: by the next arrival and the stop, and before the next sample.
            let bound = min(arrival, stopSeconds, nextSample <= lastArrival ? nextSample.nextDown : .infinity)
            while end.isFinite, end <= bound {
                latest = max(latest, end)
                let quiet = quietUntil(replicas[touched])
                if replicas[touched].step < quiet {
                    decodeQuietly(&replicas[touched], until: quiet, end: &end, bound: bound)
                    continue
                }
                finishStep(&replicas[touched], at: end)
                guard let next = startStep(&replicas[touched], at: end) else { running = false; break }
                end += max(next, 1e-9)
            }
            if running {
                replicas[touched].busy = true
                events.insert(StepDone(time: end, replica: touched))
            }
        }

        var sent = requests
        if clients != nil { for i in sent.indices { sent[i].arrivalSeconds = arrivalSeconds[i] } }
        return Self.summarise(requests: sent, firstToken: firstToken, finished: finished, generated: generated,
                              preemptions: preemptions, timeline: timeline, configuration: c, endSeconds: max(now, latest))
    }
}

extension ServingSimulator {
    /// KV-cache tokens one replica holds: the memory the estimate leaves after weights and reserve,
    /// over the KV bytes one token takes on the replica. nil when nothing fits or the model keeps no KV cache.
    public static func kvCapacityTokens(_ estimate: Estimate) -> Int? {
        let m = estimate.memory
        let tokens = Double(estimate.point.inputTokens + estimate.point.outputTokens)
        let freeGB = (m.capacityGBPerDevice - m.overheadGBPerDevice - m.weightsGBPerDevice) * Double(estimate.point.devicesPerReplica)
        guard freeGB > 0, m.kvCacheGBPerSequence > 0, tokens > 0 else { return nil }
        let capacity = freeGB / (m.kvCacheGBPerSequence / tokens)
        return capacity.isFinite ? Int(min(capacity, 1e12)) : nil
    }
}
