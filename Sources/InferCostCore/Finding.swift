/// What a rule said about a candidate.
public struct Finding: Sendable, Hashable, Encodable {
    public enum Severity: String, Sendable, Encodable { case reject, warning }
    /// The rule's stable snake_case id (docs/rules.md).
    public var ruleID: String
    public var severity: Severity
    /// A reason a person can act on.
    public var message: String
    public init(ruleID: String, severity: Severity, message: String) {
        self.ruleID = ruleID; self.severity = severity; self.message = message
    }
    enum CodingKeys: String, CodingKey { case ruleID = "rule", severity, message }
}
