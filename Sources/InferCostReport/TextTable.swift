import Foundation
import InferCostCore

/// A plain fixed-width text table: left-aligned text, right-aligned numbers.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    /// The table narrowed to `width` characters (nil: no limit) by dropping columns in `dropOrder`
    /// (least important first) until it fits, and the names of the columns dropped.
    func fitted(to width: Int?, dropOrder: [Int]) -> (table: TextTable, dropped: [String]) {
        guard let width else { return (self, []) }
        var kept = Array(header.indices)
        var dropped: [String] = []
        func project(_ columns: [Int]) -> TextTable {
            TextTable(header: columns.map { header[$0] }, rows: rows.map { row in columns.map { row.indices.contains($0) ? row[$0] : "" } },
                      rightAligned: Set(columns.enumerated().filter { rightAligned.contains($0.element) }.map(\.offset)))
        }
        for column in dropOrder where project(kept).width > width {
            kept.removeAll { $0 == column }
            dropped.append(header[column])
        }
        return (project(kept), dropped)
    }

    /// The table's lines narrowed to `width`, with a closing note naming what was hidden.
    static func fittedLines(_ table: TextTable, width: Int?, dropOrder: [Int]) -> [String] {
        let (fitted, dropped) = table.fitted(to: width, dropOrder: dropOrder)
        var out = [fitted.render()]
        if !dropped.isEmpty { out.append("(hidden to fit \(width ?? 0) columns: \(dropped.joined(separator: ", ")); --wide or another --format shows all)") }
        return out
    }

    /// Characters in the widest line.
    var width: Int {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        return widths.reduce(0, +) + 2 * max(widths.count - 1, 0)
    }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    /// The same table as GitHub Markdown.
    func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map(Escape.markdown).joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// CSV and Markdown cell escaping.
enum Escape {
    static func csv(_ s: String) -> String { CSVField.escaped(s) }
    static func markdown(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
