import FuzzSupport
import InferCostCatalog
import InferCostCore
import InferCostEngine

/// A Hugging Face config.json: an accepted config's model file must validate (the importer's
/// promise), and the model must estimate on a device without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let (model, _) = HuggingFaceConfigImporter.importConfig(text: Fuzz.text(data, count), path: "config.json",
                                                             id: "fuzz--Model", source: "fuzz", asOf: Fuzz.today)
    guard let model else { return 0 }
    let yaml = HuggingFaceConfigImporter.yaml(for: model)
    let (_, diagnostics) = CatalogLoader.validate(text: yaml, path: "models/fuzz--Model.yaml", catalog: Fuzz.catalog)
    Fuzz.require(!diagnostics.contains { $0.severity == .error }, "imported model does not validate:\n\(yaml)\n\(diagnostics.map(\.rendered))")
    if let device = Fuzz.catalog.devices["h100-sxm"] {
        let point = DeploymentPoint(deviceID: device.id, weightPrecision: .bf16, kvPrecision: .bf16, batch: 8,
                                    inputTokens: 1000, outputTokens: 200)
        _ = PerformanceModel(model: model, device: device).estimate(point)
    }
    return 0
}
