import Foundation
import HandbookCore
import Testing

/// A status written in words (cisagov's ADR 25 is `In Review`) is one class name on every page
/// that shows it, not `status-In` plus a stray `Review` class.
@Suite struct StatusClassTests {
    @Test func aStatusOfSeveralWordsIsOneClass() {
        let build = TestBuild.run([
            "content/decisions/0001-caching.md": "# 1. Caching\n\nDate: 2024-02-14\n\n## Status\n\nIn Review\n\n## Context\n\nSlow.\n",
            "content/decisions/0002-old.md": "---\nstatus: Superseded by ADR-0003\n---\n# Old\n",
            "content/decisions/0003-new.md": "---\nstatus: accepted\nsupersedes: [ADR-0002]\n---\n# New\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let page = build.page("decisions/ADR-0001.html"), index = build.page("decisions/index.html")
        for html in [page, index] {
            #expect(html.contains(#"<span class="status status-in-review">"#), "\(html)")
            #expect(!html.contains("status-In Review") && !html.contains("timeline-In Review"))
        }
        #expect(index.contains(#"class="timeline-item timeline-in-review""#))
        #expect(!build.page("decisions/ADR-0002.html").contains(#"class="banner banner-superseded "#))
    }
}
