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
}
