import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

@Suite struct ProfileLoadingTests {
    @Test func loadsAProfileAndFillsOmittedCostsFromDefaults() throws {
        let (profile, diagnostics) = CatalogLoader.loadProfile(at: Fixtures.url("profiles/chat.yaml"), catalog: Fixtures.catalog)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let p = try #require(profile)
        #expect(p.name == "Chat assistant" && p.description == "fixture" && p.modelID == "meta-llama--Llama-3.1-8B")
        #expect(p.precisions == Profile.Precisions(weights: [.bf16, .fp8, .int4], kvCache: [.bf16, .fp8]))
        #expect(p.traffic == Profile.Traffic(demand: .requestsPerSecond(12), peakToAverage: 2.5, inputTokens: 1200, outputTokens: 250))
        #expect(p.targets == Profile.Targets(ttftMs: 800, tpotMs: 40, percentile: 95))
        #expect(p.constraints == Profile.Constraints(deployment: .any, providers: ["aws"], regions: ["us-east-1"],
                                                     vendors: ["nvidia", "intel"], pricing: [.onDemand, .reserved1y],
                                                     maxPowerKW: 40, maxDevices: 16, budgetUSDPerMonth: Decimal(string: "50000.75"),
                                                     marketDefaulted: true).withMarket(.northAmerica))
        // Stated: electricity and PUE. Everything else comes from cost-defaults.yaml.
        #expect(p.costs.electricityUSDPerKWh == Decimal(string: "0.12") && p.costs.pue == 1.4)
        #expect(p.costs.horizonYears == 3 && p.costs.amortizationYears == 4 && p.costs.planningUtilization == 0.7)
        #expect(p.defaultedCostKeys == ["horizon_years", "amortization_years", "hosting_usd_per_kw_month",
                                        "support_percent_per_year", "planning_utilization", "discount_rate_percent",
                                        "staff_usd_per_server_year", "network_usd_per_server"])
    }

    @Test func outputTokenDemandAndAllCostsStated() throws {
        let (profile, diagnostics) = CatalogLoader.loadProfile(at: Fixtures.url("profiles/embeddings.yaml"), catalog: Catalog(models: Fixtures.catalog.models))
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let p = try #require(profile)
        #expect(p.traffic.demand == .outputTokensPerSecond(500))
        #expect(p.targets.tpotMs == nil && p.targets.percentile == 50)
        // No market named: the default market applies, and the profile says it was defaulted.
        #expect(p.constraints == Profile.Constraints(market: .northAmerica, marketDefaulted: true))
        #expect(p.defaultedCostKeys.isEmpty && p.costs.planningUtilization == 1)
    }

    @Test func omittedCostWithoutCatalogDefaultsIsAnError() throws {
        let catalog = Catalog(devices: Fixtures.catalog.devices, offers: Fixtures.catalog.offers, models: Fixtures.catalog.models)
        let (profile, diagnostics) = CatalogLoader.loadProfile(at: Fixtures.url("profiles/chat.yaml"), catalog: catalog)
        #expect(profile == nil)
        #expect(diagnostics.map(\.code) == ["missing_key"])
        let d = try #require(diagnostics.first)
        #expect(d.location.line == 26 && d.location.column == 1)
        #expect(d.message.contains("`horizon_years`") && !d.message.contains("`pue`"))
    }

    @Test func unknownProviderInConstraintsIsAWarning() throws {
        let yaml = try String(contentsOf: Fixtures.url("profiles/chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "providers: [aws]", with: "providers: [aws, awz]")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (profile, diagnostics) = CatalogLoader.loadProfile(at: url, catalog: Fixtures.catalog)
        #expect(profile != nil)
        #expect(diagnostics.map(\.code) == ["unknown_reference"] && diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.hint == "did you mean `aws`?")
        #expect(diagnostics.first?.location.column == 20)
    }
}

extension Profile.Constraints {
    func withMarket(_ market: Market) -> Profile.Constraints { var c = self; c.market = market; return c }
}

/// `traffic.request_mix`: classes load with their shares and lengths; bad mixes are positioned diagnostics.
@Suite struct RequestMixLoadingTests {
    static let chat = (try? String(contentsOf: Fixtures.url("profiles/chat.yaml"), encoding: .utf8)) ?? ""

    static func load(_ mix: String) -> (Profile?, [Diagnostic]) {
        let text = chat.replacingOccurrences(of: "  output_tokens: 250\n", with: "  output_tokens: 250\n  request_mix:\n" + mix)
        return CatalogLoader.loadProfile(text: text, path: "mix.yaml", catalog: Fixtures.catalog)
    }

    @Test func classesLoad() throws {
        let (profile, diagnostics) = Self.load("""
                - {name: short, share: 0.75, input_tokens: 500, output_tokens: 100}
                - {name: long, share: 0.25, input_tokens: 3300, output_tokens: 700}

            """)
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        let classes = try #require(profile?.traffic.requestMix)
        #expect(classes == [RequestClass(name: "short", share: 0.75, inputTokens: 500, outputTokens: 100),
                            RequestClass(name: "long", share: 0.25, inputTokens: 3300, outputTokens: 700)])
        #expect(profile?.traffic.classes.count == 2)
    }

    @Test func sharesMustAddUpToOne() {
        let (profile, diagnostics) = Self.load("""
                - {name: short, share: 0.5, input_tokens: 500, output_tokens: 100}
                - {name: long, share: 0.25, input_tokens: 3300, output_tokens: 700}

            """)
        #expect(profile == nil)
        #expect(diagnostics.map(\.code) == ["invalid_value"])
        #expect(diagnostics.first?.message.contains("add up to 0.75") == true, "\(diagnostics.rendered)")
        #expect(diagnostics.first?.location.line == 14, "\(diagnostics.rendered)")
    }

    @Test func badClassesAreReportedWhereTheyAre() {
        let (profile, diagnostics) = Self.load("""
                - {name: short, share: 0, input_tokens: 500, output_tokens: 100}
                - {name: short, share: 1, input_tokens: -3, output_tokens: 700}
                - {name: x, share: 1, input_tokens: 1, output_tokens: 1, colour: red}

            """)
        #expect(profile == nil)
        let codes = Set(diagnostics.map(\.code))
        #expect(codes == ["not_positive", "duplicate_id", "unknown_key"], "\(diagnostics.rendered)")
        #expect(diagnostics.allSatisfy { $0.location.line >= 14 }, "\(diagnostics.rendered)")
        let empty = Self.load("    []\n").1
        #expect(empty.map(\.code) == ["invalid_value"], "\(empty.rendered)")
    }
}
