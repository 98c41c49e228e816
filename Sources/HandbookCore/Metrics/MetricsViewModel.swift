/// The metrics page's view model, and the home page's release blockers (issue 6).
extension ViewModels {
    static let metricsPath = "metrics/index.html"

    func metricsIndex() -> Model {
        let path = Self.metricsPath
        var model = common(outputPath: path, title: "Metrics", section: "metrics")
        let metrics = handbook.metrics
        let reported = metrics.series.filter { !$0.points.isEmpty }
        model["metrics"] = reported.map(metricModel)
        model["unreported"] = metrics.series.filter { $0.points.isEmpty }
            .map { ["key": $0.definition.key, "title": $0.definition.title] as Model }
        model["releaseBlockers"] = metricBlockers(from: path)
        model["weeks"] = weekRows(reported)
        model["sources"] = metrics.sources.map { $0.repositoryPath ?? $0.path }
        return model
    }

    /// The metrics that block the release, with a link to each one's section.
    func metricBlockers(from outputPath: String) -> [Model] {
        handbook.metrics.releaseBlockers.map { series in
            var model: Model = ["key": series.definition.key, "title": series.definition.title,
                                "url": Path.relativeURL(from: outputPath, to: Self.metricsPath) + "#" + Self.anchor(series),
                                "summary": MetricSummary.trend(series)]
            if let last = series.latest {
                model["value"] = series.definition.format(last.value)
                model["week"] = last.week.description
            }
            return model
        }
    }

    static func anchor(_ series: MetricSeries) -> String { "metric-" + series.definition.key }

    private func metricModel(_ series: MetricSeries) -> Model {
        let definition = series.definition
        let anchor = Self.anchor(series)
        var model: Model = ["key": definition.key, "title": definition.title, "unit": definition.unit.rawValue,
                            "worse": definition.worse.rawValue, "anchor": anchor,
                            "releaseBlocker": series.isReleaseBlocker,
                            "chart": MetricChart(series: series).html(id: anchor + "-chart"),
                            "summary": MetricSummary.describe(series)]
        if let last = series.latest {
            model["current"] = ["value": definition.format(last.value), "week": last.week.description] as Model
            if let targetText = definition.targetText, let meets = definition.meetsTarget(last.value) {
                model["target"] = ["text": targetText, "met": meets, "status": meets ? "met" : "missed",
                                   "state": meets ? "on target" : "off target"] as Model
            }
        }
        if let delta = series.latestChange, let last = series.points.indices.last {
            model["change"] = ["text": definition.formatChange(delta), "step": series.step(at: last).rawValue] as Model
        }
        return model
    }

    /// Every week from the first figure to the last, newest first, a cell a reported metric.
    private func weekRows(_ reported: [MetricSeries]) -> [Model] {
        let weeks = reported.flatMap { $0.points.map(\.week) }
        guard let first = weeks.min(), let last = weeks.max() else { return [] }
        let indexed = reported.map { series in
            Dictionary(uniqueKeysWithValues: series.points.enumerated().map { ($0.element.week, $0.offset) })
        }
        var rows: [Model] = []
        var week = last
        while true {
            let cells: [Model] = reported.indices.map { column in
                let series = reported[column]
                guard let index = indexed[column][week] else {
                    return ["text": "no figure", "missing": true, "step": "none", "worse": false, "better": false, "blocker": false]
                }
                let step = series.step(at: index)
                return ["text": series.definition.format(series.points[index].value), "missing": false, "step": step.rawValue,
                        "worse": step == .worse, "better": step == .better, "blocker": series.blocksAt(index)]
            }
            rows.append(["week": week.description, "monday": week.mondayDate, "cells": cells])
            if week == first { break }
            week = week.previous
        }
        return rows
    }
}
