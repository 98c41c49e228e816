import Foundation

/// What `review` asks git: the files a change touches, and the history of just those files.
extension GitClient {
    public func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile] {
        throw .failed("git is not available")
    }

    public func stagedFiles(in root: String) throws(GitShowError) -> [ChangedFile] {
        throw .failed("git is not available")
    }

    public func log(in root: String, maxCount: Int, paths: [String]) -> [Commit]? { nil }

    /// The same, leaving out commits made before `since` (`YYYY-MM-DD`) where the client can.
    public func log(in root: String, maxCount: Int, paths: [String], since: String) -> [Commit]? {
        log(in: root, maxCount: maxCount, paths: paths)
    }
}

extension CommandLineGit {
    /// `git diff --name-status -M BASE...HEAD`; without a head, the merge base of BASE and HEAD
    /// against the work tree, plus untracked files (not ignored) as added.
    private func git(_ root: String, _ arguments: [String]) throws(GitShowError) -> String {
        guard let output = try? ProcessRunner.run(["git", "-C", root, "-c", "core.quotePath=false"] + arguments) else {
            throw .failed("git could not be run")
        }
        guard output.status == 0 else {
            throw .failed(String(decoding: output.standardError, as: UTF8.self).trimmingCharacters(in: " \n"))
        }
        return String(decoding: output.standardOutput, as: UTF8.self)
    }

    /// `git diff --cached --name-status -M`: what a commit made now would change.
    public func stagedFiles(in root: String) throws(GitShowError) -> [ChangedFile] {
        ChangedFile.parseNameStatus(try git(root, ["diff", "--cached", "--relative", "--name-status", "-M", "-z", "--"]))
    }

    public func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile] {
        func git(_ arguments: [String]) throws(GitShowError) -> String { try self.git(root, arguments) }
        for revision in [base] + (head.map { [$0] } ?? []) {
            if let problem = GitRevision.problem(revision) { throw .failed(problem) }
        }
        if let head {
            return ChangedFile.parseNameStatus(try git(["diff", "--relative", "--name-status", "-M", "-z", "--end-of-options",
                                                        "\(base)...\(head)", "--"]))
        }
        let mergeBase = try git(["merge-base", "--end-of-options", base, "HEAD"]).trimmingCharacters(in: " \n")
        guard GitLogParser.isHash(mergeBase) else { throw .failed("git merge-base answered '\(mergeBase.prefix(80))', not a commit") }
        var files = ChangedFile.parseNameStatus(try git(["diff", "--relative", "--name-status", "-M", "-z", "--end-of-options", mergeBase, "--"]))
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"])
        files += untracked.split(separator: "\0").map { ChangedFile(path: String($0), status: .added) }
        return files
    }

    public func log(in root: String, maxCount: Int, paths: [String]) -> [Commit]? {
        log(in: root, maxCount: maxCount, paths: paths, since: nil)
    }

    /// `--since`: git stops walking at the first commits older than the date (by committer date,
    /// never older than the author date that hotspots read). On cisagov/manage.get.gov, the history
    /// of 364 changed files took 6.4 s whole and 4 ms since 90 days before.
    public func log(in root: String, maxCount: Int, paths: [String], since: String) -> [Commit]? {
        log(in: root, maxCount: maxCount, paths: paths, since: Optional(since))
    }

    private func log(in root: String, maxCount: Int, paths: [String], since: String?) -> [Commit]? {
        guard !paths.isEmpty else { return [] }
        let arguments = ["git", "-C", root, "-c", "core.quotePath=false", "log", "--relative", "--no-color", "--no-renames", "--date=short"]
            + GitLogParser.arguments + ["--name-only", "--max-count=\(maxCount)"] + (since.map { ["--since=\($0)"] } ?? []) + ["--"] + paths
        guard let output = try? ProcessRunner.run(arguments), output.status == 0 else { return nil }
        return GitLogParser.parse(output.standardOutput)
    }
}
