// Speed benchmark: candidate estimates per second, and the wall time of `recommend` over the
// whole shipped catalog for every shipped profile. Run: swift run -c release infercost-bench
// (docs/benchmarks.md). Prints figures; asserts nothing.
import Dispatch
import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments.dropFirst()
let root = URL(fileURLWithPath: arguments.first ?? "Catalog")
let profilesDir = URL(fileURLWithPath: arguments.dropFirst().first ?? "Profiles")
var loaded: (catalog: Catalog, diagnostics: [Diagnostic])!
let loadSeconds = seconds { loaded = CatalogLoader.load(root: root) }
guard !loaded.diagnostics.contains(where: { $0.severity == .error }) else {
    loaded.diagnostics.forEach { print($0.rendered) }
    exit(65)
}
let catalog = loaded.catalog
print("catalog: \(catalog.devices.count) devices, \(catalog.offers.count) offers, \(catalog.models.count) models; loaded in \(String(format: "%.1f", loadSeconds * 1000)) ms")

// 1. Raw estimate throughput: every device x batch 1...256 for Llama 3.1 8B.
if let model = catalog.models["meta-llama--Llama-3.1-8B"] {
    var count = 0
    var sink = 0.0
    let t = seconds {
        for _ in 0..<20 {
            for device in catalog.devices.values.sorted(by: { $0.id < $1.id }) {
                let perf = PerformanceModel(model: model, device: device)
                for batch in 1...256 {
                    let e = perf.estimate(DeploymentPoint(deviceID: device.id, weightPrecision: .bf16, kvPrecision: .bf16,
                                                          batch: batch, inputTokens: 1000, outputTokens: 250, memoryGBPerDevice: 512))
                    sink += e.tpotSeconds ?? 0
                    count += 1
                }
            }
        }
    }
    print("estimates: \(count) in \(String(format: "%.3f", t)) s = \(Int(Double(count) / t)) estimates/s (checksum \(Int(sink)))")
}

// 2. recommend wall time per shipped profile: best of 5 runs (profile loading excluded; catalog loading reported above).
let files = ((try? FileManager.default.contentsOfDirectory(at: profilesDir, includingPropertiesForKeys: nil)) ?? [])
    .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
let today = Day(year: 2026, month: 11, day: 21)!
for file in files {
    let (profile, diagnostics) = CatalogLoader.loadProfile(at: file, catalog: catalog)
    guard let profile, diagnostics.isEmpty else { print("\(file.lastPathComponent): has diagnostics, skipped"); continue }
    var best = Double.infinity
    var evaluated = 0
    for _ in 0..<5 {
        let t = seconds { evaluated = (try? Recommender(catalog: catalog, today: today).recommend(profile))?.candidatesEvaluated ?? 0 }
        best = min(best, t)
    }
    print("recommend \(file.lastPathComponent): \(String(format: "%.1f", best * 1000)) ms for \(evaluated) candidates (\(Int(Double(evaluated) / best)) candidates/s)")
}

// 3. Simulated requests per second of wall time: Llama 3.1 8B fp8 on an 80 GB GPU, 4 replicas at 150 req/s
// (about 60% busy), lognormal lengths around 1000 in / 250 out, 200,000 requests, one core.
if let model = catalog.models["meta-llama--Llama-3.1-8B"], let device = catalog.devices["h100-sxm"] {
    let point = DeploymentPoint(deviceID: device.id, weightPrecision: .fp8, kvPrecision: .fp8, batch: 256,
                                inputTokens: 1000, outputTokens: 250)
    let requests = Workload(arrivals: .poisson(ratePerSecond: 150),
                            lengths: .lognormal(inputMean: 1000, outputMean: 250, sigma: 0.6, maxInput: 8000, maxOutput: 2000))
        .generate(durationSeconds: 1_400, maxRequests: 200_000, seed: 1)
    var outcome: Simulation.Outcome?
    let t = seconds {
        outcome = try? Simulation.run(.init(model: model, device: device, point: point, calibration: nil,
                                            replicas: 4, requests: requests, warmupSeconds: 60)).get()
    }
    if let r = outcome?.result {
        print("simulate: \(requests.count) requests in \(String(format: "%.3f", t)) s = \(Int(Double(requests.count) / t)) simulated requests/s (p99 TTFT \(String(format: "%.1f", r.ttft.p99)) ms, \(r.requestsUnfinished) unfinished)")
    }
}
