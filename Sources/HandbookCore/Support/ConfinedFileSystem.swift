import Foundation

/// The file system as the build may read it: only what resolves, symlinks followed, inside one
/// folder (the repository root). A link that leads out (`content/env.txt -> /proc/self/environ`)
/// is refused with `FileSystemError.outsideRoot`, which callers report as an `outside-root`
/// warning at the link and skip. The check compares real paths component by component (realpath),
/// never string prefixes of what the repository wrote, and the file is then opened by its real
/// path, so the name that was checked is the name that is read. See ADR-0013.
public struct ConfinedFileSystem: FileSystem {
    public let base: FileSystem
    /// The real path (symlinks resolved) of the folder nothing may leave.
    public let root: String
    /// Folders' real paths inside the root, resolved for one pass over many files (`remembering`).
    private let folders: [Substring: String]?

    public init(_ base: FileSystem, root: String) {
        self.base = (base as? ConfinedFileSystem)?.base ?? base
        self.root = self.base.realPath(root) ?? Path.normalize(root)
        folders = nil
    }

    private init(_ confined: ConfinedFileSystem, folders: [Substring: String]?) {
        base = confined.base
        root = confined.root
        self.folders = folders
    }

    /// The same file system for one pass over `paths` (the load stage's Markdown files, ADR-0068):
    /// their folders are resolved first, once each (their real paths, kept when inside the root),
    /// and a file in one of them is opened as that real folder and its name with `O_NOFOLLOW`, so a
    /// file that is itself a link is not opened there but goes the way of `read` (realpath, the
    /// check, the warning), as does every other path. One `realpath` a file was seven `readlink`
    /// calls (one a path component): 70,000 at 10,000 records. Made for one pass and let go: what
    /// it knows is not kept for a next build (`serve`), where a folder may have become a link.
    public func remembering(_ paths: [String]) -> ConfinedFileSystem {
        guard base is DiskFileSystem else { return self }
        var folders: [Substring: String] = [:]
        var unresolved: Set<Substring> = []
        // A listing names a folder's files one after another: the folder just seen is not looked up
        // again (hashing each file's folder was most of this pass, ADR-0077).
        var previous: Substring?
        for path in paths {
            guard let folder = Self.split(path)?.folder else { continue }
            if let previous, Self.sameBytes(previous, folder) { continue }
            previous = folder
            guard folders[folder] == nil, !unresolved.contains(folder) else { continue }
            if let real = base.realPath(String(folder)), Path.relative(real, to: root) != nil {
                folders[folder] = real
            } else {
                unresolved.insert(folder)
            }
        }
        return ConfinedFileSystem(self, folders: folders)
    }

    /// How many folders `remembering` resolved (for tests).
    var rememberedFolders: Int { folders?.count ?? 0 }

    /// Whether two Substrings hold the same bytes (then `==`, which compares Characters, says so too).
    private static func sameBytes(_ a: Substring, _ b: Substring) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    /// A path's folder and last component, when it has both and the last is a name (not `.` or `..`).
    private static func split(_ path: String) -> (folder: Substring, name: Substring)? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let folder = path[..<slash]
        let name = path[path.utf8.index(after: slash)...]
        guard !folder.isEmpty, !name.isEmpty, name != ".", name != ".." else { return nil }
        return (folder, name)
    }

    /// `path`'s bytes when its folder is one `remembering` resolved and its name is not a link there
    /// (`DiskFileSystem.readUnlessLink`); nil otherwise, for `read`'s own way to say what it is.
    private func readInKnownFolder(_ path: String) -> Data? {
        guard let folders, let (folder, name) = Self.split(path), let real = folders[folder] else { return nil }
        return DiskFileSystem.readUnlessLink(real == "/" ? "/" + name : real + "/" + name)
    }

    /// Where `path` really leads when that is outside the root; nil when it stays inside (or does not exist).
    public func escape(_ path: String) -> String? {
        guard let real = base.realPath(path) else { return nil }
        return Path.relative(real, to: root) == nil ? real : nil
    }

    public func read(_ path: String) throws -> Data {
        if folders != nil, let data = readInKnownFolder(path) { return data }
        guard let real = base.realPath(path) else { return try base.read(path) }
        guard Path.relative(real, to: root) != nil else {
            throw FileSystemError(path: path, reason: "is a link to '\(real)', outside the repository root", outsideRoot: true)
        }
        return try base.read(real)
    }

    public func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    public func isFile(_ path: String) -> Bool { base.isFile(path) }
    public func isRegularFile(_ path: String) -> Bool { base.isRegularFile(path) }
    public func realPath(_ path: String) -> String? { base.realPath(path) }
    public func stamp(_ path: String) -> [UInt64]? { base.stamp(path) }

    public func treeDigest(_ folders: [String], skipping: Set<String>, linksWithin root: String, excluding: Set<String>) -> FolderDigest? {
        base.treeDigest(folders, skipping: skipping, linksWithin: root, excluding: excluding)
    }

    public func files(under directory: String, skipping: Set<String>) throws -> [String] {
        try base.files(under: directory, skipping: skipping)
    }

    public func files(under directory: String, skipping: Set<String>, followingLinksWithin root: String) throws -> [String] {
        try base.files(under: directory, skipping: skipping, followingLinksWithin: root)
    }
}

extension DiagnosticEngine {
    /// A file that could not be read: a link out of the repository is a warning (the file is
    /// skipped), anything else an error.
    func unreadable(_ error: Error, file: String, what: String = "the file") {
        if let error = error as? FileSystemError, error.outsideRoot {
            warning("outside-root", "\(error.reason) (\(error.path)); skipped: the build reads nothing outside the repository", file: file)
        } else {
            self.error("unreadable", "cannot read \(what): \(error)", file: file)
        }
    }

    func unreadable(_ error: Error, at location: SourceLocation, what: String = "the file") {
        if let error = error as? FileSystemError, error.outsideRoot {
            warning("outside-root", "\(error.reason) (\(error.path)); skipped: the build reads nothing outside the repository", at: location)
        } else {
            self.error("unreadable", "cannot read \(what): \(error)", at: location)
        }
    }
}
