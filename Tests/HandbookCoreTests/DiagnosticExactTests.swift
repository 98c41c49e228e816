import Foundation
@testable import HandbookCore
import Testing

/// The diagnostics no other test printed in full: each one triggered by the smallest input, and
/// expected exactly as printed (file, line, column, severity, message, id).
@Suite struct DiagnosticExactTests {
    static let config = "title: T\n"

    static func messages(_ files: [String: String], today: String = "2026-11-21") -> [String] {
        TestBuild.run(files, today: today, write: false).messages
    }

    // MARK: Records, links, configuration

    @Test func futureDate() {
        #expect(Self.messages([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "---\nstatus: accepted\ndate: 2027-01-02\n---\n# A\n",
        ]) == ["content/decisions/0001-a.md:3:7: warning: ADR-0001 is dated 2027-01-02, after today (2026-11-21) [future-date]"])
    }

    @Test func successorStatus() {
        #expect(Self.messages([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "---\nstatus: accepted\n---\n# A\n",
            "content/decisions/0002-b.md": "---\nstatus: accepted\nsupersedes: ADR-0001\n---\n# B\n",
        ]) == ["content/decisions/0001-a.md:2:9: warning: ADR-0001 is superseded by ADR-0002 but its status is 'accepted' [successor-status]"])
    }

    /// The edges of the dated checks: today is neither in the future nor overdue; the day after
    /// (or before) is.
    @Test func datesOnTheirBoundaries() {
        let files = ["content/handbook.yml": Self.config,
                     "content/decisions/0001-a.md": "---\nstatus: accepted\ndate: 2026-11-21\nreview_by: 2026-11-21\n---\n# A\n"]
        #expect(Self.messages(files) == [], "dated today, due for review today")
        #expect(Self.messages(files, today: "2026-11-20") == [
            "content/decisions/0001-a.md:3:7: warning: ADR-0001 is dated 2026-11-21, after today (2026-11-20) [future-date]",
        ])
        #expect(Self.messages(files, today: "2026-11-22") == [
            "content/decisions/0001-a.md:4:12: warning: ADR-0001 was due for review on 2026-11-21 [review-overdue]",
        ])
    }

    /// A superseded record whose status says so (superseded, or deprecated) is no warning.
    @Test func successorStatusAgrees() {
        for status in ["superseded", "deprecated", "Superseded"] {
            #expect(Self.messages([
                "content/handbook.yml": Self.config,
                "content/decisions/0001-a.md": "---\nstatus: \(status)\n---\n# A\n",
                "content/decisions/0002-b.md": "---\nstatus: accepted\nsupersedes: ADR-0001\n---\n# B\n",
            ]) == [], "\(status)")
        }
    }

    @Test func absoluteLink() {
        #expect(Self.messages([
            "content/handbook.yml": Self.config,
            "content/guide.md": "# Guide\n\nSee [the root](/docs/x.html).\n",
        ]) == ["content/guide.md:3:5: warning: '/docs/x.html' starts with '/', so it breaks when the site is opened from disk or a sub-path; write it relative to this file [absolute-link]"])
    }

    @Test func configType() {
        #expect(Self.messages(["content/handbook.yml": "- a\n- b\n"])
                == ["content/handbook.yml:1:1: error: handbook.yml must be a mapping of settings (`title: ...`), not a list [config-type]"])
        #expect(Self.messages(["content/handbook.yml": "title: T\nparams: [a]\n"])
                == ["content/handbook.yml:2:9: error: params must be a mapping [config-type]"])
    }

    @Test func codeowners() {
        #expect(Self.messages([
            "content/handbook.yml": Self.config,
            "CODEOWNERS": "* @all\n../outside @nobody\n",
        ]) == ["CODEOWNERS:2:1: warning: CODEOWNERS pattern '../outside' cannot be read; the rule is ignored [codeowners]"])
    }

    @Test func missingContent() {
        #expect(Self.messages(["elsewhere/a.md": "# A\n"])
                == ["content: error: no content folder and no decision log found (looked for content, .adr-dir, .log4brains.yml, doc/adr, docs/adr, docs/decisions, docs/architecture-decisions, docs/adrs, docs/architecture/decisions, doc/architecture/decisions, architecture-decision-records, architecture-decision-record, adr, adrs, decisions, doc/decisions, ADR, docs/ADR, doc/ADR); run from the repository root, pass --content DIR, or name the folder in handbook.yml ('decisions: path/to/log') [missing-content]"])
    }

    @Test func brokenLinksAsWarnings() {
        #expect(Self.messages([
            "content/handbook.yml": "title: T\nbroken_links: warn\n",
            "content/decisions/0001-a.md": "---\nstatus: accepted\nsupersedes: ADR-0009\n---\n# A\n\nSee [x](nothing.md), [[ADR-0001#nowhere]].\n",
        ]) == [
            "content/decisions/0001-a.md:3:13: warning: 'ADR-0009' names no decision record; did you mean 'ADR-0001'? [unknown-reference]",
            "content/decisions/0001-a.md:7:5: warning: link to 'nothing.md': no file decisions/nothing.md in the content folder [broken-link]",
            "content/decisions/0001-a.md:7:22: warning: link to '[[ADR-0001#nowhere]]': content/decisions/0001-a.md has no heading with anchor '#nowhere' [broken-anchor]",
        ])
    }

    @Test func invalidDateInAField() {
        #expect(Self.messages([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "---\nstatus: accepted\nreview_by: soon\n---\n# A\n",
        ]) == ["content/decisions/0001-a.md:3:12: error: 'review_by' must be a date written YYYY-MM-DD, not 'soon' [invalid-date]"])
    }

    @Test func logFolders() {
        #expect(Self.messages([".adr-dir": "doc/nowhere\n", "docs/adr/README.md": "# Our decisions\n"]) == [
            ".adr-dir: warning: .adr-dir names 'doc/nowhere', which is not a folder of the repository [log-folder]",
            "docs/adr/README.md: warning: docs/adr holds 1 Markdown file but no decision record (records are named like 0001-title.md, adr-001-title.md or 20200925-title.md, or have a status) [no-records]",
        ])
        #expect(Self.messages([".log4brains.yml": "project:\n  adrFolder: ./nowhere\n", "docs/adr/0001-a.md": "# A\n"])
                == [".log4brains.yml:2:14: warning: adrFolder './nowhere' is not a folder of the repository [log-folder]"])
        #expect(Self.messages([".log4brains.yml": "project: [\n", "docs/adr/0001-a.md": "# A\n"])
                == [".log4brains.yml:2:1: warning: cannot read .log4brains.yml: did not find expected node content while parsing a flow node [log-folder]"])
    }

    @Test func encodingAndUnreadable() {
        let files = ["/repo/content/handbook.yml": Data(Self.config.utf8), "/repo/content/bad.md": Data([0x23, 0x20, 0xFF, 0xFE, 0x0A]),
                     "/repo/content/gone.md": Data("# Gone\n".utf8)]
        let fileSystem = UnreadableFileSystem(base: MemoryFileSystem(data: files), unreadable: ["/repo/content/gone.md"])
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: nil)
        #expect(result.diagnostics.map(\.formatted) == [
            "content/bad.md:1:3: error: the file is not valid UTF-8 text: byte 0xFF is not UTF-8 (it is Windows-1252's 'ÿ': save the file as UTF-8) [encoding]",
            "content/gone.md: error: cannot read the file: /repo/content/gone.md: cannot be read [unreadable]",
        ])
    }

    @Test func unsafeOutput() {
        let fileSystem = MemoryFileSystem(["/repo/content/handbook.yml": Self.config])
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/content", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: MemoryOutput())
        #expect(result.diagnostics.map(\.formatted) == [
            "content: error: the output folder would hold the content folder (content), and every build replaces the output folder whole; choose another --output [unsafe-output]",
        ])
    }

    // MARK: Themes and the parser

    @Test func missingTemplates() {
        let build = TestBuild.run(["content/handbook.yml": Self.config], templates: "no-such-theme", write: false)
        #expect(build.messages == ["no-such-theme: error: templates folder cannot be read: /repo/no-such-theme: is not a directory [missing-templates]"])
    }

    @Test func missingTemplate() {
        let diagnostics = DiagnosticEngine()
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        var theme = Theme.embedded()
        theme.templates["decision"] = nil
        _ = RenderStage(options: options, diagnostics: diagnostics, theme: theme, fileSystem: MemoryFileSystem([:])).compile()
        #expect(diagnostics.diagnostics.map(\.formatted) == ["templates/decision.mustache: error: the theme has no template 'decision.mustache' [missing-template]"])
    }

    @Test func markdownExtensions() {
        let diagnostics = DiagnosticEngine()
        var parse = ParseStage(config: SiteConfig(), diagnostics: diagnostics)
        parse.missingExtensions = ["table", "tasklist"]
        _ = parse.run([])
        #expect(diagnostics.diagnostics.map(\.formatted) == ["cmark-gfm: error: this system's cmark-gfm lacks the extensions table, tasklist [markdown-extensions]"])
    }

    // MARK: Review and git

    @Test func gitDiffAndBadRevision() {
        let git = RevisionGit(revisions: ["main": [:]])
        let files = ["content/handbook.yml": Self.config]
        let unknown = contractBuild(files, git: git, reviewBase: "nope", write: false)
        #expect(unknown.result.diagnostics.map(\.formatted) == [".: error: cannot list the files changed since 'nope': fatal: bad revision 'nope' [git-diff]"])
        let dash = contractBuild(files, git: git, base: "--output=x", write: false)
        #expect(dash.result.diagnostics.map(\.formatted) == ["content: error: '--output=x' is not a git revision [bad-revision]"])
    }

    @Test func outsideRepository() {
        let fileSystem = MemoryFileSystem(["/repo/content/handbook.yml": Self.config, "/repo/src/a.swift": ""])
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let result = Review.run(options: options, changes: .files(["../elsewhere/a.swift", "src/a.swift"]), fileSystem: fileSystem, git: NoGit())
        #expect(result.diagnostics.map(\.formatted) == [".: error: '../elsewhere/a.swift' is not inside the repository (.) [outside-repository]"])
    }
}

/// A file system whose chosen files exist but cannot be read.
struct UnreadableFileSystem: FileSystem {
    var base: MemoryFileSystem
    var unreadable: Set<String>

    func read(_ path: String) throws -> Data {
        if unreadable.contains(path) { throw FileSystemError(path: path, reason: "cannot be read") }
        return try base.read(path)
    }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func isFile(_ path: String) -> Bool { base.isFile(path) }
    func files(under directory: String, skipping: Set<String>) throws -> [String] { try base.files(under: directory, skipping: skipping) }
}
