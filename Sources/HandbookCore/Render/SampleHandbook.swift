import Foundation

/// A small handbook in which every field, list and relation is present, built through the same
/// stages as a real one. Its view models tell the template check every name a template may use,
/// even where the user's handbook leaves a list empty.
enum SampleHandbook {
    static let files: [String: String] = [
        "/sample/content/handbook.yml": """
            title: Sample
            intro: An *introduction*.
            repository: https://github.com/example/sample
            params:
              team: Platform
            metrics:
              change_failure_rate:
                target: 12
            """,
        // Metrics (issue 6): a release blocker, a target, a change, a gap and a metric without figures.
        "/sample/content/metrics/history.csv": """
            week,change_failure_rate,revert_rate
            2024-W48,10,2
            2024-W49,12,
            2024-W50,15,3
            """,
        "/sample/content/metrics/2024-W52.yml": "week: 2024-W52\nrevert_rate: 4\n",
        // Governance (issue 3): a landmine naming a decision, owners, a file at the top and one below.
        "/sample/content/landmines/retries.md": """
            ---
            title: Retries
            severity: critical
            paths: [src/, README.md, gone/]
            owner: ana
            since: 2024-01-01
            decisions: [ADR-0001]
            prs: [2]
            incidents: ["https://status.example.com/1", "INC-1"]
            team: payments
            ---
            ## What broke
            A.
            ## Who needs it
            B.
            ## What fails if it disappears
            C.
            """,
        "/sample/CODEOWNERS": "* @owners\n",
        // A decision log's own index.md introduces the decisions index (issue 9).
        "/sample/content/decisions/index.md": "The log's *introduction*.\n",
        "/sample/README.md": "",
        "/sample/content/decisions/0001-first.md": """
            ---
            status: superseded
            date: 2024-01-01
            deciders: [ana]
            consulted: [bo]
            informed: [cy]
            tags: [storage]
            governs: [src/]
            prs: [1]
            review_by: 2030-01-01
            team: Platform
            ---
            # First
            Body with [[ADR-0002]].
            """,
        "/sample/content/decisions/0002-second.md": """
            ---
            status: accepted
            date: 2024-02-01
            supersedes: ADR-0001
            amends: ADR-0003
            relates: ADR-0003
            ---
            # Second
            ## Context
            A.
            ## Decision
            B.
            ### Detail
            C.
            """,
        "/sample/content/decisions/0003-third.md": """
            ---
            status: proposed
            date: 2024-03-01
            ---
            # Third
            """,
        "/sample/content/guide.md": """
            ---
            owner: ana
            ---
            # Guide
            ## One
            ## Two
            ### Three
            """,
        "/sample/src/main.swift": "",
    ]

    /// The sample's pages, built once per process.
    static let pageJobs: [RenderStage.PageJob] = {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1" // contracts: issue 5
        let fileSystem = MemoryFileSystem(files.merging(SampleContract.files) { $1 }) // contracts: issue 5
        let diagnostics = DiagnosticEngine()
        guard var handbook = Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: diagnostics) else {
            return []
        }
        handbook.review = Pipeline.reviewReport(handbook, base: "HEAD~1", git: SampleGit(), options: options, diagnostics: diagnostics)
        let stage = RenderStage(options: options, diagnostics: diagnostics, theme: Theme(), fileSystem: fileSystem)
        return stage.pageJobs(for: handbook)
    }()
}

/// The sample's git: a few commits, fixes among them, so history, changes and hotspots exist.
struct SampleGit: GitClient {
    func topLevel(of directory: String) -> String? { "/sample" }
    func listFiles(in root: String) -> [String]? {
        SampleHandbook.files.merging(SampleContract.files) { $1 }.keys.compactMap { Path.relative($0, to: "/sample") }.sorted()
    }
    /// A change that renames, edits and deletes files under every kind of record.
    func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile] {
        [ChangedFile(path: "src/main.swift", status: .renamed, previous: "src/old.swift"),
         ChangedFile(path: "README.md", status: .modified), ChangedFile(path: "api/pets.yml", status: .modified)]
    }
    func show(revision: String, path: String) throws(GitShowError) -> Data {
        try SampleContract.Git().show(revision: revision, path: path)
    }
    func log(in root: String, maxCount: Int) -> [Commit]? {
        (1...3).map { day in
            Commit(hash: "abcdef\(day)", shortHash: "abc\(day)", date: "2024-12-0\(day)", author: "ana",
                   subject: "fix: retry \(day) (#\(day))", files: ["src/main.swift", "README.md", "content/decisions/0002-second.md",
                                                                 "content/landmines/retries.md", "content/guide.md"])
        }
    }
}
