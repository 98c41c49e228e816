import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HandbookCore
import Testing

@Suite struct OutputTests {
    static let files: [String: String] = [
        "content/handbook.yml": "title: Acme\nintro: We write down *why*.\n",
        "content/decisions/0001-a.md": "---\nstatus: proposed\ndate: 2024-01-01\n---\n# A\n\nSee [guide](../guide.md).\n",
        "content/decisions/0002-b.md": "---\nstatus: accepted\ndate: 2024-02-01\n---\n# B\n",
        "content/guide.md": "# Guide\n\nBack to [[ADR-0001]].\n",
        "content/nested/deep/page.md": "# Deep\n\n[up](../../guide.md)\n",
    ]

    @Test func everyPageKindIsWritten() {
        let build = TestBuild.run(Self.files)
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.output.files.keys.sorted() == [
            "404.html", "contracts/index.html", "decisions/ADR-0001.html", "decisions/ADR-0002.html", "decisions/feed.xml", "decisions/index.html",
            "favicon.svg", "files.js", "files/index.html", "filter.js", "guide.html", "handbook.json", "highlight.min.js", "index.html",
            "landmines/index.html", "metrics/index.html", "nested/deep/page.html", "search-index.js", "search.html", "search.js",
            "search/text-0.js", "style.css", "tags/index.html",
        ])
        let home = build.page("index.html")
        #expect(home.contains("<em>why</em>"), "the intro is Markdown")
        #expect(home.contains("3 decision records") == false)
        #expect(home.contains("2 decision records"))
        #expect(home.contains("Proposed decisions"))
    }

    @Test func everyLinkIsRelative() throws {
        let build = TestBuild.run(Self.files)
        let hrefPattern = try Regex(#"(?:href|src)="([^"]*)""#)
        for (path, data) in build.output.files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for match in html.matches(of: hrefPattern) {
                let url = String(match.output[1].substring ?? "")
                #expect(!url.hasPrefix("/"), "\(path) links to \(url)")
                guard !url.hasPrefix("#"), !url.contains(":") else { continue }
                let target = Path.join(Path.directory(path), String(url.prefix { $0 != "#" }))
                #expect(build.output.files[target] != nil, "\(path) links to \(url), which is not in the site")
            }
        }
        #expect(build.page("nested/deep/page.html").contains("href=\"../../style.css\""))
        #expect(build.page("nested/deep/page.html").contains("href=\"../../guide.html\""))
    }

    @Test func sameInputGivesByteIdenticalOutput() {
        let first = TestBuild.run(Self.files)
        for _ in 0..<3 {
            let again = TestBuild.run(Self.files)
            #expect(again.output.files == first.output.files)
        }
    }

    @Test func diagnosticsAreAllCollectedAndOrdered() {
        var files = Self.files
        files["content/a.md"] = "[x](one.md)\n\n[y](two.md)\n"
        files["content/b.md"] = "---\ntitle: [unclosed\n---\n"
        files["content/decisions/0003-c.md"] = "---\nstatus: wrong\n---\n"
        let build = TestBuild.run(files)
        #expect(build.ids == ["broken-link", "broken-link", "yaml-syntax"])
        #expect(TestBuild.run(files, strict: true).ids == ["broken-link", "broken-link", "yaml-syntax", "unknown-status"])
        #expect(!build.result.succeeded)
    }

    @Test func checkWritesNothing() {
        let build = TestBuild.run(Self.files, write: false)
        #expect(build.result.succeeded)
        #expect(build.output.files.isEmpty)
    }
}

@Suite struct AtomFeedTests {
    @Test func theFeedIsWellFormedEscapedAndNewestFirst() throws {
        let build = TestBuild.run([
            "content/handbook.yml": "title: A & B <Handbook>\n",
            "content/decisions/0001-a.md": "---\ndate: 2024-01-01\nstatus: accepted\ntitle: \"Use <b> & \\\"quotes\\\"\"\n---\n## Decision\n\nWe use <angle> & ampersands.\n",
            "content/decisions/0002-b.md": "---\ndate: 2025-01-01\n---\n# B\n",
        ])
        let feed = try #require(build.output.text("decisions/feed.xml"))
        let parser = XMLParser(data: Data(feed.utf8))
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(feed.contains("<title>A &amp; B &lt;Handbook&gt;: decisions</title>"))
        #expect(feed.contains("<updated>2025-01-01T00:00:00Z</updated>"), "the newest decision's date, not the clock")
        #expect(feed.contains("<title>ADR-0001: Use &lt;b&gt; &amp; &quot;quotes&quot;</title>"))
        #expect(feed.contains("<summary>accepted: We use  &amp; ampersands.</summary>"), "raw HTML is left out of the summary")
        #expect(feed.contains("<updated>2025-01-01T00:00:00Z</updated>\n<summary></summary>"), "no status, no category (none is invented)")
        let first = try #require(feed.range(of: "ADR-0002")), second = try #require(feed.range(of: "ADR-0001"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(build.page("decisions/index.html").contains("<a href=\"feed.xml\">"))
    }
}
