import FuzzSupport
import InferCostStore

/// One importer's input (format `vllm`): parsed with a device and precision given, as `bench import`
/// does; accepted rows are written back as CSV and turned into calibration samples.
let context = ImportContext(deviceName: "h100-sxm", devices: 1, tensorParallel: 1, precisionText: "bf16")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let parsed = try? MeasurementImporter.parse(Fuzz.bytes(data, count), fileName: "fuzz-input", format: .vllm, context: context)
    else { return 0 }
    Fuzz.calibrate(parsed)
    return 0
}
