/// Numbers as metric files write them and as pages show them, independent of the locale.
enum MetricNumber {
    /// A plain decimal: `12`, `-3.5`, `0.25`, `1e3`. Rejects `nan`, `inf`, hex and thousands separators.
    static func parse(_ text: String) -> Double? {
        var sawDigit = false, sawDot = false, sawExponent = false, previous: Character? = nil
        for (offset, character) in text.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case "+", "-":
                guard offset == 0 || previous == "e" || previous == "E" else { return nil }
            case ".":
                guard !sawDot, !sawExponent else { return nil }
                sawDot = true
            case "e", "E":
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
                sawDigit = false
            default: return nil
            }
            previous = character
        }
        // Figures are counts, hours and percentages: anything past 10^15 is a typo, and would not format.
        guard sawDigit, let value = Double(text), value.isFinite, abs(value) < 1e15 else { return nil }
        return value
    }

    /// At most two decimals, no trailing zeros, `.` as the separator: `12.5`, `3`, `0.33`.
    static func format(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(format: "%.0f", value) }
        let whole = Int(scaled) / Int(scale), fraction = Int(scaled) % Int(scale)
        var text = String(whole)
        if fraction > 0 {
            var digits = String(fraction).leftPadded(to: decimals)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return (value < 0 && scaled > 0 ? "-" : "") + text
    }
}
