import Foundation
@testable import HandbookCore
import Testing

/// The standing hostile corpus (issue 14): `Fixtures/hostile-corpus.json`, written by
/// `tests/hostile/make_corpus.py`, puts a payload in every field and file name. Built whole, no
/// page may carry a script, an event handler or a URL with another scheme, and every other output
/// (the search index, handbook.json, the review) stays well-formed. The browser suite builds the
/// same corpus and clicks every link with `alert` hooked (tests/browser/test_hostile.py).
@Suite struct HostileCorpusTests {
    static func corpus() throws -> [String: String] {
        let data = try Data(contentsOf: TestFiles.fixtures.appendingPathComponent("hostile-corpus.json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    static func build() throws -> TestBuild {
        let files = try corpus()
        return TestBuild.run(files, git: FakeGit(files: files.keys.sorted(), commits: [
            Commit(hash: "abcdef0123456789", shortHash: "abcdef0", date: "2026-11-20", author: "<img src=x onerror=alert('c')>",
                   subject: "fix: <script>alert('c')</script> [x](javascript:alert('c')) (#12)", files: files.keys.filter { $0.hasPrefix("src/") }),
        ]))
    }

    @Test func theCorpusBuildsAndNoPageCarriesAScript() throws {
        let build = try Self.build()
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.output.files.count > 40)
        for (path, data) in build.output.files where path.hasSuffix(".html") {
            let page = String(decoding: data, as: UTF8.self)
            let lowered = page.lowercased()
            // Markup made of a payload (escaped, `onerror=alert` is only text: `&lt;img src=x onerror=...`).
            for needle in ["<script>alert", "<img src=x", "<svg onload", "href=\"javascript:", "src=\"javascript:",
                           "href=\"vbscript:"] {
                #expect(!lowered.contains(needle), "\(path) holds \(needle)")
            }
            // Script elements are the theme's own: none holds anything of the corpus.
            let scripts = lowered.components(separatedBy: "<script").dropFirst().map { $0.components(separatedBy: "</script").first ?? "" }
            #expect(!scripts.contains { $0.contains("alert(") || $0.contains("msgbox(") }, "\(path): \(scripts.map { $0.prefix(60) })")
        }
        #expect(URLSchemeTests.disallowed(build).isEmpty, "\(URLSchemeTests.disallowed(build))")
    }

    @Test func scriptFilesAndJSONStayWellFormed() throws {
        let build = try Self.build()
        let index = build.page("search-index.js")
        #expect(!index.lowercased().contains("</script"))
        #expect(!index.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" })
        let json = try #require(build.output.files["handbook.json"])
        #expect((try? JSONSerialization.jsonObject(with: json)) != nil)
    }

    @Test func theReviewOfTheCorpusMakesNoLinkFromAValue() throws {
        let build = try Self.build()
        let handbook = try #require(build.result.handbook)
        var builder = ReviewBuilder(handbook: handbook, changes: handbook.governance.repository.paths.filter { $0.hasPrefix("src/") }
            .map { ChangedFile(path: $0, status: .modified) })
        builder.owners = handbook.governance.owners
        let markdown = Review.markdown(builder.build(), siteURL: nil)
        let html = MarkdownHTMLProbe.render(markdown)
        #expect(!html.contains("<img") && !html.contains("<script") && !html.lowercased().contains("href=\"javascript:"), "\(html)")
        #expect(!markdown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }
}
