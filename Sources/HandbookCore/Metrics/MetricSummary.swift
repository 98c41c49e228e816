/// A metric's weeks in words: the chart's title and text description, and the page's summaries.
enum MetricSummary {
    static func chartTitle(_ series: MetricSeries) -> String {
        guard let first = series.points.first?.week, let last = series.points.last?.week else { return series.definition.title }
        return first == last ? "\(series.definition.title), \(first)" : "\(series.definition.title), weekly, \(first) to \(last)"
    }

    /// Range, extremes, the latest step, the target and the gaps, as sentences.
    static func describe(_ series: MetricSeries) -> String {
        let definition = series.definition
        guard let first = series.points.first, let last = series.points.last else { return "No figures yet." }
        var sentences: [String] = []
        let direction = definition.worse == .higher ? "higher is worse" : "lower is worse"
        if series.points.count == 1 {
            sentences.append("\(definition.format(last.value)) in \(last.week) (\(direction)).")
        } else {
            sentences.append("From \(definition.format(first.value)) in \(first.week) to \(definition.format(last.value)) in \(last.week) (\(direction)).")
            let lowest = series.points.min { $0.value < $1.value }!, highest = series.points.max { $0.value < $1.value }!
            sentences.append("Lowest \(definition.format(lowest.value)) in \(lowest.week), highest \(definition.format(highest.value)) in \(highest.week).")
        }
        sentences.append(trend(series))
        if let targetText = definition.targetText, let meets = definition.meetsTarget(last.value) {
            sentences.append("Target \(targetText): the latest figure is \(meets ? "on target" : "off target").")
        }
        let missing = series.missingWeeks
        if !missing.isEmpty {
            let listed = missing.prefix(6).map(\.description).joined(separator: ", ")
            sentences.append("No figure for \(listed)\(missing.count > 6 ? " and \(missing.count - 6) more weeks" : "") (drawn as a gap).")
        }
        return sentences.joined(separator: " ")
    }

    /// The latest week against the week before, and the release rule.
    static func trend(_ series: MetricSeries) -> String {
        guard let lastIndex = series.points.indices.last else { return "" }
        let last = series.points[lastIndex]
        let streak = series.worseningStreak(endingAt: lastIndex)
        if streak >= 2 {
            return "Worse than the week before for \(streak) weeks in a row, up to \(last.week): release blocker."
        }
        guard let before = series.previous(of: lastIndex) else {
            return lastIndex == 0 ? "No earlier week to compare with." : "\(last.week.previous) has no figure, so \(last.week) is not compared."
        }
        let change = series.definition.formatChange(last.value - before.value)
        switch series.step(at: lastIndex) {
        case .worse: return "\(last.week) was worse than \(before.week) (\(change))."
        case .better: return "\(last.week) was better than \(before.week) (\(change))."
        case .same, .none: return "\(last.week) was the same as \(before.week)."
        }
    }
}
