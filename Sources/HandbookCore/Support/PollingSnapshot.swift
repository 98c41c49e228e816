#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `handbook serve --poll` compares every half second: each accepted file below the watched
/// folders with its stamp (size, inode, modification and change times). A file whose times are
/// not older than the clock read before the walk (`FileClock`) was written in the walk's clock
/// tick: a second write of the same size in that tick leaves the stamp as it is, so its contents'
/// hash is kept too and compared by the next snapshot (git's "racily clean" rule, as
/// `TreeDigest.recent`). The change time is part of the stamp, so a write that puts the old
/// modification time back (`cp -p`, `touch -r`, `tar x`) is seen.
public struct PollingSnapshot: Sendable {
    struct Entry: Equatable, Sendable {
        var stamp: [Int64]
        /// Written in this snapshot's clock tick: the next snapshot compares its contents.
        var racy = false
        /// The contents' hash, for a file written in this snapshot's clock tick or the previous one's.
        var contents: String?
    }

    var entries: [String: Entry] = [:]

    /// Walks `folders` (absolute paths), keeping the files `accept` takes; `previous` names the
    /// files whose contents must be hashed again to be compared.
    public static func take(folders: [String], accept: (String) -> Bool, previous: PollingSnapshot? = nil) -> PollingSnapshot {
        take(folders: folders, accept: accept, previous: previous, since: FileClock.now())
    }

    static func take(folders: [String], accept: (String) -> Bool, previous: PollingSnapshot?,
                     since: FileClock.Time) -> PollingSnapshot {
        var snapshot = PollingSnapshot()
        var pending = folders
        while let folder = pending.popLast() {
            // A folder that cannot be listed (removed between its parent's listing and this one,
            // or unreadable) holds nothing here: its files read as deleted, which is a change, and
            // the rebuild it starts reports whatever is wrong with them.
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                let path = folder + "/" + name
                guard accept(path) else { continue }
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(path)
                    continue
                }
                #if os(Linux)
                let (modified, changed) = (info.st_mtim, info.st_ctim)
                #else
                let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
                #endif
                var entry = Entry(stamp: [Int64(info.st_size), Int64(info.st_ino),
                                          Int64(modified.tv_sec), Int64(modified.tv_nsec),
                                          Int64(changed.tv_sec), Int64(changed.tv_nsec)])
                entry.racy = FileClock.isRecent(info, since: since)
                if entry.racy || previous?.entries[path]?.racy == true {
                    entry.contents = contentHash(path)
                }
                snapshot.entries[path] = entry
            }
        }
        return snapshot
    }

    /// The files added, removed or changed since `before`, sorted.
    public func changes(since before: PollingSnapshot) -> [String] {
        var changed: [String] = []
        for (path, entry) in entries {
            guard let old = before.entries[path] else {
                changed.append(path)
                continue
            }
            if old.stamp != entry.stamp || (old.racy && old.contents != entry.contents) {
                changed.append(path)
            }
        }
        for path in before.entries.keys where entries[path] == nil { changed.append(path) }
        return changed.sorted()
    }

    private static func contentHash(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "-" }
        var hash = StableHash()
        hash.add(bytes: data)
        return hash.hex
    }
}
