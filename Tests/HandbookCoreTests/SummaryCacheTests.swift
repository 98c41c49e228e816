import Foundation
@testable import HandbookCore
import Testing

/// ADR-0021: `handbook serve` reuses the last build's decision summaries (the rows of the decisions
/// index, the tag pages and the home page's lists) when everything a summary is made from is the
/// same; then the row is the same dictionary, whose bytes the renderer copies. The output is the
/// same whether the cache hits or not, so only the reuse itself shows that it works: a cache that
/// never hits (an input kept wrong) passes every page test.
@Suite struct SummaryCacheTests {
    static func address(_ model: [String: Any]) -> UInt {
        withUnsafeBytes(of: model) { $0.load(as: UInt.self) }
    }

    static func sample() throws -> (handbook: Handbook, options: BuildOptions, files: [String: String]) {
        let options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        var files = SampleHandbook.files
        for number in 10..<20 {
            files["/sample/content/decisions/00\(number)-more-\(number).md"] =
                "---\nstatus: accepted\ndate: 2024-0\(number % 9 + 1)-10\ntags: [t\(number % 3)]\n---\n# Decision \(number)\n\nText.\n"
        }
        let handbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(files), git: SampleGit(),
                                                  diagnostics: DiagnosticEngine()))
        return (handbook, options, files)
    }

    @Test func aSummaryWhoseInputsAreTheSameIsTheSameDictionary() throws {
        let (handbook, options, files) = try Self.sample()
        var models = ViewModels(handbook: handbook, options: options)
        models.summaries = SummaryCache()
        let decisions = handbook.documents.indices.filter { handbook.documents[$0].decision != nil }
        #expect(decisions.count >= 10)
        let first = models.decisionSummaries(decisions, from: "decisions/index.html")
        let again = models.decisionSummaries(decisions, from: "decisions/index.html")
        #expect(first.count == decisions.count)
        #expect(first.map(Self.address) == again.map(Self.address), "every summary reused")
        // Another page's summaries are its own (their links differ), and kept apart from this page's.
        let tagPage = models.decisionSummaries(decisions, from: "tags/t1.html")
        #expect(Set(tagPage.map(Self.address)).isDisjoint(with: first.map(Self.address)))
        #expect(models.decisionSummaries(decisions, from: "decisions/index.html").map(Self.address) == first.map(Self.address))

        // A field edit: the edited decision's title changes; its summary is made again, the others are reused.
        let edited = try #require(decisions.first { handbook.documents[$0].source.path.hasSuffix("0012-more-12.md") })
        var changed = files
        changed["/sample/content/decisions/0012-more-12.md"] = changed["/sample/content/decisions/0012-more-12.md"]!
            .replacingOccurrences(of: "# Decision 12", with: "# Decision twelve")
        let newHandbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(changed), git: SampleGit(),
                                                     diagnostics: DiagnosticEngine()))
        let after = models.replacing(newHandbook, edited: [edited]).decisionSummaries(decisions, from: "decisions/index.html")
        for (position, index) in decisions.enumerated() {
            if index == edited {
                #expect(Self.address(after[position]) != Self.address(first[position]))
                #expect(after[position]["title"] as? String == "Decision twelve")
            } else {
                #expect(Self.address(after[position]) == Self.address(first[position]), "\(handbook.documents[index].source.path)")
            }
        }
    }
}
