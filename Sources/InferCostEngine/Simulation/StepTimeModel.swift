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
    struct Components { var compute = 0.0, memory = 0.0, link = 0.0, overhead = 0.0 }

    let batchGrid: [Double]
    let contextGrid: [Double]
    /// Decode components at [batch index * contextGrid.count + context index].
    let decode: [Components]
    let promptGrid: [Double]
    /// Prefill components of one whole prompt at each prompt length.
    let prefill: [Components]

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
                decode.append(Components(compute: phase.computeSeconds, memory: phase.memorySeconds,
                                         link: phase.interconnectSeconds, overhead: phase.overheadSeconds))
            }
        }
        var prefill: [Components] = []
        for length in promptGrid {
            var p = point
            p.batch = 1; p.inputTokens = Int(length); p.outputTokens = 1
            guard let phase = performance.estimate(p).prefill else { return nil }
            prefill.append(Components(compute: phase.computeSeconds, memory: phase.memorySeconds,
                                      link: phase.interconnectSeconds, overhead: phase.overheadSeconds))
        }
        self.decode = decode; self.prefill = prefill
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

    /// Decode components for `batch` sequences with `meanContext` tokens each (bilinear in the grid).
    @inline(__always)
    func decodeComponents(batch: Int, meanContext: Double) -> Components {
        let (bi, bw) = Self.bracket(batchGrid, Double(batch))
        let (ci, cw) = Self.bracket(contextGrid, meanContext)
        let n = contextGrid.count
        let b1 = min(bi + 1, batchGrid.count - 1), c1 = min(ci + 1, n - 1)
        let w00 = (1 - bw) * (1 - cw), w01 = (1 - bw) * cw, w10 = bw * (1 - cw), w11 = bw * cw
        let a = decode[bi * n + ci], b = decode[bi * n + c1], c = decode[b1 * n + ci], d = decode[b1 * n + c1]
        return Components(compute: a.compute * w00 + b.compute * w01 + c.compute * w10 + d.compute * w11,
                          memory: a.memory * w00 + b.memory * w01 + c.memory * w10 + d.memory * w11,
                          link: a.link * w00 + b.link * w01 + c.link * w10 + d.link * w11,
                          overhead: a.overhead * w00 + b.overhead * w01 + c.overhead * w10 + d.overhead * w11)
    }

    /// Prefill components of a whole prompt of `length` tokens.
    @inline(__always)
    func prefillComponents(promptLength: Double) -> Components {
        let (i, w) = Self.bracket(promptGrid, promptLength)
        let j = min(i + 1, promptGrid.count - 1)
        let a = prefill[i], b = prefill[j]
        return Components(compute: a.compute * (1 - w) + b.compute * w, memory: a.memory * (1 - w) + b.memory * w,
                          link: a.link * (1 - w) + b.link * w, overhead: a.overhead * (1 - w) + b.overhead * w)
    }

    /// Seconds of one step: `decodeBatch` sequences (mean context `meanContext`) each gain a token, and
    /// prefill chunks (`tokens` of a prompt of `promptLength`) are processed. Chunks take their share of
    /// the whole prompt's compute and link time; weights are read once per step.
    public func stepSeconds(decodeBatch: Int, meanContext: Double, chunks: [(tokens: Int, promptLength: Int)]) -> Double {
        var compute = 0.0, memory = 0.0, link = 0.0, overhead = 0.0
        if decodeBatch > 0 {
            let d = decodeComponents(batch: decodeBatch, meanContext: meanContext)
            compute = d.compute; memory = d.memory; link = d.link; overhead = d.overhead
        }
        for chunk in chunks where chunk.tokens > 0 {
            let p = prefillComponents(promptLength: Double(chunk.promptLength))
            let share = Double(chunk.tokens) / Double(max(1, chunk.promptLength))
            compute += p.compute * share
            link += p.link * share
            memory = max(memory, p.memory)
            overhead = max(overhead, p.overhead)
        }
        return max(compute, memory) + link + overhead
    }
}
