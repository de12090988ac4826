import Foundation
import InferCostCore

/// Time of one serving iteration (a mixed batch of decode tokens and prefill chunks) on one replica,
/// read off the estimate pipeline: decode and prefill phases are evaluated on a grid of batch sizes,
/// context lengths and prompt lengths, and interpolated. Any change to the physics reaches the
/// simulator through these samples; nothing here is a second performance model.
///
/// A step is a roofline of its parts (docs/simulation.md): the decode tokens' and prefill chunks'
/// compute add up, weights are read once (the larger memory term wins), links and the fixed
/// per-step overhead add.
public struct StepTimeModel: Sendable {
    /// Totals of one pass (compute and memory include the attention kernels' parts, kept apart too).
    struct Components {
        var compute = 0.0, memory = 0.0, link = 0.0, overhead = 0.0, attentionCompute = 0.0, attentionMemory = 0.0
        var activationMemory = 0.0
        init(compute: Double = 0, memory: Double = 0, link: Double = 0, overhead: Double = 0,
             attentionCompute: Double = 0, attentionMemory: Double = 0, activationMemory: Double = 0) {
            self.compute = compute; self.memory = memory; self.link = link; self.overhead = overhead
            self.attentionCompute = attentionCompute; self.attentionMemory = attentionMemory
            self.activationMemory = activationMemory
        }
        init(_ phase: Estimate.Phase) {
            self.init(compute: phase.computeSeconds, memory: phase.memorySeconds, link: phase.interconnectSeconds,
                      overhead: phase.overheadSeconds, attentionCompute: phase.attentionComputeSeconds,
                      attentionMemory: phase.attentionMemorySeconds, activationMemory: phase.activationMemorySeconds)
        }
        /// The per-operation roofline of these totals (`Estimate.Phase.rooflineSeconds`).
        var seconds: Double {
            Estimate.Phase.rooflineSeconds(compute: compute, memory: memory, attentionCompute: attentionCompute,
                                           attentionMemory: attentionMemory, activationMemory: activationMemory,
                                           interconnect: link, overhead: overhead)
        }
        /// `a x (1 - w) + b x w`, term by term.
        @inline(__always)
        static func mix(_ a: Components, _ b: Components, _ w: Double) -> Components {
            Components(compute: a.compute * (1 - w) + b.compute * w, memory: a.memory * (1 - w) + b.memory * w,
                       link: a.link * (1 - w) + b.link * w, overhead: a.overhead * (1 - w) + b.overhead * w,
                       attentionCompute: a.attentionCompute * (1 - w) + b.attentionCompute * w,
                       attentionMemory: a.attentionMemory * (1 - w) + b.attentionMemory * w,
                       activationMemory: a.activationMemory * (1 - w) + b.activationMemory * w)
        }
        /// A prefill chunk (`share` of a whole prompt's pass) joining this pass: its compute and links add,
        /// the weights are read once (the larger weight traffic wins), its attention adds to the pass's.
        mutating func add(chunk p: Components, share: Double) {
            let weights = max(memory - attentionMemory - activationMemory, p.memory - p.attentionMemory - p.activationMemory)
            compute += p.compute * share; attentionCompute += p.attentionCompute * share
            attentionMemory += p.attentionMemory * share; activationMemory += p.activationMemory * share
            memory = weights + attentionMemory + activationMemory
            link += p.link * share; overhead = max(overhead, p.overhead)
        }
    }

    let batchGrid: [Double]
    let contextGrid: [Double]
    /// Decode components at [batch index * contextGrid.count + context index].
    let decode: [Components]
    let promptGrid: [Double]
    /// Prefill components of one whole prompt at each prompt length.
    let prefill: [Components]
    /// `bracket(batchGrid, b)` for every batch b up to `batchGrid`'s last point (or `maxBracketedBatch`): a simulated step
    /// looks its batch up here instead of searching the grid.
    let batchBrackets: [(Int, Double)]
    static let maxBracketedBatch = 16_384

