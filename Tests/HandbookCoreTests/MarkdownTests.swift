import Dispatch
import Foundation
@testable import HandbookMarkdown
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

    /// cmark-gfm's special-character table is global (github/cmark-gfm#176): with it changed
    /// during a parse, a document parsed beside others lost its strikethrough or autolinks now and
    /// then. Thousands of documents parsed on every core must give, byte for byte, what a serial
    /// parse gives, and the serial parse must hold every extension's output.
    @Test func concurrentParsesEqualSerialParses() {
        let options = MarkdownOptions(pullRequestReferences: true)
        let documents = (0..<4000).map { n -> String in
            var text = "# Record \(n)\n\n"
            for paragraph in 0..<12 {
                text += "Para \(paragraph): ~~struck \(n)~~ then www.example\(n % 7).com/p\(paragraph) or "
                text += "https://example.org/\(n) and a|pipe, *em* **strong** `code` ~~again~~.\n\n"
            }
            text += "~~ unmatched at \(n), see #\(n) and [[ADR-\(n % 50)]]\n\n"
            text += "| a | b |\n|---|---|\n| ~~x\(n)~~ | www.example.net |\n\n- [x] done \(n)\n- [ ] todo\n"
            return text
        }
        // Everything a parse gives, not only the HTML: link positions come partly from our strikethrough.
        func whole(_ parsed: ParsedMarkdown) -> String {
            "\(parsed.html)\n\(parsed.links)\n\(parsed.headings)\n\(parsed.blocks)\n\(parsed.leadingTitle ?? "-")\n\(parsed.plainText)"
        }
        let serial = documents.map { MarkdownParser.parse($0, options: options) }
        for parsed in serial {
            #expect(parsed.html.components(separatedBy: "<del>").count - 1 == 25)
            #expect(parsed.links.filter { $0.destination.hasPrefix("http") }.count == 25)
            #expect(parsed.links.count == 27)
        }
        let serialText = serial.map(whole)
        let concurrent = ConcurrentResults(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            concurrent.set(index, whole(MarkdownParser.parse(documents[index], options: options)))
        }
        let differing = (0..<documents.count).filter { Array(serialText[$0].utf8) != Array(concurrent.values[$0].utf8) }
        #expect(differing.isEmpty, "\(differing.count) of \(documents.count) documents parsed differently in parallel")
    }

    /// Strikethrough is matched by our own port of cmark-gfm's (Strikethrough.swift), so that no
    /// parse changes cmark-gfm's global character table: its HTML must be the `cmark-gfm` command's
    /// (the same library) on a fixture of tilde runs among emphasis, code, escapes, links and
    /// autolinks (Fixtures/strikethrough, made by its generate.py). Link and image destinations are
    /// blanked on both sides (ours are placeholders until the link stage).
    @Test func strikethroughAsCmarkGFMRendersIt() throws {
        let folder = TestFiles.fixtures.appendingPathComponent("strikethrough")
        let source = try String(contentsOf: folder.appendingPathComponent("cases.md"), encoding: .utf8)
        let expected = try String(contentsOf: folder.appendingPathComponent("cmark-gfm.html"), encoding: .utf8)
        let options = MarkdownOptions(unsafeHTML: true, pullRequestReferences: false, references: false,
                                      extractLeadingTitle: false, plainText: false)
        let destination = try Regex(#"(href|src)="[^"]*""#)
        let blank = { (html: String) in html.replacing(destination, with: "link=\"\"") }
        let ours = blank(MarkdownParser.parse(source, options: options).html).split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = blank(expected).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ours.count == theirs.count)
        let differing = zip(ours, theirs).filter { $0 != $1 }
        #expect(differing.isEmpty, "\(differing.count) lines differ, first: \(differing.first.map { "\($0.0) against \($0.1)" } ?? "")")
        #expect(theirs.joined().components(separatedBy: "<del>").count - 1 == 167)
    }

    /// A text run that starts with tildes that strike nothing keeps the tildes' position: a
    /// reference in it is placed where it stands (the library's strikethrough sets the position of
    /// its text node; ours keeps it in the node's user data).
    @Test func referencesAfterUnmatchedTildesKeepTheirPlace() {
        let parsed = MarkdownParser.parse("Intro.\n\n  ~~ see [[ADR-7]] and #12\n\n- ~x [[ADR-8]]\n",
                                          options: MarkdownOptions(pullRequestReferences: true))
        #expect(parsed.links.map(\.destination) == ["ADR-7", "12", "ADR-8"])
        #expect(parsed.links.map(\.line) == [3, 3, 5])
        #expect(parsed.links.map(\.column) == [10, 24, 6])
    }

    /// The checkbox labels are added byte by byte; the result must be what a replacement of
    /// Characters gives, also where a tag touches a combining mark or a prepended character.
    @Test func taskCheckboxesLabelledByBytesAsByCharacters() {
        let box = "<input type=\"checkbox\" disabled=\"\" />", checked = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />"
        let inputs = [
            "<ul>\n<li>\(box) todo</li>\n<li>\(checked) done</li>\n</ul>\n",
            "\(box)\(box)\(checked)",
            "no box here <input type=\"checkbox\"",
            "\(box)\u{301} mark after", "a\u{301}\(box) mark before", "\u{600}\(checked) prepend before",
            "é\(checked)é", "\(box) then \(box)\u{20DD}", "\r\n\(box)\r\n",
            // ADR-0046: one pass over both tags, as two passes (checked, then unchecked) replaced them.
            "\(checked)\(box)", "\(box)\(checked)\(box)", "<input type=\"checkbox\" \(box)", "\(checked)\(box)é",
            "é\(box)\(checked)", "<input type=\"checkbox\" checked=\"\" \(checked)", "\(checked.dropLast())\(box)", "<input type=\"checkbox\" ",
        ]
        for input in inputs {
            #expect(Array(MarkdownParser.labelTaskItems(input).utf8) == Array(MarkdownParser.labelTaskItemsByCharacter(input).utf8),
                    "\(input.debugDescription)")
        }
        #expect(MarkdownParser.labelTaskItems("\(box) a \(checked) b")
                == "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" /> a <input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" /> b")
        // A combining mark after the tag makes its last Character `/>́`: no match, so no label.
        #expect(MarkdownParser.labelTaskItems("\(box)\u{301}") == "\(box)\u{301}")
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

    /// A heading's accents written as combining marks keep them, as GitHub's anchors do: `Cafe\u{301}`
    /// was `cafe` while `Caf\u{E9}` was `café` (seen by session 15's reviewer). Canonically
    /// equivalent headings are one heading: the second gets the suffix.
    @Test func combiningMarksStayInAnchors() {
        let parsed = MarkdownParser.parse("## Caf\u{E9}\n\n## Cafe\u{301}\n\n## \u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}\n")
        #expect(parsed.headings.map(\.anchor) == ["caf\u{E9}", "cafe\u{301}-1", "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}"])
        #expect(AnchorAllocator.slug("A\u{20DD} b") == "a\u{20DD}-b", "an enclosing mark")
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

    /// `cmark_parser_finish` consolidates the text nodes before the extensions' post-processing,
    /// which never leaves two texts side by side: the parse relies on it and no longer consolidates
    /// a second time (ADR-0059). A cmark-gfm that stopped doing so fails here.
    @Test func finishLeavesNoTwoTextNodesSideBySide() {
        for text in SpeedEquivalenceTests.hostileMarkdown {
            for options in SpeedEquivalenceTests.parseOptionSets {
                #expect(!MarkdownParser.finishLeavesTextNodesSideBySide(text, options: options), "\(text.prefix(80).debugDescription)")
            }
        }
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

/// Results written from many threads, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String]

    init(count: Int) { values = Array(repeating: "", count: count) }

    func set(_ index: Int, _ value: String) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
