import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func posixMkdir(_ path: String, _ mode: mode_t) -> Int32 { mkdir(path, mode) }
private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

/// The system calls `DiskOutput` writes with, replaceable so tests can make them fail the way a
/// full disk, a read-only folder or a failing rename does (each sets `errno` and returns -1/false).
public struct OutputSystem: Sendable {
    public var open: @Sendable (_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    public var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int
    public var mkdir: @Sendable (_ path: String, _ mode: mode_t) -> Int32
    public var rename: @Sendable (_ from: String, _ to: String) -> Int32
    /// Swaps two paths in one step; false when the system cannot (then two renames are used).
    public var exchange: @Sendable (_ a: String, _ b: String) -> Bool

    public init(open: @escaping @Sendable (String, Int32, mode_t) -> Int32, write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
                mkdir: @escaping @Sendable (String, mode_t) -> Int32, rename: @escaping @Sendable (String, String) -> Int32,
                exchange: @escaping @Sendable (String, String) -> Bool) {
        self.open = open
        self.write = write
        self.mkdir = mkdir
        self.rename = rename
        self.exchange = exchange
    }

    /// The real ones.
    public static let posix = OutputSystem(
        open: { path, flags, mode in posixOpen(path, flags, mode) },
        write: { descriptor, bytes, count in systemWrite(descriptor, bytes, count) },
        mkdir: { path, mode in posixMkdir(path, mode) },
        rename: { from, to in posixRename(from, to) },
        exchange: { a, b in
            #if os(Linux)
            return DiskOutput.exchange(a, b)
            #else
            return false
            #endif
        })
}

/// Writes the site into a fresh folder beside the output folder, and swaps it in only when
/// the whole build succeeded: a failed build leaves the previous output exactly as it was.
public final class DiskOutput: OutputSink, @unchecked Sendable {
    public let destination: String
    public let staging: String
    private let system: OutputSystem
    private let lock = NSLock()
    private var createdFolders: Set<String> = []
    /// Set by `handbook serve`: after the swap, the previous site is moved aside under a name of
    /// its own and handed to this, instead of being removed before `commit` returns (a site of
    /// 12,000 files took 39 s to remove under load; ADR-0018). A kill before it is done leaves a
    /// marked leftover that the next build removes.
    public var removeLater: (@Sendable (String) -> Void)?

    /// Written into every staging folder while it is one (taken out before the swap): only a folder
    /// holding it is ever removed as a leftover.
    public static let marker = ".handbook-staging"

    public init(destination: String, system: OutputSystem = .posix) {
        self.destination = Path.normalize(destination)
        self.system = system
        let parent = Path.directory(self.destination)
        let name = Path.fileName(self.destination)
        staging = (parent.isEmpty ? "." : parent) + "/" + Self.stagingPrefix(name) + "\(getpid())"
    }

    /// `.public.staging-` for an output folder named `public`.
    public static func stagingPrefix(_ outputName: String) -> String { ".\(outputName).staging-" }

    public func begin() throws {
        let manager = FileManager.default
        removeLeftovers()
        if manager.fileExists(atPath: staging) { try manager.removeItem(atPath: staging) }
        let parent = Path.directory(staging)
        if !parent.isEmpty, parent != ".", !manager.fileExists(atPath: parent) {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        guard system.mkdir(staging, 0o777) == 0 else {
            throw FileSystemError(path: staging, reason: "cannot be created: \(String(cString: strerror(errno)))")
        }
        createdFolders = [staging]
        try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: staging + "/" + Self.marker))
    }

