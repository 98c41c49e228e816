import Foundation
@testable import HandbookCore
import Testing

/// The history kept for hotspots (`HistoryCache`, ADR-0162): kept while HEAD and git's
/// configuration stay, asked of git again when either changes.
@Suite(.serialized) struct HistoryCacheTests {
    static let environment = GitDirectoryTests.environment

    final class Fetches: @unchecked Sendable {
        var count = 0
    }

    static func cache() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    /// The history of `paths` through the cache, counting the times git is asked.
    static func log(_ sandbox: GitSandbox, _ paths: [String], cache: String, fetches: Fetches) -> [Commit]? {
        HistoryCache.log(in: sandbox.root.path, maxCount: 5000, paths: paths, directory: cache, environment: environment) {
            fetches.count += 1
            return CommandLineGit().log(in: sandbox.root.path, maxCount: 5000, paths: paths)
        }
    }

    @Test func keptWhileHeadStaysAndAskedAgainWhenItMoves() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let cache = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        try sandbox.commit("Start", date: "2026-11-01", files: ["src/a.swift": "1\n", "src/b.swift": "1\n"])
        try sandbox.commit("fix: a", date: "2026-11-02", files: ["src/a.swift": "2\n"])
        let fetches = Fetches()
        let paths = ["src/a.swift"]
        func expectGits(_ what: String) {
            let kept = Self.log(sandbox, paths, cache: cache, fetches: fetches)
            #expect(kept == CommandLineGit().log(in: sandbox.root.path, maxCount: 5000, paths: paths), "\(what)")
        }
        expectGits("first")
        #expect(fetches.count == 1)
        expectGits("kept")
        #expect(fetches.count == 1, "the second run reads the kept answer")
        // Other paths: another answer.
        _ = Self.log(sandbox, ["src/b.swift"], cache: cache, fetches: fetches)
        #expect(fetches.count == 2)
        // A new commit (HEAD moves): asked again, and the new commit is in the answer.
        try sandbox.commit("fix: a again", date: "2026-11-03", files: ["src/a.swift": "3\n"])
        expectGits("after a commit")
        #expect(fetches.count == 3)
        #expect(Self.log(sandbox, paths, cache: cache, fetches: fetches)?.first?.subject == "fix: a again")
        #expect(fetches.count == 3)
        // Packed refs, another branch checked out, a detached HEAD.
        try sandbox.git("pack-refs", "--all")
        expectGits("packed")
        try sandbox.git("checkout", "-q", "-b", "older", "HEAD~1")
        expectGits("another branch")
        #expect(Self.log(sandbox, paths, cache: cache, fetches: fetches)?.first?.subject == "fix: a")
        try sandbox.git("checkout", "-q", "main")
        expectGits("back")
        #expect(Self.log(sandbox, paths, cache: cache, fetches: fetches)?.first?.subject == "fix: a again")
        // What changes git log's answer without moving HEAD: a mailmap, the configuration.
        let count = fetches.count
        try sandbox.write([".mailmap": "Bea <bea@example.com> Ana <ana@example.com>\n"])
        expectGits("a mailmap")
        #expect(fetches.count == count + 1)
        try sandbox.git("config", "log.mailmap", "false")
        expectGits("the configuration edited")
        #expect(fetches.count == count + 2)
    }

    @Test func notKeptWhereHeadCannotBeReadPlainly() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let cache = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        try sandbox.commit("Start", date: "2026-11-01", files: ["a.txt": "1\n"])
        #expect(HistoryCache.key(root: sandbox.root.path, maxCount: 5000, paths: ["a.txt"], environment: Self.environment) != nil)
        // `--since` is part of the command.
        #expect(HistoryCache.key(root: sandbox.root.path, maxCount: 5000, paths: ["a.txt"], since: "2026-11-01", environment: Self.environment)
                != HistoryCache.key(root: sandbox.root.path, maxCount: 5000, paths: ["a.txt"], since: "2026-11-02", environment: Self.environment))
        var hook = Self.environment
        hook["GIT_INDEX_FILE"] = "/tmp/elsewhere"
        #expect(HistoryCache.key(root: sandbox.root.path, maxCount: 5000, paths: ["a.txt"], environment: hook) == nil)
        try sandbox.git("config", "mailmap.file", "/tmp/names")
        #expect(HistoryCache.key(root: sandbox.root.path, maxCount: 5000, paths: ["a.txt"], environment: Self.environment) == nil)
    }

    @Test func aDamagedOrForeignFileIsNotTrusted() throws {
        let commits = [Commit(hash: String(repeating: "a", count: 40), shortHash: "aaaaaaa", date: "2026-11-01", author: "A\tB",
                              subject: "fix: x\\y", files: ["src/a b.swift", "c\u{1F}d"])]
        let text = HistoryCache.encode(commits, key: "k")
        #expect(HistoryCache.decode(Data(text.utf8), key: "k") == commits)
        #expect(HistoryCache.decode(Data(text.utf8), key: "other") == nil)
        #expect(HistoryCache.decode(Data(text.dropLast(30).utf8), key: "k") == nil)
        #expect(HistoryCache.decode(Data(), key: "k") == nil)
    }

    /// `context` through the light pipeline: three fixes added after a run are a hotspot in the next.
    @Test func contextSeesTheFixesCommittedSinceItsLastRun() throws {
        let sandbox = try ContextTests.repository()
        defer { sandbox.remove() }
        let cache = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        func hotspots() -> [String] {
            var options = LightIndexTests.options(sandbox.root, cache: cache)
            options.cacheDirectory = cache
            let result = Context.run(options: options, subject: .paths(["src/ledger/retry.swift", "src/ledger/write.swift"]),
                                     seeAll: "handbook context")
            return result.report?.hotspots.map(\.path) ?? ["failed"]
        }
        #expect(hotspots() == ["src/ledger/write.swift"])
        #expect(hotspots() == ["src/ledger/write.swift"])
        for day in 15...17 {
            try sandbox.commit("fix: retry \(day)", date: "2026-11-\(day)", files: ["src/ledger/retry.swift": "func retry() { \(day) }\n"])
        }
        #expect(hotspots() == ["src/ledger/retry.swift", "src/ledger/write.swift"])
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("history-") }
        #expect(kept.count == 2, "one answer per HEAD")
    }
}
