import HandbookMarkdown
import Testing

@Suite struct MarkdownTests {
    @Test func rendersGFMExtensions() {
        let parsed = MarkdownParser.parse("""
            | a | b |
            |---|---|
            | ~~x~~ | y |

            - [x] done
            - [ ] todo

            Visit www.example.com
            """)
        #expect(parsed.html.contains("<table>"))
        #expect(parsed.html.contains("<del>x</del>"))
        #expect(parsed.html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" /> done"))
        #expect(parsed.html.contains("<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" /> todo"), "every checkbox has a name (axe: label)")
        #expect(parsed.links.map(\.destination) == ["http://www.example.com"])
    }

    @Test func omitsRawHTMLUnlessUnsafe() {
        let text = "<div>block</div>\n\nInline <b>bold</b> and <script>x</script>\n"
        let safe = MarkdownParser.parse(text)
        #expect(!safe.html.contains("<div>"))
        #expect(!safe.html.contains("<b>"))
        #expect(safe.html.contains("<!-- raw HTML omitted -->"))
        let unsafe = MarkdownParser.parse(text, options: MarkdownOptions(unsafeHTML: true))
        #expect(unsafe.html.contains("<div>block</div>"))
        #expect(unsafe.html.contains("<b>bold</b>"))
        // tagfilter still disarms <script> even when raw HTML is kept.
        #expect(unsafe.html.contains("&lt;script>"))
    }

    @Test func headingsGetUniqueStableAnchors() {
        let parsed = MarkdownParser.parse("## Context\n\n## Context\n\n### Über Straße!\n\n## Context-1\n\n## \n")
        #expect(parsed.headings.map(\.anchor) == ["context", "context-1", "über-straße", "context-1-1", "section"])
        #expect(parsed.html.contains("<h2 id=\"context\">Context</h2>"))
        #expect(parsed.html.contains("<h3 id=\"über-straße\">Über Straße!</h3>"))
    }

    @Test func leadingTitleIsTakenOut() {
        let parsed = MarkdownParser.parse("# 1. Record decisions\n\nDate: 2016-02-12\n")
        #expect(parsed.leadingTitle == "1. Record decisions")
        #expect(!parsed.html.contains("<h1"))
        let kept = MarkdownParser.parse("Intro\n\n# Later heading\n")
        #expect(kept.leadingTitle == nil)
        #expect(kept.html.contains("<h2 id=\"later-heading\">"), "one h1 a page: the page's title; a body's h1 is shown one level down")
    }

    @Test func linksBecomePlaceholdersWithPositions() {
        let parsed = MarkdownParser.parse("Para\n\nSee [a](a.md#x) and\n![img](p.png) here.\n")
        #expect(parsed.links.count == 2)
        #expect(parsed.links[0].destination == "a.md#x")
        #expect(parsed.links[0].line == 3 && parsed.links[0].column == 5)
        #expect(parsed.links[1].kind == .image)
        #expect(parsed.links[1].line == 4)
        #expect(parsed.html.contains("href=\"hb:0\""))
        #expect(parsed.html.contains("src=\"hb:1\""))
    }

    @Test func referencesAndPullRequestsOutsideCode() {
        let options = MarkdownOptions(pullRequestReferences: true)
        let parsed = MarkdownParser.parse("See [[ADR-7]], [[ADR-2#ctx|the second]] and #12.\nNot `#3`, C#4, x#5 or [#6](x.md).\n\n    #7 in code\n", options: options)
        let found = parsed.links.map { "\($0.kind):\($0.destination)" }
        #expect(found == ["link:x.md", "reference:ADR-7", "reference:ADR-2#ctx", "pullRequest:12"])
        #expect(parsed.html.contains(">the second</a>"))
        let noPRs = MarkdownParser.parse("Fixes #12\n")
        #expect(noPRs.links.isEmpty)
    }

    @Test func referencePositionsPointAtTheBrackets() {
        let parsed = MarkdownParser.parse("First line\nand then [[ADR-1]] here\n")
        #expect(parsed.links.first?.line == 2)
        #expect(parsed.links.first?.column == 10)
    }

    @Test func survivesHostileInput() {
        let deep = String(repeating: "> ", count: 5000) + "x\n" + String(repeating: "[", count: 10000)
        let parsed = MarkdownParser.parse(deep)
        // Every level kept, the brackets a lazy continuation of the innermost paragraph.
        #expect(parsed.html == String(repeating: "<blockquote>\n", count: 5000) + "<p>x\n" + String(repeating: "[", count: 10000) + "</p>\n"
                + String(repeating: "</blockquote>\n", count: 5000))
        let nul = MarkdownParser.parse("a\u{0}b [[x\u{0}]]\n")
        // NUL becomes U+FFFD, as CommonMark says; the reference is a placeholder link the link stage fills.
        #expect(nul.html == "<p>a\u{FFFD}b <a href=\"hb:0\">x\u{FFFD}</a></p>\n")
        #expect(nul.links.map { "\($0.kind):\($0.destination)" } == ["reference:x\u{FFFD}"])
    }
}
