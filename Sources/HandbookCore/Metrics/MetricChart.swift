/// A metric's weeks as a small inline SVG line chart: no script, scaled to the data (and the
/// target), axis labels, a dashed target line, a break in the line at every missing week. Colors
/// come from `currentColor` and the theme's CSS custom properties, so it follows light and dark.
/// `role="img"` with a `<title>` and a `<desc>` that states the trend in words.
///
/// The axis labels are HTML placed over the SVG by percentages (`.chart-labels`), not SVG text:
/// SVG text scales with the drawing and fell to 7 px on a phone; HTML text stays 12 px at any
/// width. A rate (percent, ratio) is drawn from zero, so a small change does not look steep.
/// Every worsening week of a blocking run is marked, and the run is shaded.
struct MetricChart {
    let series: MetricSeries

    static let width = 640.0, height = 200.0
    static let left = 64.0, right = 16.0, top = 14.0, bottom = 34.0
    static let maxWeekLabels = 6

    /// The SVG element; `id` makes the title and description ids unique in the page.
    func svg(id: String) -> String { parts(id: id).svg }

    /// The chart as the page shows it: the SVG with its axis labels over it.
    func html(id: String) -> String {
        let (svg, labels) = parts(id: id)
        guard !svg.isEmpty else { return "" }
        return "<div class=\"chart-box\">" + svg + "\n<div class=\"chart-labels metric-axis-labels\" aria-hidden=\"true\">"
            + labels + "</div></div>"
    }

    func parts(id: String) -> (svg: String, labels: String) {
        let definition = series.definition
        guard let first = series.points.first?.week, let last = series.points.last?.week else { return ("", "") }
        let isRate = definition.unit == .percent || definition.unit == .ratio
        let nonNegative = series.points.allSatisfy { $0.value >= 0 }
        let scale = MetricScale(values: series.points.map(\.value) + [definition.target].compactMap { $0 }
                                    + (isRate && nonNegative ? [0] : []),
                                nonNegative: nonNegative)
        let weekCount = first.weeks(until: last) + 1
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func x(_ week: ISOWeek) -> Double {
            weekCount == 1 ? Self.left + plotWidth / 2 : Self.left + plotWidth * Double(first.weeks(until: week)) / Double(weekCount - 1)
        }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - scale.fraction(value)) }
        func n(_ value: Double) -> String { MetricNumber.format(value, decimals: 1) }

        let titleID = id + "-title", descriptionID = id + "-desc"
        func percent(_ value: Double, of total: Double) -> String { MetricNumber.format(value / total * 100, decimals: 2) + "%" }
        var labels: [String] = []
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"metric-chart\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\""
            + " role=\"img\" aria-labelledby=\"\(titleID) \(descriptionID)\" font-size=\"12\">\n"
        svg += "<title id=\"\(titleID)\">\(HTML.escape(MetricSummary.chartTitle(series)))</title>\n"
        svg += "<desc id=\"\(descriptionID)\">\(HTML.escape(MetricSummary.describe(series)))</desc>\n"

        // The value axis: a grid line and a label a tick.
        svg += "<g class=\"metric-grid\" stroke=\"currentColor\" stroke-opacity=\"0.18\">\n"
        for tick in scale.ticks {
            svg += "<line x1=\"\(n(Self.left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(Self.width - Self.right))\" y2=\"\(n(y(tick)))\"/>\n"
        }
        svg += "</g>\n"
        for tick in scale.ticks {
            labels.append("<span class=\"y\" style=\"left:\(percent(Self.left, of: Self.width));top:\(percent(y(tick), of: Self.height))\">\(HTML.escape(definition.format(tick)))</span>")
        }
        // The week axis: at most a few labels, always the first and the last week.
        let stride = max(1, Int((Double(weekCount) / Double(Self.maxWeekLabels)).rounded(.up)))
        var labelled = Swift.stride(from: 0, to: weekCount, by: stride).map { $0 }
        if let final = labelled.last, final != weekCount - 1 {
            if weekCount - 1 - final < (stride + 1) / 2 { labelled.removeLast() }
            labelled.append(weekCount - 1)
        }
        for (number, offset) in labelled.enumerated() {
            let week = ISOWeek.containing(day: first.monday + 7 * offset)
            let place = weekCount == 1 ? "" : offset == 0 ? " first" : offset == weekCount - 1 ? " last" : number % 2 == 1 ? " minor" : ""
            labels.append("<span class=\"x\(place)\" style=\"left:\(percent(x(week), of: Self.width));top:\(percent(Self.top + plotHeight, of: Self.height))\">\(week)</span>")
        }
        svg += "<line class=\"metric-axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.top + plotHeight))\" x2=\"\(n(Self.width - Self.right))\" y2=\"\(n(Self.top + plotHeight))\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>\n"

        if let target = definition.target {
            let targetY = n(y(target))
            svg += "<g class=\"metric-target\" stroke=\"currentColor\" fill=\"currentColor\">\n"
            svg += "<line x1=\"\(n(Self.left))\" y1=\"\(targetY)\" x2=\"\(n(Self.width - Self.right))\" y2=\"\(targetY)\" stroke-dasharray=\"6 4\"/>\n"
            svg += "</g>\n"
            labels.append("<span class=\"target-label\" style=\"left:\(percent(Self.width - Self.right, of: Self.width));top:\(percent(y(target), of: Self.height))\">target \(HTML.escape(definition.format(target)))</span>")
        }

        // The blocking runs, shaded from the week before the first worse week to the last.
        let marked = series.points.indices.filter(series.isInBlockingRun)
        for index in marked where index == 0 || !marked.contains(index - 1) {
            var end = index
            while marked.contains(end + 1) { end += 1 }
            let from = x(series.points[max(0, index - 1)].week), to = x(series.points[end].week)
            svg += "<rect class=\"degrading-band\" x=\"\(n(from - 6))\" y=\"\(n(Self.top))\" width=\"\(n(to - from + 12))\" height=\"\(n(plotHeight))\"/>\n"
        }
        // The line, broken at every gap: one polyline a run of consecutive weeks.
        svg += "<g class=\"metric-line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\">\n"
        for run in runs() where run.count > 1 {
            let points = run.map { "\(n(x(series.points[$0].week))),\(n(y(series.points[$0].value)))" }
            svg += "<polyline points=\"\(points.joined(separator: " "))\"/>\n"
        }
        svg += "</g>\n<g class=\"metric-points\" fill=\"currentColor\">\n"
        for (index, point) in series.points.enumerated() {
            let degrading = series.isInBlockingRun(index)
            svg += "<circle class=\"\(degrading ? "metric-point degrading" : "metric-point")\" cx=\"\(n(x(point.week)))\" cy=\"\(n(y(point.value)))\" r=\"\(degrading ? "4.5" : "3.5")\">"
                + "<title>\(point.week): \(HTML.escape(definition.format(point.value)))\(degrading ? " (worse than the week before, in a run of two or more)" : "")</title></circle>\n"
        }
        svg += "</g>\n</svg>"
        return (svg, labels.joined())
    }

    /// Indices of the points, grouped into runs of consecutive weeks.
    func runs() -> [[Int]] {
        var runs: [[Int]] = []
        for index in series.points.indices {
            if series.previous(of: index) != nil, !runs.isEmpty {
                runs[runs.count - 1].append(index)
            } else {
                runs.append([index])
            }
        }
        return runs
    }
}
