import Foundation
@testable import HandbookCore
import Testing

@Suite(.serialized) struct GitHistoryTests {
    static let content: [String: String] = [
        "content/handbook.yml": "title: T\nrepository: https://github.com/acme/app\nhistory:\n  commits: 3\n",
        "content/decisions/0001-ledger.md": "---\nstatus: accepted\ndate: 2026-11-01\ngoverns: [\"src/ledger/\"]\n---\n# Ledger\n",
        "content/landmines/double-write.md": """
            ---
            severity: high
            paths: [src/ledger/write.swift]
            owner: "@payments"
            ---
            ## What broke
            x
            ## Who needs it
            y
            ## What fails if it disappears
            Balances drift.
            """,
    ]

    static func repository() throws -> GitSandbox {
        let sandbox = try GitSandbox()
        try sandbox.commit("Start", date: "2026-10-01", files: content.merging(["src/ledger/write.swift": "1", "src/other.swift": "1"]) { $1 })
        try sandbox.commit("Add retries (#12)", date: "2026-11-03", author: "Bo", files: ["src/ledger/write.swift": "2"])
        try sandbox.commit("fix: lock order", date: "2026-11-10", files: ["src/ledger/write.swift": "3"])
        try sandbox.commit("Fix timeout (#15)", date: "2026-11-12", files: ["src/ledger/write.swift": "4"])
        try sandbox.commit("Merge pull request #16 from acme/fix", date: "2026-11-14", files: ["src/ledger/write.swift": "5"])
        try sandbox.commit("fixup: rename", date: "2026-11-16", files: ["src/ledger/write.swift": "6", "src/other.swift": "2"])
        return sandbox
    }

