import Foundation
import InferCostCore

/// The throughput / interactivity chart of a tune result: x = tokens per second per user, y = tokens
/// per second per device; the frontier joined, feasible points filled, the sweet spot marked.
enum TunePlot {
    static func plotted(_ r: TuneResult) -> [(index: Int, point: TuneResult.Point)] {
        r.points.enumerated().filter { $0.element.batch > 0 && $0.element.tokensPerSecondPerDevice > 0 }.map { ($0.offset, $0.element) }
    }

    /// A character plot for a terminal: `*` sweet spot, `F` feasible frontier point, `f` frontier point
    /// that misses a target, `o` other feasible point, `.` other.
    static func text(_ r: TuneResult, width: Int = 64, height: Int = 16) -> String {
        let points = plotted(r)
        guard let maxX = points.map(\.point.tokensPerSecondPerUser).max(), let maxY = points.map(\.point.tokensPerSecondPerDevice).max(),
              maxX > 0, maxY > 0 else { return "(nothing to plot)" }
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        func rank(_ c: Character) -> Int { ["*": 4, "F": 3, "f": 2, "o": 1, ".": 0][c] ?? -1 }
        for (i, p) in points where p.tokensPerSecondPerUser.isFinite && p.tokensPerSecondPerDevice.isFinite {
            let x = min(width - 1, Int(max(0, p.tokensPerSecondPerUser / maxX * Double(width - 1))))
            let y = min(height - 1, Int(max(0, p.tokensPerSecondPerDevice / maxY * Double(height - 1))))
            let mark: Character = i == r.sweetSpot ? "*" : p.onFrontier ? (p.feasible ? "F" : "f") : p.feasible ? "o" : "."
            if rank(mark) > rank(grid[height - 1 - y][x]) { grid[height - 1 - y][x] = mark }
        }
        let label = NumberFormat.short(maxY)
        var lines = ["tok/s per device (max \(label))"]
        for row in grid { lines.append("|" + String(row)) }
        lines.append("+" + String(repeating: "-", count: width))
        lines.append(" tok/s per user -> (max \(NumberFormat.short(maxX)))   * sweet spot  F/f frontier (meets/misses)  o feasible  . other")
        return lines.joined(separator: "\n")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func svg(_ r: TuneResult) -> String {
        let (w, h, left, bottom, top, right) = (720.0, 440.0, 70.0, 50.0, 40.0, 20.0)
        let points = plotted(r)
        let maxX = max(points.map(\.point.tokensPerSecondPerUser).max() ?? 1, 1e-9) * 1.05
        let maxY = max(points.map(\.point.tokensPerSecondPerDevice).max() ?? 1, 1e-9) * 1.05
        func sx(_ x: Double) -> Double { left + x / maxX * (w - left - right) }
        func sy(_ y: Double) -> Double { h - bottom - y / maxY * (h - bottom - top) }
        func f(_ x: Double) -> String { NumberFormat.fixed(x, 1) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">"]
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        out.append("<text x=\"\(f(left))\" y=\"24\" font-size=\"14\" font-weight=\"bold\">\(escape("\(r.modelID) on \(r.devices) x \(r.deviceID): throughput vs interactivity"))</text>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(h - bottom))\" x2=\"\(f(w - right))\" y2=\"\(f(h - bottom))\" stroke=\"black\"/>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(h - bottom))\" stroke=\"black\"/>")
        for k in 0...4 {
            let x = maxX * Double(k) / 4, y = maxY * Double(k) / 4
            out.append("<text x=\"\(f(sx(x)))\" y=\"\(f(h - bottom + 16))\" text-anchor=\"middle\">\(NumberFormat.short(x))</text>")
            out.append("<text x=\"\(f(left - 6))\" y=\"\(f(sy(y) + 4))\" text-anchor=\"end\">\(NumberFormat.short(y))</text>")
        }
        out.append("<text x=\"\(f((left + w - right) / 2))\" y=\"\(f(h - 12))\" text-anchor=\"middle\">tokens per second per user (1000 / TPOT ms)</text>")
        out.append("<text transform=\"translate(16 \(f((top + h - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">output tokens per second per device</text>")
        let frontier = points.filter(\.point.onFrontier).sorted { $0.point.tokensPerSecondPerUser < $1.point.tokensPerSecondPerUser }
        if frontier.count > 1 {
            let path = frontier.map { "\(f(sx($0.point.tokensPerSecondPerUser))),\(f(sy($0.point.tokensPerSecondPerDevice)))" }.joined(separator: " ")
            out.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>")
        }
        for (i, p) in points {
            let fill = i == r.sweetSpot ? "#d62728" : p.feasible ? "#1f77b4" : "#bbbbbb"
            let title = escape("\(p.weightPrecision.rawValue)/\(p.kvPrecision.rawValue) TP\(p.tensorParallel) PP\(p.pipelineParallel) batch \(p.batch): \(NumberFormat.short(p.tokensPerSecondPerDevice)) tok/s/device, TPOT \(NumberFormat.short(p.tpotMs)) ms")
            out.append("<circle cx=\"\(f(sx(p.tokensPerSecondPerUser)))\" cy=\"\(f(sy(p.tokensPerSecondPerDevice)))\" r=\"\(i == r.sweetSpot ? "6" : "3.5")\" fill=\"\(fill)\"><title>\(title)</title></circle>")
        }
        if let s = r.sweetSpot {
            let p = r.points[s]
            out.append("<text x=\"\(f(sx(p.tokensPerSecondPerUser) + 9))\" y=\"\(f(sy(p.tokensPerSecondPerDevice) - 8))\" fill=\"#d62728\">\(escape("sweet spot: \(p.weightPrecision.rawValue), TP \(p.tensorParallel), batch \(p.batch)"))</text>")
        }
        out.append("<text x=\"\(f(w - right))\" y=\"24\" text-anchor=\"end\" fill=\"#555\">red: sweet spot, blue: meets targets, grey: misses; line: frontier</text>")
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}
