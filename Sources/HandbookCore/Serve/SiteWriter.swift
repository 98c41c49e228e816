import Foundation

/// The output of `handbook serve`'s rebuilds: the site is changed in place, file by file, and only
/// where a file's bytes changed. It remembers a digest of every file of the live site; a rebuild's
/// files are compared with them as they are rendered, the changed ones held until `commit`, which
/// writes each (a temporary file renamed over the old, so a request never reads half a page) and
/// deletes the files the rebuild no longer makes. `discard` (a failed rebuild) leaves the site
/// exactly as it was: the server keeps serving the last good site.
public final class SiteWriter: OutputSink, @unchecked Sendable {
    public struct Digest: Hashable, Sendable {
        var size: Int
        var a: UInt64
        var b: UInt64
        /// The bytes of a word not yet complete (`size % 8` of them, the first in the lowest byte).
        var tail: UInt64 = 0

        /// The digest of what it was made from followed by `data` (a file written in parts): the same
        /// whatever the parts. Eight bytes at a time (ADR-0020: a byte at a time, the digests of a
        /// 526 MB site took as long as a tenth of its render).
        mutating func add(_ data: Data) {
            var fnv = a, mix = b, word = tail, filled = size & 7
            @inline(__always) func take(_ word: UInt64) {
                fnv = (fnv ^ word) &* 0x0000_0100_0000_01b3
                fnv ^= fnv >> 31
                mix = (mix &+ word) &* 0xff51_afd7_ed55_8ccd
                mix ^= mix >> 29
            }
            data.withUnsafeBytes { bytes in
                let count = bytes.count
                var index = 0
                while filled != 0, index < count {
                    word |= UInt64(bytes[index]) << UInt64(8 * filled)
                    index += 1
                    filled += 1
                    if filled == 8 {
                        take(word)
                        word = 0
                        filled = 0
                    }
                }
                while index + 8 <= count {
                    take(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                    index += 8
                }
                while index < count {
                    word |= UInt64(bytes[index]) << UInt64(8 * filled)
                    index += 1
                    filled += 1
                }
            }
            size += data.count
            a = fnv
            b = mix
            tail = word
        }
    }

    public struct Changes: Sendable, Equatable {
        public var written: [String] = []
        public var deleted: [String] = []
    }

    public let destination: String
    private let lock = NSLock()
    private(set) var digests: [String: Digest]
    private var pending: [String: Data] = [:]
    private var appended: [String: Data] = [:]
    private var produced: Set<String> = []
    /// Files written whole in this rebuild with the bytes they already have on disk (so not kept
    /// in `pending`): if parts are appended next, the file on disk is their beginning.
    private var unchanged: Set<String> = []
    /// A rebuild that makes only some of the site's files (`LiveSite`'s body-edit route, ADR-0018):
    /// `commit` deletes nothing it was not given.
    private var partial = false
    public private(set) var lastChanges = Changes()

    /// `digests` describe the files now in `destination` (see `scan`).
    public init(destination: String, digests: [String: Digest]) {
        self.destination = Path.normalize(destination)
        self.digests = digests
    }

    /// The digests of every file below a built site, read from disk.
    public static func scan(_ destination: String, fileSystem: FileSystem = DiskFileSystem()) -> [String: Digest] {
        var digests: [String: Digest] = [:]
        for path in (try? fileSystem.files(under: destination, skipping: [])) ?? [] {
            if let data = try? fileSystem.read(destination + "/" + path) { digests[path] = digest(data) }
        }
        return digests
    }

    /// Two independent 64-bit hashes and the size: a changed page is never taken for the old one.
    public static func digest(_ data: Data) -> Digest {
        var digest = Digest(size: 0, a: 0xcbf2_9ce4_8422_2325, b: 0x9e37_79b9_7f4a_7c15)
        digest.add(data)
        return digest
    }

    public func begin() throws { reset(partial: false) }

    /// Begins a rebuild that writes only some files: the others stay as they are.
    func beginPartial() { reset(partial: true) }

    private func reset(partial: Bool) {
        lock.lock()
        defer { lock.unlock() }
        pending = [:]
        appended = [:]
        produced = []
        unchanged = []
        self.partial = partial
    }

    public func write(_ data: Data, to path: String) throws {
        let digest = Self.digest(data)
        lock.lock()
        defer { lock.unlock() }
        produced.insert(path)
        appended[path] = nil
        if digests[path] != digest {
            pending[path] = data
            unchanged.remove(path)
        } else {
            pending[path] = nil
            unchanged.insert(path)
        }
    }

