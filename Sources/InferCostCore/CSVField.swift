/// One CSV cell as every CSV writer of InferCost writes it (RFC 4180 quoting), made safe to open
/// in a spreadsheet: text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula, so it gets a leading `'` (OWASP's advice for CSV injection). Numbers,
/// negative ones included, are written as they are, and so is a lone `-` or `+` (a placeholder,
/// which no spreadsheet runs).
public enum CSVField {
    public static func escaped(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), Double(cell) == nil,
           cell != "-", cell != "+" {
            cell = "'" + cell
        }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
