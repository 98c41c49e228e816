import Foundation
import Testing
@testable import HandbookCore

/// `handbook serve --poll`'s comparison (`PollingSnapshot`): every kind of change is seen, even the
/// ones a file's size and modification time cannot show.
@Suite struct PollingSnapshotTests {
    private static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-poll-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/decisions", withIntermediateDirectories: true)
        return folder
    }

    @Test func anEditANewFileAndADeletionAreSeenAndNothingElse() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "one\n".write(toFile: folder + "/decisions/a.md", atomically: false, encoding: .utf8)
        try "two\n".write(toFile: folder + "/decisions/b.md", atomically: false, encoding: .utf8)
        try "skip\n".write(toFile: folder + "/decisions/c.tmp", atomically: false, encoding: .utf8)
        let accept: (String) -> Bool = { !$0.hasSuffix(".tmp") }
        let before = PollingSnapshot.take(folders: [folder], accept: accept)
        #expect(PollingSnapshot.take(folders: [folder], accept: accept, previous: before).changes(since: before) == [])
        try "one, longer\n".write(toFile: folder + "/decisions/a.md", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder + "/decisions/b.md")
        try "new\n".write(toFile: folder + "/decisions/d.md", atomically: false, encoding: .utf8)
        try "still skipped\n".write(toFile: folder + "/decisions/c.tmp", atomically: false, encoding: .utf8)
        let after = PollingSnapshot.take(folders: [folder], accept: accept, previous: before)
        #expect(after.changes(since: before) == ["a.md", "b.md", "d.md"].map { folder + "/decisions/" + $0 })
    }

    /// `cp -p` or `touch -r` puts an old modification time back on new contents of the same size:
    /// the change time still moves.
    @Test func aWriteThatPutsTheOldModificationTimeBackIsSeen() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/decisions/a.md"
        try "status: accepted\n".write(toFile: path, atomically: false, encoding: .utf8)
        // Older than the clock tick, so the snapshot keeps no contents for it.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
        let oldDate = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        Thread.sleep(forTimeInterval: 0.03)
        let before = PollingSnapshot.take(folders: [folder], accept: { _ in true })
        #expect(before.entries[path]?.racy == false)
        Thread.sleep(forTimeInterval: 0.03)
        try "status: rejected\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: oldDate], ofItemAtPath: path)
        let after = PollingSnapshot.take(folders: [folder], accept: { _ in true }, previous: before)
        #expect(after.entries[path]?.stamp.prefix(4) == before.entries[path]?.stamp.prefix(4), "size, inode and modification time are the old ones")
        #expect(after.changes(since: before) == [path])
    }

    /// A file written in the snapshot's clock tick keeps its contents' hash: a second write of the
    /// same size in the same tick (stamps unchanged) is seen by the next snapshot, and only once.
    @Test func aSecondWriteInTheSameClockTickIsSeenByItsContents() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/decisions/a.md"
        let untouched = folder + "/decisions/b.md"
        try "old\n".write(toFile: untouched, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: untouched)
        Thread.sleep(forTimeInterval: 0.03)
        let since = FileClock.now()
        try "status: accepted\n".write(toFile: path, atomically: false, encoding: .utf8)
        let before = PollingSnapshot.take(folders: [folder], accept: { _ in true }, previous: nil, since: since)
        #expect(before.entries[path]?.racy == true, "written in the walk's tick: its contents are kept")
        #expect(before.entries[untouched]?.racy == false, "older than the tick: stamps are enough")
        try "status: rejected\n".write(toFile: path, atomically: false, encoding: .utf8)
        // What the same tick looks like: every stamp as before.
        var after = PollingSnapshot.take(folders: [folder], accept: { _ in true }, previous: before)
        after.entries[path]?.stamp = try #require(before.entries[path]?.stamp)
        #expect(after.changes(since: before) == [path])
        // The next snapshot, nothing written since: no change reported again.
        Thread.sleep(forTimeInterval: 0.03)
        let next = PollingSnapshot.take(folders: [folder], accept: { _ in true }, previous: after)
        var settled = next
        settled.entries[path]?.stamp = try #require(after.entries[path]?.stamp)
        #expect(settled.changes(since: after) == [])
        #expect(after.entries[path]?.contents != nil, "hashed to be compared with the racy entry")
        #expect(next.entries[path]?.racy == false, "older than this walk's tick")
        let last = PollingSnapshot.take(folders: [folder], accept: { _ in true }, previous: next)
        #expect(last.entries[path]?.contents == nil, "neither this walk's nor the previous one's tick: no longer hashed")
        #expect(last.changes(since: next) == [])
    }
}
