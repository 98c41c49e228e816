@testable import HandbookCore
import Testing

@Suite struct ISOWeekTests {
    @Test func yearsWithFiftyThreeWeeks() {
        // Checked against Python's date.isocalendar(): 53 weeks when 28 December is in week 53.
        let long = (2015...2033).filter { ISOWeek.weeks(in: $0) == 53 }
        #expect(long == [2015, 2020, 2026, 2032])
    }

    @Test func weekOfADateAcrossYearBoundaries() {
        let cases: [(String, String)] = [
            ("2026-11-21", "2026-W47"), ("2026-12-31", "2026-W53"), ("2027-01-03", "2026-W53"),
            ("2027-01-04", "2027-W01"), ("2024-12-30", "2025-W01"), ("2021-01-03", "2020-W53"),
            ("2025-12-28", "2025-W52"), ("2025-12-29", "2026-W01"), ("2000-02-29", "2000-W09"),
        ]
        for (date, week) in cases {
            #expect(ISOWeek.containing(date: date)?.description == week, "\(date)")
        }
        #expect(ISOWeek.containing(date: "2026-02-30") == nil)
    }

    @Test func parseChecksTheWeekExists() throws {
        #expect(try ISOWeek.parse("2026-W53").mondayDate == "2026-12-28")
        #expect(try ISOWeek.parse("2026-W01").mondayDate == "2025-12-29")
        #expect(throws: ISOWeek.Problem.noSuchWeek(year: 2027, weeks: 52)) { try ISOWeek.parse("2027-W53") }
        #expect(throws: ISOWeek.Problem.noSuchWeek(year: 2025, weeks: 52)) { try ISOWeek.parse("2025-W53") }
        #expect(throws: ISOWeek.Problem.noSuchWeek(year: 2026, weeks: 53)) { try ISOWeek.parse("2026-W00") }
        for text in ["2026-W5", "2026W45", "2026-w45", "26-W45", "2026-W45 ", "2026-45", "", "２０２６-W45"] {
            #expect(throws: ISOWeek.Problem.malformed, "\(text)") { try ISOWeek.parse(text) }
        }
    }

    @Test func nextAndPreviousCrossYears() throws {
        #expect(try ISOWeek.parse("2026-W53").next.description == "2027-W01")
        #expect(try ISOWeek.parse("2027-W01").previous.description == "2026-W53")
        #expect(try ISOWeek.parse("2026-W01").previous.description == "2025-W52")
        #expect(try ISOWeek.parse("2025-W52").weeks(until: ISOWeek.parse("2027-W01")) == 54)
        #expect(try ISOWeek.parse("2026-W52") < ISOWeek.parse("2027-W01"))
    }

    @Test func everyDayOfTwentyYearsFallsInItsWeek() throws {
        let start = ISOWeek.days(year: 2015, month: 1, day: 1), end = ISOWeek.days(year: 2034, month: 12, day: 31)
        var previous = ISOWeek.containing(day: start)
        for day in start...end {
            let week = ISOWeek.containing(day: day)
            #expect(week.monday <= day && day < week.monday + 7)
            #expect(try ISOWeek(year: week.year, week: week.week) == week)
            if week != previous {
                #expect(previous.next == week)
                #expect(week.previous == previous)
                previous = week
            }
        }
    }
}
