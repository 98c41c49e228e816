import Foundation

/// The file system as the pipeline sees it: read-only, paths absolute and `/`-separated.
/// `DiskFileSystem` is the real one; `MemoryFileSystem` lets tests build trees in code.
public protocol FileSystem: Sendable {
    func read(_ path: String) throws -> Data
    func isDirectory(_ path: String) -> Bool
    func isFile(_ path: String) -> Bool
    /// A regular file, links followed: not a FIFO, socket or device, whose read could block or never end.
    func isRegularFile(_ path: String) -> Bool
    /// Every regular file below `directory`, as paths relative to it, sorted. Skips folders named in `skipping`.
    func files(under directory: String, skipping: Set<String>) throws -> [String]
    /// The same, also listing below links to folders whose target is inside `root` (issue 9: a
    /// log kept as a link to a shared folder), each real folder once, so a link loop ends.
    func files(under directory: String, skipping: Set<String>, followingLinksWithin root: String) throws -> [String]
    /// The path with every symlink resolved (realpath(3)); nil when it does not exist.
    func realPath(_ path: String) -> String?
    /// What changes when the file does (device, inode, size, modification and change times, links
    /// followed); nil when it cannot be told (then nothing is cached about it). For `LightIndex`.
    func stamp(_ path: String) -> [UInt64]?
    /// A digest of everything below `folders` that a listing of them can see: the path (from its
    /// folder) and the stamp of every entry, links followed (to folders only when their real path
    /// is inside `root`, each real folder once), folders named in `skipping` and the folders in
    /// `excluding` left out. It changes when a file is added, removed, renamed or edited (as its
    /// stamp does), except for a second write of the same size within the clock tick of the first:
    /// the files whose times are not older than the walk's start are named in `recent`, for their
    /// contents to be compared (git's "racily clean" entries). Nil when it cannot be told (then
    /// nothing is cached). For `LightIndex`.
    func treeDigest(_ folders: [String], skipping: Set<String>, linksWithin root: String, excluding: Set<String>) -> FolderDigest?
}

/// `FileSystem.treeDigest`'s answer.
public struct FolderDigest: Equatable, Sendable {
    public var value: [UInt64]
    /// The absolute paths of the files modified or changed in the clock tick the walk started in,
    /// or later: a stamp alone cannot tell a second write of the same size in that tick.
    public var recent: [String]

    public init(value: [UInt64], recent: [String] = []) {
        self.value = value
        self.recent = recent
    }
}

extension FileSystem {
    public func stamp(_ path: String) -> [UInt64]? { nil }

    /// A tree of plain files and folders: what exists and is not a folder is a regular file.
    public func isRegularFile(_ path: String) -> Bool { isFile(path) }

    public func treeDigest(_ folders: [String], skipping: Set<String>, linksWithin root: String, excluding: Set<String>) -> FolderDigest? {
        nil
    }

    public func files(under directory: String, skipping: Set<String>, followingLinksWithin root: String) throws -> [String] {
        try files(under: directory, skipping: skipping)
    }

    /// A tree without links: a path is its own real path when it exists.
    public func realPath(_ path: String) -> String? {
        let normalized = Path.normalize(path)
        return isFile(normalized) || isDirectory(normalized) ? normalized : nil
    }
}

public struct FileSystemError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The path resolves (through a symlink) outside the folder the build may read.
    public var outsideRoot = false
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String, outsideRoot: Bool = false) {
        self.path = path
        self.reason = reason
        self.outsideRoot = outsideRoot
    }
}

public struct DiskFileSystem: FileSystem {
    public init() {}

