import Foundation

/// The few questions the pipeline asks git. Tests substitute their own answers.
public protocol GitClient: Sendable {
    /// The work tree's top folder for a path inside it, or nil outside git.
    func topLevel(of directory: String) -> String?
    /// The files of the work tree (tracked, and untracked but not ignored), relative to `root`; nil outside git.
    func listFiles(in root: String) -> [String]?
    /// Whether the work tree is a shallow clone (its history is cut).
    func isShallow(_ root: String) -> Bool
    /// The newest `maxCount` commits, newest first, with the files each touched; nil outside git.
    func log(in root: String, maxCount: Int) -> [Commit]?
    /// The files changed since `base` (to `head`, or to the work tree when nil), renames followed.
    func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile]
    /// The newest `maxCount` commits that touched `paths`, newest first.
    func log(in root: String, maxCount: Int, paths: [String]) -> [Commit]?
    /// A file's content at a revision (`git show REV:path`); `path` is absolute.
    func show(revision: String, path: String) throws(GitShowError) -> Data
}

/// Why `git show REV:path` gave nothing.
public enum GitShowError: Error, Sendable, Equatable {
    /// The revision exists but the file did not exist in it.
    case notInRevision
    /// No git, an unknown revision, or another failure: git's message.
    case failed(String)
}

extension GitClient {
    public func show(revision: String, path: String) throws(GitShowError) -> Data {
        throw .failed("git is not available")
    }
}

/// Runs the `git` command.
public struct CommandLineGit: GitClient {
    public init() {}

    public func topLevel(of directory: String) -> String? {
        guard let output = try? ProcessRunner.run(["git", "-C", directory, "rev-parse", "--show-toplevel"]),
              output.status == 0 else { return nil }
        let path = String(decoding: output.standardOutput, as: UTF8.self).trimmingCharacters(in: " \n\r\t")
        return path.isEmpty ? nil : path
    }

    public func show(revision: String, path: String) throws(GitShowError) -> Data {
        let directory = Path.directory(path)
        guard let output = try? ProcessRunner.run(["git", "-C", directory.isEmpty ? "." : directory, "show",
                                                   "\(revision):./\(Path.fileName(path))"]) else {
            throw .failed("cannot run git")
        }
        if output.status == 0 { return output.standardOutput }
        let message = String(decoding: output.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if message.contains("does not exist in") || message.contains("exists on disk, but not in") { throw .notInRevision }
        throw .failed(message.isEmpty ? "git show failed" : message)
    }
}

/// A git that knows nothing: every folder is outside a work tree.
public struct NoGit: GitClient {
    public init() {}
    public func topLevel(of directory: String) -> String? { nil }
}

public enum ProcessRunner {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: Data
    }

    /// Runs a command found on PATH, with no standard input, and waits for it.
    public static func run(_ arguments: [String], input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a full pipe cannot block it.
        let errorData = DataBox()
        let done = DispatchSemaphore(value: 0)
        let errorHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errorData.data = errorHandle.readDataToEndOfFile()
            done.signal()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Output(status: process.terminationStatus, standardOutput: outputData, standardError: errorData.data)
    }
}

/// Holds what a reader thread read, handed over through a semaphore.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
