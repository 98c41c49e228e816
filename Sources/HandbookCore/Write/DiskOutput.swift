import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the site into a fresh folder beside the output folder, and swaps it in only when
/// the whole build succeeded: a failed build leaves the previous output exactly as it was.
public final class DiskOutput: OutputSink, @unchecked Sendable {
    public let destination: String
    public let staging: String
    private let lock = NSLock()
    private var createdFolders: Set<String> = []

    public init(destination: String) {
        self.destination = Path.normalize(destination)
        let parent = Path.directory(self.destination)
        let name = Path.fileName(self.destination)
        staging = (parent.isEmpty ? "." : parent) + "/.\(name).staging-\(getpid())"
    }

    public func begin() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: staging) { try manager.removeItem(atPath: staging) }
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        createdFolders = [staging]
    }

    public func write(_ data: Data, to path: String) throws {
        let full = staging + "/" + path
        let folder = Path.directory(full)
        lock.lock()
        let known = createdFolders.contains(folder)
        lock.unlock()
        if !known {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            lock.lock()
            createdFolders.insert(folder)
            lock.unlock()
        }
        guard FileManager.default.createFile(atPath: full, contents: data) else {
            throw FileSystemError(path: full, reason: "cannot be written")
        }
    }

    /// Swaps the staging folder in: atomically with `renameat2(RENAME_EXCHANGE)` where the system
    /// has it, else by two renames; then removes the old output.
    public func commit() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: destination, isDirectory: &isDirectory)
        if exists, !isDirectory.boolValue {
            throw FileSystemError(path: destination, reason: "exists and is not a folder")
        }
        if !exists {
            try manager.createDirectory(atPath: Path.directory(destination).isEmpty ? "." : Path.directory(destination),
                                        withIntermediateDirectories: true)
            guard rename(staging, destination) == 0 else { throw posixError("cannot move the new site into place") }
            return
        }
        #if os(Linux)
        if Self.exchange(staging, destination) {
            // `staging` now holds the previous output.
            try? manager.removeItem(atPath: staging)
            return
        }
        #endif
        let old = staging + ".old"
        guard rename(destination, old) == 0 else { throw posixError("cannot move the old site aside") }
        guard rename(staging, destination) == 0 else {
            _ = rename(old, destination)
            throw posixError("cannot move the new site into place")
        }
        try? manager.removeItem(atPath: old)
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
