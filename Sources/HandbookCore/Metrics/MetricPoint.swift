/// One figure of one metric for one week, with where it was written.
public struct MetricPoint: Sendable, Hashable {
    public var week: ISOWeek
    public var value: Double
    public var location: SourceLocation
}