    public func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path: path, reason: isDirectory(path) ? "is a directory" : "cannot be read")
        }
        return data
    }

    public func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// A regular file's bytes, when `path`'s last component is not a link (`O_NOFOLLOW`); nil when
    /// it is one, or the file is not regular (`O_NONBLOCK`: a FIFO does not hold up the open), or
    /// cannot be opened or read. As `read` (open, fstat, read, close), no more calls (ADR-0068).
    static func readUnlessLink(_ path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = max(Int(info.st_size), 0)
        var capacity = max(size, 1)
        guard var buffer = malloc(capacity) else { return nil }
        var count = 0
        // The size fstat gave (one read; not a second to see the end), or less when the file shrank
        // since; a file that says it is empty is read to its end.
        while count != size || size == 0 {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else {
                    free(buffer)
                    return nil
                }
                buffer = grown
            }
            let result = Foundation.read(descriptor, buffer + count, capacity - count)
            if result < 0, errno == EINTR { continue }
            if result < 0 {
                free(buffer)
                return nil
            }
            if result == 0 { break }
            count += result
        }
        return Data(bytesNoCopy: buffer, count: count, deallocator: .free)
    }

    public func realPath(_ path: String) -> String? {
        guard let resolved = Foundation.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public func isFile(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
    }

    public func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public func stamp(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #else
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        return [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(bitPattern: Int64(info.st_size)),
                UInt64(bitPattern: Int64(modified.tv_sec)), UInt64(bitPattern: Int64(modified.tv_nsec)),
                UInt64(bitPattern: Int64(changed.tv_sec)), UInt64(bitPattern: Int64(changed.tv_nsec))]
    }

    public func files(under directory: String, skipping: Set<String>) throws -> [String] {
        try files(under: directory, skipping: skipping, within: nil)
    }

    public func treeDigest(_ folders: [String], skipping: Set<String>, linksWithin root: String, excluding: Set<String>) -> FolderDigest? {
        var walk = TreeDigest(skipping: skipping, root: realPath(root) ?? root, excluding: excluding, since: FileClock.now())
        for folder in folders {
            guard walk.add(folder) else { return nil }
        }
        return FolderDigest(value: walk.digest, recent: walk.recent)
    }

    public func files(under directory: String, skipping: Set<String>, followingLinksWithin root: String) throws -> [String] {
        try files(under: directory, skipping: skipping, within: root)
    }

    private func files(under directory: String, skipping: Set<String>, within root: String?) throws -> [String] {
        guard isDirectory(directory) else { throw FileSystemError(path: directory, reason: "is not a directory") }
        let realRoot = root.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        var visited: Set<String> = [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path]
        var result: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? directory : directory + "/" + relative
            let names: [(name: String, type: UInt8)]
            // A folder removed after its parent was read (`serve` removes a swapped-out site in
            // the background, beside the repository's files) is not there: nothing to list. Told by
            // opendir's own ENOENT, not by looking again: the folder may be there again by then (the
            // next swap made it anew), which made the walk throw. Any other failure, or the listed
            // folder itself gone, is an error.
            names = try Self.entries(of: absolute, goneIsEmpty: !relative.isEmpty)
            for (name, type) in names {
                // Each path made in one String (two appends grew one twice, ADR-0077).
                let child = relative.isEmpty ? name : Path.joined(relative, name)
                // The type readdir gives spares a stat per file (10,000 records: most of a listing).
                if type == Self.regularFile {
                    result.append(child)
                    continue
                }
                let full = Path.joined(absolute, name)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    // A link to a folder may lead back up the tree: list what is below real folders only.
                    let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
                    guard !skipping.contains(name) else { continue }
                    if !isLink {
                        visited.insert(URL(fileURLWithPath: full).resolvingSymlinksInPath().path)
                        pending.append(child)
                    } else if let realRoot {
                        // Followed when the real folder is inside the root and not yet listed.
                        let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                        if Path.relative(target, to: realRoot) != nil, visited.insert(target).inserted { pending.append(child) }
                    }
                } else {
                    result.append(child)
                }
            }
        }
        return result.sorted()
    }

    static let regularFile = UInt8(DT_REG)

    /// The name of an entry readdir(3) gave, where it is: `d_name` is declared as 256 bytes, but a
    /// record is only as long as its name (`d_reclen`). Reading the field as a value copies all 256
    /// bytes, past the record's end: when the record ends a page of readdir's buffer and the next
    /// page is not mapped, that is a SIGSEGV (the repository walk of 2,000 files crashed about one
    /// build in ten; landmine `a-c-array-field-read-as-a-value-reads-past-its-record`). No copy here.
    @inline(__always)
    static func entryName(_ entry: UnsafePointer<dirent>) -> UnsafePointer<CChar> {
        UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
    }

    /// Where `d_name` starts in a `dirent`: after `d_ino`, `d_off`, `d_reclen` and `d_type`, unpadded
    /// (19 with glibc on 64-bit platforms; `offset(of:)` answers for every stored field of a C struct).
    static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)
        ?? MemoryLayout<ino_t>.size + MemoryLayout<off_t>.size + MemoryLayout<UInt16>.size + MemoryLayout<UInt8>.size

    /// A folder's entries with their types as readdir(3) gives them (DT_UNKNOWN where the file
    /// system does not say), without `.` and `..`.
    /// `goneIsEmpty`: a folder that does not exist (ENOENT) has no entries, instead of an error.
    static func entries(of directory: String, goneIsEmpty: Bool = false) throws -> [(name: String, type: UInt8)] {
        guard let handle = opendir(directory) else {
            if goneIsEmpty, errno == ENOENT { return [] }
            // As FileManager would have said it.
            _ = try FileManager.default.contentsOfDirectory(atPath: directory)
            return []
        }
        defer { closedir(handle) }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = String(cString: entryName(entry))
            if name == "." || name == ".." { continue }
            entries.append((name, UInt8(entry.pointee.d_type)))
        }
        return entries
    }
}

/// A file tree held in memory: `[absolute path: text]`. Folders exist where files are below them.
public struct MemoryFileSystem: FileSystem {
    public var contents: [String: Data]

    public init(_ files: [String: String]) {
        contents = files.mapValues { Data($0.utf8) }
    }

    public init(data: [String: Data]) {
        contents = data
    }

    public func read(_ path: String) throws -> Data {
        guard let data = contents[Path.normalize(path)] else {
            throw FileSystemError(path: path, reason: isDirectory(path) ? "is a directory" : "does not exist")
        }
        return data
    }

    public func isDirectory(_ path: String) -> Bool {
        let prefix = Path.normalize(path) + "/"
        return prefix == "//" ? !contents.isEmpty : contents.keys.contains { $0.hasPrefix(prefix) }
    }

    public func isFile(_ path: String) -> Bool { contents[Path.normalize(path)] != nil }

    public func files(under directory: String, skipping: Set<String>) throws -> [String] {
        let base = Path.normalize(directory)
        guard isDirectory(base) else { throw FileSystemError(path: directory, reason: "is not a directory") }
        let prefix = base == "/" ? "/" : base + "/"
        return contents.keys.filter { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }
            .filter { relative in !relative.split(separator: "/").dropLast().contains { skipping.contains(String($0)) } }
            .sorted()
    }
}
