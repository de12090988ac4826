import InferCostCore

public struct IncompleteCostRule: Rule {
    public var id: String { "incomplete_cost" }
    public var severity: Finding.Severity { .warning }
    public var rationale: String { "When a server's host price or host power is not sourced, the cost counts only what is known and says what it leaves out; such an option always ranks after every option whose cost is complete." }
    /// Without a cost there are no caveats: it cannot fire.
    public var inputsWithoutCost: RuleInputs { .offer }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool { !(c.cost?.caveats.isEmpty ?? true) }

    public func check(_ c: RuleContext) -> String? {
        guard let caveats = c.cost?.caveats, !caveats.isEmpty else { return nil }
        return caveats.joined(separator: "; ")
    }
}
