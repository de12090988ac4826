import Foundation
import Testing
import InferCostCore
@testable import InferCostCatalog

/// Overlays (extra catalog folders that replace entries by id), money (currencies and exchange
/// rates), markets, and the checks only `catalog lint` runs.
@Suite struct OverlayAndLintTests {
    static let today = Day(year: 2026, month: 12, day: 1)!

    /// A temporary folder holding `files` (relative path -> text).
    static func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-overlay-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let negotiatedAWS = """
        schema_version: 1
        provider: aws
        name: Amazon Web Services (our contract)
        currency: USD
        regions:
          us-east-1: north_america
        instances:
          - id: p5.48xlarge
            device: h100-sxm
            devices_per_instance: 8
            prices:
              - region: us-east-1
                pricing: on_demand
                per_hour: 61.5
                source: "contract AWS-2026-0042"
                as_of: 2026-10-01
        """

    static let yuanCloud = """
        schema_version: 1
        provider: yuancloud
        name: Yuan Cloud
        currency: CNY
        regions:
          cn-north: china
        instances:
          - id: h100-x8
            device: h100-sxm
            devices_per_instance: 8
            prices:
              - region: cn-north
                pricing: on_demand
                per_hour: 400
                source: "yuancloud.example/price"
                as_of: 2026-10-01
        """

    static let rates = """
        schema_version: 1
        rates:
          - currency: CNY
            per_usd: 7.1
            source: "reference rate"
            as_of: 2026-10-01
        """

