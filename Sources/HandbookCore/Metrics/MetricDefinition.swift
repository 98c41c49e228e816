/// A metric the handbook tracks week by week: what it is called, what it counts, and which way is worse.
public struct MetricDefinition: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case percent, hours, ratio, count
    }

    public enum Worse: String, Sendable, Hashable, CaseIterable {
        case higher, lower
    }

    /// The column (CSV) or key (YAML) the figures are written under: `change_failure_rate`.
    public var key: String
    public var title: String
    public var unit: Unit
    public var worse: Worse
    /// The value to stay on the good side of: at most this when higher is worse, at least this when lower is.
    public var target: Double?

    public init(key: String, title: String, unit: Unit, worse: Worse, target: Double? = nil) {
        self.key = key
        self.title = title
        self.unit = unit
        self.worse = worse
        self.target = target
    }

    /// The delivery-health figures every handbook knows, in the order they are shown.
    public static let defaults: [MetricDefinition] = [
        MetricDefinition(key: "change_failure_rate", title: "Change failure rate", unit: .percent, worse: .higher),
        MetricDefinition(key: "time_to_recovery_hours", title: "Time to recovery", unit: .hours, worse: .higher),
        MetricDefinition(key: "revert_rate", title: "Revert rate", unit: .percent, worse: .higher),
        MetricDefinition(key: "blocking_hours", title: "Cross-team blocking time", unit: .hours, worse: .higher),
    ]

    /// Whether `value` is worse than `before`, in this metric's direction.
    public func isWorse(_ value: Double, than before: Double) -> Bool {
        worse == .higher ? value > before : value < before
    }

    /// Whether `value` is on the good side of the target (or on it); nil without a target.
    public func meetsTarget(_ value: Double) -> Bool? {
        guard let target else { return nil }
        return worse == .higher ? value <= target : value >= target
    }

    /// `12.5%`, `3 h`, `0.25`, `4`.
    public func format(_ value: Double) -> String {
        let number = MetricNumber.format(value)
        switch unit {
        case .percent: return number + "%"
        case .hours: return number + " h"
        case .ratio, .count: return number
        }
    }

    /// A change between two weeks, signed: `+2.5 pp`, `-1 h`, `+0.05`, `0`.
    public func formatChange(_ delta: Double) -> String {
        let sign = delta > 0 ? "+" : delta < 0 ? "\u{2212}" : ""
        let number = MetricNumber.format(abs(delta))
        switch unit {
        case .percent: return sign + number + " pp"
        case .hours: return sign + number + " h"
        case .ratio, .count: return sign + number
        }
    }

    /// The target as a sentence part: `at most 15%` or `at least 90%`.
    public var targetText: String? {
        target.map { (worse == .higher ? "at most " : "at least ") + format($0) }
    }
}
