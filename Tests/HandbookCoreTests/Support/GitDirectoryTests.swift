import Foundation
@testable import HandbookCore
import Testing

/// `GitDirectory` answers as `git rev-parse --show-toplevel` and `git rev-parse HEAD` do, or says
/// it is unsure (ADR-0162): each answer compared with git's own on real repositories.
@Suite(.serialized) struct GitDirectoryTests {
    /// The environment of a run outside git's hooks: no `GIT_*` variable but harmless ones.
    static let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") || GitDirectory.harmless($0.key) }

    static func gitTopLevel(_ sandbox: GitSandbox, _ directory: URL) -> String? {
        (try? sandbox.git("rev-parse", "--show-toplevel", in: directory))?.trimmingCharacters(in: .newlines)
    }

    static func found(_ directory: URL) -> GitDirectory? {
        if case .found(let repository) = GitDirectory.discover(from: directory.path, environment: environment) { return repository }
        return nil
    }

    @Test func theTopLevelIsGits() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: ["src/a/b.swift": "b\n", "inner/x.txt": "x\n", "content/decisions/.keep": ""])
        // A nested repository, a linked work tree, and a link to a folder.
        let inner = GitSandbox(existing: sandbox.root.appendingPathComponent("inner"))
        try inner.git("init", "-q", "-b", "main")
        let worktree = sandbox.root.deletingLastPathComponent().appendingPathComponent(sandbox.root.lastPathComponent + "-tree")
        try sandbox.git("worktree", "add", "-q", worktree.path)
        defer { try? FileManager.default.removeItem(at: worktree) }
        let link = sandbox.root.deletingLastPathComponent().appendingPathComponent(sandbox.root.lastPathComponent + "-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: sandbox.root.appendingPathComponent("src/a"))
        defer { try? FileManager.default.removeItem(at: link) }
        for folder in [sandbox.root, sandbox.root.appendingPathComponent("src/a"), sandbox.root.appendingPathComponent("content/decisions"),
                       sandbox.root.appendingPathComponent("inner"), worktree, worktree.appendingPathComponent("src"), link] {
            let expected = try #require(Self.gitTopLevel(sandbox, folder), "\(folder.path)")
            #expect(Self.found(folder)?.topLevel == expected, "\(folder.path)")
            #expect(CommandLineGit().topLevel(of: folder.path) == expected)
        }
        #expect(Self.found(worktree)?.commonDirectory == Self.found(sandbox.root)?.gitDirectory)
    }

    @Test func outsideARepositoryThereIsNone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-nogit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(GitDirectory.discover(from: folder.path, environment: Self.environment) == .none)
        #expect(CommandLineGit().topLevel(of: folder.path) == nil)
        // No git on PATH: git would answer nothing.
        var noGit = Self.environment
        noGit["PATH"] = folder.path
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        #expect(GitDirectory.discover(from: sandbox.root.path, environment: noGit) == .none)
    }

    @Test func whatIsNotPlainIsLeftToGit() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: ["a.txt": "a\n"])
        #expect(Self.found(sandbox.root) != nil)
        var hook = Self.environment
        hook["GIT_DIR"] = sandbox.root.appendingPathComponent(".git").path
        #expect(GitDirectory.discover(from: sandbox.root.path, environment: hook) == .unsure)
        var transport = Self.environment
        transport["GIT_SSL_CAINFO"] = "/etc/ssl/certs/ca-certificates.crt"
        #expect(GitDirectory.discover(from: sandbox.root.path, environment: transport) != .unsure)
        #expect(GitDirectory.discover(from: sandbox.root.appendingPathComponent(".git").path, environment: Self.environment) == .unsure)
        try sandbox.git("config", "core.worktree", sandbox.root.appendingPathComponent("elsewhere").path)
        #expect(GitDirectory.discover(from: sandbox.root.path, environment: Self.environment) == .unsure)
        try sandbox.git("config", "--unset", "core.worktree")
        #expect(Self.found(sandbox.root) != nil)
        try sandbox.git("config", "include.path", "other.config")
        #expect(GitDirectory.discover(from: sandbox.root.path, environment: Self.environment) == .unsure)
        #expect(!GitDirectory.plainConfiguration("[core]\n\tbare = true\n"))
        #expect(GitDirectory.plainConfiguration("[core]\n\tbare = false\n\tworktreeish = 1\n"))
        #expect(!GitDirectory.plainConfiguration("[extensions]\n\tworktreeConfig = true\n"))
        #expect(!GitDirectory.plainConfiguration("[includeIf \"gitdir:~/x/\"]\n\tpath = y\n"))
    }

    @Test func headIsTheCommitGitNames() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repository = try #require(Self.found(sandbox.root))
        #expect(repository.head() == nil, "an unborn branch")
        func expectHead(_ what: String, in folder: URL? = nil) throws {
            let expected = try sandbox.git("rev-parse", "HEAD", in: folder).trimmingCharacters(in: .newlines)
            #expect(Self.found(folder ?? sandbox.root)?.head() == expected, "\(what)")
        }
        try sandbox.commit("One", date: "2026-11-01", files: ["a.txt": "1\n"])
        try expectHead("a loose ref")
        try sandbox.commit("Two", date: "2026-11-02", files: ["a.txt": "2\n"])
        try expectHead("the loose ref moved")
        try sandbox.git("pack-refs", "--all")
        try expectHead("a packed ref")
        try sandbox.git("checkout", "-q", "--detach", "HEAD~1")
        try expectHead("a detached HEAD")
        try sandbox.git("checkout", "-q", "-b", "other")
        try sandbox.commit("Three", date: "2026-11-03", files: ["a.txt": "3\n"])
        try expectHead("another branch")
        try sandbox.git("symbolic-ref", "HEAD", "refs/heads/main")
        try expectHead("a packed branch again")
        let worktree = sandbox.root.deletingLastPathComponent().appendingPathComponent(sandbox.root.lastPathComponent + "-tree")
        try sandbox.git("worktree", "add", "-q", worktree.path, "other")
        defer { try? FileManager.default.removeItem(at: worktree) }
        try expectHead("a linked work tree", in: worktree)
    }
}
