import Foundation
@testable import HandbookCore
import Testing

@Suite struct GlobPatternTests {
    static let files = [
        "README.md", "main.go", "docs/README.md", "docs/guide/setup.md", "docs/getting-started.md",
        "src/app/main.swift", "src/app/util.swift", "src/app/tests/main_test.swift", "src/db/schema.sql",
        "src/db/migrations/001.sql", "src-old/x.swift", "apps/web/index.ts", "lib/apps/cli/run.ts",
        "build/logs/today.log", "deep/build/logs/old.log", "logs/root.log", "a/b/c/d/e.go", "config/.env",
    ]

    static func matches(_ pattern: String) -> [String] {
        guard case .success(let glob) = GlobPattern.compile(pattern) else { return ["<invalid>"] }
        return files.filter { glob.matches($0) }.sorted()
    }

    @Test func leadingSlashAnchorsAtTheRoot() {
        #expect(Self.matches("/README.md") == ["README.md"])
        #expect(Self.matches("/logs/") == ["logs/root.log"])
    }

    @Test func aSlashElsewhereIsRelativeToTheRoot() {
        #expect(Self.matches("docs/README.md") == ["docs/README.md"])
        #expect(Self.matches("build/logs") == ["build/logs/today.log"], "not deep/build/logs")
    }

    @Test func aNameWithoutSlashMatchesAtAnyDepth() {
        #expect(Self.matches("README.md") == ["README.md", "docs/README.md"])
        #expect(Self.matches("*.sql") == ["src/db/migrations/001.sql", "src/db/schema.sql"])
        #expect(Self.matches("apps") == ["apps/web/index.ts", "lib/apps/cli/run.ts"], "a folder name matches what is below it")
        #expect(Self.matches("apps/") == ["apps/web/index.ts", "lib/apps/cli/run.ts"], "a trailing slash alone does not anchor")
    }

    /// A trailing `**` matches one or more segments: `main.go/**` is not the file `main.go` (what
    /// the mutation glob-trailing-star showed no test said).
    @Test func aTrailingDoubleStarNeedsSomethingBelow() throws {
        let glob = try #require(try? GlobPattern.compile("main.go/**").get())
        #expect(!glob.matches("main.go"))
        #expect(glob.matches("main.go/x"))
        #expect(Self.matches("docs/**") == ["docs/README.md", "docs/getting-started.md", "docs/guide/setup.md"])
        #expect(Self.matches("/README.md/**") == [])
    }

    @Test func starStaysWithinASegment() {
        #expect(Self.matches("src/*/main.swift") == ["src/app/main.swift"])
        #expect(Self.matches("docs/*") == ["docs/README.md", "docs/getting-started.md"], "as on GitHub: not docs/guide/setup.md")
        #expect(Self.matches("src/app/*.swift") == ["src/app/main.swift", "src/app/util.swift"])
        #expect(Self.matches("/*.go") == ["main.go"])
    }

    @Test func doubleStarSpansSegments() {
        #expect(Self.matches("src/**/*.sql") == ["src/db/migrations/001.sql", "src/db/schema.sql"])
        #expect(Self.matches("**/logs") == ["build/logs/today.log", "deep/build/logs/old.log", "logs/root.log"])
        #expect(Self.matches("a/**/e.go") == ["a/b/c/d/e.go"])
        #expect(Self.matches("src/**") == ["src/app/main.swift", "src/app/tests/main_test.swift", "src/app/util.swift",
                                           "src/db/migrations/001.sql", "src/db/schema.sql"])
        #expect(Self.matches("**/*_test.swift") == ["src/app/tests/main_test.swift"])
    }

    @Test func trailingSlashMeansEverythingBelow() {
        #expect(Self.matches("src/db/") == ["src/db/migrations/001.sql", "src/db/schema.sql"])
        #expect(Self.matches("src/app") == ["src/app/main.swift", "src/app/tests/main_test.swift", "src/app/util.swift"])
        #expect(Self.matches("README.md/").isEmpty, "a trailing slash never matches a file")
    }

    @Test func questionMarkAndClasses() {
        #expect(Self.matches("src/db/migrations/00?.sql") == ["src/db/migrations/001.sql"])
        #expect(Self.matches("src/[a-c]*/*.swift") == ["src/app/main.swift", "src/app/util.swift"])
        #expect(Self.matches("src/[!a]*/*.sql") == ["src/db/schema.sql"])
    }

    @Test func patternsThatLeaveTheRootOrAreEmptyAreRefused() {
        #expect(GlobPattern.compile("../x") == .failure(.leavesRoot))
        #expect(GlobPattern.compile("src/../../x") == .failure(.leavesRoot))
        #expect(GlobPattern.compile("") == .failure(.empty))
        #expect(GlobPattern.compile("/") == .failure(.empty))
        #expect(GlobPattern.compile(".") == .failure(.empty), "nothing left to match: write ** for everything")
        #expect(GlobPattern.compile("./") == .failure(.empty))
        #expect(GlobPattern.compile("/.") == .failure(.empty))
        #expect(GlobPattern.compile("src/[z-a]") == .failure(.badClass))
        #expect(GlobPattern.compile("src/[abc") == .failure(.badClass))
    }

    @Test func theIndexFindsExactlyWhatAFullScanFinds() {
        let repository = RepositoryFiles(Self.files)
        let patterns = ["/README.md", "README.md", "*.sql", "apps", "apps/", "src/*/main.swift", "docs/*", "src/**/*.sql",
                        "**/logs", "src/db/", "src/app", "src/[a-c]*/*.swift", "*", "src", "src-old/", "*.go", "x/y", "**", "*.env",
                        "config/*.env"]
        for text in patterns {
            guard case .success(let glob) = GlobPattern.compile(text) else { Issue.record("\(text) did not compile"); continue }
            let indexed = repository.matches(glob).map { repository.paths[$0] }
            let scanned = repository.paths.filter { glob.matches($0) }
            #expect(indexed == scanned, "\(text)")
        }
    }

    static func compiled(_ text: String) throws -> GlobPattern {
        guard case .success(let glob) = GlobPattern.compile(text) else {
            Issue.record("\(text) did not compile")
            throw CompileFailed()
        }
        return glob
    }

    struct CompileFailed: Error {}

    @Test func theIndexNarrowsTheCandidates() throws {
        let repository = RepositoryFiles(Self.files)
        let anchored = try Self.compiled("src/db/**"), named = try Self.compiled("README.md"), typed = try Self.compiled("*.swift")
        #expect(repository.candidates(for: anchored).count == 2)
        #expect(repository.candidates(for: named).count == 2)
        #expect(repository.candidates(for: typed).count == 4)
    }
}

