import Foundation

/// Hand-written SVG charts over minutes: bars for counts, a line for ratios (0…100 %).
/// No script and no style attribute (the console's Content-Security-Policy allows neither
/// inline); the look comes from classes in the console's style sheet.
enum ConsoleCharts {
    static let width = 420.0, height = 160.0
    static let left = 36.0, right = 10.0, top = 10.0, bottom = 22.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    /// Bars of `series` (minute → count) over `[from, to]` minutes.
    static func bars(_ series: [Int: Int], from: Int, to: Int, title: String, empty: String) -> String {
        let points = series.filter { $0.key >= from && $0.key <= to }
        let maximum = max(1, points.values.max() ?? 0)
        let top = niceCeiling(Double(maximum))
        let span = Double(max(1, to - from + 1))
        let barWidth = max(1, plotWidth / span - 0.5)
        var body = ""
        for (minute, count) in points.sorted(by: { $0.key < $1.key }) where count > 0 {
            let x = left + Double(minute - from) / span * plotWidth
            let h = Double(count) / top * plotHeight
            body += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(self.top + plotHeight - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\">"
                + "<title>\(HTML.text(clock(minute))): \(count)</title></rect>"
        }
        let labels = [0, top / 2, top].map { ($0, formatCount($0)) }
        return frame(title: title, body: body, yLabels: labels, yMax: top, from: from, to: to,
                     empty: points.values.contains { $0 > 0 } ? nil : empty)
    }

    /// A line of `series` (minute → ratio 0…1) over `[from, to]` minutes, in percent.
    static func line(_ series: [Int: Double], from: Int, to: Int, title: String, empty: String) -> String {
        let points = series.filter { $0.key >= from && $0.key <= to && $0.value.isFinite }.sorted { $0.key < $1.key }
        let span = Double(max(1, to - from))
        func position(_ minute: Int, _ value: Double) -> (Double, Double) {
            (left + Double(minute - from) / span * plotWidth, top + plotHeight - min(1, max(0, value)) * plotHeight)
        }
        var body = ""
        if points.count > 1 {
            let path = points.map { position($0.key, $0.value) }.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            body += "<polyline class=\"line\" points=\"\(path)\"/>"
        }
        for (minute, value) in points {
            let (x, y) = position(minute, value)
            body += "<circle class=\"dot\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"2.5\"><title>\(HTML.text(clock(minute))): "
                + "\(HTML.text(ConsolePage.percent(value)))</title></circle>"
        }
        return frame(title: title, body: body, yLabels: [(0, "0%"), (0.5, "50%"), (1, "100%")], yMax: 1, from: from, to: to,
                     empty: points.isEmpty ? empty : nil)
    }

    /// The axes, grid, labels and title around a chart's marks.
    private static func frame(title: String, body: String, yLabels: [(Double, String)], yMax: Double, from: Int, to: Int,
                              empty: String?) -> String {
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.text(title))\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.text(title))</title>"
        for (value, label) in yLabels {
            let y = top + plotHeight - value / yMax * plotHeight
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\"/>"
            svg += "<text class=\"axis\" x=\"\(f(left - 4))\" y=\"\(f(y + 3))\" text-anchor=\"end\">\(HTML.text(label))</text>"
        }
        let middle = from + (to - from) / 2
        for (minute, anchor) in [(from, "start"), (middle, "middle"), (to, "end")] {
            let x = left + Double(minute - from) / Double(max(1, to - from)) * plotWidth
            svg += "<text class=\"axis\" x=\"\(f(x))\" y=\"\(f(height - 6))\" text-anchor=\"\(anchor)\">\(HTML.text(clock(minute)))</text>"
        }
        svg += body
        if let empty {
            svg += "<text class=\"nodata\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\">"
                + "\(HTML.text(empty))</text>"
        }
        return svg + "</svg>"
    }

    /// 1, 2, 5, 10, 20, 50… at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        var step = 1.0
        while true {
            for factor in [1.0, 2.0, 5.0] where step * factor >= value { return step * factor }
            step *= 10
        }
    }

    static func formatCount(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// HH:mm (UTC) of a minute.
    static func clock(_ minute: Int) -> String {
        let total = ((minute % 1440) + 1440) % 1440
        return String(format: "%02d:%02d", total / 60, total % 60)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
