/// A week of the ISO 8601 week calendar, written `2026-W45`: weeks start on Monday, and week 1 is
/// the week holding the year's first Thursday, so a year has 52 or 53 weeks and a week's year can
/// differ from the calendar year of its days (2026-12-31 is in 2026-W53, 2027-01-03 too).
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int
    /// Days since 1970-01-01 of the week's Monday: makes week arithmetic plain integer arithmetic.
    let monday: Int

    /// Why a text is not an ISO week.
    public enum Problem: Error, Equatable {
        case malformed
        case noSuchWeek(year: Int, weeks: Int)
    }

    public init(year: Int, week: Int) throws(Problem) {
        let weeks = Self.weeks(in: year)
        guard (1...weeks).contains(week) else { throw .noSuchWeek(year: year, weeks: weeks) }
        self.year = year
        self.week = week
        self.monday = Self.firstMonday(of: year) + 7 * (week - 1)
    }

    /// Reads `2026-W45` (four-digit year, `-W`, two-digit week; nothing else).
    public static func parse(_ text: String) throws(Problem) -> ISOWeek {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W"),
              [0, 1, 2, 3, 6, 7].allSatisfy({ (0x30...0x39).contains(bytes[$0]) }),
              let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
              let week = Int(String(decoding: bytes[6..<8], as: UTF8.self)), year >= 1 else { throw .malformed }
        return try ISOWeek(year: year, week: week)
    }

    /// The week holding a `YYYY-MM-DD` date; nil when the text is not a valid date.
    public static func containing(date text: String) -> ISOWeek? {
        guard let date = DateText.normalize(text) else { return nil }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return containing(day: days(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// The week holding a day (days since 1970-01-01): the ISO year is the year of that week's Thursday.
    static func containing(day: Int) -> ISOWeek {
        let thursday = day - weekday(day) + 3
        let year = civil(thursday).year
        let week = (thursday - firstMonday(of: year)) / 7 + 1
        return ISOWeek(trusted: year, week: week, monday: thursday - 3)
    }

    private init(trusted year: Int, week: Int, monday: Int) {
        self.year = year
        self.week = week
        self.monday = monday
    }

    public var previous: ISOWeek { Self.containing(day: monday - 7) }
    public var next: ISOWeek { Self.containing(day: monday + 7) }

    /// How many weeks `other` is after `self` (negative when before).
    public func weeks(until other: ISOWeek) -> Int { (other.monday - monday) / 7 }

    /// The week's Monday, `YYYY-MM-DD`.
    public var mondayDate: String {
        let date = Self.civil(monday)
        return String(date.year).leftPadded(to: 4) + "-" + String(date.month).leftPadded(to: 2) + "-"
            + String(date.day).leftPadded(to: 2)
    }

    public var description: String { String(year).leftPadded(to: 4) + "-W" + String(week).leftPadded(to: 2) }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { a.monday < b.monday }

    /// 52, or 53 when the year starts on a Thursday (or on a Wednesday in a leap year).
    public static func weeks(in year: Int) -> Int {
        (firstMonday(of: year + 1) - firstMonday(of: year)) / 7
    }

    /// The Monday of week 1: the Monday on or before 4 January.
    static func firstMonday(of year: Int) -> Int {
        let january4 = days(year: year, month: 1, day: 4)
        return january4 - weekday(january4)
    }

    /// 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number (H. Hinnant's `civil_from_days`).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
