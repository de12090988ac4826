import Foundation
import Testing
import InferCostCore
@testable import InferCostCatalog

/// The compiled catalog cache: the same catalog and the same diagnostics with it as without it, and
/// a parse (never a crash, never stale data) whenever the cache is missing, corrupt, from another
/// build or the files changed.
@Suite struct CatalogCacheTests {
    static var shipped: URL { Fixtures.repository.appendingPathComponent("Catalog") }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("infercost-cache-test-\(UUID().uuidString)")
    }

    /// A cache whose clock runs `FileStamp.settleSeconds` ahead, so that files a test has just written count as
    /// settled (their stamps stand for their bytes); `settling: false` keeps the real clock.
    static func cache(_ directory: URL = scratch(), binary: String = "test-binary-1", settling: Bool = true) -> CatalogCache {
        var cache = CatalogCache(directory: directory, binaryIdentity: binary)
        if settling { cache.now = { FileStamp.now() + (FileStamp.settleSeconds + 1) * 1_000_000_000 } }
        return cache
    }

    /// Every field of two loads, compared (Catalog itself is not Equatable).
    static func expectSame(_ a: (catalog: Catalog, diagnostics: [Diagnostic]), _ b: (catalog: Catalog, diagnostics: [Diagnostic]),
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.catalog.devices == b.catalog.devices, sourceLocation: sourceLocation)
        #expect(a.catalog.offers == b.catalog.offers, sourceLocation: sourceLocation)
        #expect(a.catalog.models == b.catalog.models, sourceLocation: sourceLocation)
        #expect(a.catalog.costDefaults == b.catalog.costDefaults, sourceLocation: sourceLocation)
        #expect(a.catalog.exchangeRates == b.catalog.exchangeRates, sourceLocation: sourceLocation)
        #expect(a.catalog.apiOffers == b.catalog.apiOffers, sourceLocation: sourceLocation)
        #expect(a.catalog.gridIntensity == b.catalog.gridIntensity, sourceLocation: sourceLocation)
        #expect(a.diagnostics == b.diagnostics, sourceLocation: sourceLocation)
        #expect(a.diagnostics.map(\.rendered) == b.diagnostics.map(\.rendered), sourceLocation: sourceLocation)
    }

    @Test func theShippedCatalogRoundTripsThroughTheBinaryForm() throws {
        let parsed = CatalogLoader.load(root: Self.shipped)
        #expect(!parsed.catalog.offers.isEmpty)
        let decoded = try CompiledCatalog.decode(CompiledCatalog.encode(parsed.catalog, diagnostics: parsed.diagnostics))
        Self.expectSame(decoded, parsed)
        // Money must come back bit for bit, not just equal: the same text when printed.
        let prices = parsed.catalog.offers.flatMap { o -> [Decimal] in if case .cloud(_, let p) = o.terms { p.map(\.perHour) } else { [] } }
        let back = decoded.catalog.offers.flatMap { o -> [Decimal] in if case .cloud(_, let p) = o.terms { p.map(\.perHour) } else { [] } }
        #expect(prices.map(\.description) == back.map(\.description))
    }

    /// A type that gains a stored property must have it written to the cache too: this fails until the coder and
    /// `CompiledCatalog.fieldCounts` are brought up to date (and `CatalogCache.formatVersion` bumped).
    @Test func everyStoredPropertyIsCoded() throws {
        let catalog = CatalogLoader.load(root: Self.shipped).catalog
        let device = try #require(catalog.devices["h100-sxm"])
        let cloud = try #require(catalog.offers.first { $0.deployment == .cloud })
        let onPrem = try #require(catalog.offers.first { $0.deployment == .onprem })
        guard case .cloud(_, let prices) = cloud.terms, let price = prices.first, case .onPrem(let terms) = onPrem.terms else {
            Issue.record("no cloud price or on-prem terms"); return
        }
        let model = try #require(catalog.models.values.first { $0.multiLatentAttention != nil })
        let diagnostic = Diagnostic(.note, code: "c", "m", at: .init(file: "f", line: 1, column: 1))
        let samples: [String: Any] = [
            "Device": device, "Device.Interconnect": Device.Interconnect(kind: .nvlink, bandwidthGBs: 1),
            "Device.CPU": Device.CPU(cores: 1, memoryChannels: 1, memorySpeedMTs: 1, matrixExtensions: []), "Offer": cloud,
            "CloudPrice": price, "OnPremTerms": terms,
            "ScaleOutNetwork": ScaleOutNetwork(bandwidthGbitS: 1, source: "s", asOf: Day(year: 2026, month: 1, day: 1)!),
            "ModelSpec": model, "MultiLatentAttention": try #require(model.multiLatentAttention),
            "WeightQuantization": WeightQuantization(scheme: .fp8Block), "Source": try #require(device.sources.first),
            "CostAssumptions": try #require(catalog.costDefaults?.assumptions), "CostDefaults": try #require(catalog.costDefaults),
            "ExchangeRate": try #require(catalog.exchangeRates.values.first), "APIOffer": try #require(catalog.apiOffers.first),
            "GridIntensity": try #require(catalog.gridIntensity.values.first), "Diagnostic": diagnostic,
            "Diagnostic.Location": diagnostic.location, "Day": Day(year: 2026, month: 1, day: 1)!,
        ]
        #expect(Set(samples.keys) == Set(CompiledCatalog.fieldCounts.keys))
        for (name, value) in samples {
            #expect(Mirror(reflecting: value).children.count == CompiledCatalog.fieldCounts[name], "\(name): update CompiledCatalog")
        }
    }

    @Test func aSecondLoadComesFromTheCacheAndIsTheSame() throws {
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        let parsed = CatalogLoader.load(root: Self.shipped)
        let first = CatalogLoader.load(roots: [Self.shipped], cache: cache)
        let file = cache.fileURL(roots: [Self.shipped])
        #expect(FileManager.default.fileExists(atPath: file.path))
        let key = try #require(cache.key(roots: [Self.shipped]))
        #expect(cache.read(roots: [Self.shipped], key: key) != nil)
        let second = CatalogLoader.load(roots: [Self.shipped], cache: cache)
        Self.expectSame(first, parsed)
        Self.expectSame(second, parsed)
        // Another build never reads it.
        #expect(Self.cache(cache.directory, binary: "test-binary-2").read(roots: [Self.shipped], key: try #require(Self.cache(binary: "test-binary-2").key(roots: [Self.shipped]))) == nil)
    }

    @Test func notesOfAnOverlayAreTheSameFromTheCache() throws {
        let overlay = try OverlayAndLintTests.folder(["offers/cloud/aws.yaml": OverlayAndLintTests.negotiatedAWS])
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory); try? FileManager.default.removeItem(at: overlay) }
        let roots = [Self.shipped, overlay]
        let parsed = CatalogLoader.load(roots: roots)
        #expect(parsed.diagnostics.contains { $0.severity == .note })
        _ = CatalogLoader.load(roots: roots, cache: cache)
        #expect(cache.read(roots: roots, key: try #require(cache.key(roots: roots))) != nil)
        Self.expectSame(CatalogLoader.load(roots: roots, cache: cache), parsed)
    }

    @Test func anEditedFileIsReadAgain() throws {
        let overlay = try OverlayAndLintTests.folder(["offers/cloud/aws.yaml": OverlayAndLintTests.negotiatedAWS])
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory); try? FileManager.default.removeItem(at: overlay) }
        let roots = [Self.shipped, overlay]
        _ = CatalogLoader.load(roots: roots, cache: cache)
        try OverlayAndLintTests.negotiatedAWS.replacingOccurrences(of: "per_hour: 61.5", with: "per_hour: 59.25")
            .write(to: overlay.appendingPathComponent("offers/cloud/aws.yaml"), atomically: true, encoding: .utf8)
        let after = CatalogLoader.load(roots: roots, cache: cache)
        Self.expectSame(after, CatalogLoader.load(roots: roots))
        guard case .cloud(_, let prices)? = after.catalog.offers.first(where: { $0.id == "aws/p5.48xlarge" })?.terms else {
            Issue.record("no aws/p5.48xlarge"); return
        }
        #expect(prices.map(\.perHour).contains(Decimal(string: "59.25")!))
    }

    /// A file written again in place, to the same size, with its modification time set back (as `touch -d` or `cp -p`
    /// would), keeps its inode, size and modification time: its status-change time, which no program sets, tells it.
    @Test func aRewriteKeepingSizeAndModificationTimeIsReadAgain() throws {
        let overlay = try OverlayAndLintTests.folder(["offers/cloud/aws.yaml": OverlayAndLintTests.negotiatedAWS])
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory); try? FileManager.default.removeItem(at: overlay) }
        let roots = [Self.shipped, overlay]
        let path = overlay.appendingPathComponent("offers/cloud/aws.yaml").path
        _ = CatalogLoader.load(roots: roots, cache: cache)
        let before = try #require(cache.key(roots: roots))
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        let edited = OverlayAndLintTests.negotiatedAWS.replacingOccurrences(of: "per_hour: 61.5", with: "per_hour: 59.2")
        #expect(edited.utf8.count == OverlayAndLintTests.negotiatedAWS.utf8.count)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        #expect(cache.key(roots: roots) != before)
        let after = CatalogLoader.load(roots: roots, cache: cache)
        guard case .cloud(_, let prices)? = after.catalog.offers.first(where: { $0.id == "aws/p5.48xlarge" })?.terms else {
            Issue.record("no aws/p5.48xlarge"); return
        }
        #expect(prices.map(\.perHour).contains(Decimal(string: "59.2")!))
    }

    /// A file changed moments ago could still be written again without its stamp changing (a file system with
    /// coarse times): until it settles, no cache is read or written.
    @Test func aFileChangedMomentsAgoMeansNoCacheUntilItSettles() throws {
        let overlay = try OverlayAndLintTests.folder(["offers/cloud/aws.yaml": OverlayAndLintTests.negotiatedAWS])
        let now = Self.cache(settling: false)
        defer { try? FileManager.default.removeItem(at: now.directory); try? FileManager.default.removeItem(at: overlay) }
        let roots = [Self.shipped, overlay]
        #expect(now.key(roots: roots) == nil)
        let loaded = CatalogLoader.load(roots: roots, cache: now)
        Self.expectSame(loaded, CatalogLoader.load(roots: roots))
        #expect(!FileManager.default.fileExists(atPath: now.fileURL(roots: roots).path))
        // The shipped catalog alone has long settled.
        #expect(now.key(roots: [Self.shipped]) != nil)
        // Later, the same files are settled.
        #expect(Self.cache(now.directory).key(roots: roots) != nil)
    }

    @Test func aLoadWithErrorsIsNeverCached() throws {
        let overlay = try OverlayAndLintTests.folder(["offers/cloud/aws.yaml": "schema_version: 1\nprovider: [oops\n"])
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory); try? FileManager.default.removeItem(at: overlay) }
        let loaded = CatalogLoader.load(roots: [Self.shipped, overlay], cache: cache)
        #expect(loaded.diagnostics.contains { $0.severity == .error })
        #expect(!FileManager.default.fileExists(atPath: cache.fileURL(roots: [Self.shipped, overlay]).path))
        Self.expectSame(CatalogLoader.load(roots: [Self.shipped, overlay], cache: cache), loaded)
    }

    @Test func aLinkInACatalogFolderMeansNoCache() throws {
        let overlay = try OverlayAndLintTests.folder(["models/.keep": ""])
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory); try? FileManager.default.removeItem(at: overlay) }
        try FileManager.default.createSymbolicLink(atPath: overlay.appendingPathComponent("models/linked.yaml").path,
                                                   withDestinationPath: Self.shipped.appendingPathComponent("models/meta-llama--Llama-3.1-8B.yaml").path)
        #expect(cache.key(roots: [Self.shipped, overlay]) == nil)
        let loaded = CatalogLoader.load(roots: [Self.shipped, overlay], cache: cache)
        Self.expectSame(loaded, CatalogLoader.load(roots: [Self.shipped, overlay]))
        #expect(!FileManager.default.fileExists(atPath: cache.fileURL(roots: [Self.shipped, overlay]).path))
    }

    @Test func aTruncatedOrCorruptCacheFileIsIgnoredAndRebuilt() throws {
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        let parsed = CatalogLoader.load(root: Self.shipped)
        _ = CatalogLoader.load(roots: [Self.shipped], cache: cache)
        let file = cache.fileURL(roots: [Self.shipped])
        let good = try Data(contentsOf: file)
        var flipped = good
        flipped[good.count - 100] ^= 0xFF
        for bad in [good.prefix(good.count / 2), good.prefix(10), Data(), flipped, Data("not a cache".utf8)] {
            try bad.write(to: file)
            Self.expectSame(CatalogLoader.load(roots: [Self.shipped], cache: cache), parsed)
            #expect(cache.read(roots: [Self.shipped], key: try #require(cache.key(roots: [Self.shipped]))) != nil, "rebuilt")
        }
        // A payload that passes the checksum but does not decode is refused too (never a trap).
        #expect((try? CompiledCatalog.decode(Array(good.suffix(200)))) == nil)
    }

    @Test func anUnwritableCacheFolderStillLoads() throws {
        let blocker = Self.scratch()
        try Data("a file where the folder should be".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let cache = Self.cache(blocker.appendingPathComponent("infercost"))
        Self.expectSame(CatalogLoader.load(roots: [Self.shipped], cache: cache), CatalogLoader.load(root: Self.shipped))
    }

    @Test func lintingNeverUsesTheCache() throws {
        let cache = Self.cache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        _ = CatalogLoader.load(roots: [Self.shipped], lintingAsOf: OverlayAndLintTests.today, cache: cache)
        #expect(!FileManager.default.fileExists(atPath: cache.fileURL(roots: [Self.shipped]).path))
    }
}
