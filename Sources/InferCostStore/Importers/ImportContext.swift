import InferCostCore

/// What a file does not say about itself and the user told `bench import` with flags:
/// the hardware a vLLM or GenAI-Perf run was measured on, and optional overrides.
public struct ImportContext: Sendable, Hashable {
    /// The device name as the catalog knows it (an id, a name or an alias); nil: the file's own, else "unknown".
    public var deviceName: String?
    /// Devices in the run (all replicas); nil: the file's own, else 1.
    public var devices: Int?
    public var tensorParallel: Int?
    /// Weight precision text (`fp8`, `bf16`, `Q4_K_M` ...); nil: the file's own, else unstated.
    public var precisionText: String?
    /// Overrides the model name the file gives (e.g. a served-model alias or a local path).
    public var modelName: String?
    /// Overrides the engine name (default per format: vLLM, llama.cpp, ...).
    public var engine: String?

    public init(deviceName: String? = nil, devices: Int? = nil, tensorParallel: Int? = nil,
                precisionText: String? = nil, modelName: String? = nil, engine: String? = nil) {
        self.deviceName = deviceName; self.devices = devices; self.tensorParallel = tensorParallel
        self.precisionText = precisionText; self.modelName = modelName; self.engine = engine
    }

    /// The device name to record when the file has none.
    public static let unknownDevice = "unknown"
}
