import Foundation
import HandbookCore
import Testing

/// Every page kind of the default theme, compared byte for byte with the files in Golden/.
/// Re-record with `RECORD_GOLDENS=1 swift test --filter GoldenTests`.
@Suite struct GoldenTests {
    static let recording = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"

    static func buildFixture() throws -> TestBuild {
        let files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("golden"))
        return TestBuild.run(files, today: "2026-11-21", git: FakeGit.forFixture(files), reviewBase: "main")
    }

    @Test func pagesMatchGoldenFiles() throws {
        let build = try Self.buildFixture()
        #expect(build.messages == [
            "content/landmines/cockroach-config.md:7:1: warning: the landmine has no '## What fails if it disappears' section [landmine-section]",
            "content/metrics/history.csv:5:10: warning: Change failure rate (change_failure_rate) got worse 2 weeks in a row (8% in 2026-W41, 12% in 2026-W42, 15% in 2026-W43): release blocker [metric-degrading]",
        ])
        let pages = build.output.files.keys.filter {
            $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0 == "handbook.json" || $0 == "search-index.js" || $0.hasPrefix("search/")
        }.sorted()
        #expect(pages == ["404.html", "contracts/index.html", "contracts/ledger-api.html", "decisions/ADR-0001.html", "decisions/ADR-0002.html", "decisions/ADR-0003.html",
                          "decisions/feed.xml", "decisions/index.html", "files/api/ledger.yml.html", "files/deploy/cockroach.yml.html", "files/index.html",
                          "files/src/db/schema.sql.html", "guides/ledger.html", "handbook.json", "index.html",
                          "landmines/cockroach-config.html", "landmines/index.html", "landmines/ledger-double-write.html",
                          "metrics/index.html", "review.html", "search-index.js", "search.html", "search/text-0.js", "tags/index.html",
                          "tags/multi-region.html", "tags/storage.html"])
        let goldenRoot = TestFiles.golden.appendingPathComponent("default-theme")
        if Self.recording {
            try? FileManager.default.removeItem(at: goldenRoot)
        }
        for page in pages {
            let actual = build.page(page)
            let url = goldenRoot.appendingPathComponent(page)
            if Self.recording {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(actual == expected, "\(page) differs from Golden/default-theme/\(page):\n\(lineDiff(expected: expected, actual: actual))")
        }
        let recorded = try DiskFileSystem().files(under: goldenRoot.path, skipping: [])
        #expect(recorded == pages, "golden files without a page (or pages without a golden file)")
    }
}
