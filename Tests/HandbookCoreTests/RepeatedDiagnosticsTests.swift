import HandbookCore
import Testing

/// What `serve` prints of a rebuild's diagnostics (ADR-0024): the first build all of them, then
/// only those new or changed since the rebuild before, every error, and a count of the rest.
@Suite struct RepeatedDiagnosticsTests {
    @Test func aRebuildPrintsWhatIsNewEveryErrorAndACountOfTheRest() {
        let stale = Diagnostic(file: "d/1.md", line: 4, column: 9, severity: .warning, id: "stale-governance", message: "'a/**' matches no file")
        let other = Diagnostic(file: "d/2.md", line: 3, column: 1, severity: .warning, id: "successor-status", message: "superseded")
        let note = Diagnostic(file: ".", severity: .note, id: "no-history", message: "no git")
        var printed = RepeatedDiagnostics()
        #expect(printed.text(for: [note, stale, other]) == note.formatted + "\n" + stale.formatted + "\n" + other.formatted + "\n")
        // The same again (the same array, or an equal one): a count.
        #expect(printed.text(for: [note, stale, other]) == "2 warnings and 1 note as in the last rebuild, not printed again\n")
        #expect(printed.text(for: Array([note, stale, other])) == "2 warnings and 1 note as in the last rebuild, not printed again\n")
        // One moved to another line: it is printed, the others counted.
        var moved = stale
        moved.line = 5
        #expect(printed.text(for: [note, moved, other])
                == moved.formatted + "\n" + "1 warning and 1 note as in the last rebuild, not printed again (1 printed above)\n")
        // An error is printed every time; a warning that went and came back is new again.
        let error = Diagnostic(file: "d/1.md", line: 7, column: 1, severity: .error, id: "broken-link", message: "ADR-0042")
        #expect(printed.text(for: [note, error]) == error.formatted + "\n" + "1 note as in the last rebuild, not printed again (1 printed above)\n")
        #expect(printed.text(for: [note, error]) == error.formatted + "\n" + "1 note as in the last rebuild, not printed again (1 printed above)\n")
        #expect(printed.text(for: [note, error, stale]) == error.formatted + "\n" + stale.formatted + "\n"
                + "1 note as in the last rebuild, not printed again (2 printed above)\n")
        #expect(printed.text(for: [note, other]) == other.formatted + "\n" + "1 note as in the last rebuild, not printed again (1 printed above)\n")
        #expect(printed.text(for: []) == "")
        #expect(printed.text(for: [stale]) == stale.formatted + "\n")
    }
}