    /// Staging folders of earlier builds that were killed before their swap (`.public.staging-PID`
    /// and `.public.staging-PID.old`, up to the size of a whole site each): removed when they carry
    /// the marker and their build is no longer running. Anything else of that name is left alone.
    func removeLeftovers() {
        let parent = Path.directory(destination).isEmpty ? "." : Path.directory(destination)
        let prefix = Self.stagingPrefix(Path.fileName(destination))
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            // `PID`, `PID.old`, or `PID.old-N` (moved aside for `removeLater`).
            let digits = rest.split(separator: ".", maxSplits: 1).first ?? rest
            guard let pid = Int32(digits), pid != getpid() else { continue }
            let folder = parent + "/" + name
            guard let data = manager.contents(atPath: folder + "/" + Self.marker),
                  Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) == pid else { continue }
            // Still running (another build into the same folder): leave it.
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            try? manager.removeItem(atPath: folder)
        }
    }

    public func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(bytes: $0, to: path) }
    }

    /// Writes with plain `open`/`write`/`close` (mode 0666 less the umask, as `FileManager` does, but
    /// without its temporary file, rename and `fsync` per file: the staging folder is what makes the
    /// build atomic). Folders are made once, with `mkdir`, as the first file inside them arrives.
    public func write(bytes: UnsafeRawBufferPointer, to path: String) throws {
        try write(bytes: bytes, to: path, appending: false)
    }

    public func write(page: UnsafeRawBufferPointer, to path: String) throws {
        try write(bytes: page, to: path)
    }

    /// Adds to the end of a file written before (a large file written in parts).
    public func append(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(bytes: $0, to: path, appending: true) }
    }

    private func write(bytes: UnsafeRawBufferPointer, to path: String, appending: Bool) throws {
        let full = staging + "/" + path
        let folder = Path.directory(full)
        lock.lock()
        let known = createdFolders.contains(folder)
        lock.unlock()
        if !known {
            try makeFolders(folder)
        }
        let descriptor = system.open(full, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileSystemError(path: full, reason: "cannot be written: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = system.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: full, reason: "cannot be written: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// `mkdir -p` for a folder inside the staging folder, remembering what exists.
    private func makeFolders(_ folder: String) throws {
        var missing: [String] = []
        var current = folder
        lock.lock()
        while !current.isEmpty, current != "/", !createdFolders.contains(current) {
            missing.append(current)
            current = Path.directory(current)
        }
        lock.unlock()
        for path in missing.reversed() {
            if system.mkdir(path, 0o777) != 0, errno != EEXIST {
                throw FileSystemError(path: path, reason: "cannot be created: \(String(cString: strerror(errno)))")
            }
            lock.lock()
            createdFolders.insert(path)
            lock.unlock()
        }
    }

    /// Swaps the staging folder in: atomically with `renameat2(RENAME_EXCHANGE)` where the system
    /// has it, else by two renames; then removes the old output.
    public func commit() throws {
        let manager = FileManager.default
        unlink(staging + "/" + Self.marker)
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: destination, isDirectory: &isDirectory)
        if exists, !isDirectory.boolValue {
            throw FileSystemError(path: destination, reason: "exists and is not a folder")
        }
        if !exists {
            try manager.createDirectory(atPath: Path.directory(destination).isEmpty ? "." : Path.directory(destination),
                                        withIntermediateDirectories: true)
            guard system.rename(staging, destination) == 0 else { throw posixError("cannot move the new site into place") }
            return
        }
        if system.exchange(staging, destination) {
            // `staging` now holds the previous output.
            removeOldSite(staging)
            return
        }
        let old = staging + ".old"
        guard system.rename(destination, old) == 0 else { throw posixError("cannot move the old site aside") }
        guard system.rename(staging, destination) == 0 else {
            let reason = posixError("cannot move the new site into place")
            _ = system.rename(old, destination)
            throw reason
        }
        removeOldSite(old)
    }

    /// Removes the previous output, now at `path`: marked first, so a kill during its removal
    /// leaves nothing for good; with `removeLater`, moved aside and handed over.
    private func removeOldSite(_ path: String) {
        try? Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: path + "/" + Self.marker))
        if let removeLater {
            let aside = staging + ".old-\(DispatchTime.now().uptimeNanoseconds)"
            if system.rename(path, aside) == 0 {
                removeLater(aside)
                return
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func posixError(_ message: String) -> FileSystemError {
        FileSystemError(path: destination, reason: "\(message): \(String(cString: strerror(errno)))")
    }

    #if os(Linux)
    /// `renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)`: both paths swap in one step.
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let function = unsafeBitCast(symbol, to: RenameAt2.self)
        let atCurrentDirectory: Int32 = -100
        let renameExchange: UInt32 = 2
        return function(atCurrentDirectory, a, atCurrentDirectory, b, renameExchange) == 0
    }
    #endif
}
