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

    public init(_ base: FileSystem, root: String) {
        self.base = (base as? ConfinedFileSystem)?.base ?? base
        self.root = self.base.realPath(root) ?? Path.normalize(root)
    }

    /// Where `path` really leads when that is outside the root; nil when it stays inside (or does not exist).
    public func escape(_ path: String) -> String? {
        guard let real = base.realPath(path) else { return nil }
        return Path.relative(real, to: root) == nil ? real : nil
    }

    public func read(_ path: String) throws -> Data {
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
