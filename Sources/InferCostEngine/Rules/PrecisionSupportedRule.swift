import InferCostCore

public struct PrecisionSupportedRule: Rule {
    public var id: String { "precision_supported" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "A device can only run weight and KV-cache formats its hardware and serving stacks support (e.g. no fp8 on A100, no fp4 before Blackwell)." }
    public var inputs: RuleInputs { .configuration }
    public init() {}

    /// Checked for every configuration and price, and fires for most of a mixed catalog's: without the message.
    public func fires(_ c: RuleContext) -> Bool {
        !c.device.supports(c.point.weightPrecision) || (c.model.kind == .decoder && !c.device.supports(c.point.kvPrecision))
    }

    public func check(_ c: RuleContext) -> String? {
        let p = c.point
        if !c.device.supports(p.weightPrecision) {
            return "\(c.device.name) does not run \(p.weightPrecision.rawValue) weights (supports \(c.device.precisions.map(\.rawValue).joined(separator: ", ")))"
        }
        if c.model.kind == .decoder && !c.device.supports(p.kvPrecision) {
            return "\(c.device.name) does not run a \(p.kvPrecision.rawValue) KV cache"
        }
        return nil
    }
}
