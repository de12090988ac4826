import Histogram
import InferCostCore

extension ServingSimulator {
    /// Percentiles as HdrHistogram reports them (3 significant digits, microsecond resolution: `percentiles(of:)`) over
    /// the requests that arrived after the warm-up, means from the sums of the same microsecond values; throughput over
    /// the measured window.
    static func summarise(requests: [TraceRequest], firstToken: [Double], finished: [Double], generated: [Int],
                          preemptions: Int, timeline: [SimulationResult.Sample],
                          configuration c: Configuration, endSeconds: Double) -> SimulationResult {
        var ttft: [UInt64] = [], tpot: [UInt64] = [], e2e: [UInt64] = []
        var sums = (ttft: UInt64(0), tpot: UInt64(0), e2e: UInt64(0))
        func record(_ values: inout [UInt64], _ sum: inout UInt64, _ seconds: Double) {
            // Clamped before converting: NaN and negatives give 0 (`max(0, NaN)` is 0), +infinity 10^7 s, so this never traps;
            // at most 10^13 us a value, the sums of a run's requests stay far below UInt64's range.
            let micros = UInt64(max(0, min(seconds, 1e7)) * 1e6)
            values.append(micros)
            sum &+= micros
        }
        // An open loop is measured over its arrivals; a closed loop, whose arrivals follow its completions, until its
        // last completion (a load test's duration).
        let lastArrival = requests.last?.arrivalSeconds ?? 0
        let windowEnd = c.clients == nil ? lastArrival : max(lastArrival, finished.max() ?? 0)
        let windowStart = min(c.warmupSeconds, windowEnd)
        let window = max(windowEnd - windowStart, 1e-9)
        var measured = 0, unfinished = 0, good = 0, outputTokens = 0
        var inSystemSeconds = 0.0, arrivalsInWindow = 0
        for (i, r) in requests.enumerated() where r.arrivalSeconds >= windowStart {
            arrivalsInWindow += 1
            let end = finished[i] >= 0 ? finished[i] : endSeconds
            // Time this request spent in the system inside the window (for Little's law).
            inSystemSeconds += max(0, min(end, windowEnd) - r.arrivalSeconds)
            guard finished[i] >= 0 else { unfinished += 1; continue }
            measured += 1
            outputTokens += generated[i]
            let first = firstToken[i] - r.arrivalSeconds
            let total = finished[i] - r.arrivalSeconds
            let perToken = generated[i] > 1 ? (finished[i] - firstToken[i]) / Double(generated[i] - 1) : nil
            record(&ttft, &sums.ttft, first); record(&e2e, &sums.e2e, total)
            if let perToken { record(&tpot, &sums.tpot, perToken) }
            let meetsTTFT = c.ttftTargetMs.map { first * 1000 <= $0 } ?? true
            let meetsTPOT = c.tpotTargetMs.map { (perToken ?? 0) * 1000 <= $0 } ?? true
            if meetsTTFT && meetsTPOT { good += 1 }
        }
        let occupancy = timeline.map(\.kvOccupancy)
        return SimulationResult(
            requestsSimulated: requests.count, requestsMeasured: measured, requestsUnfinished: unfinished,
            warmupSeconds: windowStart, measuredSeconds: window, ttft: percentiles(of: ttft, sum: sums.ttft), tpot: percentiles(of: tpot, sum: sums.tpot),
            endToEnd: percentiles(of: e2e, sum: sums.e2e), requestsPerSecond: Double(measured) / window,
            outputTokensPerSecond: Double(outputTokens) / window,
            goodputShare: arrivalsInWindow > 0 ? Double(good) / Double(arrivalsInWindow) : 0,
            goodputRequestsPerSecond: Double(good) / window, preemptions: preemptions,
            meanRequestsInSystem: inSystemSeconds / window, peakQueued: timeline.map(\.queued).max() ?? 0,
            meanKVOccupancy: occupancy.isEmpty ? 0 : occupancy.reduce(0, +) / Double(occupancy.count),
            peakKVOccupancy: occupancy.max() ?? 0, lastCompletionSeconds: finished.max() ?? 0, timeline: timeline)
    }

    /// HdrHistogram's bucket arithmetic at 3 significant digits from 1 us (the layout a histogram of these values has).
    private static let buckets = Histogram<UInt64>(numberOfSignificantValueDigits: .three)

    /// The p50, p90, p95, p99 and max that an HdrHistogram (3 significant digits, from 1 us, auto-resizing) holding
    /// `micros` reports, in ms, and the mean from their sum. Computed from the sorted values: the histogram's value at a
    /// percentile is the top of the bucket of the value of that rank (clamped to the largest value recorded and the
    /// smallest), its max the top of the largest value's bucket. Sorting a run's values is cheaper than filling a
    /// histogram and walking its buckets, which the package does through unspecialised generic code (a fifth of a
    /// finalist simulation); `SimulationSummaryTests` compares the two.
    static func percentiles(of micros: [UInt64], sum: UInt64) -> SimulationResult.Percentiles {
        guard !micros.isEmpty else { return .init(p50: 0, p90: 0, p95: 0, p99: 0, mean: 0, max: 0) }
        let sorted = micros.sorted()
        let smallest = sorted[0], largest = sorted[sorted.count - 1]
        func at(_ percentile: Double) -> UInt64 {
            let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
            let rank = Swift.max(1, UInt64((requested * Double(sorted.count) / 100).rounded(.up)))
            let value = sorted[Int(Swift.min(rank, UInt64(sorted.count))) - 1]
            return Swift.max(Swift.min(buckets.highestEquivalentForValue(value), largest), smallest)
        }
        func ms(_ v: UInt64) -> Double { Double(v) / 1000 }
        return .init(p50: ms(at(50)), p90: ms(at(90)), p95: ms(at(95)), p99: ms(at(99)),
                     mean: Double(sum) / Double(sorted.count) / 1000, max: ms(largest == 0 ? 0 : buckets.highestEquivalentForValue(largest)))
    }
}
