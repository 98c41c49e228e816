/// The figures read so far, by metric and week, with the checks every file shares.
struct MetricsCollector {
    let definitions: [MetricDefinition]
    let currentWeek: ISOWeek?
    let diagnostics: DiagnosticEngine
    var points: [String: [ISOWeek: MetricPoint]] = [:]

    func definition(_ key: String) -> MetricDefinition? { definitions.first { $0.key == key } }

    func reportUnknown(_ key: String, at location: SourceLocation, in what: String) {
        let keys = definitions.map(\.key)
        let hint = Suggestions.closest(to: key, in: keys).map { "did you mean '\($0)'? " } ?? ""
        diagnostics.error("metric-unknown",
                          "unknown metric \(what) '\(key)'; \(hint)known metrics: \(keys.joined(separator: ", ")) (define others under metrics: in handbook.yml)",
                          at: location)
    }

    /// A week as written, checked: well formed, existing, not after the current week.
    func week(_ text: String, at location: SourceLocation) -> ISOWeek? {
        let week: ISOWeek
        do {
            week = try ISOWeek.parse(text)
        } catch {
            switch error {
            case .malformed:
                diagnostics.error("metric-week", text.isEmpty ? "the week is missing; write it as 2026-W45"
                                      : "'\(text)' is not an ISO week; write it as 2026-W45 (year, -W, two-digit week)", at: location)
            case .noSuchWeek(let year, let weeks):
                diagnostics.error("metric-week", "\(text) does not exist: \(year) has \(weeks) ISO weeks", at: location)
            }
            return nil
        }
        if let currentWeek, currentWeek < week {
            diagnostics.error("metric-future-week", "week \(week) is in the future (this is \(currentWeek))", at: location)
            return nil
        }
        return week
    }

    mutating func add(_ key: String, week: ISOWeek, text: String, at location: SourceLocation) {
        guard let value = MetricNumber.parse(text) else {
            let hint = text.hasSuffix("%") ? " (write \(text.dropLast()) for \(text))" : ""
            diagnostics.error("metric-value", "\(key) for \(week) must be a number, not '\(text)'\(hint)", at: location)
            return
        }
        if let first = points[key]?[week] {
            diagnostics.error("metric-duplicate", "\(key) for \(week) is given twice; the other is at \(first.location.file):\(first.location.line)",
                              at: location)
            return
        }
        points[key, default: [:]][week] = MetricPoint(week: week, value: value, location: location)
    }
}
