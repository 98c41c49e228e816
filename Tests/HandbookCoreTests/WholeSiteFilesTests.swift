import Foundation
@testable import HandbookCore
import Testing

/// The whole-site files (`handbook.json`, the search index and its shards, the feed) are made in
/// per-document parts beside the pages, on every thread, and put together in document order
/// (ADR-0040).
@Suite struct WholeSiteFilesTests {
    /// Enough documents for three text shards and many runs of pages, with links, tags and
    /// words shared between documents, a contract and governed files after them.
    static func files() -> [String: String] {
        var files = SearchIndexTests.files
        for number in 1...(SearchIndex.shardSize * 2 + 40) {
            let id = String(number).leftPadded(to: 4)
            files["content/decisions/\(id)-d.md"] = """
                ---
                status: \(number % 3 == 0 ? "proposed" : "accepted")
                tags: [t\(number % 7), shared]
                governs: [src/]
                ---
                # Decision \(number)

                Word\(number) and common words, a link to [the first](0001-first.md) and `code\(number % 11)`.
                """
        }
        return files
    }

    /// The files of a build, made beside its pages, equal those made from the finished handbook
    /// with the parts of runs of irregular lengths handed over last run first.
    @Test func partsInAnyOrderMakeTheFilesOfOnePass() throws {
        let build = TestBuild.run(Self.files())
        #expect(build.errors.isEmpty)
        let handbook = try #require(build.result.handbook)
        var written: [String: [UInt8]] = [:]
        let lock = NSLock()
        let parts = WholeSiteFiles(handbook, write: { path, bytes in lock.withLock { written[path] = bytes } },
                                   append: { path, bytes in lock.withLock { written[path, default: []] += bytes } })
        var runs: [Range<Int>] = []
        var start = 0
        for length in [1, 7, 2, 64, 3, 500, 5].cycled() where start < handbook.documents.count {
            let end = min(handbook.documents.count, start + length)
            runs.append(start..<end)
            start = end
        }
        for run in runs.reversed() { parts.add(run, parts.parts(run)) }
        parts.finish()
        let names = ["handbook.json", "search-index.js", "search/text-0.js", "search/text-1.js", "search/text-2.js", AtomFeed.path]
        #expect(Set(written.keys) == Set(names))
        for name in names {
            #expect(build.output.text(name) == written[name].map { String(decoding: $0, as: UTF8.self) }, "\(name)")
        }
        // Every document, in order, and the file decodes.
        let json = try JSONDecoder().decode(HandbookJSON.self, from: Data(build.page("handbook.json").utf8))
        #expect(json.documents.map(\.page) == handbook.documents.map(\.outputPath))
        #expect(json.documents.count == SearchIndex.shardSize * 2 + 42)
    }
}

private extension Array {
    /// The elements again and again (enough for any test's runs).
    func cycled() -> [Element] { (0..<400).flatMap { _ in self } }
}
