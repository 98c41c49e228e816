import Foundation

/// Dates as the handbook writes them: `YYYY-MM-DD`, compared as text.
public enum DateText {
    /// `2016-02-12`, `2016-02-12T10:00:00Z` or `2016-02-12 10:00` give `2016-02-12`; anything else nil.
    public static func normalize(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: " \t")
        let datePart = String(trimmed.prefix(10))
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1900, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        let rest = trimmed.dropFirst(10)
        guard rest.isEmpty || rest.first == "T" || rest.first == " " else { return nil }
        return datePart
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// `\r\n` and lone `\r` as `\n`. In Swift `"\r\n"` is one Character, so splitting on `"\n"` would
    /// miss every line end of a file saved on Windows.
    var normalizingLineEnds: String {
        guard utf8.contains(13) else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
