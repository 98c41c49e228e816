import Foundation

/// The history `review` and `context` read for hotspots (`git log` of the files asked about), kept
/// between runs (ADR-0162). That answer depends on the commit HEAD names and on nothing in the work
/// tree but `.mailmap`, so it is kept under a key of: the commit (read from HEAD and the refs,
/// `GitDirectory.head`), the command's arguments (`--since` included), the contents of every git
/// configuration file git log reads and of `.mailmap`, `info/grafts` and `shallow`, and the stamps
/// of `packed-refs` and the replacement refs. A new commit, a checkout, a fetch that deepens a
/// shallow clone, a replaced commit or a configuration edit gives another key. Where HEAD cannot
/// be read plainly (a `GIT_*` variable, a reftable, an included configuration file, a `mailmap`
/// setting) nothing is kept and git is asked every time.
enum HistoryCache {
    static let header = "handbook-history 1"
    /// Answers kept at most (the oldest go first).
    static let limit = 64

    /// The commits `fetch` gives (git log of `paths` in `root`), from the cache in `directory` when
    /// it has them under this key; else fetched and kept.
    static func log(in root: String, maxCount: Int, paths: [String], since: String? = nil, directory: String,
                    environment: [String: String] = ProcessInfo.processInfo.environment, fetch: () -> [Commit]?) -> [Commit]? {
        guard let key = key(root: root, maxCount: maxCount, paths: paths, since: since, environment: environment) else { return fetch() }
        let file = Path.join(directory, "history-" + key)
        if let data = FileManager.default.contents(atPath: file), let commits = decode(data, key: key) { return commits }
        guard let commits = fetch() else { return nil }
        write(encode(commits, key: key), to: file, directory: directory)
        return commits
    }

    /// The key of `git log` of `paths` in `root` as things stand; nil when it cannot be told without git.
    static func key(root: String, maxCount: Int, paths: [String], since: String? = nil, environment: [String: String]) -> String? {
        guard case .found(let repository) = GitDirectory.discover(from: root, environment: environment),
              let head = repository.head() else { return nil }
        var hash = StableHash()
        hash.add(header)
        for text in [root, repository.topLevel, String(maxCount), since ?? "-", head] + GitLogParser.arguments { hash.add(text) }
        hash.add([UInt64(paths.count)])
        for path in paths { hash.add(path) }
        let home = environment["HOME"] ?? ""
        let xdg = (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/git/config"
        let configurations = [repository.commonDirectory + "/config", repository.gitDirectory + "/config.worktree",
                              home + "/.gitconfig", xdg, "/etc/gitconfig"]
        for file in configurations + [repository.topLevel + "/.mailmap", repository.commonDirectory + "/info/grafts",
                                      repository.commonDirectory + "/shallow"] {
            hash.add(file)
            guard let data = FileManager.default.contents(atPath: file) else {
                // Absent, or present but unreadable: git would read it, we cannot.
                if GitDirectory.exists(file) { return nil }
                hash.add("-")
                continue
            }
            if configurations.contains(file), !cacheable(configuration: String(decoding: data, as: UTF8.self)) { return nil }
            hash.add(bytes: data)
        }
        // Written by renames (a new inode each time): their stamps tell every change.
        let replace = repository.commonDirectory + "/refs/replace"
        let replacements = ((try? FileManager.default.contentsOfDirectory(atPath: replace)) ?? []).sorted().map { replace + "/" + $0 }
        for file in [repository.commonDirectory + "/packed-refs", replace] + replacements {
            hash.add(file)
            hash.add(DiskFileSystem().stamp(file) ?? [0])
        }
        return hash.hex
    }

    /// A configuration whose effect on git log the key sees: no included files, no mailmap elsewhere.
    static func cacheable(configuration text: String) -> Bool {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces).lowercased()
            guard trimmed.hasPrefix("[") else { continue }
            let section = trimmed.dropFirst().prefix { $0.isLetter }
            if section == "include" || section == "includeif" || section == "mailmap" { return false }
        }
        return true
    }

    // MARK: The file

    static func encode(_ commits: [Commit], key: String) -> String {
        var text = header + "\nkey " + key + "\n"
        for commit in commits {
            text += [commit.hash, commit.shortHash, commit.date, commit.author, commit.subject].map(LightIndex.escape).joined(separator: "\t")
                + "\t" + LightIndex.list(commit.files) + "\n"
        }
        return text
    }

    /// The commits kept under `key`; nil for another key or a damaged file.
    static func decode(_ data: Data, key: String) -> [Commit]? {
        var commits: [Commit] = []
        var number = 0
        var valid = true
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                defer { number += 1 }
                if number < 2 {
                    valid = valid && String(decoding: UnsafeRawBufferPointer(rebasing: line), as: UTF8.self) == (number == 0 ? header : "key " + key)
                    continue
                }
                if line.isEmpty { continue }
                let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
                guard valid, fields.count == 6 else { valid = false; return }
                let text = fields[0..<5].map { LightIndex.unescape($0) }
                guard GitLogParser.isHash(text[0]), GitLogParser.isHash(text[1]), text[0].hasPrefix(text[1]) else { valid = false; return }
                commits.append(Commit(hash: text[0], shortHash: text[1], date: text[2], author: text[3], subject: text[4],
                                      files: LightIndex.list(fields[5])))
            }
        }
        return valid && number >= 2 ? commits : nil
    }

    /// Writes atomically (a rename), then removes the oldest answers past `limit`; a failure only means no cache.
    private static func write(_ text: String, to file: String, directory: String) {
        guard CacheFile.writeAtomically(text, to: file) else { return }
        let kept = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("history-") && !$0.hasSuffix(".tmp") }
        guard kept.count > limit else { return }
        let byAge = kept.map { name -> (String, [UInt64]) in
            let path = Path.join(directory, name)
            return (path, DiskFileSystem().stamp(path) ?? [0])
        }.sorted { ($0.1.count > 3 ? ($0.1[3], $0.1[4]) : (0, 0)) < ($1.1.count > 3 ? ($1.1[3], $1.1[4]) : (0, 0)) }
        for (path, _) in byAge.prefix(kept.count - limit) { try? FileManager.default.removeItem(atPath: path) }
    }
}
