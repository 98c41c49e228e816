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

            In code: `R&D <b>"x" 'y'</b> >`
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

    /// The search shards hold each page's text, for snippets, as script-safe JSON too.
    @Test func searchShardIsScriptSafeJSON() {
        let shard = Self.build.page("search/text-0.js")
        #expect(shard.contains(#"In code: R\u0026D \u003cb\u003e\"x\" \u0027y\u0027\u003c/b\u003e \u003e"#), "\(shard)")
        #expect(!shard.contains(Self.hostile))
    }

    @Test func codeInAPage() {
        // cmark-gfm's own escaping in code: `'` needs none in text.
        #expect(Self.build.page("decisions/ADR-0001.html").contains("<p>In code: <code>R&amp;D &lt;b&gt;&quot;x&quot; 'y'&lt;/b&gt; &gt;</code></p>"))
    }

    /// The review as Markdown (a pull-request comment): every character Markdown or HTML reads
    /// is backslash-escaped, so GitHub shows the text as written.
    @Test func reviewMarkdown() {
        #expect(MarkdownEscaping.text(Self.hostile) == #"R\&D \<b\>"x" 'y'\</b\> \>"#)
        let report = ReviewReport(base: "main", head: nil, files: [ChangedFile(path: "src/a.swift", status: .modified)],
                                  landmines: [.init(id: "x", title: Self.hostile, severity: "high", owner: "@a", needsContext: true, failure: "f",
                                                    page: "landmines/x.html", matched: ["src/a.swift"])],
                                  decisions: [], contracts: [], owners: [], hotspots: [])
        let markdown = Review.markdown(report, siteURL: nil)
        #expect(markdown.contains(#"- **high** [R\&D \<b\>"x" 'y'\</b\> \>](landmines/x.html)"#), "\(markdown)")
        // Rendered as GitHub renders it: the text as written, as HTML text.
        #expect(MarkdownHTMLProbe.render("A " + MarkdownEscaping.text(Self.hostile)) == "<p>A R&amp;D &lt;b&gt;&quot;x&quot; 'y'&lt;/b&gt; &gt;</p>\n")
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
