import FuzzSupport
import InferCostCatalog
import InferCostCore

/// A catalog file's YAML: the first byte picks the kind (device, cloud offers, on-prem server,
/// model, cost defaults, currencies); the rest is the text, laid over the shipped catalog as an
/// overlay. When accepted, a profile is recommended over the offers the file touches.
let paths = [
    "devices/nvidia/h100-sxm.yaml", "offers/cloud/aws.yaml", "offers/onprem/hgx-h100-8gpu.yaml",
    "models/meta-llama--Llama-3.1-8B.yaml", "cost-defaults.yaml", "currencies.yaml",
]
let profile = CatalogLoader.loadProfile(text: """
    schema_version: 1
    name: fuzz
    model: meta-llama--Llama-3.1-8B
    precisions: {weights: [bf16, fp8], kv_cache: [bf16]}
    traffic: {requests_per_second: 5, peak_to_average: 2, input_tokens: 1000, output_tokens: 200}
    targets: {ttft_ms: 1000, tpot_ms: 50, percentile: 95}
    """, path: "fuzz.yaml", catalog: Fuzz.catalog).profile!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let path = paths[Int(data.load(as: UInt8.self)) % paths.count]
    let (merged, diagnostics) = CatalogLoader.validate(text: Fuzz.text(data + 1, count - 1), path: path, catalog: Fuzz.catalog)
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let touched = Fuzz.small(merged, keeping: { $0.deviceID == "h100-sxm" || $0.provider == "aws" || $0.id == "onprem/hgx-h100-8gpu" })
    Fuzz.recommend(profile, in: touched)
    return 0
}