    @Test func anOverlayReplacesAnOfferByIDAndSaysSo() throws {
        let overlay = try Self.folder(["offers/cloud/aws.yaml": Self.negotiatedAWS])
        defer { try? FileManager.default.removeItem(at: overlay) }
        let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay])
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.rendered)")
        let notes = diagnostics.filter { $0.code == "override" }
        #expect(notes.count == 1 && notes[0].severity == .note)
        #expect(notes[0].message.contains("offer `aws/p5.48xlarge` overrides") && notes[0].message.contains("catalog/offers/cloud/aws.yaml"))
        let p5 = try #require(catalog.offers.first { $0.id == "aws/p5.48xlarge" })
        guard case .cloud(_, let prices) = p5.terms else { Issue.record("not cloud"); return }
        #expect(prices.map(\.perHour) == [Decimal(string: "61.5")!])
        // Entries the overlay does not mention stay.
        #expect(catalog.offers.contains { $0.id == "aws/m7i.48xlarge" } && catalog.devices["xeon-8480"] != nil)
    }

    /// Two overlays give the same offer and the same device: the later folder wins, in either
    /// order, and the shipped offer's cross-reference picks up the overlaid device.
    @Test func theLastOverlayWinsForTheSameID() throws {
        let first = try Self.folder([
            "offers/cloud/aws.yaml": Self.negotiatedAWS,
            "devices/nvidia/h100-sxm.yaml": try String(contentsOf: Fixtures.catalogRoot.appendingPathComponent("devices/nvidia/h100-sxm.yaml"),
                                                       encoding: .utf8).replacingOccurrences(of: "memory_bandwidth_gb_s: 3350", with: "memory_bandwidth_gb_s: 3000"),
        ])
        let second = try Self.folder([
            "offers/cloud/aws.yaml": Self.negotiatedAWS.replacingOccurrences(of: "per_hour: 61.5", with: "per_hour: 55"),
            "devices/nvidia/h100-sxm.yaml": try String(contentsOf: Fixtures.catalogRoot.appendingPathComponent("devices/nvidia/h100-sxm.yaml"),
                                                       encoding: .utf8).replacingOccurrences(of: "memory_bandwidth_gb_s: 3350", with: "memory_bandwidth_gb_s: 3100"),
        ])
        defer { for url in [first, second] { try? FileManager.default.removeItem(at: url) } }
        func load(_ roots: [URL]) throws -> (perHour: Decimal, bandwidth: Double?, overrides: Int) {
            let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.catalogRoot] + roots)
            #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.rendered)")
            let p5 = try #require(catalog.offers.first { $0.id == "aws/p5.48xlarge" })
            guard case .cloud(_, let prices) = p5.terms else { throw CancellationError() }
            return (prices[0].perHour, catalog.devices[p5.deviceID]?.memoryBandwidthGBs, diagnostics.filter { $0.code == "override" }.count)
        }
        let secondLast = try load([first, second])
        #expect(secondLast.perHour == 55 && secondLast.bandwidth == 3100)
        let firstLast = try load([second, first])
        #expect(firstLast.perHour == Decimal(string: "61.5")! && firstLast.bandwidth == 3000)
        // Each replacement is reported: two overlays x (offer + device).
        #expect(secondLast.overrides == 4 && firstLast.overrides == 4)
    }

    @Test func aPriceInACurrencyWithoutARateIsAnError() throws {
        let overlay = try Self.folder(["offers/cloud/yuancloud.yaml": Self.yuanCloud])
        defer { try? FileManager.default.removeItem(at: overlay) }
        let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay])
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.code == "unknown_reference" && error.message.contains("CNY") && error.location.line == 4)
        #expect(!catalog.offers.contains { $0.id == "yuancloud/h100-x8" })
    }

    @Test func ratesConvertPricesAndAProfileCanOverrideThem() throws {
        let overlay = try Self.folder(["offers/cloud/yuancloud.yaml": Self.yuanCloud, "currencies.yaml": Self.rates])
        defer { try? FileManager.default.removeItem(at: overlay) }
        let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay])
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.rendered)")
        let offer = try #require(catalog.offers.first { $0.id == "yuancloud/h100-x8" })
        guard case .cloud(_, let prices) = offer.terms else { Issue.record("not cloud"); return }
        #expect(prices[0].market == .china && prices[0].currency == "CNY")
        let money = Money(rates: catalog.exchangeRates)
        let usd = try #require(money.usd(400, from: "CNY"))
        #expect(abs(NSDecimalNumber(decimal: usd).doubleValue - 400 / 7.1) < 1e-9)

        let profileText = try String(contentsOf: Fixtures.url("profiles/chat.yaml"), encoding: .utf8)
            + "\ncurrency: CNY\nexchange_rates:\n  CNY: 7.3\n"
        let profileFolder = try Self.folder(["chat.yaml": profileText])
        defer { try? FileManager.default.removeItem(at: profileFolder) }
        let (profile, profileDiagnostics) = CatalogLoader.loadProfile(at: profileFolder.appendingPathComponent("chat.yaml"), catalog: catalog)
        #expect(profileDiagnostics.isEmpty, "\(profileDiagnostics.rendered)")
        #expect(profile?.money.reportCurrency == "CNY" && profile?.money.rates["CNY"]?.perUSD == Decimal(string: "7.3"))
        #expect(profile?.money.reported(100) == Decimal(730))
    }

    @Test func aReportCurrencyWithoutARateIsAnError() throws {
        let text = try String(contentsOf: Fixtures.url("profiles/chat.yaml"), encoding: .utf8) + "\ncurrency: EUR\n"
        let folder = try Self.folder(["chat.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (profile, diagnostics) = CatalogLoader.loadProfile(at: folder.appendingPathComponent("chat.yaml"), catalog: Fixtures.catalog)
        #expect(profile == nil && diagnostics.map(\.code) == ["unknown_reference"])
        #expect(diagnostics.first?.hint?.contains("exchange_rates") == true)
    }

    @Test func aRegionMissingFromTheRegionsMapIsAnError() throws {
        let text = Self.negotiatedAWS.replacingOccurrences(of: "      - region: us-east-1", with: "      - region: us-west-2")
        let overlay = try Self.folder(["offers/cloud/aws.yaml": text])
        defer { try? FileManager.default.removeItem(at: overlay) }
        let diagnostics = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay]).diagnostics.filter { $0.severity == .error }
        #expect(diagnostics.map(\.code) == ["unknown_reference"])
        #expect(diagnostics.first?.message.contains("us-west-2") == true)
    }

    @Test func lintFlagsImplausibleStaleAndAmbiguousEntries() throws {
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        let h100 = root.appendingPathComponent("devices/nvidia/h100-sxm.yaml")
        var text = try String(contentsOf: h100, encoding: .utf8)
        // Bandwidth typed in TB/s, an fp8 rate below bf16, and an alias that is another device's id.
        text = text.replacingOccurrences(of: "memory_bandwidth_gb_s: 3350", with: "memory_bandwidth_gb_s: 3.35")
        text = text.replacingOccurrences(of: "fp8: 1979", with: "fp8: 900")
        text += "aliases: [xeon-8480]\n"
        try text.write(to: h100, atomically: true, encoding: .utf8)
        let aws = root.appendingPathComponent("offers/cloud/aws.yaml")
        let old = try String(contentsOf: aws, encoding: .utf8).replacingOccurrences(of: "as_of: 2026-08-21", with: "as_of: 2024-08-21")
        try old.write(to: aws, atomically: true, encoding: .utf8)

        let (_, loadOnly) = CatalogLoader.load(roots: [root])
        #expect(!loadOnly.contains { ["implausible_value", "stale_entry"].contains($0.code) }, "lint checks run only when asked")
        let (_, linted) = CatalogLoader.load(roots: [root], lintingAsOf: Self.today)
        let codes = linted.map(\.code)
        // The bandwidth, and fp8 below both bf16 and fp16.
        #expect(codes.filter { $0 == "implausible_value" }.count == 3, "\(linted.rendered)")
        #expect(codes.contains("duplicate_id"))
        let stale = linted.filter { $0.code == "stale_entry" && $0.location.file.hasSuffix("aws.yaml") }
        #expect(stale.count >= 2 && stale.allSatisfy { $0.severity == .warning && $0.sourceLine?.contains("as_of: 2024-08-21") == true })
        let bandwidth = try #require(linted.first { $0.message.contains("memory_bandwidth_gb_s") })
        #expect(bandwidth.sourceLine?.contains("3.35") == true)
    }

    /// An overlay provider with four H100 offers, one priced per device by mistake, and a spot price above on demand.
    static let outlierCloud: String = {
        var text = """
            schema_version: 1
            provider: acme
            name: Acme
            currency: USD
            regions:
              us-east: north_america
            instances:

            """
        for (id, count, price) in [("a", 8, "31.92"), ("b", 8, "30"), ("c", 1, "4.1"), ("d", 8, "3.99")] {
            text += """
                  - id: \(id)
                    device: h100-sxm
                    devices_per_instance: \(count)
                    prices:
                      - region: us-east
                        pricing: on_demand
                        per_hour: \(price)
                        source: "price list"
                        as_of: 2026-11-01

                """
        }
        return text + """
                  - region: us-east
                    pricing: spot
                    per_hour: 5
                    source: "price list"
                    as_of: 2026-11-01

            """
    }()

    @Test func lintFlagsPriceOutliersAndSpotAboveOnDemand() throws {
        let overlay = try Self.folder(["offers/cloud/acme.yaml": Self.outlierCloud])
        defer { try? FileManager.default.removeItem(at: overlay) }
        let (_, linted) = CatalogLoader.load(roots: [Fixtures.catalogRoot, overlay], lintingAsOf: Self.today)
        let outliers = linted.filter { $0.code == "price_outlier" }
        // Per device-hour: 3.99, 3.75, 4.1 and 0.50 (an instance price entered per device); the median is 3.87.
        #expect(outliers.count == 1 && outliers.allSatisfy { $0.severity == .warning }, "\(linted.rendered)")
        #expect(outliers.first?.message.contains("acme/d") == true && outliers.first?.message.contains("below 1/3") == true)
        #expect(outliers.first?.sourceLine?.contains("per_hour: 3.99") == true)
        let spot = try #require(linted.first { $0.code == "spot_above_on_demand" })
        #expect(spot.severity == .error && spot.message.contains("acme/d") && spot.sourceLine?.contains("per_hour: 5") == true)
    }

    @Test func lintFlagsFiguresThatDisagreeOrLookSparse() throws {
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        let h100 = root.appendingPathComponent("devices/nvidia/h100-sxm.yaml")
        // fp16 at twice bf16 (an fp16-accumulate figure) and fp8 at four times bf16 (a sparse figure).
        var text = try String(contentsOf: h100, encoding: .utf8)
        text = text.replacingOccurrences(of: "  fp16: 989.5\n", with: "  fp16: 1979\n")
        text = text.replacingOccurrences(of: "  fp8: 1979\n", with: "  fp8: 3958\n")
        try text.write(to: h100, atomically: true, encoding: .utf8)
        let xeon = root.appendingPathComponent("devices/intel/xeon-8480.yaml")
        let cpu = try String(contentsOf: xeon, encoding: .utf8)
        let (_, clean) = CatalogLoader.load(roots: [root], lintingAsOf: Self.today)
        #expect(!clean.contains { $0.code == "inconsistent_figure" && $0.location.file.hasSuffix("xeon-8480.yaml") }, "\(clean.rendered)")
        let doubled = cpu.replacingOccurrences(of: "memory_speed_mt_s: 4800", with: "memory_speed_mt_s: 9600")
        #expect(doubled != cpu, "the fixture CPU states its memory speed")
        try doubled.write(to: xeon, atomically: true, encoding: .utf8)

        let (_, linted) = CatalogLoader.load(roots: [root], lintingAsOf: Self.today)
        let inconsistent = linted.filter { $0.code == "inconsistent_figure" }
        #expect(inconsistent.count == 2 && inconsistent.allSatisfy { $0.severity == .warning }, "\(linted.rendered)")
        #expect(inconsistent.contains { $0.message.contains("fp16 (1979) and bf16 (990) differ by 50%") })
        #expect(inconsistent.contains { $0.message.contains("memory_bandwidth_gb_s") && $0.sourceLine?.contains("memory_bandwidth_gb_s") == true })
        // fp8 3958 is 4x bf16 989.5 (sparse); fp16 1979 -> fp8 3958 is the usual 2x, so only one sparse finding.
        let sparse = linted.filter { $0.code == "sparse_figure" }
        #expect(sparse.count == 1 && sparse.first?.message.contains("dense fp8 (3958) is 4x dense bf16 (990)") == true, "\(linted.rendered)")
    }

    @Test func derivedFormulasLoadAndMustExplainAGivenFigure() throws {
        let root = try TemporaryCatalog.copy(Fixtures.catalogRoot)
        defer { try? FileManager.default.removeItem(at: root) }
        let h100 = root.appendingPathComponent("devices/nvidia/h100-sxm.yaml")
        let text = try String(contentsOf: h100, encoding: .utf8)
        try (text + "derived:\n  dense_tflops.fp8: \"2 x bf16\"\n").write(to: h100, atomically: true, encoding: .utf8)
        let (catalog, diagnostics) = CatalogLoader.load(roots: [root])
        #expect(diagnostics.isEmpty, "\(diagnostics.rendered)")
        #expect(catalog.devices["h100-sxm"]?.derived == ["dense_tflops.fp8": "2 x bf16"])

        try (text + "derived:\n  dense_tflops.fp4: \"2 x fp8\"\n").write(to: h100, atomically: true, encoding: .utf8)
        // The device file is rejected (so its offers then name a missing device); the error is at the formula.
        let bad = CatalogLoader.load(roots: [root]).diagnostics.filter { $0.location.file.hasSuffix("h100-sxm.yaml") }
        #expect(bad.map(\.code) == ["invalid_value"] && bad.first?.message.contains("derived.dense_tflops.fp4") == true, "\(bad.rendered)")
    }

    @Test func theShippedCatalogLintsClean() {
        let (catalog, diagnostics) = CatalogLoader.load(roots: [Fixtures.repository.appendingPathComponent("Catalog")], lintingAsOf: Self.today)
        // Stale prices and price outliers are reported, not hidden: some on-prem list prices have nothing newer, and
        // some providers really charge a third of the others for a device (docs/catalog.md, "coverage").
        let problems = diagnostics.filter { $0.severity != .note && !["stale_entry", "price_outlier"].contains($0.code) }
        #expect(problems.isEmpty, "\(problems.rendered)")
        #expect(catalog.devices.count >= 75 && Set(catalog.devices.values.map(\.vendor)).count >= 12)
        #expect(catalog.devices.values.filter { $0.kind == .cpu }.count >= 8)
        #expect(catalog.devices.values.filter { $0.kind != .cpu && $0.vendor != "nvidia" && $0.vendor != "apple" }.count >= 12)
        let cloud = catalog.offers.filter { $0.deployment == .cloud }
        #expect(cloud.count >= 200 && Set(cloud.map(\.provider)).count >= 18)
        #expect(Set(cloud.compactMap(\.currency)).isSuperset(of: ["USD", "CNY"]))
        #expect(catalog.offers.filter { $0.deployment == .onprem }.count >= 8)
    }
}
