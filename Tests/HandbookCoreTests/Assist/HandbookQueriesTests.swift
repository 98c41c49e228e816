import Foundation
@testable import HandbookCore
import Testing

/// `handbook mcp`'s `search`, `get_record` and resources read the whole handbook; the read is kept
/// for the next question while nothing under the repository root changed, and made again as soon
/// as anything did.
@Suite(.serialized) struct HandbookQueriesTests {
    /// Longer than a tick of the coarse clock files are stamped with (1 to 10 ms): files written
    /// before it are not "recent" to the next walk.
    static func settle() { usleep(60_000) }

    @Test func aFullReadIsKeptUntilAFileChanges() throws {
        let sandbox = try ContextTests.repository()
        defer { sandbox.remove() }
        Self.settle()
        let options = BuildOptions(contentDirectory: sandbox.root.path + "/content", outputDirectory: sandbox.root.path + "/public",
                                   workingDirectory: sandbox.root.path, today: "2026-11-21")
        let queries = HandbookQueries(options: options, git: CommandLineGit())
        let first = queries.search("ledger")
        #expect(!first.isError && first.text.contains("result"), "\(first.text)")
        #expect(queries.memory.reads == 1)
        #expect(queries.search("ledger") == first)
        _ = queries.record("ADR-0002")
        _ = queries.resources()
        #expect(queries.memory.reads == 1, "nothing changed: the first read answers every question")

        // A record's title edited: the next question reads again and sees it.
        let path = sandbox.root.path + "/content/decisions/0002-append-only-ledger.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "title: An append-only ledger", with: "title: A Zeppelin ledger").write(toFile: path, atomically: true, encoding: .utf8)
        Self.settle()
        let edited = queries.search("zeppelin")
        #expect(edited.text.contains("Zeppelin"), "\(edited.text)")
        #expect(queries.memory.reads == 2)

        // A file a record governs, added outside the content folder: read again too.
        try sandbox.write(["src/ledger/new.swift": "let x = 1\n"])
        Self.settle()
        _ = queries.search("zeppelin")
        #expect(queries.memory.reads == 3)

        // A file written in the tick the walk begins in is not trusted by its stamp: nothing is kept.
        try sandbox.write(["src/ledger/now.swift": "let y = 1\n"])
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)],
                                              ofItemAtPath: sandbox.root.path + "/src/ledger/now.swift")
        _ = queries.search("zeppelin")
        _ = queries.search("zeppelin")
        #expect(queries.memory.reads == 5, "a recent file: each question reads again")
    }
}
