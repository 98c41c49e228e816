import Foundation
@testable import HandbookCore
import Testing

/// `handbook review` on git repositories the tests create, with golden Markdown reports.
@Suite(.serialized) struct ReviewTests {
    static let content: [String: String] = [
        "content/handbook.yml": "title: T\nrepository: https://github.com/acme/app\n",
        "content/decisions/0001-ledger.md": "---\nstatus: superseded\ndate: 2026-01-01\ntitle: Ledger in Postgres\ngoverns: [\"src/ledger/\"]\n---\n",
        "content/decisions/0002-ledger-v2.md": "---\nstatus: accepted\ndate: 2026-06-01\ntitle: Ledger v2\nsupersedes: ADR-0001\ngoverns: [\"src/ledger/**/*.swift\", \"docs/ledger.md\"]\n---\n",
        "content/decisions/0003-style.md": "---\nstatus: proposed\ntitle: Style\ngoverns: [\"*.swift\"]\n---\n",
        "content/landmines/double-write.md": """
            ---
            title: The double write
            severity: critical
            paths: [src/ledger/write.swift]
            owner: "@payments"
            ---
            ## What broke
            Balances drifted.
            ## Who needs it
            Finance.
            ## What fails if it disappears
            Balances drift silently,
            for hours.
            """,
        "content/landmines/retry-budget.md": """
            ---
            title: The retry budget
            severity: medium
            paths: [src/ledger/retry.swift]
            owner: "@platform"
            ---
            ## What broke
            x
            ## Who needs it
            y
            ## What fails if it disappears
            Storms of retries.
            """,
        "CODEOWNERS": "* @acme/all\n/src/ledger/ @acme/ledger\n",
        "src/ledger/write.swift": "1",
        "src/ledger/retry.swift": "1",
        "src/ledger/old.swift": "1",
        "docs/readme.md": "x",
    ]

    static func repository() throws -> GitSandbox {
        let sandbox = try GitSandbox()
        try sandbox.commit("Start", date: "2026-11-01", files: content)
        try sandbox.git("tag", "base")
        try sandbox.commit("fix: write order", date: "2026-11-10", files: ["src/ledger/write.swift": "2"])
        try sandbox.git("mv", "src/ledger/old.swift", "src/ledger/renamed.swift")
        try sandbox.commit("Fix the retry (#31)", date: "2026-11-11", files: ["src/ledger/retry.swift": "2"])
        try sandbox.commit("fix: once more", date: "2026-11-12", files: ["src/ledger/write.swift": "3"])
        try sandbox.commit("Fix: and again", date: "2026-11-13", files: ["src/ledger/write.swift": "4"])
        try sandbox.git("tag", "head")
        return sandbox
    }

    static func review(_ root: URL, _ changes: Review.Changes) -> Review.Result {
        let options = BuildOptions(contentDirectory: root.path + "/content", outputDirectory: root.path + "/public",
                                   workingDirectory: root.path, today: "2026-11-21")
        return Review.run(options: options, changes: changes)
    }

