import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HandbookCore
import Testing

/// The write stage on a real disk, with the system calls failing the way a full disk, a read-only
/// folder or a failing rename makes them fail: each run fails with its exact diagnostic, and the
/// previous output stays byte for byte as it was, with no staging folder left behind.
@Suite(.serialized) struct WriteFailureTests {
    static let first: [String: String] = [
        "content/handbook.yml": "title: Acme\n",
        "content/decisions/0001-a.md": "---\nstatus: accepted\ndate: 2024-01-01\n---\n# A\n",
    ]
    static var second: [String: String] {
        var files = first
        files["content/decisions/0001-a.md"] = "---\nstatus: accepted\ndate: 2024-01-01\n---\n# A, changed\n"
        files["content/decisions/0002-b.md"] = "---\nstatus: proposed\ndate: 2024-02-01\n---\n# B\n"
        return files
    }

    /// A scratch folder holding `public/` as a first, clean build wrote it.
    struct Scratch {
        let root: String
        var output: String { root + "/public" }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-write-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let result = build(WriteFailureTests.first, system: .posix)
            #expect(result.succeeded, "\(result.diagnostics.map(\.formatted))")
        }

        func build(_ files: [String: String], system: OutputSystem) -> BuildResult {
            let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
            let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: output, rootDirectory: "/repo",
                                       workingDirectory: root, today: "2026-11-21")
            return Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: DiskOutput(destination: output, system: system))
        }

        /// Every file below the output folder with its bytes.
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for path in try DiskFileSystem().files(under: output, skipping: []) {
                files[path] = try DiskFileSystem().read(output + "/" + path)
            }
            return files
        }

        /// What is in the scratch folder besides `public/` (a staging folder left behind, say).
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: root).filter { $0 != "public" }.sorted()
        }

        var staging: String { root + "/.public.staging-\(getpid())" }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Counts and fails chosen calls; `errno` is set as the system would.
    final class Faults: @unchecked Sendable {
        let lock = NSLock()
        var paths: [Int32: String] = [:]
        var renames: [(String, String)] = []

        func system(mkdirError: Int32? = nil, mkdirFailing: (suffix: String, errno: Int32)? = nil, writeError: (suffix: String, errno: Int32)? = nil,
                    exchange: Bool = true, renameError: ((String, String) -> Int32?)? = nil) -> OutputSystem {
            let posix = OutputSystem.posix
            return OutputSystem(
                open: { path, flags, mode in
                    let descriptor = posix.open(path, flags, mode)
                    self.lock.lock(); self.paths[descriptor] = path; self.lock.unlock()
                    return descriptor
                },
                write: { descriptor, bytes, count in
                    self.lock.lock(); let path = self.paths[descriptor] ?? ""; self.lock.unlock()
                    if let writeError, path.hasSuffix(writeError.suffix) { errno = writeError.errno; return -1 }
                    return posix.write(descriptor, bytes, count)
                },
                mkdir: { path, mode in
                    if let mkdirError { errno = mkdirError; return -1 }
                    if let mkdirFailing, path.hasSuffix(mkdirFailing.suffix) { errno = mkdirFailing.errno; return -1 }
                    return posix.mkdir(path, mode)
                },
                rename: { from, to in
                    self.lock.lock(); self.renames.append((from, to)); self.lock.unlock()
                    if let code = renameError?(from, to) { errno = code; return -1 }
                    return posix.rename(from, to)
                },
                exchange: { a, b in exchange ? posix.exchange(a, b) : false })
        }
    }

    @Test func theFirstBuildAndASecondOneSucceed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        #expect(before.keys.contains("decisions/ADR-0001.html"))
        let result = scratch.build(Self.second, system: .posix)
        #expect(result.succeeded)
        let after = try scratch.snapshot()
        #expect(after.keys.contains("decisions/ADR-0002.html"), "the control: without a fault the new site replaces the old")
        #expect(after != before)
        #expect(try scratch.leftovers() == [])
    }

    @Test func aReadOnlyFolderLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = scratch.build(Self.second, system: Faults().system(mkdirError: EROFS))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot prepare the output folder: \(scratch.staging): cannot be created: Read-only file system [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    /// A folder inside the staging folder that cannot be made (the disk filled between two writes).
    @Test func aFolderThatCannotBeMadeLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = scratch.build(Self.second, system: Faults().system(mkdirFailing: ("/tags", ENOSPC)))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot write tags/index.html: \(scratch.staging)/tags: cannot be created: No space left on device [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    /// An output path that is a file (made between the start of the build and its swap) is not replaced.
    @Test func anOutputThatBecameAFileIsNotReplaced() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-write-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = DiskOutput(destination: root + "/public")
        try output.begin()
        try output.write(Data("x".utf8), to: "index.html")
        try Data("a file\n".utf8).write(to: URL(fileURLWithPath: root + "/public"))
        let error = #expect(throws: FileSystemError.self) { try output.commit() }
        #expect(error?.path == root + "/public" && error?.reason == "exists and is not a folder", "\(String(describing: error))")
        output.discard()
        #expect(try String(contentsOfFile: root + "/public", encoding: .utf8) == "a file\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }

    @Test func aFullDiskLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = scratch.build(Self.second, system: Faults().system(writeError: ("/decisions/ADR-0002.html", ENOSPC)))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot write decisions/ADR-0002.html: \(scratch.staging)/decisions/ADR-0002.html: cannot be written: No space left on device [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [], "the half-written staging folder is removed")
    }

    @Test func aFullDiskWhileWritingHandbookJSONLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = scratch.build(Self.second, system: Faults().system(writeError: ("/handbook.json", ENOSPC)))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot write handbook.json: \(scratch.staging)/handbook.json: cannot be written: No space left on device [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    @Test func aFailingRenameLeavesTheOldOutput() throws {
        // No exchange, and the first rename (the old site aside) fails.
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = scratch.build(Self.second, system: Faults().system(exchange: false, renameError: { _, _ in EIO }))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot put the site in place: \(scratch.output): cannot move the old site aside: Input/output error [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    @Test func aFailingSecondRenameMovesTheOldOutputBack() throws {
        // The fallback swap: the old site goes aside, the new one cannot come in, the old one comes back.
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let faults = Faults()
        let staging = scratch.staging
        let result = scratch.build(Self.second, system: faults.system(exchange: false, renameError: { from, _ in from == staging ? EXDEV : nil }))
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot put the site in place: \(scratch.output): cannot move the new site into place: Invalid cross-device link [write-failed]",
        ])
        #expect(faults.renames.map { "\($0.0) -> \($0.1)" } == [
            "\(scratch.output) -> \(staging).old", "\(staging) -> \(scratch.output)", "\(staging).old -> \(scratch.output)",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    @Test func theFallbackSwapReplacesTheOutput() throws {
        // Without the exchange call, two renames put the new site in place and the old one is removed.
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = scratch.build(Self.second, system: Faults().system(exchange: false))
        #expect(result.succeeded, "\(result.diagnostics.map(\.formatted))")
        #expect(try scratch.snapshot().keys.contains("decisions/ADR-0002.html"))
        #expect(try scratch.leftovers() == [])
    }

    /// Whether this machine can make a folder that the system refuses to write in: `chmod 555` for a
    /// user; for root (who ignores modes), `chattr +i`, which needs CAP_LINUX_IMMUTABLE (not in every container).
    static let canMakeReadOnlyFolder: Bool = {
        guard getuid() == 0 else { return true }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-probe-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer {
            run("/usr/bin/chattr", "-i", probe)
            try? FileManager.default.removeItem(atPath: probe)
        }
        return run("/usr/bin/chattr", "+i", probe) == 0 && mkdir(probe + "/x", 0o777) != 0
    }()

    /// A folder the system itself refuses to write in (the simulated read-only test above runs everywhere;
    /// this one is reported as skipped where the folder cannot be made read-only).
    @Test(.enabled(if: canMakeReadOnlyFolder, "needs chmod as a user, or chattr +i as root"))
    func aReallyReadOnlyParentFolderLeavesTheOldOutput() throws {
        let scratch = try Scratch()
        defer {
            Self.run("/usr/bin/chattr", "-i", scratch.root)
            chmod(scratch.root, 0o755)
            scratch.remove()
        }
        let before = try scratch.snapshot()
        if getuid() == 0 {
            let status = Self.run("/usr/bin/chattr", "+i", scratch.root)
            try #require(status == 0, "chattr +i failed (\(status)): this machine cannot make a folder read-only for root")
        } else {
            #expect(chmod(scratch.root, 0o555) == 0)
        }
        let result = scratch.build(Self.second, system: .posix)
        #expect(!result.succeeded)
        let reason = getuid() == 0 ? "Operation not permitted" : "Permission denied"
        #expect(result.diagnostics.map(\.formatted) == [
            "public: error: cannot prepare the output folder: \(scratch.staging): cannot be created: \(reason) [write-failed]",
        ])
        #expect(try scratch.snapshot() == before)
        #expect(try scratch.leftovers() == [])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
