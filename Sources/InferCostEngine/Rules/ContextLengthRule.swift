import InferCostCore

public struct ContextLengthRule: Rule {
    public let id = "context_length"
    public let severity = Finding.Severity.reject
    public let rationale = "Input plus output tokens must fit the model's context window, or the request cannot be served at all."
    public let inputs = RuleInputs.configuration
    public init() {}

    public func check(_ c: RuleContext) -> String? {
        let tokens = c.point.inputTokens + c.point.outputTokens
        guard tokens > c.model.maxContextTokens else { return nil }
        return "\(tokens) tokens per request exceed \(c.model.name)'s context of \(c.model.maxContextTokens)"
    }
}
