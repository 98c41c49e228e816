import Foundation
import HandbookCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reports batches of changed files below some folders: with inotify on Linux (a watch per folder,
/// new folders watched as they appear), else by polling the files' stamps every half second (`PollingSnapshot`).
/// A batch is reported once the folders have been quiet for 40 ms (an editor's save is several
/// events), or 5 ms once every file's save has ended (`WatchBatch`, ADR-0022), at most 400 ms
/// after its first event.
final class FileWatcher: @unchecked Sendable {
    let folders: [String]
    let accept: @Sendable (String) -> Bool
    private let lock = NSLock()
    private var stopped = false
    private(set) var mode = "polling"

    init(folders: [String], accept: @escaping @Sendable (String) -> Bool) {
        self.folders = folders
        self.accept = accept
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Starts watching on a thread of its own; `onChange` is called on that thread, one batch at a time.
    func start(forcePolling: Bool = false, onChange: @escaping @Sendable ([String]) -> Void) {
        #if os(Linux)
        if !forcePolling, let inotify = Inotify(accept: accept) {
            for folder in folders { inotify.watchTree(folder) }
            mode = "inotify"
            let thread = Thread { [self] in self.run(inotify, onChange) }
            thread.name = "handbook-watch"
            thread.start()
            return
        }
        #endif
        mode = "polling"
        let thread = Thread { [self] in self.poll(onChange) }
        thread.name = "handbook-watch"
        thread.start()
    }

    #if os(Linux)
    private func run(_ inotify: Inotify, _ onChange: @Sendable ([String]) -> Void) {
        defer { inotify.close() }
        var batch = WatchBatch()
        var first: UInt64 = 0
        while !isStopped {
            let got = inotify.read(timeoutMilliseconds: batch.isEmpty ? 200 : batch.quietMilliseconds)
            let now = DispatchTime.now().uptimeNanoseconds
            if !got.isEmpty {
                if batch.isEmpty { first = now }
                for (path, event) in got { batch.add(path, event, at: now, read: Self.bytes) }
                if now - first < 400_000_000 { continue }
            }
            if !batch.isEmpty, !isStopped {
                let paths = batch.paths
                batch.reported(at: DispatchTime.now().uptimeNanoseconds, read: Self.bytes)
                onChange(paths)
            }
        }
    }
    #endif

    /// A file's bytes, nil when it cannot be read (gone, a folder) or is over 4 MiB: a large file
    /// renamed into the content folder (an image, an archive) is not read on the watcher's thread
    /// nor kept for a minute; its writer's late close, if any, is then a second rebuild, as before.
    private static func bytes(_ path: String) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= 4 << 20 else { return nil }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    private func poll(_ onChange: @Sendable ([String]) -> Void) {
        var before = PollingSnapshot.take(folders: folders, accept: accept)
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.5)
            let after = PollingSnapshot.take(folders: folders, accept: accept, previous: before)
            let changed = after.changes(since: before)
            before = after
            if !changed.isEmpty, !isStopped { onChange(changed) }
        }
    }
}

#if os(Linux)
/// A small wrapper over inotify(7).
final class Inotify {
    private let fd: Int32
    private var folders: [Int32: String] = [:]
    let accept: @Sendable (String) -> Bool
    private static let mask: UInt32 = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 // MODIFY ATTRIB CLOSE_WRITE MOVED_FROM MOVED_TO CREATE DELETE DELETE_SELF MOVE_SELF
    private static let isDirectory: UInt32 = 0x4000_0000
    private static let overflow: UInt32 = 0x4000
    private static let ignored: UInt32 = 0x8000
    private static let created: UInt32 = 0x100 | 0x80
    private static let closedAfterWriting: UInt32 = 0x8
    private static let movedIn: UInt32 = 0x80
    private static let attributes: UInt32 = 0x4

    init?(accept: @escaping @Sendable (String) -> Bool) {
        fd = inotify_init1(Int32(0o4000 | 0o2000000)) // IN_NONBLOCK | IN_CLOEXEC
        guard fd >= 0 else { return nil }
        self.accept = accept
    }

    func close() { _ = Glibc.close(fd) }

    /// Watches a folder and every accepted folder below it; returns the files found (for a folder that just appeared).
    @discardableResult
    func watchTree(_ root: String) -> [String] {
        var files: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            let wd = inotify_add_watch(fd, folder, Self.mask | 0x0100_0000) // IN_ONLYDIR
            guard wd >= 0 else { continue }
            folders[wd] = folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = folder + "/" + name
                guard accept(path) else { continue }
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR { pending.append(path) } else { files.append(path) }
            }
        }
        return files
    }

    /// The paths changed and what happened to each, after waiting at most `timeoutMilliseconds` for the first event.
    func read(timeoutMilliseconds: Int32) -> [(String, WatchBatch.Event)] {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return [] }
        var changed: [(String, WatchBatch.Event)] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let (wd, eventMask, length) = buffer.withUnsafeBytes { bytes in
                    (bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self), bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                offset += 16 + length
                if eventMask & Self.overflow != 0 {
                    changed.append(contentsOf: folders.values.map { ($0, .other) })
                    continue
                }
                if eventMask & Self.ignored != 0 {
                    folders[wd] = nil
                    continue
                }
                guard let folder = folders[wd] else { continue }
                let path = nameBytes.isEmpty ? folder : folder + "/" + String(decoding: nameBytes, as: UTF8.self)
                guard accept(path) else { continue }
                if eventMask & Self.isDirectory != 0 {
                    if eventMask & Self.created != 0 { changed.append(contentsOf: watchTree(path).map { ($0, .other) }) }
                    changed.append((path, .other))
                } else if eventMask & Self.closedAfterWriting != 0 {
                    changed.append((path, .closedAfterWriting))
                } else if eventMask & Self.movedIn != 0 {
                    changed.append((path, .movedIn))
                } else if eventMask & Self.attributes != 0 {
                    changed.append((path, .attributes))
                } else {
                    changed.append((path, .other))
                }
            }
        }
        return changed
    }
}
#endif
