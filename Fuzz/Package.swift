// swift-tools-version:6.0
// libFuzzer targets, one per loader (docs/reliability.md, "Fuzzing"). A separate package so
// `swift build` and `swift test` of InferCost never build them. Run: Fuzz/run.sh SECONDS.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (`main`, `wt-reliability`, `InferCost`, ...).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let infercost = root.lastPathComponent.lowercased()

/// Each target is one file under Sources/<Target>/ defining `LLVMFuzzerTestOneInput`.
let targets = [
    "FuzzProfileYAML", "FuzzCatalogYAML", "FuzzHFConfig",
    "FuzzVLLM", "FuzzLlamaBench", "FuzzMLPerf", "FuzzGenAIPerf", "FuzzGenericCSV", "FuzzPublishedCorpus",
]

let package = Package(
    name: "InferCostFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // What every target shares: the shipped catalog loaded once, and the checks run on each input.
        .target(name: "FuzzSupport", dependencies: [.product(name: "InferCostLibrary", package: infercost)]),
    ] + targets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport"], swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
