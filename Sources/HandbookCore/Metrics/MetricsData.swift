/// Every metric with its figures, in the order of the definitions.
public struct MetricsData: Sendable {
    public var series: [MetricSeries] = []
    /// The files the figures were read from.
    public var sources: [SourceFile] = []

    public init(series: [MetricSeries] = [], sources: [SourceFile] = []) {
        self.series = series
        self.sources = sources
    }

    public var releaseBlockers: [MetricSeries] { series.filter(\.isReleaseBlocker) }
}
