@testable import HandbookCore
import Testing

/// Every place user text reaches the output, with text that holds all five of `& < > " '`.
/// Each expectation is an exact fragment, so it fails when any one character stops being escaped
/// (the goldens' texts hold only quotes). Expected texts are written out, never computed with the
/// escaper under test.
@Suite struct EscapingTests {
    /// In YAML double quotes: `R&D <b>"x" 'y'</b> >`.
    static let hostileYAML = #""R&D <b>\"x\" 'y'</b> >""#
    static let hostile = #"R&D <b>"x" 'y'</b> >"#
    /// As HTML and XML text or attribute value.
    static let html = "R&amp;D &lt;b&gt;&quot;x&quot; &#39;y&#39;&lt;/b&gt; &gt;"
    /// As a JSON string that is safe in a script.
    static let json = #""R\u0026D \u003cb\u003e\"x\" \u0027y\u0027\u003c/b\u003e \u003e""#

    static let files: [String: String] = [
        "content/handbook.yml": """
            title: \(hostileYAML)
            metrics:
              lead_time:
                title: \(hostileYAML)
                unit: hours
                worse: higher
            """,
        "content/decisions/0001-hostile.md": """
            ---
            title: \(hostileYAML)
            status: accepted
            date: 2026-11-01
            tags: [storage]
            ---
            ## Decision

            We chose R&D.
            """,
        "content/metrics/history.csv": "week,lead_time\n2026-W40,10\n2026-W41,9\n2026-W42,8\n",
    ]

    static var build: TestBuild { TestBuild.run(files) }

    @Test func buildIsClean() {
        #expect(Self.build.messages == [])
    }

    @Test func pageTextAndTitle() {
        let page = Self.build.page("decisions/ADR-0001.html")
        #expect(page.contains("<h1>\(Self.html)</h1>"), "page text")
        #expect(page.contains("<title>ADR-0001: \(Self.html) · \(Self.html)</title>"), "<title>")
        // The header's site title: the logo, then the title as text.
        #expect(page.contains("<a class=\"site-title\" href=\"../index.html\"><svg class=\"logo\""), "the site title's link")
        #expect(page.contains("</svg>\(Self.html)</a>"), "the site title as text")
        #expect(!page.contains(Self.hostile), "raw text nowhere")
    }

    @Test func attributes() {
        let page = Self.build.page("decisions/ADR-0001.html")
        #expect(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(Self.html): decisions\" href=\"../decisions/feed.xml\">"))
    }

    @Test func listsAndHomePage() {
        for path in ["index.html", "decisions/index.html", "tags/storage.html"] {
            let page = Self.build.page(path)
            #expect(page.contains(">\(Self.html)</a>"), "\(path) links the decision by its escaped title")
            #expect(!page.contains(Self.hostile), "\(path) has the raw text")
        }
    }

    @Test func atomFeed() {
        let feed = Self.build.page("decisions/feed.xml")
        #expect(feed.contains("<title>\(Self.html): decisions</title>"))
        #expect(feed.contains("<title>ADR-0001: \(Self.html)</title>"))
        #expect(!feed.contains(Self.hostile))
    }

    @Test func svgChart() {
        let page = Self.build.page("metrics/index.html")
        #expect(page.contains("<title id=\"metric-lead_time-chart-title\">\(Self.html), weekly, 2026-W40 to 2026-W42</title>"), "the chart's title")
        #expect(!page.contains(Self.hostile))
    }

    @Test func searchIndexIsScriptSafeJSON() {
        let index = Self.build.page("search-index.js")
        #expect(index.contains("[\"decision\",\"ADR-0001\",\(Self.json),"))
        #expect(!index.contains(Self.hostile))
        #expect(ViewModels.jsonString(Self.hostile) == Self.json)
    }

    @Test func escapersOneCharacterAtATime() {
        // Each character alone, so a missing case names itself.
        let cases: [(String, String, String)] = [("&", "&amp;", "\\u0026"), ("<", "&lt;", "\\u003c"), (">", "&gt;", "\\u003e"),
                                                 ("\"", "&quot;", "\\\""), ("'", "&#39;", "\\u0027")]
        for (raw, entity, jsonEscape) in cases {
            #expect(HTMLEscaping.escape("a\(raw)b") == "a\(entity)b", "page renderer: \(raw)")
            #expect(HTML.escape("a\(raw)b") == "a\(entity)b", "HTML.escape: \(raw)")
            #expect(ViewModels.jsonString("a\(raw)b") == "\"a\(jsonEscape)b\"", "search index: \(raw)")
        }
    }
}