@Suite struct CodeOwnersTests {
    static let text = """
        # Default owners
        *       @acme/everyone
        *.sql   @acme/db
        /src/   @acme/core    # everything under src
        /src/db/migrations/
        docs/*  docs@acme.example
        """

    static func owners(_ path: String) -> [String] {
        CodeOwners.parse(text, path: "CODEOWNERS", displayPath: "CODEOWNERS", diagnostics: DiagnosticEngine()).owners(of: path)
    }

    @Test func theLastMatchingRuleWins() {
        #expect(Self.owners("README.md") == ["@acme/everyone"])
        #expect(Self.owners("tools/seed.sql") == ["@acme/db"])
        #expect(Self.owners("src/db/schema.sql") == ["@acme/core"], "the /src/ rule comes after *.sql")
        #expect(Self.owners("docs/intro.md") == ["docs@acme.example"])
        #expect(Self.owners("docs/deep/intro.md") == ["@acme/everyone"])
    }

    @Test func aRuleWithoutOwnersLeavesThePathUnowned() {
        #expect(Self.owners("src/db/migrations/001.sql") == [])
    }

    @Test func githubLooksInThreePlacesInOrder() throws {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/decisions/0001-a.md": "---\ngoverns: [src/]\n---\n# A\n",
            "src/a.swift": "",
            "CODEOWNERS": "* @root\n",
            ".github/CODEOWNERS": "* @dot-github\n",
            "docs/CODEOWNERS": "* @docs\n",
        ])
        #expect(build.page("files/src/a.swift.html").contains("<span class=\"person\">@dot-github</span>"))
    }
}

@Suite struct PullRequestParsingTests {
    @Test(arguments: [
        ("Add the ledger (#123)", 123),
        ("Merge pull request #45 from acme/branch", 45),
        ("Fix (#1) and more (#77)", 77),
        ("See merge request acme/app!9", 9),
    ])
    func subjectsNamingAPullRequest(_ subject: String, _ number: Int) {
        #expect(Commit.pullRequest(in: subject) == number)
    }

    @Test(arguments: ["Fix #12 in the parser", "Bump to (#1.2)", "plain subject", "(#) empty", "Merge branch 'main'"])
    func subjectsNamingNone(_ subject: String) {
        #expect(Commit.pullRequest(in: subject) == nil)
    }

    @Test func gitLogOutputIsParsed() {
        let output = "\0aaaa1111\0aaaa\02026-01-02\0Ana\0Fix it (#3)\0\nsrc/a.swift\0src/b c.swift\0\0bbbb2222\0bbbb\02026-01-01\0Bo\0Start\0\nREADME.md\0"
        let commits = GitLogParser.parse(Data(output.utf8))
        #expect(commits.map(\.hash) == ["aaaa1111", "bbbb2222"])
        #expect(commits[0].files == ["src/a.swift", "src/b c.swift"])
        #expect(commits[0].pullRequest == 3)
        #expect(commits[1].author == "Bo")
    }
}
