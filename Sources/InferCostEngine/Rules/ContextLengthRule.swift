import InferCostCore

public struct ContextLengthRule: Rule {
    public var id: String { "context_length" }
    public var severity: Finding.Severity { .reject }
    public var rationale: String { "Input plus output tokens must fit the model's context window, or the request cannot be served at all." }
    public var inputs: RuleInputs { .configuration }
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        let tokens = c.point.inputTokens + c.point.outputTokens
        guard tokens > c.model.maxContextTokens else { return nil }
        return "\(tokens) tokens per request exceed \(c.model.name)'s context of \(c.model.maxContextTokens)"
    }
}