    /// `point` fixes the device, layout and precisions; batch and lengths are varied.
    public init?(performance: PerformanceModel, point: DeploymentPoint, maxBatch: Int, maxContextTokens: Int) {
        func geometric(_ upTo: Int, from: Int) -> [Double] {
            var grid: [Double] = []
            var x = Double(from)
            while x < Double(upTo) { grid.append(x.rounded()); x *= 1.5 }
            grid.append(Double(upTo))
            return Array(Set(grid)).sorted()
        }
        batchGrid = geometric(max(1, maxBatch), from: 1)
        contextGrid = geometric(max(16, maxContextTokens), from: 16)
        promptGrid = contextGrid
        var decode: [Components] = []
        decode.reserveCapacity(batchGrid.count * contextGrid.count)
        for b in batchGrid {
            for c in contextGrid {
                var p = point
                p.batch = Int(b); p.inputTokens = Int(c); p.outputTokens = 1
                guard let phase = performance.estimate(p).decode else { return nil }
                decode.append(Components(phase))
            }
        }
        var prefill: [Components] = []
        for length in promptGrid {
            var p = point
            p.batch = 1; p.inputTokens = Int(length); p.outputTokens = 1
            guard let phase = performance.estimate(p).prefill else { return nil }
            prefill.append(Components(phase))
        }
        self.decode = decode; self.prefill = prefill
        let grid = batchGrid
        batchBrackets = (0...min(max(1, maxBatch), Self.maxBracketedBatch)).map { Self.bracket(grid, Double($0)) }
    }

