import Foundation
import InferCostCore

/// What `infercost tune` prints: the frontier, the sweet spot with what binds it, and launch settings.
/// Its JSON is a contract for scripts: docs/schema/tune.schema.json.
public struct TuneReport: Sendable, Encodable {
    public static let schemaVersion = 1
    public var result: TuneResult
    /// Print every configuration, not only the frontier and the sweet spot.
    public var all: Bool
    /// Draw the frontier as a character plot under the table (stdout is a terminal).
    public var plot: Bool

    public init(result: TuneResult, all: Bool = false, plot: Bool = false) { self.result = result; self.all = all; self.plot = plot }

    enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version", result }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(result, forKey: .result)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json: JSONRendering.render(self)
        case .csv: csv()
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        }
    }

    var sweet: TuneResult.Point? { result.sweetSpot.map { result.points[$0] } }

    /// Frontier points, the sweet spot, and with `all` everything; best throughput first.
    var shown: [Int] {
        result.points.indices.filter { all || result.points[$0].onFrontier || $0 == result.sweetSpot }
            .sorted { result.points[$0].tokensPerSecondPerDevice > result.points[$1].tokensPerSecondPerDevice }
    }

    static func describe(_ limit: TuneResult.Limit) -> String {
        switch limit {
        case .memoryCapacity: "memory capacity"
        case .memoryBandwidth: "memory bandwidth"
        case .compute: "compute"
        case .interconnect: "interconnect"
        case .ttftTarget: "TTFT target"
        case .tpotTarget: "TPOT target"
        case .traffic: "traffic (over capacity)"
        case .layout: "layout"
        }
    }

    func table() -> TextTable {
        var t = TextTable(header: ["", "precision", "kv", "tp", "pp", "batch", "tok/s/device", "tok/s/user", "TTFT ms", "TPOT ms", "sim TTFT", "sim TPOT", "meets", "limit"],
                          rightAligned: Set(3...11))
        for i in shown {
            let p = result.points[i]
            t.rows.append([i == result.sweetSpot ? "*" : p.onFrontier ? "f" : "", p.weightPrecision.rawValue, p.kvPrecision.rawValue,
                           "\(p.tensorParallel)", "\(p.pipelineParallel)", "\(p.batch)", NumberFormat.short(p.tokensPerSecondPerDevice),
                           NumberFormat.short(p.tokensPerSecondPerUser), NumberFormat.short(p.ttftMs), NumberFormat.short(p.tpotMs),
                           p.simulatedTTFTMs.map(NumberFormat.short) ?? "-", p.simulatedTPOTMs.map(NumberFormat.short) ?? "-",
                           p.feasible ? "yes" : "no", Self.describe(p.limit)])
        }
        return t
    }

    func text(markdown: Bool) -> String {
        let r = result
        var out: [String] = []
        let title = "Tune: \(r.modelID) on \(r.devices) x \(r.deviceID), \(r.inputTokens) in / \(r.outputTokens) out"
        out.append(markdown ? "## \(title)" : title)
        var load = r.requestsPerSecond.map { "at \(NumberFormat.short($0)) req/s" } ?? "no rate given: throughput at full batch, unloaded latency"
        let targets = [r.ttftTargetMs.map { "TTFT <= \(NumberFormat.short($0)) ms" }, r.tpotTargetMs.map { "TPOT <= \(NumberFormat.short($0)) ms" }].compactMap { $0 }
        if !targets.isEmpty { load += "; targets \(targets.joined(separator: ", ")) at p\(Int(r.percentile))" }
        out.append(load)
        out.append("\(r.points.count) configurations tried; \(r.points.filter(\.onFrontier).count) on the throughput / interactivity frontier (f), \(r.points.filter(\.feasible).count) meet the targets.")
        out.append("")
        out.append(markdown ? table().markdown() : table().render())
        out.append("")
        if let s = sweet {
            out.append("Sweet spot (*): \(s.weightPrecision.rawValue) weights, \(s.kvPrecision.rawValue) KV, TP \(s.tensorParallel), PP \(s.pipelineParallel), \(s.replicas) replica(s), up to \(s.batch) sequences each: \(NumberFormat.short(s.tokensPerSecondPerDevice)) tok/s per device, \(NumberFormat.short(s.tokensPerSecondPerUser)) tok/s per user.")
            var bind = "What binds: \(Self.describe(s.limit))"
            if let next = r.nextBatch, let n = r.points.first(where: { $0.sameConfiguration(as: s) && $0.batch == next }) {
                bind += "; batch \(next) would give \(NumberFormat.short(n.tokensPerSecondPerDevice)) tok/s per device at TPOT \(NumberFormat.short(n.tpotMs)) ms and TTFT \(NumberFormat.short(n.ttftMs)) ms"
                bind += n.feasible ? "" : " (\(Self.describe(n.limit)) missed)"
            } else if s.limit == .memoryCapacity {
                bind += ": no larger batch fits in memory"
            }
            out.append(bind + ".")
            if let sim = s.simulatedTTFTMs {
                out.append("Checked in simulation at the rate (Poisson arrivals, token budget \(s.simulatedTokenBudget ?? 0)): p\(Int(r.percentile)) TTFT \(NumberFormat.short(sim)) ms, TPOT \(NumberFormat.short(s.simulatedTPOTMs ?? 0)) ms.")
            } else if r.requestsPerSecond != nil {
                out.append("Not checked in simulation: closed-form figures only.")
            }
            out.append("")
            out.append(markdown ? "### Launch settings" : "Launch settings:")
            for l in r.launch {
                out.append(markdown ? "- \(l.engine): `\(l.command)`" : "  \(l.engine): \(l.command)")
                for note in l.notes { out.append(markdown ? "  - \(note)" : "    note: \(note)") }
            }
            out.append(markdown ? "\nAssumptions: memory from the estimate's memory model; the engines' own KV fraction and CUDA-graph limits may lower the batch that fits."
                       : "Assumptions: memory from the estimate's memory model; the engines' own KV fraction and CUDA-graph limits may lower the batch that fits.")
        } else {
            out.append("No configuration meets the targets on \(r.devices) x \(r.deviceID): try more devices, a lower precision or looser targets.")
        }
        if plot { out.append(""); out.append(TunePlot.text(result)) }
        return out.joined(separator: "\n")
    }

    func csv() -> String {
        var lines = ["precision,kv_precision,tp,pp,batch,replicas,tokens_per_second_per_device,tokens_per_second_per_user,ttft_ms,tpot_ms,simulated_ttft_ms,simulated_tpot_ms,feasible,on_frontier,sweet_spot,limit"]
        for (i, p) in result.points.enumerated() {
            lines.append([p.weightPrecision.rawValue, p.kvPrecision.rawValue, "\(p.tensorParallel)", "\(p.pipelineParallel)", "\(p.batch)",
                          "\(p.replicas)", NumberFormat.fixed(p.tokensPerSecondPerDevice, 2), NumberFormat.fixed(p.tokensPerSecondPerUser, 2),
                          NumberFormat.fixed(p.ttftMs, 3), NumberFormat.fixed(p.tpotMs, 3),
                          p.simulatedTTFTMs.map { NumberFormat.fixed($0, 3) } ?? "", p.simulatedTPOTMs.map { NumberFormat.fixed($0, 3) } ?? "",
                          "\(p.feasible)", "\(p.onFrontier)", "\(i == result.sweetSpot)", p.limit.rawValue].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// The frontier chart as a self-contained SVG (no scripts, no external fonts).
    public func svg() -> String { TunePlot.svg(result) }
}

