import Foundation
import InferCostCore

/// `infercost init`: a new profile as commented YAML, from a few answers. The text is loaded
/// and validated (CatalogLoader.newProfile) before anything is written.
public struct ProfileTemplate: Sendable {
    public var name: String
    public var modelID: String
    public var requestsPerSecond: Double
    public var peakToAverage: Double
    public var inputTokens: Int
    public var outputTokens: Int
    public var ttftMs: Double
    /// nil for encoders (no generated tokens).
    public var tpotMs: Double?
    public var percentile: Int
    /// Relative path to docs/schema/profile.schema.json for the editor modeline; nil: none.
    public var schemaPath: String?

    public init(name: String, modelID: String, requestsPerSecond: Double, peakToAverage: Double = 2, inputTokens: Int,
                outputTokens: Int, ttftMs: Double, tpotMs: Double?, percentile: Int = 95, schemaPath: String? = nil) {
        self.name = name; self.modelID = modelID; self.requestsPerSecond = requestsPerSecond; self.peakToAverage = peakToAverage
        self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.ttftMs = ttftMs; self.tpotMs = tpotMs
        self.percentile = percentile; self.schemaPath = schemaPath
    }

    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    public func render() -> String {
        var lines: [String] = []
        if let schemaPath { lines.append("# yaml-language-server: $schema=\(schemaPath)") }
        lines += [
            "# An InferCost profile: one workload to serve (docs/profile-format.md).",
            "# `infercost recommend THIS_FILE` ranks the deployments that meet it by total cost of ownership.",
            "schema_version: 1",
            "name: \(Self.quoted(name))",
            "# Why these numbers: where the traffic and targets come from, for the reviewer.",
            "description: \"Written by infercost init; replace with the workload's story.\"",
            "# A catalog model id (`infercost catalog list models`).",
            "model: \(modelID)",
            "precisions:",
            "  # Weight precisions the team accepts (bf16, fp16, fp8, int8, int4, fp4); the search tries each.",
            "  weights: [bf16, fp8]",
            "  kv_cache: [bf16, fp8]",
            "traffic:",
            "  # Average demand; the peak is average x peak_to_average.",
            "  requests_per_second: \(Self.number(requestsPerSecond))",
            "  peak_to_average: \(Self.number(peakToAverage))",
            "  input_tokens: \(inputTokens)",
            "  output_tokens: \(outputTokens)",
            "targets:",
            "  # Time to first token at the percentile below, queueing at peak included.",
            "  ttft_ms: \(Self.number(ttftMs))",
        ]
        if let tpotMs {
            lines += ["  # Time per output token at a full batch.", "  tpot_ms: \(Self.number(tpotMs))"]
        }
        lines += [
            "  percentile: \(percentile)",
            "# Optional: constraints (deployment, market, providers, vendors, pricing, budget_usd_per_month, ...)",
            "# and costs (horizon_years, electricity_usd_per_kwh, ...); omitted costs come from the catalog's defaults.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension CatalogLoader {
    /// The template's text and the profile it loads to; nil with diagnostics when it is not valid.
    public static func newProfile(_ template: ProfileTemplate, path: String, catalog: Catalog)
        -> (text: String, profile: Profile?, diagnostics: [Diagnostic]) {
        var t = template
        t.modelID = catalog.modelID(named: t.modelID) ?? t.modelID
        let text = t.render()
        let (profile, diagnostics) = loadProfile(text: text, path: path, catalog: catalog)
        return (text, profile, diagnostics)
    }
}
