import InferCostCore

public struct BudgetRule: Rule {
    public var id: String { "budget" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "A profile can set a monthly budget; a deployment that costs more is out." }
    /// Without a cost it cannot fire.
    public var inputsWithoutCost: RuleInputs { .offer }
    public init() {}

    public func fires(_ c: RuleContext) -> Bool {
        guard let budget = c.profile.constraints.budgetUSDPerMonth, let monthly = c.cost?.monthly else { return false }
        return MonthlyCost(budget) < monthly  // exact, worked out only when the two are close
    }

    public func check(_ c: RuleContext) -> String? {
        guard fires(c), let budget = c.profile.constraints.budgetUSDPerMonth, let monthly = c.cost?.monthly?.usd
        else { return nil }
        return "costs $\(NumberFormat.usd(monthly))/month > budget $\(NumberFormat.usd(budget))"
    }
}
