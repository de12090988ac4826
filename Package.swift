// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "InferCost",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "infercost", targets: ["infercost"]),
        // The library layers, for the fuzz targets in Fuzz/ (a separate package, never built by `swift build` here).
        .library(name: "InferCostLibrary", targets: ["InferCostCore", "InferCostCatalog", "InferCostEngine", "InferCostStore", "InferCostReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
    ],
    targets: [
        // Core: value types only (units, Money, Device, Offer, ModelSpec, Profile, Estimate, Diagnostic). Foundation only.
        .target(name: "InferCostCore"),
        // Catalog: YAML files -> validated Core values, with file:line:col diagnostics, and their compiled cache (SHA-256 keys). The only user of Yams.
        .target(name: "InferCostCatalog", dependencies: ["InferCostCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]),
        // Engine: performance physics, TCO, rules, candidate search and the serving simulator. Pure: no I/O.
        .target(name: "InferCostEngine", dependencies: [
            "InferCostCore",
            .product(name: "HeapModule", package: "swift-collections"), .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        // Store: measured benchmark results in SQLite (migrations, imports, calibrations) and importers for real tools' output;
        // content hashes by swift-crypto's SHA-256. The only user of GRDB (its tests also use it, to build a store an older infercost left).
        .target(name: "InferCostStore", dependencies: [
            "InferCostCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Report: one Report value, many renderers (table, json, csv, markdown; compare's html via Plot, escaped by construction). Renders Core values only.
        .target(name: "InferCostReport", dependencies: ["InferCostCore", .product(name: "Plot", package: "Plot")]),
        // CLI: commands and options; reads files, calls the engine, renders. The only user of ArgumentParser.
        .target(name: "InferCostCLI", dependencies: [
            "InferCostCore", "InferCostCatalog", "InferCostEngine", "InferCostReport", "InferCostStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The executable: one entry file. On Linux the Swift runtime and Foundation are linked in (`-static-stdlib`, as
        // `swift build --static-swift-stdlib` does): no shared-library symbol lookups at start, about 6 ms less per process
        // (docs/benchmarks.md, "Process start"). The packages are compiled against the shared runtime here, so the
        // libraries static Foundation is built from, which their objects do not ask for, are named. Linked by the
        // toolchain's lld with packed relative relocations (DT_RELR, glibc 2.36): the 102,000 relocations the loader
        // applies at start were a 2.4 MB table it read in every process; packed, 20 KB (1.5-2 ms less per process; gold,
        // the default, cannot pack them). lld also links the executable in 4 s instead of a minute.
        .executableTarget(name: "infercost", dependencies: ["InferCostCLI"], linkerSettings: [.unsafeFlags([
            "-static-stdlib", "-lFoundationEssentials", "-lFoundationInternationalization", "-lCoreFoundation", "-l_FoundationICU",
            "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization",
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        ], .when(platforms: [.linux]))]),
        // Speed benchmark: candidate estimates per second and recommend wall time (docs/benchmarks.md).
        .executableTarget(name: "infercost-bench", dependencies: ["InferCostCore", "InferCostCatalog", "InferCostEngine"], path: "Benchmarks/infercost-bench"),

        // Test support: golden-file checking and the JSON Schema checker (docs/schema) shared by the suites.
        .target(name: "InferCostTestSupport", dependencies: [.product(name: "Yams", package: "Yams")], path: "Tests/InferCostTestSupport"),
        .testTarget(name: "InferCostCoreTests", dependencies: ["InferCostCore", "InferCostTestSupport"]),
        .testTarget(name: "InferCostCatalogTests", dependencies: ["InferCostCatalog", "InferCostTestSupport"], resources: [.copy("Fixtures")]),
        // The serving simulator's tests hold it to the one before (heaps, deques) and to HdrHistogram's percentiles.
        .testTarget(name: "InferCostEngineTests", dependencies: [
            "InferCostEngine", "InferCostCatalog", "InferCostTestSupport",
            .product(name: "HeapModule", package: "swift-collections"), .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .testTarget(name: "InferCostStoreTests", dependencies: ["InferCostStore", "InferCostCore", "InferCostCatalog",
                                                               .product(name: "GRDB", package: "GRDB.swift")], resources: [.copy("Fixtures")]),
        .testTarget(name: "InferCostReportTests", dependencies: ["InferCostReport", "InferCostEngine", "InferCostTestSupport"]),
        .testTarget(name: "InferCostCLITests", dependencies: ["InferCostCLI", "InferCostTestSupport", .product(name: "Yams", package: "Yams")], exclude: ["accuracy-floor.tsv"],
                    resources: [.copy("Golden"), .copy("Hostile")]),
    ]
)
