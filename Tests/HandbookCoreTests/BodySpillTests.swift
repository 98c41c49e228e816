import Foundation
import HandbookMarkdown
@testable import HandbookCore
import Testing

/// Parsed bodies kept in a temporary file between the parse and render stages (ADR-0014).
@Suite struct BodySpillTests {
    static func document(_ markdown: String) -> Document {
        let options = MarkdownOptions(references: true, extractLeadingTitle: true)
        return Document(kind: .page, source: SourceFile(path: "a.md", displayPath: "content/a.md", repositoryPath: nil),
                        markdown: MarkdownParser.parse(markdown, options: options), bodyLineOffset: 0,
                        title: "A", outputPath: "a.html")
    }

    static let text = "# Title\n\nFirst paragraph with é and 🙂 and a [link](b.md).\n\n## Decision\n\n- one\n- two\n\n```\ncode\n```\n\nLast.\n"

    @Test func bodiesComeBackAsTheyWere() throws {
        let spill = try #require(BodySpill())
        var documents = (0..<50).map { Self.document(Self.text + String(repeating: "More words. ", count: $0)) }
        let before = documents.map { ($0.markdown.html, $0.markdown.blocks) }
        for index in documents.indices { spill.take(&documents[index]) }
        for (document, (html, blocks)) in zip(documents, before) {
            #expect(document.spilled != nil)
            #expect(document.markdown.html.isEmpty, "the HTML is out of memory")
            #expect(document.markdown.blocks.isEmpty)
            #expect(document.bodyHTML == html)
            #expect(document.bodyBlocks == blocks)
        }
        #expect(spill.failure == nil)
    }

    /// The raw Markdown bodies the load stage keeps for the parse stage.
    @Test func textsComeBackAsTheyWere() throws {
        let spill = try #require(BodySpill())
        let texts = ["", Self.text, "é🙂\u{2028}", String(repeating: "long ", count: 10_000)]
        let locations = try texts.map { try #require(spill.keep($0)) }
        #expect(zip(texts, locations).allSatisfy { spill.text($1) == $0 })
        #expect(spill.failure == nil)
    }

    @Test func aBodyThatCannotBeReadIsAFailureNotASilentBlank() throws {
        let spill = try #require(BodySpill())
        var document = Self.document(Self.text)
        spill.take(&document)
        spill.truncateForTesting()
        #expect(document.bodyHTML == "")
        #expect(spill.failure?.hasPrefix("cannot read back a parsed body") == true)
    }

    /// ADR-0068: within the budget a parsed body stays in memory (nothing written), out of
    /// `markdown` as a spilled one is, and reads back as it was; beyond it, bodies go to the file.
    @Test func parsedBodiesStayInMemoryWithinTheBudgetAndGoToTheFileBeyondIt() throws {
        var documents = (0..<20).map { Self.document(Self.text + String(repeating: "More words. ", count: $0)) }
        let before = documents.map { ($0.markdown.html, $0.markdown.blocks) }
        let sizes = documents.map { BodySpill.heldSize(html: $0.markdown.html, blocks: $0.markdown.blocks) }
        let spill = try #require(BodySpill(budget: sizes.prefix(12).reduce(0, +)))
        for index in documents.indices { spill.take(&documents[index]) }
        for (index, (document, (html, blocks))) in zip(documents, before).enumerated() {
            let spilled = try #require(document.spilled)
            #expect((spilled.held != nil) == (index < 12), "\(index)")
            #expect(document.markdown.html.isEmpty && document.markdown.blocks.isEmpty, "out of markdown either way")
            #expect(document.bodyHTML == html)
            #expect(document.bodyBlocks == blocks)
        }
        let usage = spill.usage
        #expect(usage.inMemory == sizes.prefix(12).reduce(0, +))
        #expect(usage.inFile == documents.suffix(8).reduce(0) { $0 + ($1.spilled?.location.count ?? 0) } && usage.inFile > 0)
        #expect(spill.failure == nil)
    }

    /// ADR-0068: a raw body kept in memory comes back once and is let go; a second read is a
    /// failure (the build reports it), not a silent blank page.
    @Test func rawTextsInMemoryAreHandedOverOnce() throws {
        let spill = try #require(BodySpill(budget: 1 << 20))
        let texts = ["", Self.text, "é🙂\u{2028}"]
        let locations = try texts.map { try #require(spill.keep($0)) }
        #expect(locations.allSatisfy { $0.slot >= 0 }, "in memory, not written")
        #expect(spill.usage.inFile == 0)
        #expect(zip(texts, locations).allSatisfy { spill.text($1) == $0 })
        #expect(spill.failure == nil)
        #expect(spill.text(locations[1]) == "")
        #expect(spill.failure == "a raw body kept in memory was read twice")
        // Beyond the budget, the file.
        let big = String(repeating: "long ", count: 300_000)
        let location = try #require(spill.keep(big))
        #expect(location.slot == -1 && spill.usage.inFile == big.utf8.count)
        #expect(spill.text(location) == big)
    }

    @Test func withoutASpillBodiesStayInMemory() {
        let document = Self.document(Self.text)
        #expect(document.spilled == nil)
        #expect(document.bodyHTML == document.markdown.html)
        #expect(document.bodyHTML.contains("<li>one</li>"))
    }
}
