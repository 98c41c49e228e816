import Foundation
@testable import HandbookCore
import HandbookMarkdown
import Testing

/// ADR-0055: what every document keeps for the whole build.
@Suite struct DocumentMemoryTests {
    /// The parse stage's array of documents has room for their number, not the next power of two
    /// (held to the end of the build: a third of it unused at 100,000 documents), in file order.
    @Test func parsedDocumentsFillTheirArray() {
        let count = 1100
        let files = (0..<count).map { index in
            LoadedMarkdown(source: SourceFile(path: "decisions/\(String(index).leftPadded(to: 4))-x.md", displayPath: "content/d/\(index).md",
                                              repositoryPath: nil),
                           frontMatter: nil, body: "# Record \(index)\n\nText [a](b.md).\n", bodyLineOffset: 0)
        }
        let parse = ParseStage(config: SiteConfig(), diagnostics: DiagnosticEngine())
        let documents = parse.run(files)
        #expect(documents.count == count)
        #expect(documents.capacity < count + count / 10, "capacity \(documents.capacity) for \(count)")
        #expect(documents.map(\.source.path) == files.map(\.source.path))
        #expect(documents.map(\.title) == (0..<count).map { "Record \($0)" })
    }

    /// A parse's links and headings are kept in arrays of their number, and small: a line, a
    /// column and a level are 32 and 8 bits, and read back as they were given.
    @Test func linksAndHeadingsFitTheirArrays() {
        let text = (1...9).map { "## Part \($0)\n\nSee [x\($0)](https://example.com/a/long/destination/\($0).md) and #\($0)00.\n" }.joined()
        let parsed = MarkdownParser.parse(text, options: MarkdownOptions(pullRequestReferences: true))
        #expect(parsed.headings.count == 9)
        #expect(parsed.links.count == 18)
        #expect(parsed.headings.capacity <= parsed.headings.count + 1, "\(parsed.headings.capacity)")
        #expect(parsed.links.capacity <= parsed.links.count + 1, "\(parsed.links.capacity)")
        #expect(MemoryLayout<MarkdownLink>.stride == 48)
        #expect(MemoryLayout<MarkdownHeading>.stride == 40)
        #expect(parsed.headings.map(\.level) == Array(repeating: 2, count: 9))
        let headingLines: [Int] = (0..<9).map { 1 + 3 * $0 }
        #expect(parsed.headings.map(\.line) == headingLines)
        // The links, then the pull requests (found in the text after the walk).
        let linkLines: [Int] = (0..<18).map { 3 + 3 * ($0 % 9) }
        #expect(parsed.links.map(\.line) == linkLines)
        let columnsRight: Bool = parsed.links.indices.allSatisfy { index in
            index < 9 ? parsed.links[index].column == 5 : parsed.links[index].column > 50
        }
        #expect(columnsRight)
        var link = parsed.links[0]
        link.line = 1 << 40
        #expect(link.line == Int(Int32.max))
    }
}
