import Foundation
@testable import HandbookCore
import Testing

/// The light pipeline's index (LightIndex, ADR-0150): a run that uses it gives the report and the
/// diagnostics of a run over every record, reads fewer records, and is not used once a file changed.
@Suite(.serialized) struct LightIndexTests {
    /// Counts the Markdown files read below `content/decisions`.
    final class Reads: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String] = []
        func add(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }
        var records: Set<String> {
            lock.lock()
            defer { lock.unlock() }
            return Set(paths.filter { $0.contains("/content/decisions/") }.map { ($0 as NSString).lastPathComponent })
        }
    }

    struct CountingFileSystem: FileSystem {
        let base = DiskFileSystem()
        let reads: Reads
        /// Changes the folders' digest as the disk gives it (to play a write the stamps cannot see).
        var digest: (@Sendable (FolderDigest?) -> FolderDigest?)? = nil
        func read(_ path: String) throws -> Data {
            reads.add(path)
            return try base.read(path)
        }
        func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
        func isFile(_ path: String) -> Bool { base.isFile(path) }
        func files(under directory: String, skipping: Set<String>) throws -> [String] { try base.files(under: directory, skipping: skipping) }
        func files(under directory: String, skipping: Set<String>, followingLinksWithin root: String) throws -> [String] {
            try base.files(under: directory, skipping: skipping, followingLinksWithin: root)
        }
        func realPath(_ path: String) -> String? { base.realPath(path) }
        func stamp(_ path: String) -> [UInt64]? { base.stamp(path) }
        func treeDigest(_ folders: [String], skipping: Set<String>, linksWithin root: String, excluding: Set<String>) -> FolderDigest? {
            let found = base.treeDigest(folders, skipping: skipping, linksWithin: root, excluding: excluding)
            return digest.map { $0(found) } ?? found
        }
    }

    /// The context fixture, plus: ADR-0005 superseded by ADR-0006, itself superseded by ADR-0007,
    /// which governs nothing the paths touch (so only the index's `needs` brings it in); a record
    /// naming a record that does not exist (a diagnostic of the whole handbook); unrelated records.
    static func repository() throws -> GitSandbox {
        let sandbox = try ContextTests.repository()
        var files: [String: String] = [
            "content/decisions/0005-cache-balances.md": "---\nstatus: superseded\ndate: 2026-01-01\ntitle: Cache balances\ngoverns: [\"src/cache/\"]\n---\n## Decision\nBalances are cached.\n",
            "content/decisions/0006-cache-in-redis.md": "---\nstatus: superseded\ndate: 2026-02-01\ntitle: Cache in Redis\nsupersedes: ADR-0005\ngoverns: [\"src/redis/\"]\n---\n## Decision\nRedis holds the cache.\n",
            "content/decisions/0007-no-cache.md": "---\nstatus: accepted\ndate: 2026-03-01\ntitle: No cache at all\ngoverns: [\"docs/\"]\n---\n# No cache at all\n\n## Status\n\nAccepted\n\nSupersedes [ADR-0006](0006-cache-in-redis.md)\n\n## Decision\nBalances are computed on read.\n",
            "content/decisions/0008-names-nothing.md": "---\nstatus: acepted\ndate: 2026-04-01\ntitle: Names nothing\nrelates: ADR-0099\ngoverns: [\"tools/\"]\n---\nText.\n",
            "src/cache/store.swift": "let store = 1\n",
            "docs/cache.md": "# Cache\n",
            "tools/gen.sh": "echo\n",
        ]
        for number in 10..<40 {
            files["content/decisions/00\(number)-unrelated-\(number).md"]
                = "---\nstatus: accepted\ndate: 2026-05-01\ntitle: Unrelated \(number)\ngoverns: [\"other/\(number)/\"]\n---\nText.\n"
            files["other/\(number)/file.txt"] = "x\n"
        }
        try sandbox.commit("More records", date: "2026-11-14", files: files)
        return sandbox
    }

    static func options(_ root: URL, cache: String?) -> BuildOptions {
        var options = BuildOptions(contentDirectory: root.path + "/content", outputDirectory: root.path + "/public",
                                   workingDirectory: root.path, today: "2026-11-21")
        options.cacheDirectory = cache
        return options
    }

    struct Outcome: Equatable {
        var text: String
        var diagnostics: [String]
        var failed: Bool
    }

    static func context(_ root: URL, _ paths: [String], _ format: Context.Format, cache: String?, reads: Reads = Reads(),
                        digest: (@Sendable (FolderDigest?) -> FolderDigest?)? = nil) -> Outcome {
        let result = Context.run(options: options(root, cache: cache), subject: .paths(paths), format: format,
                                 seeAll: Context.seeAllCommand(subject: .paths(paths), format: format),
                                 fileSystem: CountingFileSystem(reads: reads, digest: digest))
        return Outcome(text: result.report.map { Context.render($0, format) } ?? "", diagnostics: result.diagnostics.map(\.formatted),
                       failed: result.failed)
    }

    static func review(_ root: URL, _ paths: [String], cache: String?, reads: Reads = Reads()) -> Outcome {
        let result = Review.run(options: options(root, cache: cache), changes: .files(paths), fileSystem: CountingFileSystem(reads: reads))
        return Outcome(text: result.report.map(Review.json) ?? "", diagnostics: result.diagnostics.map(\.formatted), failed: result.failed)
    }

    static let questions: [[String]] = [
        ["src/ledger/write.swift"], ["src/cache/store.swift"], ["src/ledger", "api/ledger.yaml"], ["docs/cache.md", "tools/gen.sh"],
        ["other/12/file.txt", "src/cache/store.swift", "src/web/routes.swift"], ["README.md"],
    ]

    /// The key's hash is the same in every process and every build: pinned to a value computed
    /// independently (the two lanes written out in Python), so a faster loop cannot change it.
    @Test func theStableHashIsPinned() {
        var hash = StableHash()
        hash.add("content/decisions/0001-x.md")
        hash.add("é")
        #expect(hash.hex == "c5b1e84e92a45ecf217a6aecb52ce2ee")
    }

    @Test func aRunWithTheIndexGivesTheFullRunsReportAndDiagnostics() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        for paths in Self.questions {
            for format in Context.Format.allCases {
                let full = Self.context(sandbox.root, paths, format, cache: nil)
                #expect(full.diagnostics.contains { $0.contains("[unknown-reference]") }, "the fixture has a diagnostic of the whole handbook: \(full.diagnostics)")
                let first = Self.context(sandbox.root, paths, format, cache: cache)
                let reads = Reads()
                let second = Self.context(sandbox.root, paths, format, cache: cache, reads: reads)
                #expect(first == full, "\(paths)")
                #expect(second == full, "\(paths) \(format), with the index:\n\(lineDiff(expected: full.text, actual: second.text))")
                #expect(reads.records.count <= 6, "\(paths): read \(reads.records.count) records with the index")
            }
            let full = Self.review(sandbox.root, paths, cache: nil)
            #expect(Self.review(sandbox.root, paths, cache: cache) == full)
            #expect(Self.review(sandbox.root, paths, cache: cache) == full, "\(paths): review with the index")
        }
    }

    @Test func withTheIndexOnlyTheShownDecisionsAreRead() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        _ = Self.context(sandbox.root, ["src/cache/store.swift"], .json, cache: cache)
        let reads = Reads()
        let indexed = Self.context(sandbox.root, ["src/cache/store.swift"], .json, cache: cache, reads: reads)
        #expect(reads.records == ["0007-no-cache.md"], "the successor in force, for its sentence; the chain comes from the index")
        #expect(indexed.text.contains("\"replaces\" : [\n        \"ADR-0005\"\n      ]"), "\(indexed.text)")
        let reviewReads = Reads()
        _ = Self.review(sandbox.root, ["src/cache/store.swift"], cache: cache, reads: reviewReads)
        #expect(reviewReads.records.isEmpty)
    }

    @Test func anEditedOrNewRecordIsReadAgain() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        let paths = ["other/12/file.txt"]
        _ = Self.context(sandbox.root, paths, .markdown, cache: cache)
        try sandbox.write(["content/decisions/0012-unrelated-12.md":
            "---\nstatus: accepted\ndate: 2026-05-01\ntitle: Edited 12\ngoverns: [\"other/12/\"]\n---\nText.\n"])
        let edited = Self.context(sandbox.root, paths, .markdown, cache: cache)
        #expect(edited.text.contains("Edited 12"))
        #expect(edited == Self.context(sandbox.root, paths, .markdown, cache: nil))
        try sandbox.write(["content/decisions/0041-new.md":
            "---\nstatus: accepted\ndate: 2026-05-02\ntitle: New on 12\ngoverns: [\"other/12/file.txt\"]\n---\nText.\n"])
        let added = Self.context(sandbox.root, paths, .markdown, cache: cache)
        #expect(added.text.contains("New on 12"))
        #expect(added == Self.context(sandbox.root, paths, .markdown, cache: nil))
    }

    /// Each change to the handbook is seen by the very next run: the index is checked against the
    /// folders' entries (their names and stamps), not trusted. Each step compares with a run
    /// without the index, and checks what the change must show.
    @Test func everyKindOfChangeIsSeenByTheNextRun() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        let paths = ["other/12/file.txt", "other/13/file.txt"]
        func run() -> Outcome {
            let indexed = Self.context(sandbox.root, paths, .markdown, cache: cache)
            #expect(indexed == Self.context(sandbox.root, paths, .markdown, cache: nil))
            return indexed
        }
        _ = run()
        let reads = Reads()
        _ = Self.context(sandbox.root, paths, .markdown, cache: cache, reads: reads)
        #expect(reads.records.count <= 6, "nothing changed: the index is used (read \(reads.records.count) records)")
        func write(_ path: String, _ text: String) throws {
            try text.write(toFile: sandbox.root.path + "/" + path, atomically: false, encoding: .utf8)
        }
        func record(_ title: String, _ folder: String) -> String {
            "---\nstatus: accepted\ndate: 2026-05-01\ntitle: \(title)\ngoverns: [\"other/\(folder)/\"]\n---\nText.\n"
        }
        let decisions = "content/decisions/"
        #expect(run().text.contains("Unrelated 12"))
        #expect(run().text.contains("Unrelated 12"), "with the index")
        // Edited in place, to a text of the same length (only the stamp's times tell).
        try write(decisions + "0012-unrelated-12.md", record("Unrelated 21", "12"))
        #expect(run().text.contains("Unrelated 21"), "edited")
        // Added.
        try write(decisions + "0042-added.md", record("Added on 13", "13"))
        #expect(run().text.contains("Added on 13"), "added")
        // Renamed: its path, source and id (the number) change.
        try FileManager.default.moveItem(atPath: sandbox.root.path + "/" + decisions + "0042-added.md",
                                         toPath: sandbox.root.path + "/" + decisions + "0043-renamed.md")
        let renamed = run()
        #expect(renamed.text.contains("0043-renamed.md") && !renamed.text.contains("0042-added.md"), "renamed")
        // Deleted.
        try FileManager.default.removeItem(atPath: sandbox.root.path + "/" + decisions + "0043-renamed.md")
        #expect(!run().text.contains("Added on 13"), "deleted")
        // A record in a new folder below the content folder.
        try FileManager.default.createDirectory(atPath: sandbox.root.path + "/" + decisions + "more", withIntermediateDirectories: true)
        try write(decisions + "more/0044-deeper.md", record("Deeper on 13", "13"))
        #expect(run().text.contains("Deeper on 13"), "added in a new folder")
        // The folder renamed: the files inside keep their stamps, only their paths tell.
        try FileManager.default.moveItem(atPath: sandbox.root.path + "/" + decisions + "more",
                                         toPath: sandbox.root.path + "/" + decisions + "moved")
        let moved = run()
        #expect(moved.text.contains("decisions/moved/0044-deeper.md") && !moved.text.contains("decisions/more/"), "folder renamed")
    }

    /// A second write of the same size in the clock tick of the first leaves the file's stamp as it
    /// was (git's "racily clean" case): when the run that wrote the index began in that tick, the
    /// next run compares the file's contents. Played here with a digest that does not change and
    /// names the record as recent, as the disk's does for a file written in the walk's tick.
    @Test func aWriteTheStampsCannotSeeIsSeenByItsContents() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        let paths = ["other/12/file.txt"]
        let record = sandbox.root.path + "/content/decisions/0012-unrelated-12.md"
        let sameStamps: @Sendable (FolderDigest?) -> FolderDigest? = { _ in FolderDigest(value: [1, 2, 3], recent: [record]) }
        let first = Self.context(sandbox.root, paths, .markdown, cache: cache, digest: sameStamps)
        #expect(first.text.contains("Unrelated 12"))
        // The same length: accepted becomes rejected, so the decision is no longer in force.
        let text = try String(contentsOfFile: record, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "status: accepted", with: "status: rejected")
        #expect(edited.utf8.count == text.utf8.count && edited != text)
        try edited.write(toFile: record, atomically: false, encoding: .utf8)
        let second = Self.context(sandbox.root, paths, .markdown, cache: cache, digest: sameStamps)
        #expect(second == Self.context(sandbox.root, paths, .markdown, cache: nil), "the index of the first write was used")
        #expect(!second.text.contains("Unrelated 12"), "\(second.text)")
        // Unchanged since: the index (rewritten by the second run) is used, its recent file compared.
        let reads = Reads()
        #expect(Self.context(sandbox.root, paths, .markdown, cache: cache, reads: reads, digest: sameStamps) == second)
        #expect(reads.records.count <= 6, "read \(reads.records.count) records: the index was not used")
    }

    /// The disk's digest names the files modified in the walk's clock tick or later, and only those.
    @Test func theDigestNamesTheFilesOfTheCurrentClockTick() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-tick-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "old\n".write(toFile: folder + "/old.md", atomically: false, encoding: .utf8)
        try "later\n".write(toFile: folder + "/sub/later.md", atomically: false, encoding: .utf8)
        // Several ticks of the coarse clock (1 to 10 ms) pass: both files' times are older than the walk.
        usleep(100_000)
        let quiet = DiskFileSystem().treeDigest([folder], skipping: [], linksWithin: folder, excluding: [])
        #expect(quiet?.recent == [], "\(quiet?.recent ?? [])")
        // A modification time ahead of the clock (a copy from a machine whose clock is ahead).
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: folder + "/sub/later.md")
        usleep(100_000)
        let ahead = DiskFileSystem().treeDigest([folder], skipping: [], linksWithin: folder, excluding: [])
        #expect(ahead?.recent == [folder + "/sub/later.md"], "\(ahead?.recent ?? [])")
        #expect(ahead?.value != quiet?.value)
    }

    @Test func aDamagedIndexIsIgnored() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let cache = sandbox.root.path + "/.cache"
        let paths = ["src/ledger/write.swift"]
        let full = Self.context(sandbox.root, paths, .markdown, cache: nil)
        _ = Self.context(sandbox.root, paths, .markdown, cache: cache)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("light-") }
        #expect(files.count == 1)
        let file = cache + "/" + files[0]
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try (text.replacingOccurrences(of: "\tD\t", with: "\tX\t") + "r\tD\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(Self.context(sandbox.root, paths, .markdown, cache: cache) == full)
        #expect(Self.context(sandbox.root, paths, .markdown, cache: cache) == full, "rewritten after the damaged one")
        // A decision's row cut short, or with a pattern number that is not one: the whole index is ignored.
        // The rows' offsets and the patterns' rows: one wrong, and the whole index is ignored.
        let current = try String(contentsOfFile: file, encoding: .utf8)
        let key = String(current.split(separator: "\n")[1].dropFirst(4))
        let lines = current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let offsets = try #require(lines.firstIndex { $0.hasPrefix("o\t") })
        let pattern = try #require(lines.firstIndex { $0.hasPrefix("p\t") })
        func damaged(_ line: Int, _ change: (String) -> String) -> Data {
            var copy = lines
            copy[line] = change(copy[line])
            return Data(copy.joined(separator: "\n").utf8)
        }
        #expect(LightIndex.Stored(damaged(offsets) { $0 }, key: key) != nil)
        #expect(LightIndex.Stored(damaged(offsets) { $0.replacingOccurrences(of: ",", with: "1,") }, key: key) == nil, "an offset moved")
        #expect(LightIndex.Stored(damaged(offsets) { String($0[..<$0.lastIndex(of: ",")!]) }, key: key) == nil, "an offset missing")
        #expect(LightIndex.Stored(damaged(pattern) { $0 + ",99999" }, key: key) == nil, "a row that is not one")
        #expect(LightIndex.Stored(damaged(pattern) { $0 + ",0" }, key: key) == nil, "rows out of order")
        for damage in ["D\t/x.md\t0\n", "D\t/x.md\t0\tADR-0099\n", "D\t/x.md\t0,z\t\t\t\t\t\t\t\t\t\n", "D\t/x.md\t99999\t\t\t\t\t\t\t\t\t\n"] {
            let current = try String(contentsOfFile: file, encoding: .utf8)
            #expect(LightIndex.Stored(Data(current.utf8), key: String(current.split(separator: "\n")[1].dropFirst(4))) != nil)
            try (current + damage).write(toFile: file, atomically: true, encoding: .utf8)
            #expect(LightIndex.Stored(Data((current + damage).utf8), key: String(current.split(separator: "\n")[1].dropFirst(4))) == nil, "\(damage)")
            #expect(Self.context(sandbox.root, paths, .markdown, cache: cache) == full)
        }
    }

    @Test func fieldsSurviveTheFile() {
        let decision = LightIndex.Decision(path: "/r/a b.md", patterns: ["x\u{1F}y", "a\\b", "c\td", ""], id: "ADR-0001", title: "Tab\there",
                                           status: "", statusLabel: "no status", date: nil, source: "a b.md", page: "p.html",
                                           supersededBy: [], successors: [0])
        var dated = decision
        dated.date = ""
        dated.supersededBy = ["ADR-0002", "-"]
        dated.patterns = [""]
        dated.summarized = true
        var unsaid = decision
        unsaid.patterns = ["elsewhere/**"]
        unsaid.summarized = false
        var bare = decision
        bare.patterns = []
        let index = LightIndex(key: "k", diagnostics: [Diagnostic(file: "a\tb.md", line: 3, column: 4, severity: .warning, id: "x",
                                                                  message: "two\nlines \\ and \u{1F}")],
                               decisions: [decision, dated, bare, unsaid],
                               listing: LoadStage.Listing(markdown: [(SourceFile(path: "landmines/l\n.md", displayPath: "c/l\t.md", repositoryPath: nil,
                                                                                 absolutePath: "/r/l\n.md"), 1)],
                                                          assets: [SourceFile(path: "a.png", displayPath: "a.png", repositoryPath: "=a.png", absolutePath: "/a.png")],
                                                          contractManifests: [SourceFile(path: "c.yml", displayPath: "c.yml", repositoryPath: "", absolutePath: "/c.yml")],
                                                          metricsFiles: [SourceFile(path: "m.csv", displayPath: "m\\.csv", repositoryPath: "-", absolutePath: "/m.csv")]))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("light-\(UUID().uuidString).idx").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        index.write(to: file)
        let read = LightIndex.read(file, key: "k")
        #expect(read?.decisions == index.decisions)
        #expect(read?.decisions(for: ["x\u{1F}y"]) == [decision], "the decision whose glob matches")
        #expect(read?.decisions(for: ["elsewhere/a"]) == [decision, unsaid], "the row a pattern names, and its successor's")
        #expect(read?.decisions(for: ["nowhere/a"]) == [])
        #expect(read?.landmines == index.landmines)
        #expect(read?.listing.markdown.map(\.file) == index.listing.markdown.map(\.file))
        #expect(read?.listing.markdown.map(\.folder) == [1])
        #expect(read?.listing.assets == index.listing.assets)
        #expect(read?.listing.contractManifests == index.listing.contractManifests)
        #expect(read?.listing.metricsFiles == index.listing.metricsFiles)
        #expect(read?.diagnostics == index.diagnostics)
        #expect(LightIndex.read(file, key: "other") == nil)
    }
}
