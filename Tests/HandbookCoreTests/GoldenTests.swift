import Foundation
import HandbookCore
import Testing

/// Every page kind of the default theme, compared byte for byte with the files in Golden/.
/// Re-record with `RECORD_GOLDENS=1 swift test --filter GoldenTests` (refused when `CI` is set:
/// recording rewrites the expectations and asserts nothing).
@Suite struct GoldenTests {
    struct RecordingInCI: Error, CustomStringConvertible {
        var description: String { "RECORD_GOLDENS is set while CI is set: recording rewrites goldens and asserts nothing, so CI refuses it" }
    }

    /// Whether to record goldens instead of comparing: `RECORD_GOLDENS=1`, never under `CI`.
    static func recordingMode(_ environment: [String: String]) throws(RecordingInCI) -> Bool {
        guard let record = environment["RECORD_GOLDENS"], !record.isEmpty, record != "0" else { return false }
        if let ci = environment["CI"], !ci.isEmpty, ci.lowercased() != "false", ci != "0" { throw RecordingInCI() }
        return true
    }

    /// This run's mode; throws (failing the test that asked) when recording is asked for in CI.
    static var recording: Bool {
        get throws { try recordingMode(ProcessInfo.processInfo.environment) }
    }

    @Test func recordingIsRefusedInCI() throws {
        #expect(try Self.recordingMode([:]) == false)
        #expect(try Self.recordingMode(["CI": "true"]) == false)
        #expect(try Self.recordingMode(["RECORD_GOLDENS": "0", "CI": "true"]) == false)
        #expect(try Self.recordingMode(["RECORD_GOLDENS": "1"]) == true)
        #expect(try Self.recordingMode(["RECORD_GOLDENS": "1", "CI": "false"]) == true)
        #expect(throws: RecordingInCI.self) { try Self.recordingMode(["RECORD_GOLDENS": "1", "CI": "true"]) }
        #expect(throws: RecordingInCI.self) { try Self.recordingMode(["RECORD_GOLDENS": "1", "CI": "1"]) }
        #expect(throws: RecordingInCI.self) { try Self.recordingMode(["RECORD_GOLDENS": "yes", "CI": "github"]) }
    }

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
        let recording = try Self.recording
        if recording {
            try? FileManager.default.removeItem(at: goldenRoot)
        }
        for page in pages {
            let actual = build.page(page)
            let url = goldenRoot.appendingPathComponent(page)
            if recording {
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
