import Foundation
@testable import HandbookCore
import Testing

/// A user's `fix_pattern` cannot stall a build (issue 14).
@Suite struct BoundedRegexTests {
    static let slowSubject = String(repeating: "word ", count: 10) + "wordwordwordwordword!"

    @Test func catastrophicBacktrackingIsStoppedAndReportedAtTheConfigLine() {
        let commits = (0..<5000).map { index in
            Commit(hash: String(format: "%040x", index + 1), shortHash: String(format: "%07x", index + 1), date: "2026-11-20",
                   author: "A", subject: Self.slowSubject, files: ["src/a.swift"])
        }
        let git = FakeGit(files: ["src/a.swift", "content/handbook.yml"], commits: commits)
        let start = Date()
        let build = TestBuild.run(["content/handbook.yml": "title: T\nhotspots:\n  fix_pattern: \"^(\\\\w+\\\\s?)+$\"\n",
                                   "src/a.swift": "", "content/page.md": "# P\n"], git: git)
        let seconds = Date().timeIntervalSince(start)
        #expect(build.errors.map(\.formatted) == [
            #"content/handbook.yml:3:16: error: fix_pattern '^(\w+\s?)+$' takes too many steps on the subject of commit 0000001 (it backtracks catastrophically); simplify it, e.g. '^fix'. Hotspots are left out [regex-too-costly]"#,
        ], "\(build.messages)")
        #expect(seconds < 10, "took \(seconds) s")
    }

    @Test func ordinaryPatternsMatchAsBefore() throws {
        let regex = try #require(BoundedRegex("^(fix|hotfix)\\b"))
        #expect(regex.test("Fix the parser") == .match)
        #expect(regex.test("hotfix: x") == .match)
        #expect(regex.test("prefix fix") == .noMatch)
        #expect(regex.test(String(repeating: "a", count: 100_000)) == .noMatch, "a long subject is not too costly by its length")
        #expect(try #require(BoundedRegex("^(\\w+\\s?)+$")).test(Self.slowSubject) == .tooCostly)
    }
}
