import Foundation

/// Where rendered files go. Writes may come from many threads at once. Nothing is visible
/// at the destination until `commit`; `discard` drops everything written so far.
public protocol OutputSink: AnyObject, Sendable {
    func begin() throws
    func write(_ data: Data, to path: String) throws
    /// Adds to the end of a file written before: a large file is written in parts, never held whole.
    func append(_ data: Data, to path: String) throws
    func commit() throws
    func discard()
    /// A rendered page, its bytes where the renderer wrote them (ADR-0075): by default as `Data`;
    /// `DiskOutput` writes the bytes without that copy. The pointer is valid only during the call:
    /// the renderer frees the buffer when it returns, so a sink that keeps the page must copy it.
    func write(page: UnsafeRawBufferPointer, to path: String) throws
    /// Keeps the file already at `path` as it is, without its bytes (`handbook serve`, whose
    /// rebuilds change the live site in place); false when the sink cannot (then write it).
    func keep(_ path: String) -> Bool
}

extension OutputSink {
    public func write(page: UnsafeRawBufferPointer, to path: String) throws {
        try write(Data(page), to: path)
    }

    public func keep(_ path: String) -> Bool { false }
}

/// Keeps the site in memory: for tests.
public final class MemoryOutput: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String: Data] = [:]
    public private(set) var files: [String: Data] = [:]
    public private(set) var committed = false

    public init() {}

    public func begin() throws {}

    public func write(_ data: Data, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        pending[path] = data
    }

    public func append(_ data: Data, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        pending[path, default: Data()].append(data)
    }

    public func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        files = pending
        committed = true
    }

    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        pending = [:]
    }

    public func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
}
