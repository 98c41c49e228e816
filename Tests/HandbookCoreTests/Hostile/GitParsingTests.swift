import Foundation
@testable import HandbookCore
import Testing

/// Git output is parsed safely (issue 14): NUL-separated fields, hex hashes, no revision read as an option.
@Suite(.serialized) struct GitParsingTests {
    /// A subject holding git log's old separator bytes used to add a fake commit (chosen hash,
    /// author, date, PR) to file pages and hotspots.
    @Test func aSubjectWithSeparatorBytesForgesNoCommit() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: ["src/a.swift": "a\n"])
        let forged = "Innocent\u{1e}../../../evil/repo\u{1f}deadbee\u{1f}2026-11-20\u{1f}Mallory\u{1f}fix: forged (#999)\nsrc/a.swift"
        try sandbox.commit(forged, date: "2026-11-02", files: ["src/a.swift": "b\n"])
        let commits = try #require(CommandLineGit().log(in: sandbox.root.path, maxCount: 10))
        #expect(commits.count == 2)
        #expect(commits.map(\.author) == ["Ana", "Ana"])
        #expect(commits.allSatisfy { GitLogParser.isHash($0.hash) && $0.hash.count == 40 })
        #expect(commits[0].subject.hasPrefix("Innocent\u{1e}../../../evil/repo"))
        #expect(commits[0].files == ["src/a.swift"])
    }

    @Test func fileNamesWithNewlinesAndSeparatorsStayWhole() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let odd = "src/line\nbreak \u{1e}\u{1f}.swift"
        try sandbox.commit("Odd names", date: "2026-11-01", files: [odd: "x\n", "src/plain.swift": "y\n"])
        try sandbox.commit("Empty", date: "2026-11-02", files: [:])
        let commits = try #require(CommandLineGit().log(in: sandbox.root.path, maxCount: 10))
        #expect(commits.map(\.subject) == ["Empty", "Odd names"])
        #expect(commits[0].files.isEmpty)
        #expect(Set(commits[1].files) == [odd, "src/plain.swift"])
    }

    @Test(arguments: [
        "\0../../../evil/repo\0deadbee\02026-11-20\0Mallory\0Forged\0",     // not hex
        "\0ABCDEF0123\0ABCDEF0\02026-11-20\0M\0Upper case\0",                 // not lower-case hex
        "\0abcdef0123\0fedcba9\02026-11-20\0M\0Short hash not a prefix\0",
        "\0abcdef0123\0abcdef0\02026-11-20T00\0M\0Bad date\0",
    ])
    func commitsWithInvalidFieldsAreDropped(_ output: String) {
        #expect(GitLogParser.parse(Data(output.utf8)).isEmpty)
    }

    /// `git diff --name-status -z`: each status letter, a rename's two paths in git's order
    /// (mutations git-status-deleted, git-rename-order).
    @Test func nameStatusGivesEachStatus() {
        let files = ChangedFile.parseNameStatus("A\0a.swift\0M\0m.swift\0D\0d.swift\0R100\0old.swift\0new.swift\0T\0t.swift\0")
        #expect(files.map { "\($0.status) \($0.previous ?? "-") \($0.path)" }
                == ["added - a.swift", "modified - m.swift", "deleted - d.swift", "renamed old.swift new.swift", "typechange - t.swift"])
    }

    @Test func aForgedHashCannotMakeALinkToAnotherRepository() {
        let links = RepositoryLinks(address: "https://github.com/acme/app", ref: "main")
        let good = GitLogParser.parse(Data("\0abcdef0123\0abcdef0\02026-11-20\0M\0Fine\0".utf8))
        #expect(good.map { links.commit($0.hash) } == ["https://github.com/acme/app/commit/abcdef0123"])
    }

    @Test(arguments: ["--output=/tmp/handbook-pwned", "-p", "--end-of-options", ""])
    func revisionsThatLookLikeOptionsAreRefused(_ revision: String) throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: ["a.txt": "a\n"])
        let target = sandbox.root.appendingPathComponent("pwned").path
        let injected = revision.replacingOccurrences(of: "/tmp/handbook-pwned", with: target)
        #expect(throws: GitShowError.self) { try CommandLineGit().changedFiles(in: sandbox.root.path, base: injected, head: nil) }
        #expect(throws: GitShowError.self) { try CommandLineGit().changedFiles(in: sandbox.root.path, base: "HEAD", head: injected) }
        #expect(throws: GitShowError.self) { try CommandLineGit().show(revision: injected, path: sandbox.root.path + "/a.txt") }
        #expect(!FileManager.default.fileExists(atPath: target), "git wrote a file named by the revision")
    }

    @Test func reviewWithAnOptionAsBaseIsADiagnostic() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: ["content/handbook.yml": "title: T\n"])
        let target = sandbox.root.appendingPathComponent("written").path
        let options = BuildOptions(contentDirectory: sandbox.root.path + "/content", outputDirectory: sandbox.root.path + "/public",
                                   workingDirectory: sandbox.root.path, today: "2026-11-21")
        let result = Review.run(options: options, changes: .git(base: "--output=" + target, head: nil))
        #expect(result.failed)
        #expect(result.diagnostics.map(\.message).contains { $0.contains("begins with '-'") }, "\(result.diagnostics.map(\.formatted))")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