    public func keep(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard digests[path] != nil else { return false }
        produced.insert(path)
        pending[path] = nil
        appended[path] = nil
        unchanged.remove(path)
        return true
    }

    public func append(_ data: Data, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        produced.insert(path)
        if let earlier = pending.removeValue(forKey: path) {
            appended[path] = earlier
        } else if appended[path] == nil {
            // Written whole just before with the bytes it has on disk: those bytes begin it (before,
            // they were lost, and the file became its later parts alone).
            if unchanged.remove(path) != nil {
                guard let earlier = FileManager.default.contents(atPath: destination + "/" + path) else {
                    throw FileSystemError(path: destination + "/" + path, reason: "cannot be read to append to it")
                }
                appended[path] = earlier
            } else {
                appended[path] = Data()
            }
        }
        appended[path]!.append(data)
    }

    public func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        for (path, data) in appended where digests[path] != Self.digest(data) { pending[path] = data }
        appended = [:]
        unchanged = []
        var changes = Changes()
        // Each file on its own (a rename waits for the file system now and then: ADR-0021).
        let files = pending.sorted(by: { $0.key < $1.key })
        var outcomes = [Result<Digest, Error>?](repeating: nil, count: files.count)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                let (path, data) = files[index]
                slots[index] = Result { try Self.replace(destination + "/" + path, with: data); return Self.digest(data) }
            }
        }
        var failure: Error?
        for ((path, _), outcome) in zip(files, outcomes) {
            switch outcome {
            case .success(let digest)?:
                digests[path] = digest
                changes.written.append(path)
            case .failure(let error)?: failure = failure ?? error
            case nil: break
            }
        }
        if let failure {
            pending = [:]
            throw failure
        }
        for path in (partial ? [] : digests.keys.sorted()) where !produced.contains(path) {
            try? FileManager.default.removeItem(atPath: destination + "/" + path)
            digests[path] = nil
            changes.deleted.append(path)
            Self.removeEmptyFolders(above: path, in: destination)
        }
        pending = [:]
        lastChanges = changes
    }

    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        pending = [:]
        appended = [:]
        unchanged = []
        lastChanges = Changes()
    }

    /// Writes a temporary file beside the target and renames it over the target.
    static func replace(_ path: String, with data: Data) throws {
        let folder = Path.directory(path)
        let temporary = folder + "/.\(Path.fileName(path)).handbook-\(getpid()).tmp"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        if descriptor < 0, errno == ENOENT {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        }
        guard descriptor >= 0 else { throw FileSystemError(path: temporary, reason: String(cString: strerror(errno))) }
        let written: Int32? = data.withUnsafeBytes { bytes -> Int32? in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        close(descriptor)
        if let written {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileSystemError(path: temporary, reason: String(cString: strerror(written)))
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileSystemError(path: path, reason: reason)
        }
    }

    static func removeEmptyFolders(above path: String, in root: String) {
        var folder = Path.directory(path)
        while !folder.isEmpty, folder != ".", folder != "/" {
            let full = root + "/" + folder
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: full), entries.isEmpty else { return }
            try? FileManager.default.removeItem(atPath: full)
            folder = Path.directory(folder)
        }
    }
}

/// A clean build's output (`DiskOutput`: staging folder, swap) that remembers the digest of every
/// file it writes: `handbook serve` rebuilds a whole site this way (a theme or configuration change,
/// where nearly every page changes) and keeps writing in place afterwards from these digests.
final class DigestingOutput: OutputSink, @unchecked Sendable {
    let disk: DiskOutput
    private let lock = NSLock()
    private(set) var digests: [String: SiteWriter.Digest] = [:]

    init(_ disk: DiskOutput) { self.disk = disk }

    func begin() throws {
        lock.lock()
        digests = [:]
        lock.unlock()
        try disk.begin()
    }

    func write(_ data: Data, to path: String) throws {
        try disk.write(data, to: path)
        let digest = SiteWriter.digest(data)
        lock.lock()
        defer { lock.unlock() }
        digests[path] = digest
    }

    func append(_ data: Data, to path: String) throws {
        try disk.append(data, to: path)
        lock.lock()
        defer { lock.unlock() }
        var digest = digests[path] ?? SiteWriter.digest(Data())
        digest.add(data)
        digests[path] = digest
    }

    func commit() throws { try disk.commit() }
    func discard() { disk.discard() }
}