    static func assertGolden(_ text: String, _ name: String) throws {
        let url = TestFiles.golden.appendingPathComponent("review").appendingPathComponent(name)
        if try GoldenTests.recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name):\n\(lineDiff(expected: expected, actual: text))")
    }

    @Test func committedChangeBetweenTwoRevisions() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let result = Self.review(sandbox.root, .git(base: "base", head: "head"))
        #expect(!result.failed, "\(result.diagnostics.map(\.formatted))")
        let report = try #require(result.report)
        #expect(report.files.map { "\($0.status.rawValue) \($0.path)\($0.previous.map { " from " + $0 } ?? "")" } == [
            "renamed src/ledger/renamed.swift from src/ledger/old.swift", "modified src/ledger/retry.swift",
            "modified src/ledger/write.swift",
        ])
        #expect(report.landmines.map(\.id) == ["double-write", "retry-budget"], "critical first")
        #expect(report.landmines[0].failure == "Balances drift silently, for hours.")
        #expect(report.decisions.map(\.id) == ["ADR-0002", "ADR-0003", "ADR-0001"], "accepted first, superseded last")
        #expect(report.decisions[2].inactive && report.decisions[2].supersededBy == ["ADR-0002"])
        #expect(report.decisions[0].matched == ["src/ledger/old.swift", "src/ledger/renamed.swift", "src/ledger/retry.swift",
                                                "src/ledger/write.swift"], "a rename matches by both its paths")
        #expect(report.owners.map(\.owner) == ["@acme/ledger"])
        #expect(report.hotspots.map(\.path) == ["src/ledger/write.swift"], "three fixes in four days")
        #expect(report.highestSeverity == .critical)
        try Self.assertGolden(Review.markdown(report, siteURL: nil), "committed.md")
        try Self.assertGolden(Review.markdown(report, siteURL: "https://docs.acme.example/handbook"), "committed-site-url.md")
        try Self.assertGolden(Review.json(report), "committed.json")
    }

    @Test func workTreeChangesAndUntrackedFiles() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        try sandbox.write(["docs/ledger.md": "new, untracked", "src/ledger/write.swift": "edited in the work tree"])
        let report = try #require(Self.review(sandbox.root, .git(base: "head", head: nil)).report)
        #expect(report.head == "work tree")
        #expect(report.files.map(\.path) == ["docs/ledger.md", "src/ledger/write.swift"])
        #expect(report.files.map(\.status) == [.added, .modified])
        #expect(report.decisions.first?.matched == ["docs/ledger.md", "src/ledger/write.swift"])
    }

    @Test func aRenameMatchesWhereTheFileCameFrom() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: Self.content)
        try FileManager.default.createDirectory(at: sandbox.root.appendingPathComponent("src/payments"), withIntermediateDirectories: true)
        try sandbox.git("mv", "src/ledger/write.swift", "src/payments/write.swift")
        let report = try #require(Self.review(sandbox.root, .git(base: "HEAD", head: nil)).report)
        #expect(report.files.first?.previous == "src/ledger/write.swift")
        #expect(report.landmines.map(\.id) == ["double-write"], "moving the file out from under a landmine still touches it")
    }

    @Test func listedFilesAndNothingGoverned() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let report = try #require(Self.review(sandbox.root, .files(["docs/readme.md"])).report)
        #expect(report.owners.map(\.owner) == ["@acme/all"])
        try Self.assertGolden(Review.markdown(report, siteURL: nil), "owners-only.md")
        let nothing = try #require(Self.review(sandbox.root, .files(["content/handbook.yml"])).report)
        let nothingMarkdown = Review.markdown(ReviewReport(base: nil, head: nil, files: nothing.files, landmines: [], decisions: [],
                                                           contracts: [], owners: [], hotspots: []), siteURL: nil)
        #expect(nothingMarkdown == "**Handbook review:** no landmine, decision, contract, owner or hotspot governs the 1 changed file.\n")
    }

    @Test func aFolderStandsForTheFilesBelowIt() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let report = try #require(Self.review(sandbox.root, .files(["src/ledger"])).report)
        #expect(report.files.map(\.path) == ["src/ledger/renamed.swift", "src/ledger/retry.swift", "src/ledger/write.swift"])
        #expect(report.files.allSatisfy { $0.status == .modified })
        #expect(report.landmines.map(\.id) == ["double-write", "retry-budget"])
    }

    @Test func badRevisionsAndPathsAreErrors() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let bad = Self.review(sandbox.root, .git(base: "no-such-branch", head: nil))
        #expect(bad.failed && bad.report == nil)
        #expect(bad.diagnostics.map(\.id) == ["git-diff"])
        let outside = Self.review(sandbox.root, .files(["../elsewhere.swift"]))
        #expect(outside.failed)
        #expect(outside.diagnostics.map(\.id) == ["outside-repository"])
    }

    @Test func reviewReadsOnlyWhatItNeeds() throws {
        // A page with a broken link does not fail the review: bodies of pages are not read.
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        try sandbox.write(["content/guide.md": "[x](missing.md)\n"])
        let result = Self.review(sandbox.root, .files(["src/ledger/write.swift"]))
        #expect(!result.failed)
        // An error in a record's fields does.
        try sandbox.write(["content/decisions/0004-bad.md": "---\nstatus: [\n---\n"])
        #expect(Self.review(sandbox.root, .files(["src/ledger/write.swift"])).failed)
    }

    @Test func aTouchedContractListsTheChangesInItsSpec() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let spec = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok}\n  /pets/{id}:\n    delete:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '204': {description: gone}\n"
        try sandbox.commit("Start", date: "2026-11-01", files: Self.content.merging([
            "api/pets.yml": spec,
            "content/contracts/pets.yml": "title: Pets API\nspec: api/pets.yml\nprovider: pets\nconsumers: [web]\nchanges:\n  - {version: '1', date: 2026-11-01, kind: non-breaking}\n",
        ]) { $1 })
        try sandbox.write(["api/pets.yml": spec.components(separatedBy: "  /pets/{id}:")[0]])
        let report = try #require(Self.review(sandbox.root, .git(base: "HEAD", head: nil)).report)
        #expect(report.contracts.map(\.id) == ["pets"])
        #expect(report.contracts.first?.changes.map(\.id) == ["operation-removed"])
        #expect(report.contracts.first?.changes.first?.level == "breaking")
        #expect(Review.markdown(report, siteURL: nil).contains("1 change in the spec, **1 breaking**"))
    }

    @Test func theReviewPageOfABuild() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        var options = BuildOptions(contentDirectory: sandbox.root.path + "/content", outputDirectory: sandbox.root.path + "/public",
                                   workingDirectory: sandbox.root.path, today: "2026-11-21")
        options.reviewBase = "base"
        let output = MemoryOutput()
        let result = Pipeline.build(options: options, git: CommandLineGit(), output: output)
        #expect(result.succeeded, "\(result.diagnostics.map(\.formatted))")
        let page = output.text("review.html") ?? ""
        #expect(page.contains("<h1>Review since <code>base</code></h1>"))
        #expect(page.contains("<a href=\"landmines/double-write.html\">The double write</a>"))
        #expect(page.contains("<strong>needs a review by someone with context</strong>"))
        #expect(output.text("index.html")?.contains("<a href=\"review.html\">Review of this change</a>") == true)
    }
}
