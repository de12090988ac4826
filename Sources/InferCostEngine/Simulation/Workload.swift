import Foundation
import InferCostCore

/// A request stream to simulate: arrivals over time and prompt/answer lengths (docs/simulation.md).
public struct Workload: Sendable, Hashable {
    public enum Arrivals: Sendable, Hashable {
        /// Exponential inter-arrival times: independent users.
        case poisson(ratePerSecond: Double)
        /// Gamma inter-arrival times with a coefficient of variation: cv > 1 is burstier than Poisson, < 1 smoother.
        case gamma(ratePerSecond: Double, cv: Double)
        /// A Poisson process whose rate follows a 24-hour curve: `hourlyShape[h]` x the average rate in hour h
        /// (the shape is normalised to mean 1), simulated from `startHour`.
        case diurnal(averageRatePerSecond: Double, hourlyShape: [Double], startHour: Int)
    }

    public enum Lengths: Sendable, Hashable {
        case fixed(input: Int, output: Int)
        case uniform(input: ClosedRange<Int>, output: ClosedRange<Int>)
        /// Log-normal with the given means and log-space standard deviation, clipped to [1, max].
        case lognormal(inputMean: Double, outputMean: Double, sigma: Double, maxInput: Int, maxOutput: Int)

        /// `count` requests all ready at time 0, with lengths drawn as `Workload.generate` draws them: the queue of a
        /// closed loop (`Simulation.Request.clients`), whose arrivals follow its completions.
        public func queued(count: Int, seed: UInt64) -> [TraceRequest] {
            var rng = SeededGenerator(seed: seed)
            return (0..<max(0, count)).map { _ in
                let (i, o) = sample(&rng)
                return TraceRequest(arrivalSeconds: 0, inputTokens: i, outputTokens: o)
            }
        }

        /// One request's prompt and answer lengths.
        func sample(_ rng: inout SeededGenerator) -> (Int, Int) {
            switch self {
            case .fixed(let i, let o):
                return (i, o)
            case .uniform(let i, let o):
                return (i.lowerBound + Int(rng.next() % UInt64(i.count)), o.lowerBound + Int(rng.next() % UInt64(o.count)))
            case .lognormal(let im, let om, let sigma, let maxI, let maxO):
                func draw(_ mean: Double, _ cap: Int) -> Int {
                    let mu = log(mean) - sigma * sigma / 2  // so that the mean of exp(N(mu, sigma)) is `mean`
                    // Clamped in Double before the conversion: a far tail draw can exceed Int's range.
                    let draw = exp(mu + sigma * rng.normal()).rounded()
                    return draw.isFinite ? Int(min(Double(cap), max(1, draw))) : cap
                }
                return (draw(im, maxI), draw(om, maxO))
            }
        }
    }

    public var arrivals: Arrivals
    public var lengths: Lengths
    public init(arrivals: Arrivals, lengths: Lengths) { self.arrivals = arrivals; self.lengths = lengths }

    /// Requests arriving in [0, duration), at most `maxRequests`, reproducible from `seed`.
    public func generate(durationSeconds: Double, maxRequests: Int, seed: UInt64) -> [TraceRequest] {
        var rng = SeededGenerator(seed: seed)
        var requests: [TraceRequest] = []
        requests.reserveCapacity(min(maxRequests, Int(min(Double(maxRequests), expectedCount(durationSeconds) * 1.2 + 16))))
        var t = 0.0
        while requests.count < maxRequests {
            guard let next = nextArrival(after: t, before: durationSeconds, rng: &rng), next < durationSeconds else { break }
            t = next
            let (i, o) = lengths.sample(&rng)
            requests.append(TraceRequest(arrivalSeconds: t, inputTokens: i, outputTokens: o))
        }
        return requests
    }

    func expectedCount(_ duration: Double) -> Double {
        switch arrivals {
        case .poisson(let r), .gamma(let r, _), .diurnal(let r, _, _): r * duration
        }
    }

    /// The arrival after `t`, or nil when the stream has none before `horizon`.
    func nextArrival(after t: Double, before horizon: Double, rng: inout SeededGenerator) -> Double? {
        switch arrivals {
        case .poisson(let rate):
            guard rate > 0 else { return nil }
            return t + rng.exponential(mean: 1 / rate)
        case .gamma(let rate, let cv):
            guard rate > 0 else { return nil }
            let shape = 1 / max(cv * cv, 1e-6)
            return t + rng.gamma(shape: shape, scale: 1 / (rate * shape))
        case .diurnal(let average, let shape, let startHour):
            // Thinning (Lewis and Shedler): candidates at the peak rate, kept with probability rate(t)/peak.
            let mean = shape.reduce(0, +) / Double(max(shape.count, 1))
            guard average > 0, mean > 0, let top = shape.max(), top > 0 else { return nil }
            let peak = average * top / mean
            var candidate = t
            while true {
                candidate += rng.exponential(mean: 1 / peak)
                // Past the horizon (a tiny rate can put the next candidate beyond any Int of hours) there is nothing to thin.
                guard candidate < horizon else { return nil }
                let hours = (Double(startHour) + (candidate / 3600).rounded(.down)).truncatingRemainder(dividingBy: Double(shape.count))
                // A whole number in 0..<24 once the candidate is finite and below the horizon; checked, not assumed.
                guard let hour = Int(exactly: hours), shape.indices.contains(hour) else { return nil }
                if rng.unit() * top <= shape[hour] { return candidate }
            }
        }
    }
}
