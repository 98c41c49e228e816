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
            """,
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
        guard let handbook = Pipeline.link(options: options, fileSystem: fileSystem, git: SampleContract.Git(), diagnostics: diagnostics) else {
            return []
        }
        let stage = RenderStage(options: options, diagnostics: diagnostics, theme: Theme(), fileSystem: fileSystem)
        return stage.pageJobs(for: handbook)
    }()
}
