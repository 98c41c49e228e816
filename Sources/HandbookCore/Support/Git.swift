import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The files the index changes against HEAD (`git diff --cached`), renames followed.
    func stagedFiles(in root: String) throws(GitShowError) -> [ChangedFile]
    /// The newest `maxCount` commits that touched `paths`, newest first.
    func log(in root: String, maxCount: Int, paths: [String]) -> [Commit]?
    /// The same, leaving out commits older than `since` (`YYYY-MM-DD`) where the client can.
    func log(in root: String, maxCount: Int, paths: [String], since: String) -> [Commit]?
    /// A file's content at a revision (`git show REV:path`); `path` is absolute.
    func show(revision: String, path: String) throws(GitShowError) -> Data
    /// The address of the `origin` remote as configured (`git@github.com:o/r.git`), or nil.
    func remoteURL(in root: String) -> String?
}

/// Why `git show REV:path` gave nothing.
public enum GitShowError: Error, Sendable, Equatable {
    /// The revision exists but the file did not exist in it.
    case notInRevision
    /// No git, an unknown revision, or another failure: git's message.
    case failed(String)

    /// What to tell the user.
    public var message: String {
        switch self {
        case .notInRevision: return "the file is not in that revision"
        case .failed(let text): return text
        }
    }
}

extension GitClient {
    public func show(revision: String, path: String) throws(GitShowError) -> Data {
        throw .failed("git is not available")
    }

    public func remoteURL(in root: String) -> String? { nil }
}

/// Runs the `git` command.
public struct CommandLineGit: GitClient {
    public init() {}

    public func remoteURL(in root: String) -> String? {
        guard let output = try? ProcessRunner.run(["git", "-C", root, "config", "--get", "remote.origin.url"]),
              output.status == 0 else { return nil }
        let url = String(decoding: output.standardOutput, as: UTF8.self).trimmingCharacters(in: " \n\r\t")
        return url.isEmpty ? nil : url
    }

    /// Read from the repository's files where that is plain (`GitDirectory`, ADR-0162), else `git rev-parse --show-toplevel`.
    public func topLevel(of directory: String) -> String? {
        switch GitDirectory.discover(from: directory) {
        case .found(let repository): return repository.topLevel
        case .none: return nil
        case .unsure: break
        }
        guard let output = try? ProcessRunner.run(["git", "-C", directory, "rev-parse", "--show-toplevel"]),
              output.status == 0 else { return nil }
        let path = String(decoding: output.standardOutput, as: UTF8.self).trimmingCharacters(in: " \n\r\t")
        return path.isEmpty ? nil : path
    }

    public func show(revision: String, path: String) throws(GitShowError) -> Data {
        if let problem = GitRevision.problem(revision) { throw .failed(problem) }
        let directory = Path.directory(path)
        guard let output = try? ProcessRunner.run(["git", "-C", directory.isEmpty ? "." : directory, "show", "--end-of-options",
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

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs a command found on PATH and waits for it, with `posix_spawn`, `poll` and `waitpid`.
    /// (Foundation's `Process` waits by polling a run loop: about 30 ms per command, which was most of
    /// `review`'s wall time.) Both output pipes are read while the command runs, so neither can fill up.
    /// Standard input is `/dev/null`: no command we run reads it, and one that asked (a credential
    /// prompt) gets end of file instead of waiting for ever.
    ///
    /// The command gets no other descriptor of this process (`closeFromAction`), and the pipes are
    /// created close-on-exec: a command started by another thread at the same moment must not
    /// inherit this one's ends, or it would hold the write end of this command's output open and
    /// this call would wait for that other command to exit before seeing end of file
    /// (`ProcessRunnerTests`). `dup2` onto 0, 1 and 2 clears the flag there.
    public static func run(_ arguments: [String]) throws -> Output {
        guard let command = arguments.first else { throw Failure(description: "no command") }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        var pid: pid_t = 0
        // From the pipes' creation to the close of their write ends, under one lock: no command of
        // ours starts while a pipe exists without its close-on-exec flag.
        spawnLock.lock()
        guard closeOnExecPipe(&stdoutPipe) else {
            let reason = String(cString: strerror(errno))
            spawnLock.unlock()
            throw Failure(description: "cannot create pipes: \(reason)")
        }
        guard closeOnExecPipe(&stderrPipe) else {
            let reason = String(cString: strerror(errno))
            close(stdoutPipe[0]); close(stdoutPipe[1])
            spawnLock.unlock()
            throw Failure(description: "cannot create pipes: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }
        let spawned = posix_spawnp(&pid, command, &actions, nil, &argv, environ)
        posix_spawn_file_actions_destroy(&actions)
        close(stdoutPipe[1])
        close(stderrPipe[1])
        spawnLock.unlock()
        guard spawned == 0 else {
            close(stdoutPipe[0]); close(stderrPipe[0])
            throw Failure(description: "cannot run \(command): \(String(cString: strerror(spawned)))")
        }
        var output = Data(), errorOutput = Data()
        var fds = [pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var open = 2
        while open > 0 {
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count > 0 {
                    if index == 0 { output.append(buffer, count: count) } else { errorOutput.append(buffer, count: count) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[index].fd)
                    fds[index].fd = -1
                    open -= 1
                }
            }
        }
        for entry in fds where entry.fd >= 0 { close(entry.fd) }  // poll failed: nothing more to read
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, and a signal as 128 + its number, as shells report it.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(status: exitCode, standardOutput: output, standardError: errorOutput)
    }

    /// Makes a pipe whose two ends are close-on-exec. (Swift's Glibc module does not declare
    /// `pipe2`, a GNU extension.) Called under `spawnLock`, which every spawn of `run` holds.
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static let spawnLock = NSLock()

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time
    /// because Swift's Glibc module leaves out GNU extensions: the command starts with only 0, 1
    /// and 2 open, whatever else this process holds without close-on-exec (a test harness's
    /// descriptors, a library's). Where it is missing, the close-on-exec pipes still keep the
    /// runner's own descriptors out.
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