    @Test func filePagesShowRecentCommitsWithPullRequests() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let build = GitSandbox.build(root: sandbox.root)
        #expect(build.errors.isEmpty, "\(build.messages)")
        let page = build.page("files/src/ledger/write.swift.html")
        // history.commits: 3, newest first
        #expect(page.contains("fixup: rename"))
        #expect(page.contains("Merge pull request #16 from acme/fix (<a href=\"https://github.com/acme/app/pull/16\">#16</a>)"))
        #expect(page.contains("Fix timeout (#15) (<a href=\"https://github.com/acme/app/pull/15\">#15</a>)"))
        let history = page.components(separatedBy: "id=\"history\"").last ?? ""
        #expect(!history.contains("fix: lock order"), "only the newest 3 commits")
        #expect(page.contains("severity-high"))
        #expect(page.contains("If it disappears: Balances drift."))
    }

    @Test func decisionPagesCountChangesSinceTheirDate() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let build = GitSandbox.build(root: sandbox.root)
        let page = build.page("decisions/ADR-0001.html")
        #expect(page.contains("Changes since this decision (5)"), "five commits after 2026-11-01 touched src/ledger/")
        #expect(page.contains("Files governed (1)"))
        #expect(page.contains("<a href=\"../files/src/ledger/write.swift.html\"><code>src/ledger/write.swift</code></a>"))
    }

    @Test func hotspotsNeedThreeFixesInSevenDays() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let build = GitSandbox.build(root: sandbox.root)
        // fix: 11-10, Fix: 11-12, fixup: 11-16 (starts with "fix") -> three within 7 days (10..16).
        #expect(build.page("index.html").contains("<code>src/ledger/write.swift</code></a>: 3 fixes between 2026-11-10 and 2026-11-16"))
        #expect(build.page("files/src/ledger/write.swift.html").contains("Hotspot: 3 fixes between 2026-11-10 and 2026-11-16"))
        // Ninety days later the fixes are out of the look-back window.
        let later = GitSandbox.build(root: sandbox.root, today: "2027-03-01")
        #expect(!later.page("index.html").contains("Hotspots"))
    }

    @Test func spreadOutFixesAreNoHotspot() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-10-01", files: Self.content.merging(["src/ledger/write.swift": "1"]) { $1 })
        try sandbox.commit("fix one", date: "2026-11-01", files: ["src/ledger/write.swift": "2"])
        try sandbox.commit("fix two", date: "2026-11-05", files: ["src/ledger/write.swift": "3"])
        try sandbox.commit("fix three", date: "2026-11-08", files: ["src/ledger/write.swift": "4"])
        let build = GitSandbox.build(root: sandbox.root)
        #expect(!build.page("index.html").contains("Hotspots"), "11-01 to 11-08 is eight days")
    }

    @Test func aConfiguredFixPatternIsUsed() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        var content = Self.content
        content["content/handbook.yml"] = "title: T\nhotspots:\n  fix_pattern: \"^(hotfix|patch)\"\n  commits: 2\n"
        try sandbox.commit("Start", date: "2026-10-01", files: content.merging(["src/ledger/write.swift": "1"]) { $1 })
        try sandbox.commit("HOTFIX one", date: "2026-11-01", files: ["src/ledger/write.swift": "2"])
        try sandbox.commit("patch two", date: "2026-11-02", files: ["src/ledger/write.swift": "3"])
        let build = GitSandbox.build(root: sandbox.root)
        #expect(build.page("index.html").contains("2 fixes between 2026-11-01 and 2026-11-02"))
    }

    @Test func gitListsTrackedAndUntrackedButNotIgnoredFiles() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        var content = Self.content
        content["content/decisions/0001-ledger.md"] = "---\ngoverns: [\"**/*.swift\"]\n---\n# L\n"
        try sandbox.commit("Start", date: "2026-10-01", files: content.merging([".gitignore": "generated/\n", "src/ledger/write.swift": "1"]) { $1 })
        try sandbox.write(["src/new.swift": "untracked", "generated/skip.swift": "ignored"])
        let build = GitSandbox.build(root: sandbox.root)
        #expect(build.output.files["files/src/new.swift.html"] != nil)
        #expect(build.output.files["files/generated/skip.swift.html"] == nil)
    }

    /// Eleventy's `date: git Created` / `git Last Modified` (UKHomeOffice/core-cloud's log) take the
    /// file's first and last commit; without history they are a warning at the line, never dropped.
    @Test func eleventyDatesComeFromTheFilesHistory() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let created = "---\nlayout: page.njk\nstatus: Accepted\ndate: git Created\norder: 0\ntitle: 000 - Use ADRs\n---\n\n**Date: {{ page.date }}**\n\nText.\n"
        try sandbox.commit("Add ADR 0", date: "2023-11-01", files: ["documentation/adr/000-use-adrs.md": created,
                                                                     "documentation/adr/001-use-x.md": "---\ndate: git Last Modified\n---\n# 1. Use X\n"])
        try sandbox.commit("Edit both", date: "2023-11-20", files: ["documentation/adr/000-use-adrs.md": created + "More.\n",
                                                                     "documentation/adr/001-use-x.md": "---\ndate: git Last Modified\n---\n# 1. Use X\n\nMore.\n"])
        let build = GitSandbox.build(root: sandbox.root)
        #expect(build.messages.isEmpty, "\(build.messages)")
        let records = (build.result.handbook?.documents ?? []).compactMap(\.decision)
        #expect(records.map(\.id) == ["ADR-0000", "ADR-0001"])
        #expect(records.map(\.date) == ["2023-11-01", "2023-11-20"])
        let page = build.page("decisions/ADR-0000.html")
        #expect(!page.contains("<dt>order</dt>") && !page.contains("<dt>layout</dt>"), "Eleventy's navigation fields stay out of the table")
        try sandbox.git("rm", "-rq", "--cached", ".")
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent(".git"))
        let withoutGit = GitSandbox.build(root: sandbox.root)
        #expect(withoutGit.messages.filter { $0.contains("invalid-date") } == [
            "documentation/adr/000-use-adrs.md:4:7: warning: the date 'git Created' comes from the file's git history, which is not available (the repository root is not a git work tree) [invalid-date]",
            "documentation/adr/001-use-x.md:2:7: warning: the date 'git Last Modified' comes from the file's git history, which is not available (the repository root is not a git work tree) [invalid-date]",
        ])
    }

    /// A log imported with no handbook.yml links repository files to its GitHub or GitLab remote
    /// (five of twenty real logs link source files); credentials in the remote are never kept.
    @Test func anImportedLogLinksFilesToItsRemote() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Log", date: "2024-01-01", files: ["doc/adr/0001-a.md": "# 1. A\n\nSee [the code](../../src/a.txt).\n",
                                                               "src/a.txt": "a\n"])
        try sandbox.git("remote", "add", "origin", "https://x-access-token:s3cret@github.com/acme/app.git")
        let build = GitSandbox.build(root: sandbox.root)
        #expect(build.messages.isEmpty, "\(build.messages)")
        let page = build.page("decisions/ADR-0001.html")
        #expect(page.contains("href=\"https://github.com/acme/app/blob/HEAD/src/a.txt\""), "\(page)")
        #expect(!build.output.files.values.contains { String(decoding: $0, as: UTF8.self).contains("s3cret") })
        try sandbox.git("remote", "set-url", "origin", "https://example.com/acme/app.git")
        #expect(GitSandbox.build(root: sandbox.root).ids == ["no-repository"], "another host: no guess")
    }

    @Test func remoteAddressesAsWebAddresses() {
        let cases: [(String, String?)] = [
            ("git@github.com:acme/app.git", "https://github.com/acme/app"),
            ("https://github.com/acme/app", "https://github.com/acme/app"),
            ("https://token@github.com/acme/app.git/", "https://github.com/acme/app"),
            ("ssh://git@gitlab.com/group/sub/app.git", "https://gitlab.com/group/sub/app"),
            ("git@github.com:acme/app/extra.git", nil),
            ("https://github.com/acme/../app", nil),
            ("https://github.com/acme/app\"onmouseover=x", nil),
            ("https://bitbucket.org/acme/app", nil),
            ("/work/main", nil),
        ]
        for (remote, expected) in cases {
            #expect(RepositoryLinks.webAddress(ofRemote: remote) == expected, "\(remote)")
        }
    }

    @Test func aShallowCloneLeavesHistoryOutWithOneNote() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let clone = sandbox.root.deletingLastPathComponent().appendingPathComponent("handbook-shallow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        try sandbox.git("clone", "-q", "--depth", "1", "file://" + sandbox.root.path, clone.path)
        let build = GitSandbox.build(root: clone)
        #expect(build.result.succeeded)
        #expect(build.messages == [".: note: file history and hotspots are left out: the repository is a shallow clone (fetch its history with `git fetch --unshallow`, or `fetch-depth: 0` in CI) [no-history]"])
        #expect(build.page("files/src/ledger/write.swift.html").contains("History left out: the repository is a shallow clone."))
        #expect(build.page("decisions/ADR-0001.html").contains("History left out"))
        #expect(GitSandbox.build(root: clone, strict: true).result.succeeded, "a note is not a warning")
    }

    @Test func withoutGitTheTreeIsWalkedSkippingBuildAndOutput() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-nogit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let sandbox = GitSandbox(existing: base)
        var content = Self.content
        content["content/decisions/0001-ledger.md"] = "---\ngoverns: [\"**/*.swift\"]\n---\n# L\n"
        try sandbox.write(content.merging(["src/a.swift": "", ".build/debug/x.swift": "", "public/old.swift": "", "public/handbook.json": "{}",
                                           ".build-release/y.swift": "", ".buildkite/hooks.swift": "",
                                           ".git/hooks/h.swift": ""]) { $1 })
        let build = GitSandbox.build(root: base)
        let filePages = build.output.files.keys.filter { $0.hasPrefix("files/") && $0 != "files/index.html" }.sorted()
        #expect(filePages == ["files/.buildkite/hooks.swift.html", "files/src/a.swift.html"],
                "build folders and the output are skipped; a .buildkite folder is not build output")
        #expect(build.messages.contains(".: note: file history and hotspots are left out: the repository root is not a git work tree [no-history]"))
    }
}

extension GitSandbox {
    /// A folder that is not a git repository.
    init(existing root: URL) { self.root = root }
}
