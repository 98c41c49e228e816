import Foundation
import Testing
@testable import HandbookCore

/// `review` and `context` read the history of the changed files only as far back as hotspots look
/// (`lookback_days`): on a real repository's long history that was the whole run's time.
@Suite struct HotspotHistoryTests {
    @Test func dayNumbersGiveTheirDatesBack() throws {
        for text in ["1970-01-01", "2000-02-29", "2000-03-01", "2024-02-29", "2026-11-21", "2100-03-01", "1969-12-31"] {
            #expect(try #require(DayNumber(text)).text == text)
        }
        let start = try #require(DayNumber("1999-12-25"))
        var previous = start.text
        for offset in 1...(366 * 30) {
            let day = start.adding(days: offset)
            #expect(day.text > previous && DayNumber(day.text)?.value == day.value, "\(day.text)")
            previous = day.text
        }
        #expect(try #require(DayNumber("2026-11-21")).adding(days: -92).text == "2026-08-21")
    }

    /// The light pipeline asks git for the look-back period and two days more.
    @Test func reviewAsksForTheLookBackPeriodOnly() {
        final class Asked: @unchecked Sendable { var since: [String] = [] }
        struct RecordingGit: GitClient {
            let asked: Asked
            func topLevel(of directory: String) -> String? { "/repo" }
            func show(revision: String, path: String) throws(GitShowError) -> Data { throw .notInRevision }
            func log(in root: String, maxCount: Int, paths: [String], since: String) -> [Commit]? {
                asked.since.append(since)
                return []
            }
        }
        let asked = Asked()
        var settings = GovernanceSettings()
        settings.lookbackDays = 30
        _ = Review.hotspots(among: [ChangedFile(path: "src/a.swift", status: .modified)], root: "/repo", settings: settings,
                            today: "2026-11-21", git: RecordingGit(asked: asked))
        #expect(asked.since == ["2026-10-20"])
    }

    /// Real git: commits before the date are left out, and the hotspots found are the same.
    @Test func gitLeavesOutTheOlderHistory() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2020-01-01", files: ["src/a.swift": "0", "src/b.swift": "0"])
        for day in 2...6 { try sandbox.commit("fix: old \(day)", date: "2020-01-0\(day)", files: ["src/a.swift": "\(day)"]) }
        try sandbox.commit("fix: one", date: "2026-11-10", files: ["src/b.swift": "1"])
        try sandbox.commit("fix: two", date: "2026-11-11", files: ["src/b.swift": "2"])
        try sandbox.commit("fix: three", date: "2026-11-12", files: ["src/b.swift": "3", "src/a.swift": "7"])
        let git = CommandLineGit()
        let paths = ["src/a.swift", "src/b.swift"]
        let whole = try #require(git.log(in: sandbox.root.path, maxCount: 5000, paths: paths))
        let recent = try #require(git.log(in: sandbox.root.path, maxCount: 5000, paths: paths, since: "2026-08-21"))
        #expect(whole.count == 9)
        #expect(recent.map(\.subject) == ["fix: three", "fix: two", "fix: one"])
        let changed = paths.map { ChangedFile(path: $0, status: .modified) }
        let found = Review.hotspots(among: changed, root: sandbox.root.path, settings: GovernanceSettings(), today: "2026-11-21", git: git)
        #expect(found.map(\.path) == ["src/b.swift"])
        #expect(found.first?.fixes.count == 3)
    }
}
