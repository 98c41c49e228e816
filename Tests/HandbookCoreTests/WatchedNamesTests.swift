import Foundation
import HandbookCore
import Testing

/// What `serve` reacts to: a tool's temporary file, gone by the time the rebuild looks, is not a
/// change (it sent a one-record edit down the path that renders every page).
@Suite struct WatchedNamesTests {
    @Test func temporaryFilesOfEditorsAndToolsAreNotWatched() {
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-30")
        let site = LiveSite(options: options, fileSystem: MemoryFileSystem([:]), git: NoGit())
        let folder = "/repo/content/decisions/"
        for name in ["sedAb12Cd", "0001-x.md___jb_tmp___", "0001-x.md___jb_old___", ".goutputstream-QWE123", ".0001-x.md.kate-swp",
                     "0001-x.md~", ".#0001-x.md", ".0001-x.md.swp", "4913", ".0001-x.md.handbook-12.tmp"] {
            #expect(!site.isWatched(folder + name), "\(name)")
        }
        for name in ["0001-x.md", "sed.md", "sedimentary", "sedAb12C", "sedAb12Cde", "sed-ab12c", "notes.tmp", "diagram.svg"] {
            #expect(site.isWatched(folder + name), "\(name)")
        }
        #expect(!site.isWatched("/repo/public/index.html") && !site.isWatched("/repo/.git/index"))
    }
}

/// How long the watcher waits before reporting a batch (ADR-0022): briefly once every file's save
/// has ended, longer while one may still be being written.
@Suite struct WatchBatchTests {
    @Test func aBatchIsReportedSoonerOnlyWhenEveryFileIsSaved() {
        let short = WatchBatch.quietOnceSaved, long = WatchBatch.quietWhileWriting
        #expect(short < long)
        var batch = WatchBatch()
        #expect(batch.isEmpty)
        // Written in place: truncated, written, closed.
        batch.add("/c/a.md", .other)
        #expect(batch.quietMilliseconds == long)
        batch.add("/c/a.md", .other)
        batch.add("/c/a.md", .closedAfterWriting)
        #expect(batch.quietMilliseconds == short)
        // A mode set after the close keeps it saved; a second file still being written does not.
        batch.add("/c/a.md", .attributes)
        #expect(batch.quietMilliseconds == short)
        batch.add("/c/b.md", .other)
        #expect(batch.quietMilliseconds == long)
        batch.add("/c/b.md", .movedIn)
        #expect(batch.quietMilliseconds == short)
        #expect(batch.paths == ["/c/a.md", "/c/b.md"])
        // Written again after its close: not saved until it is closed again.
        batch.add("/c/a.md", .other)
        #expect(batch.quietMilliseconds == long)
        batch.removeAll()
        #expect(batch.isEmpty)
        // Renamed aside (a save that keeps the old file as a backup), or its attributes alone: wait.
        batch.add("/c/a.md", .attributes)
        #expect(batch.quietMilliseconds == long)
        batch.removeAll()
        batch.add("/c/a.md", .other)
        batch.add("/c/c.md", .movedIn)
        #expect(batch.quietMilliseconds == long)
    }

    /// Foundation's atomic write renames its temporary file into place, then closes it: the close,
    /// when it comes after the batch was reported, is not a second save (a loaded machine made
    /// two rebuilds of one save). Any other close, or other bytes, still is.
    @Test func theCloseOfAFileRenamedIntoPlaceIsNotASecondSave() {
        var files: [String: [UInt8]] = ["/c/a.md": Array("one".utf8), "/c/b.md": Array("two".utf8)]
        let read: (String) -> [UInt8]? = { files[$0] }
        let second: UInt64 = 1_000_000_000
        var batch = WatchBatch()
        batch.add("/c/a.md", .movedIn, at: 1 * second, read: read)
        batch.add("/c/b.md", .closedAfterWriting, at: 1 * second, read: read)
        #expect(batch.paths == ["/c/a.md", "/c/b.md"])
        batch.reported(at: 1 * second, read: read)
        #expect(batch.isEmpty)
        // The renamed file's late close, same bytes: nothing. The in-place file's close again: a save.
        batch.add("/c/a.md", .closedAfterWriting, at: 2 * second, read: read)
        #expect(batch.isEmpty)
        batch.add("/c/b.md", .closedAfterWriting, at: 2 * second, read: read)
        #expect(batch.paths == ["/c/b.md"])
        batch.reported(at: 2 * second, read: read)
        // Only the first close after the rename is the writer's: a second one is a save.
        batch.add("/c/a.md", .closedAfterWriting, at: 3 * second, read: read)
        #expect(batch.paths == ["/c/a.md"])
        batch.reported(at: 3 * second, read: read)
        // Renamed in again, then its close with other bytes (written between the rename and the close): a save.
        batch.add("/c/a.md", .movedIn, at: 4 * second, read: read)
        batch.reported(at: 4 * second, read: read)
        files["/c/a.md"] = Array("one, changed".utf8)
        batch.add("/c/a.md", .closedAfterWriting, at: 5 * second, read: read)
        #expect(batch.paths == ["/c/a.md"])
        batch.reported(at: 5 * second, read: read)
        // Renamed in, then modified in place before a close: the modification is a change, and so the close.
        batch.add("/c/a.md", .movedIn, at: 6 * second, read: read)
        batch.reported(at: 6 * second, read: read)
        batch.add("/c/a.md", .other, at: 7 * second, read: read)
        batch.add("/c/a.md", .closedAfterWriting, at: 7 * second, read: read)
        #expect(batch.paths == ["/c/a.md"])
        batch.reported(at: 7 * second, read: read)
        // A close long after the rename (past the window) counts, whatever its bytes.
        batch.add("/c/a.md", .movedIn, at: 8 * second, read: read)
        batch.reported(at: 8 * second, read: read)
        batch.add("/c/a.md", .closedAfterWriting, at: 8 * second + WatchBatch.echoWindow + 1, read: read)
        #expect(batch.paths == ["/c/a.md"])
    }
}
