@testable import HandbookCore
import Testing

/// The dates records are written with, exactly: what is a date, and what is not.
@Suite struct DateTextTests {
    @Test func validDates() {
        for (text, date) in [("2016-02-12", "2016-02-12"), ("2016-02-12T10:00:00Z", "2016-02-12"), ("2016-02-12 10:00", "2016-02-12"),
                             (" 2024-02-29 ", "2024-02-29"), ("2000-02-29", "2000-02-29"), ("1900-12-31", "1900-12-31"), ("2026-04-30", "2026-04-30")] {
            #expect(DateText.normalize(text) == date, "\(text)")
        }
    }

    @Test func invalidDates() {
        for text in ["", "2016-2-12", "16-02-12", "2016-13-01", "2016-00-10", "2016-02-30", "2023-02-29", "1900-02-29", "2100-02-29",
                     "2026-04-31", "2026-06-31", "1899-12-31", "2016-02-12x", "2016/02/12", "2016-02-1a", "tomorrow"] {
            #expect(DateText.normalize(text) == nil, "\(text)")
        }
    }
}
