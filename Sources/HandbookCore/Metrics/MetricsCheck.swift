/// The release rule as a diagnostic: a metric worse than the week before for two weeks in a row is
/// reported as `metric-degrading` (a warning, so `--strict` makes it fail the build) at the place its
/// latest figure was written.
struct MetricsCheck {
    let diagnostics: DiagnosticEngine

    func run(_ metrics: MetricsData) {
        for series in metrics.releaseBlockers {
            guard let last = series.points.indices.last else { continue }
            let streak = series.worseningStreak(endingAt: last)
            let run = series.points[(last - streak)...].map { "\(series.definition.format($0.value)) in \($0.week)" }
            diagnostics.warning("metric-degrading",
                                "\(series.definition.title) (\(series.definition.key)) got worse \(streak) weeks in a row (\(run.joined(separator: ", "))): release blocker",
                                at: series.points[last].location)
        }
    }
}
