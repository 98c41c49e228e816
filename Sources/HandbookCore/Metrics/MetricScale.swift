import Foundation

/// The value axis: from a round number at or below the smallest value to one at or above the
/// largest, in steps of 1, 2 or 5 times a power of ten.
struct MetricScale {
    var lower: Double
    var upper: Double
    var step: Double

    init(values: [Double], nonNegative: Bool) {
        var low = values.min() ?? 0, high = values.max() ?? 1
        if low == high {
            let pad = max(abs(low) * 0.1, 1)
            low -= pad
            high += pad
            if nonNegative, low < 0 { low = 0 }
        }
        step = Self.niceStep((high - low) / 4)
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
        if upper == lower { upper = lower + step }
    }

    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(count, 1)).map { lower + Double($0) * step }
    }

    func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }
}
