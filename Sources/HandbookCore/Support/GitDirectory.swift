#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `git rev-parse --show-toplevel` and `git rev-parse HEAD` answer, read from the repository's
/// own files where that is plain, so that `context` starts no git process for them (ADR-0162).
/// Where it is not plain, `discover` says `.unsure` (or `head` nil) and the caller asks git: a
/// `GIT_*` variable in the environment (but for the `harmless` ones), a `.git` that is a link or not a repository, a
/// configuration that moves the work tree or includes other files, a repository owned by someone
/// else (git's `safe.directory`), a folder on another file system than the one asked about, a
/// reftable, a ref that is neither loose nor packed.
struct GitDirectory: Equatable {
    /// The work tree's top folder (its real path, as git prints it).
    var topLevel: String
    /// The folder holding HEAD: `.git`, or `.git/worktrees/NAME` for a linked work tree.
    var gitDirectory: String
    /// The folder holding the refs, objects and configuration shared by every work tree.
    var commonDirectory: String

    enum Discovery: Equatable {
        case found(GitDirectory)
        /// No repository above the folder (or no git to run): git would answer nothing either.
        case none
        /// Not plain: ask git.
        case unsure
    }

    /// The repository the folder at the absolute path `directory` is in.
    static func discover(from directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Discovery {
        if environment.keys.contains(where: { $0.hasPrefix("GIT_") && !harmless($0) }) { return .unsure }
        guard let start = realPath(directory), let startInfo = status(start, link: false), isDirectory(startInfo) else { return .unsure }
        if start.split(separator: "/").contains(".git") { return .unsure }
        var folder = start
        while true {
            // A repository's own folder (a bare one, or inside `.git`): git answers otherwise.
            if exists(folder == "/" ? "/HEAD" : folder + "/HEAD"), exists(folder == "/" ? "/objects" : folder + "/objects") { return .unsure }
            let dotGit = folder == "/" ? "/.git" : folder + "/.git"
            if let info = status(dotGit, link: true) {
                let kind = info.st_mode & S_IFMT
                var gitDirectory: String
                if kind == S_IFDIR {
                    gitDirectory = dotGit
                } else if kind == S_IFREG {
                    // A linked work tree (or a submodule): `gitdir: PATH`.
                    guard let text = readText(dotGit, limit: 4096), text.hasPrefix("gitdir: ") else { return .unsure }
                    let target = String(text.dropFirst(8)).trimmingCharacters(in: .newlines)
                    guard !target.isEmpty, !target.contains("\n") else { return .unsure }
                    gitDirectory = target.hasPrefix("/") ? target : Path.join(folder, target)
                    guard let real = realPath(gitDirectory) else { return .unsure }
                    gitDirectory = real
                } else {
                    return .unsure
                }
                guard let found = repository(topLevel: folder, gitDirectory: gitDirectory) else { return .unsure }
                return hasGit(environment) ? .found(found) : .none
            }
            if folder == "/" { return .none }
            let parent = Path.directory(folder).isEmpty ? "/" : Path.directory(folder)
            // git stops at a file system's boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM).
            guard let info = status(parent, link: false), info.st_dev == startInfo.st_dev else { return .unsure }
            folder = parent
        }
    }

    /// The `GIT_*` variables that change neither where the repository is nor what git log prints
    /// (transport, editors, identities of new commits); any other one sends the question to git.
    static func harmless(_ variable: String) -> Bool {
        ["GIT_SSL_", "GIT_HTTP_", "GIT_SSH", "GIT_CURL_", "GIT_PROXY_", "GIT_ASKPASS", "GIT_TERMINAL_PROMPT", "GIT_EDITOR",
         "GIT_SEQUENCE_EDITOR", "GIT_PAGER", "GIT_AUTHOR_", "GIT_COMMITTER_", "GIT_MERGE_VERBOSITY"].contains { variable.hasPrefix($0) }
    }

    /// The repository whose work tree is `topLevel` and whose HEAD is in `gitDirectory`, when plain.
    private static func repository(topLevel: String, gitDirectory: String) -> GitDirectory? {
        var common = gitDirectory
        if let text = readText(gitDirectory + "/commondir", limit: 4096) {
            let target = text.trimmingCharacters(in: .newlines)
            guard !target.isEmpty, let real = realPath(target.hasPrefix("/") ? target : Path.join(gitDirectory, target)) else { return nil }
            common = real
        }
        // What git checks before it calls a folder a repository, and the owner its safe.directory check wants.
        guard let head = status(gitDirectory + "/HEAD", link: true), (head.st_mode & S_IFMT) == S_IFREG,
              let objects = status(common + "/objects", link: false), isDirectory(objects),
              let refs = status(common + "/refs", link: false), isDirectory(refs),
              let git = status(gitDirectory, link: false), let tree = status(topLevel, link: false),
              git.st_uid == geteuid(), tree.st_uid == geteuid(), objects.st_uid == geteuid() else { return nil }
        for config in [common + "/config", gitDirectory + "/config.worktree"] {
            guard let text = readText(config, limit: 1 << 20) ?? (exists(config) ? nil : "") else { return nil }
            if !plainConfiguration(text) { return nil }
        }
        return GitDirectory(topLevel: topLevel, gitDirectory: gitDirectory, commonDirectory: common)
    }

    /// A configuration that leaves the work tree where `.git` is: no `core.worktree`, no
    /// `core.bare` true, no per-work-tree configuration, no included files.
    static func plainConfiguration(_ text: String) -> Bool {
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { return false }
                section = line[line.index(after: line.startIndex)..<close].lowercased().trimmingCharacters(in: .whitespaces)
                if section.hasPrefix("include") { return false }
                line = String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
            }
            let key = line.prefix { $0 != "=" && $0 != " " && $0 != "\t" }.lowercased()
            let value = line.firstIndex(of: "=").map { line[line.index(after: $0)...].trimmingCharacters(in: .whitespaces).lowercased() } ?? "true"
            if section == "core", key == "worktree" { return false }
            if section == "core", key == "bare", value != "false", value != "no", value != "off", value != "0" { return false }
            if section == "extensions", key == "worktreeconfig" || key == "refstorage" { return false }
        }
        return true
    }

    /// The commit HEAD names (`git rev-parse HEAD`), read from HEAD and the loose or packed refs;
    /// nil when it is not plain (a reftable, an unborn branch, a chain of more than five names).
    func head() -> String? {
        guard !GitDirectory.exists(commonDirectory + "/reftable"),
              var text = GitDirectory.readText(gitDirectory + "/HEAD", limit: 4096)?.trimmingCharacters(in: .newlines) else { return nil }
        for _ in 0..<5 {
            if GitDirectory.isHash(text) { return text }
            guard text.hasPrefix("ref: ") else { return nil }
            let name = String(text.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            guard name.hasPrefix("refs/"), !name.split(separator: "/").contains(".."), !name.contains("\0") else { return nil }
            // Per-work-tree refs live beside HEAD, the others in the common folder.
            let perWorktree = ["refs/worktree/", "refs/bisect/", "refs/rewritten/"].contains { name.hasPrefix($0) }
            let folder = perWorktree ? gitDirectory : commonDirectory
            if let loose = GitDirectory.readText(folder + "/" + name, limit: 4096) {
                text = loose.trimmingCharacters(in: .newlines)
                continue
            }
            if GitDirectory.exists(folder + "/" + name) { return nil }
            return perWorktree ? nil : packedRef(name)
        }
        return nil
    }

    /// The commit a packed ref names.
    private func packedRef(_ name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: commonDirectory + "/packed-refs") else { return nil }
        let suffix = " " + name
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasSuffix(suffix) {
            let hash = String(line.dropLast(suffix.count))
            return GitDirectory.isHash(hash) ? hash : nil
        }
        return nil
    }

    static func isHash(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: Files

    static func status(_ path: String, link: Bool) -> stat? {
        var info = stat()
        return (link ? lstat(path, &info) : stat(path, &info)) == 0 ? info : nil
    }

    private static func isDirectory(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFDIR }

    static func exists(_ path: String) -> Bool { status(path, link: true) != nil }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A regular file's text, when it is at most `limit` bytes.
    static func readText(_ path: String, limit: Int) -> String? {
        guard let info = status(path, link: false), (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether an executable `git` is on PATH: without it, git answers nothing.
    private static func hasGit(_ environment: [String: String]) -> Bool {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access(String($0) + "/git", X_OK) == 0 }
    }
}
