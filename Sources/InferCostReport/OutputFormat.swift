/// How a report is printed. Every format renders the same report value.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}