    /// Index and weight of `x` between two grid points (clamped at the ends).
    @inline(__always)
    static func bracket(_ grid: [Double], _ x: Double) -> (Int, Double) {
        if x <= grid[0] { return (0, 0) }
        let last = grid.count - 1
        if x >= grid[last] { return (max(0, last - 1), last == 0 ? 0 : 1) }
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if grid[mid] <= x { lo = mid } else { hi = mid }
        }
        return (lo, (x - grid[lo]) / (grid[hi] - grid[lo]))
    }

    /// `bracket(contextGrid, x)`, trying the grid interval `hint` first (a decoding replica's mean context grows by
    /// about a token per step, so it stays in one interval for many steps); `hint` is left at the interval found.
    /// The same index and weight as the search, computed the same way.
    @inline(__always)
    func contextBracket(_ x: Double, hint: inout Int) -> (Int, Double) { Self.bracket(contextGrid, x, hint: &hint) }

    @inline(__always)
    static func bracket(_ grid: [Double], _ x: Double, hint: inout Int) -> (Int, Double) {
        let h = hint
        if h + 1 < grid.count, grid[h] <= x, x < grid[h + 1], x > grid[0] {
            return (h, (x - grid[h]) / (grid[h + 1] - grid[h]))
        }
        let found = bracket(grid, x)
        hint = found.0
        return found
    }

    /// Decode components for `batch` sequences with `meanContext` tokens each (bilinear in the grid).
    @inline(__always)
    func decodeComponents(batch: Int, meanContext: Double) -> Components {
        var hint = 0
        return decodeComponents(batch: batch, meanContext: meanContext, contextHint: &hint)
    }

    /// `decodeComponents(batch:meanContext:)` with a context interval to try first (`contextBracket`).
    @inline(__always)
    func decodeComponents(batch: Int, meanContext: Double, contextHint: inout Int) -> Components {
        let (ci, cw) = contextBracket(meanContext, hint: &contextHint)
        let c1 = min(ci + 1, contextGrid.count - 1)
        return Components.mix(batchMixed(batch: batch, context: ci), batchMixed(batch: batch, context: c1), cw)
    }

    /// Decode components for `batch` sequences at context grid point `k`: the batch grid's two points around `batch` mixed.
    /// Bilinear interpolation mixes along the batch first, so a simulation can keep these per batch (`DecodeRows`).
    @inline(__always)
    func batchMixed(batch: Int, context k: Int) -> Components {
        let (bi, bw) = batch >= 0 && batch < batchBrackets.count ? batchBrackets[batch] : Self.bracket(batchGrid, Double(batch))
        let n = contextGrid.count, b1 = min(bi + 1, batchGrid.count - 1)
        return Components.mix(decode[bi * n + k], decode[b1 * n + k], bw)
    }

    /// `batchMixed` at every context grid point, for each batch a simulation meets, made when first met: a decode step
    /// then mixes two of them (`decodeComponents`, the same arithmetic) instead of four grid points three times.
    struct DecodeRows {
        /// Where each batch's row starts in `rows`; -1: not made yet.
        private var start: [Int]
        private var rows: [Components] = []

        init(maxBatch: Int) { start = Array(repeating: -1, count: min(max(0, maxBatch), StepTimeModel.maxBracketedBatch) + 1) }

        mutating func decodeComponents(_ model: StepTimeModel, batch: Int, meanContext: Double, contextHint: inout Int) -> Components {
            guard batch >= 0 && batch < start.count else {
                return model.decodeComponents(batch: batch, meanContext: meanContext, contextHint: &contextHint)
            }
            return withRow(model, batch: batch) { $0.components(meanContext: meanContext, contextHint: &contextHint) }
        }

        /// `batch`'s row, made when first met, lent to `body`: a run of decode steps at one batch reads nothing else. A batch
        /// past the kept rows (`maxBracketedBatch`) gets a row made for this call.
        mutating func withRow<R>(_ model: StepTimeModel, batch: Int, _ body: (Row) -> R) -> R {
            let n = model.contextGrid.count
            guard batch >= 0 && batch < start.count else {
                let row = (0..<n).map { model.batchMixed(batch: batch, context: $0) }
                return row.withUnsafeBufferPointer { body(Row(contextGrid: model.contextGrid, components: $0)) }
            }
            if start[batch] < 0 {
                start[batch] = rows.count
                for k in 0..<n { rows.append(model.batchMixed(batch: batch, context: k)) }
            }
            let first = start[batch]
            return rows.withUnsafeBufferPointer { all in
                body(Row(contextGrid: model.contextGrid, components: UnsafeBufferPointer(rebasing: all[first..<first + n])))
            }
        }

        /// One batch's `batchMixed` at every context grid point.
        struct Row {
            let contextGrid: [Double]
            let components: UnsafeBufferPointer<Components>

            /// `StepTimeModel.decodeComponents` at this row's batch: the same arithmetic.
            @inline(__always)
            func components(meanContext: Double, contextHint: inout Int) -> Components {
                let (ci, cw) = StepTimeModel.bracket(contextGrid, meanContext, hint: &contextHint)
                return Components.mix(components[ci], components[min(ci + 1, components.count - 1)], cw)
            }
        }
    }

    /// Prefill components of a whole prompt of `length` tokens.
    @inline(__always)
    func prefillComponents(promptLength: Double) -> Components {
        // Below the grid's first length (16 tokens) the work per token is the first point's: compute, attention,
        // activations and links scale with the length, the weights are read once whatever it is. (Clamping to the first
        // point charged a one-token prompt sixteen tokens' compute.)
        if promptLength < promptGrid[0], promptLength > 0 {
            let first = prefill[0], k = promptLength / promptGrid[0]
            let weights = first.memory - first.attentionMemory - first.activationMemory
            return Components(compute: first.compute * k, memory: weights + (first.attentionMemory + first.activationMemory) * k,
                              link: first.link * k, overhead: first.overhead, attentionCompute: first.attentionCompute * k,
                              attentionMemory: first.attentionMemory * k, activationMemory: first.activationMemory * k)
        }
        let (i, w) = Self.bracket(promptGrid, promptLength)
        let j = min(i + 1, promptGrid.count - 1)
        return Components.mix(prefill[i], prefill[j], w)
    }

    /// Seconds of one step: `decodeBatch` sequences (mean context `meanContext`) each gain a token, and
    /// prefill chunks (`tokens` of a prompt of `promptLength`) are processed. Chunks take their share of
    /// the whole prompt's compute and link time; weights are read once per step.
    public func stepSeconds(decodeBatch: Int, meanContext: Double, chunks: [(tokens: Int, promptLength: Int)]) -> Double {
        var pass = decodeBatch > 0 ? decodeComponents(batch: decodeBatch, meanContext: meanContext) : Components()
        for chunk in chunks where chunk.tokens > 0 {
            pass.add(chunk: prefillComponents(promptLength: Double(chunk.promptLength)),
                     share: Double(chunk.tokens) / Double(max(1, chunk.promptLength)))
        }
        return pass.seconds
    }
}
