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

    /// `2024-14-02` has no month 14: a record's date so written is read as year, day, month, with a
    /// warning that says how; anything else that is not a date is still left out.
    @Test func aYearDayMonthDateIsReadWithAWarning() {
        let build = TestBuild.run([
            "content/decisions/0023-pooling.md": "# 23. Pooling\n\nDate: 2023-13-10\n\n## Status\n\nAccepted\n",
            "content/decisions/0025-caching.md": "---\nstatus: accepted\ndate: 2024-14-02\n---\n# Caching\n",
            "content/decisions/0026-nothing.md": "---\nstatus: accepted\ndate: 2024-14-14\n---\n# Nothing\n",
            "content/decisions/0027-feb.md": "---\nstatus: accepted\ndate: 2023-30-02\n---\n# February\n",
        ])
        #expect(build.messages == [
            "content/decisions/0023-pooling.md:3:1: warning: read the date '2023-13-10' as 2023-10-13 (year, day, month: there is no month 13); write 2023-10-13 [invalid-date]",
            "content/decisions/0025-caching.md:3:7: warning: read the date '2024-14-02' as 2024-02-14 (year, day, month: there is no month 14); write 2024-02-14 [invalid-date]",
            "content/decisions/0026-nothing.md:3:7: warning: cannot read the date '2024-14-14' (write 2016-02-12, 12/02/2016, or February 12, 2016; set date_format: mdy for month-first dates) [invalid-date]",
            "content/decisions/0027-feb.md:3:7: warning: cannot read the date '2023-30-02' (write 2016-02-12, 12/02/2016, or February 12, 2016; set date_format: mdy for month-first dates) [invalid-date]",
            "content/handbook.yml: warning: no handbook.yml in the content folder; using defaults (title: Handbook) [missing-config]",
        ], "\(build.messages)")
        let dates = Dictionary(uniqueKeysWithValues: (build.result.handbook?.documents ?? []).compactMap { document in
            document.decision.map { ($0.id, $0.date ?? "none") }
        })
        #expect(dates == ["ADR-0023": "2023-10-13", "ADR-0025": "2024-02-14", "ADR-0026": "none", "ADR-0027": "none"], "\(dates)")
    }
}
