@testable import HandbookCore
import Testing

/// `RecordHeader.scan` skips prose by its bytes (ADR-0014); what it reads and the body it
/// leaves must be what a scan of every line as Characters gives.
@Suite struct RecordHeaderScanTests {
    static func summary(_ body: String) -> String {
        let header = RecordHeader.scan(body)
        let status = header.status.map { "\($0.text)@\($0.line):\($0.column)" } ?? "-"
        let date = header.date.map { "\($0.text)@\($0.line)" } ?? "-"
        let relations = header.relations.map { "\($0.relation)\($0.reverse ? "<" : ">")\($0.target)@\($0.line)" }.joined(separator: ",")
        return "status=\(status) section=\(header.statusSection) date=\(date) relations=[\(relations)] body=\(header.body.debugDescription)"
    }

    @Test func prosePastTheFirstSectionIsSkippedButFencesAndHeadingsAreNot() {
        let cases: [(String, String)] = [
            ("# T\n\n## Context\n\nProse: here\n\n## Status\n\nAccepted\n",
             ###"status=Accepted@9:1 section=true date=- relations=[] body="# T\n\n## Context\n\nProse: here\n\n\n\n\n""###),
            // A `## Status` inside a fence is text; the one after the fence is the section.
            ("## Context\n\n```\n## Status\nRejected\n```\n  ## Status\nSuperseded by [ADR-0002](0002-x.md)\n",
             ###"status=superseded@8:1 section=true date=- relations=[supersedes<0002-x.md@8] body="## Context\n\n```\n## Status\nRejected\n```\n\n\n""###),
            // Indented by spaces and tabs, a tilde fence, and a heading after a combining mark (not a heading).
            ("## Context\n \t~~~\n## Status\n~~~\n \u{301}## Status\nno\n\t## Status\nProposed\n",
             ###"status=Proposed@8:1 section=true date=- relations=[] body="## Context\n \t~~~\n## Status\n~~~\n \###u{301}## Status\nno\n\n\n""###),
            // "\r\n" is one Character: a split on "\n" does not split it, nor does the scan.
            ("## Status\r\nAccepted\r\n## Context\nx\n## Status\nRejected\n",
             ###"status=Rejected@4:1 section=true date=- relations=[] body="## Status\r\nAccepted\r\n## Context\nx\n\n\n""###),
            ("Status: accepted\nDate: 2020-01-02\n\n## Context\nStatus: rejected\n",
             ###"status=accepted@1:1 section=false date=2020-01-02@2 relations=[] body="\n\n\n## Context\nStatus: rejected\n""###),
        ]
        for (body, expected) in cases {
            #expect(Self.summary(body) == expected, "\(body.debugDescription)")
        }
    }
}
