/// Small inline SVG charts for the HTML report: horizontal bars for distributions,
/// a line for a trend. Every label is HTML-escaped; coordinates are written with one
/// decimal, so the same figures give the same bytes. No scripts, no external resources.
public enum SVGChart {
    /// One bar: its label, its length, and the text shown after it.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var text: String
        /// An in-document link (`#r-…`) for the bar, or nil.
        public var link: String?

        public init(label: String, value: Double, text: String, link: String? = nil) {
            self.label = label
            self.value = value
            self.text = text
            self.link = link
        }
    }

    /// One point of a line: its label on the x axis, its value (nil: no figure) and text.
    public struct Point: Sendable, Equatable {
        public var label: String
        public var value: Double?
        public var text: String

        public init(label: String, value: Double?, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    /// The width of a chart in a column of two, in user units (the page scales it).
    public static let narrow = 360.0
    /// The width of a chart across the page.
    public static let wide = 640.0
    static let rowHeight = 18.0
    static let fontSize = 10.0
    static let font = #"font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" font-size="10""#

    /// The width `text` takes at the chart's font size, estimated: wide (CJK) characters
    /// one em, others about 0.6 em.
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? fontSize : fontSize * 0.6) }
    }

    /// Horizontal bars, one row each, with the labels on the left (as wide as the longest,
    /// up to 45% of the chart), a zero axis and the largest value marked below, and each
    /// bar's text after it.
    public static func bars(_ bars: [Bar], title: String, width: Double = narrow) -> String {
        let top = 4.0, axis = 14.0
        let height = top + Double(bars.count) * rowHeight + axis
        let labelWidth = min(max(bars.map { textWidth($0.label) }.max() ?? 0, 20) + 8, width * 0.45)
        let plot = width - labelWidth - 40
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        var out = svgOpen(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let length = max(bar.value, 0) / maximum * plot
            var row = text(labelWidth - 5, y + 13, bar.label, anchor: "end")
            row += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(length))\" height=\"12\" fill=\"#4a6fa5\"/>"
            row += text(labelWidth + length + 4, y + 13, bar.text, anchor: "start")
            if let link = bar.link {
                out += "<a href=\"\(HTMLEscape.escape(link))\">\(row)</a>"
            } else {
                out += row
            }
        }
        let base = top + Double(bars.count) * rowHeight
        out += line(labelWidth, top, labelWidth, base, "#000")
        out += line(labelWidth, base, labelWidth + plot, base, "#000")
        out += text(labelWidth, base + 12, "0", anchor: "middle")
        out += text(labelWidth + plot, base + 12, number(maximum), anchor: "middle")
        return out + "</svg>"
    }

    /// A line over the points, left to right, with each value written above its point,
    /// the x labels below, the y axis from 0 (or the lowest value) to the highest, and
    /// the target as a dashed line with its value on the axis when there is one.
    public static func line(_ points: [Point], target: Double?, title: String, width: Double = narrow,
                            format: (Double) -> String) -> String {
        let right = 22.0, top = 16.0, plotHeight = 94.0
        let values = points.compactMap(\.value) + (target.map { [$0] } ?? [])
        let low = min(values.min() ?? 0, 0)
        var high = values.max() ?? 1
        if high <= low { high = low + 1 }
        // The y axis sits right of its widest label (`1639.0 h`), 44 points at least.
        let axisLabels = [format(high), format(low)] + (target.map { [format($0)] } ?? [])
        let left = max(44.0, (axisLabels.map(textWidth).max() ?? 0) + 8)
        let plotWidth = width - left - right
        // Points keep clear of the y axis, so that the first value does not overprint its labels.
        let inset = 18.0
        let xLabels = XLabels(points.map(\.label), spacing: points.count < 2 ? plotWidth : (plotWidth - 2 * inset) / Double(points.count - 1))
        let height = top + plotHeight + 6 + xLabels.height
        func x(_ index: Int) -> Double {
            points.count < 2 ? left + plotWidth / 2 : left + inset + Double(index) * (plotWidth - 2 * inset) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        var out = svgOpen(width: width, height: height, title: title)
        out += line(left, top, left, top + plotHeight, "#000")
        out += line(left, top + plotHeight, left + plotWidth, top + plotHeight, "#000")
        out += text(left - 4, y(high) + 4, format(high), anchor: "end")
        out += text(left - 4, y(low) + 4, format(low), anchor: "end")
        /// The box of the target's label on the axis (x from, x to, baseline), when it is drawn.
        var targetLabel: (from: Double, to: Double, baseline: Double)?
        if let target {
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y(target)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y(target)))\" stroke=\"#b00000\" stroke-dasharray=\"4 3\"/>"
            // On the axis, unless it would overprint the lowest or highest figure there.
            if abs(y(target) - y(high)) >= fontSize + 2, abs(y(target) - y(low)) >= fontSize + 2 {
                let label = format(target)
                out += text(left - 4, y(target) + 4, label, anchor: "end", fill: "#b00000")
                targetLabel = (left - 4 - textWidth(label), left - 4, y(target) + 4)
            }
        }
        /// The baseline of a point's value: above the point, or below it when above would
        /// run into the target's label (a first value equal to the target sits beside it) or
        /// be struck through by the target's dashed line, and below is clear of both.
        func valueBaseline(_ pointX: Double, _ pointY: Double, _ content: String) -> Double {
            let above = pointY - 6, below = pointY + fontSize + 6
            guard let target else { return above }
            let width = textWidth(content)
            func clear(_ baseline: Double) -> Bool {
                // The text's glyphs reach from about 8 units above the baseline to 2 below it.
                let line = y(target)
                let struck = line > baseline - fontSize + 1 && line < baseline + 2
                guard let label = targetLabel else { return !struck }
                let gap = 8.0
                let beside = pointX - width / 2 < label.to + gap && pointX + width / 2 > label.from - gap
                    && abs(baseline - label.baseline) < fontSize + 2
                return !struck && !beside
            }
            return clear(above) || below > top + plotHeight - 2 || !clear(below) ? above : below
        }
        // Consecutive points with figures are joined; a period without one leaves a gap.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 {
                out += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"#4a6fa5\" stroke-width=\"2\"/>"
            }
            segment = []
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { flush(); continue }
            segment.append(n(x(index)) + "," + n(y(value)))
        }
        flush()
        for (index, point) in points.enumerated() {
            out += xLabels.text(at: index, x: x(index), below: top + plotHeight)
            guard let value = point.value else {
                out += text(x(index), top + plotHeight - 4, point.text, anchor: "middle", fill: "#555")
                continue
            }
            out += "<circle cx=\"\(n(x(index)))\" cy=\"\(n(y(value)))\" r=\"3\" fill=\"#4a6fa5\"/>"
            out += text(x(index), valueBaseline(x(index), y(value), point.text), point.text, anchor: "middle")
        }
        return out + "</svg>"
    }

    /// The x labels of a line chart laid out so that neighbours never overprint: each on one
    /// line when they fit between the points; a range (`2026-07-04..2026-07-23`) on two lines,
    /// broken after its `..`; and, when they still do not fit, every other label one row lower.
    struct XLabels {
        let lines: [[String]]
        let staggered: Bool
        let lineHeight = 11.0

        init(_ labels: [String], spacing: Double) {
            let whole = labels.map { [$0] }
            func widest(_ lines: [[String]]) -> Double { lines.joined().map(SVGChart.textWidth).max() ?? 0 }
            // The width estimate is generous for digits and hyphens (about 0.55 em against
            // 0.6): labels whose estimates just meet still show a gap (`2026-05` under 7 months).
            if widest(whole) <= spacing {
                lines = whole
                staggered = false
                return
            }
            let broken = labels.map { label -> [String] in
                guard let range = label.range(of: "..") else { return [label] }
                return [String(label[..<range.upperBound]), String(label[range.upperBound...])]
            }
            lines = broken
            staggered = widest(broken) > spacing
        }

        /// Lines a label may take.
        var linesPerLabel: Int { lines.map(\.count).max() ?? 1 }

        /// From the x axis to the bottom of the lowest label.
        var height: Double { 14 + Double(linesPerLabel - 1 + (staggered ? linesPerLabel : 0)) * lineHeight }

        /// The label of point `index`, centred under `x`, starting below the x axis at `below`.
        func text(at index: Int, x: Double, below: Double) -> String {
            var baseline = below + 14
            if staggered && index % 2 == 1 { baseline += Double(linesPerLabel) * lineHeight }
            var out = ""
            for line in lines[index] {
                out += SVGChart.text(x, baseline, line, anchor: "middle")
                baseline += lineHeight
            }
            return out
        }
    }

    static func svgOpen(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" \(font)><title>\(HTMLEscape.escape(title))</title>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, fill: String = "#000") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\">\(HTMLEscape.escape(content))</text>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ stroke: String) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\"/>"
    }

    /// A coordinate with one decimal (`12`, `12.5`).
    static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }

    /// An axis figure: whole numbers as such, others with one decimal.
    static func number(_ value: Double) -> String { n(value) }
}
