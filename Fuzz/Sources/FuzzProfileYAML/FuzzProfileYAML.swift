import FuzzSupport
import InferCostCatalog

/// A profile's YAML: loaded against the shipped catalog; when accepted, recommended over a few offers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let (profile, _) = CatalogLoader.loadProfile(text: Fuzz.text(data, count), path: "fuzz-profile.yaml", catalog: Fuzz.catalog)
    if let profile { Fuzz.recommend(profile, in: Fuzz.small(Fuzz.catalog)) }
    return 0
}
