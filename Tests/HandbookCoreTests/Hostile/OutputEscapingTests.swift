import Foundation
@testable import HandbookCore
import HandbookMarkdown
import Testing

/// Output for other tools is escaped for that tool (issue 14): the review as Markdown for a
/// pull-request comment, text diagnostics for a terminal, GitHub annotations.
@Suite struct OutputEscapingTests {
    static let payloads = ["[Approve now](https://evil.example/approve)", "<img src=x onerror=alert(1)>", "**bold** _em_ `code`",
                           "line\n# Heading\n- item", "![pixel](https://evil.example/p.png)", "&lt;script&gt;", "|table|row|"]

    static func hostileReport(_ payload: String) -> ReviewReport {
        ReviewReport(
            base: payload, head: nil, files: [ChangedFile(path: "src/a.swift", status: .modified)],
            landmines: [.init(id: payload, title: payload, severity: payload, owner: payload, needsContext: true, failure: payload,
                              page: "landmines/x.html", matched: [payload, "a`b``c"])],
            decisions: [.init(id: payload, title: payload, status: payload, inactive: true, supersededBy: [payload], page: "d.html",
                              matched: [payload])],
            contracts: [.init(id: "c", title: payload, page: "c.html", owner: payload, matched: [payload],
                              changes: [.init(id: payload, level: payload, operation: payload, path: payload, source: payload, text: payload)])],
            owners: [.init(owner: payload, files: [payload])],
            hotspots: [.init(path: payload, fixes: 3, from: payload, to: payload)])
    }

    /// Renders the Markdown with cmark-gfm, as GitHub would, and looks at the HTML it makes.
    @Test(arguments: payloads)
    func reviewMarkdownMakesNoLinkImageOrHTMLFromAValue(_ payload: String) {
        let markdown = Review.markdown(Self.hostileReport(payload), siteURL: nil)
        let html = MarkdownHTMLProbe.render(markdown)
        #expect(!html.contains("=\"https://evil.example"), "a value became a link or an image:\n\(markdown)\n\(html)")
        #expect(!html.contains("<img") && !html.contains("<strong>bold") && !html.contains("<em>em") && !html.contains("<h1")
                && !html.contains("<table") && !html.contains("<code>code"), "\(markdown)\n\(html)")
        // Nothing but the report's own links: one per landmine, decision and contract.
        #expect(html.components(separatedBy: "<a href").count - 1 == 3, "\(markdown)\n\(html)")
    }

    @Test func aCodeSpanCannotBeClosedByABacktickInAPath() {
        #expect(MarkdownEscaping.code("a`b``c") == "```a`b``c```")
        #expect(MarkdownEscaping.code("`x") == "`` `x ``")
        #expect(MarkdownEscaping.code("a\nb") == "`a b`")
    }

    @Test func textDiagnosticsShowControlCharactersInsteadOfSendingThem() {
        let diagnostic = Diagnostic(file: "content/\u{1B}]0;pwned\u{7}x.md", line: 2, column: 1, severity: .error, id: "broken-link",
                                    message: "'\u{1B}[2J\u{1B}[31mfake\r\nsrc/a.swift:1:1: error: forged' \u{202E}txt.exe")
        let text = DiagnosticFormat.text.render([diagnostic])
        #expect(text == "content/\\u{1B}]0;pwned\\u{7}x.md:2:1: error: '\\u{1B}[2J\\u{1B}[31mfake\\u{D}\\u{A}src/a.swift:1:1: error: forged' \\u{202E}txt.exe [broken-link]\n")
        #expect(!text.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
    }

    @Test func githubAnnotationsEscapeAsGitHubDocuments() {
        let diagnostic = Diagnostic(file: "a:b,c%d\ne.md", line: 3, column: 4, severity: .warning, id: "x:y,z",
                                    message: "100% sure\r\n::error::forged")
        #expect(DiagnosticFormat.github.render([diagnostic])
                == "::warning file=a%3Ab%2Cc%25d%0Ae.md,line=3,col=4,title=x%3Ay%2Cz::100%25 sure%0D%0A::error::forged\n")
    }
}

/// Markdown to HTML as a pull-request comment would show it: raw HTML kept (GitHub keeps `<img>`),
/// link placeholders filled with the destinations written.
enum MarkdownHTMLProbe {
    static func render(_ markdown: String) -> String {
        let parsed = MarkdownParser.parse(markdown, options: MarkdownOptions(unsafeHTML: true, references: false, extractLeadingTitle: false))
        var html = parsed.html
        for (index, link) in parsed.links.enumerated().reversed() {
            html = html.replacingOccurrences(of: "\"" + MarkdownParser.placeholder(index) + "\"", with: "\"" + link.destination + "\"")
        }
        return html
    }
}
