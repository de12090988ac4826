import InferCostCore

public struct MissingSpecRule: Rule {
    public var id: String { "missing_spec" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "InferCost never guesses a spec or a price. A candidate whose estimate or cost needs a figure the catalog lacks is set aside, naming the figure to add." }
    /// Without a cost it reads only the estimate's missing figures.
    public var inputsWithoutCost: RuleInputs { .estimate }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool { !c.estimate.missing.isEmpty || !(c.cost?.missing.isEmpty ?? true) }

    public func check(_ c: RuleContext) -> String? {
        let missing = c.estimate.missing + (c.cost?.missing ?? [])
        guard !missing.isEmpty else { return nil }
        return "unknown: needs " + missing.joined(separator: ", ")
    }
}
