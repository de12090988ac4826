import InferCostCore

public struct DeviceLimitRule: Rule {
    public var id: String { "device_limit" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "A profile can cap the number of devices (rack space, allocation, quota)." }
    public var inputs: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        guard let max = c.profile.constraints.maxDevices, c.plan != nil else { return false }
        return c.totalDevices > max
    }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c), let max = c.profile.constraints.maxDevices else { return nil }
        return "\(c.totalDevices) devices > max_devices \(max)"
    }
}
