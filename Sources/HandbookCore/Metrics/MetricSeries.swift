/// A metric's figures, oldest week first, and the release rule read from them.
public struct MetricSeries: Sendable {
    /// How a week compares with the week just before it.
    public enum Step: String, Sendable, Equatable {
        case worse, better, same
        /// The first figure, or the week before has no figure: a gap is never compared across.
        case none
    }

    public var definition: MetricDefinition
    /// Sorted by week; at most one a week.
    public var points: [MetricPoint]

    public init(definition: MetricDefinition, points: [MetricPoint]) {
        self.definition = definition
        self.points = points.sorted { $0.week < $1.week }
    }

    /// The point before `index` when it is the week just before; nil across a gap.
    public func previous(of index: Int) -> MetricPoint? {
        guard index > 0, points[index - 1].week == points[index].week.previous else { return nil }
        return points[index - 1]
    }

    public func step(at index: Int) -> Step {
        guard let before = previous(of: index) else { return .none }
        let value = points[index].value
        if definition.isWorse(value, than: before.value) { return .worse }
        if value == before.value { return .same }
        return .better
    }

    /// How many weeks in a row, up to the point at `index`, were each worse than the week before.
    public func worseningStreak(endingAt index: Int) -> Int {
        var count = 0
        var current = index
        while current >= 0, step(at: current) == .worse {
            count += 1
            current -= 1
        }
        return count
    }

    /// The rule: the latest figure is worse than the week before, which was worse than the week before it.
    public var isReleaseBlocker: Bool {
        guard let last = points.indices.last else { return false }
        return worseningStreak(endingAt: last) >= 2
    }

    /// Whether the week at `index` is a worsening week of a run that blocks (two or more worse
    /// weeks in a row): every such week is marked on the chart, not only the last.
    public func isInBlockingRun(_ index: Int) -> Bool {
        guard step(at: index) == .worse else { return false }
        var end = index
        while end + 1 < points.count, step(at: end + 1) == .worse { end += 1 }
        return worseningStreak(endingAt: end) >= 2
    }

    /// Whether the rule held at the week of `index` (shown in the table, for history).
    public func blocksAt(_ index: Int) -> Bool { worseningStreak(endingAt: index) >= 2 }

    public var latest: MetricPoint? { points.last }

    /// The latest week's change from the week before; nil when that week has no figure.
    public var latestChange: Double? {
        guard let last = points.indices.last, let before = previous(of: last) else { return nil }
        return points[last].value - before.value
    }

    /// The weeks between the first and the last figure that have none.
    public var missingWeeks: [ISOWeek] {
        guard var week = points.first?.week, let last = points.last?.week else { return [] }
        let present = Set(points.map(\.week))
        var missing: [ISOWeek] = []
        while week < last {
            week = week.next
            if !present.contains(week) { missing.append(week) }
        }
        return missing
    }
}
