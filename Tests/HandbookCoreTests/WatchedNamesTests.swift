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
