import Foundation
@testable import HandbookCore
import Testing

/// The governance linker on a thread of its own beside the rest of the link stage (ADR-0057) gives the
/// graph, dates, assets and diagnostics it gave in place, and whole builds of many documents give the
/// same pages and diagnostics in the same order every time.
@Suite struct GovernanceBesideTests {
    /// A handbook of many records and landmines governing a repository: globs that match, stale
    /// ones, bad ones, ones that leave the root, dates from history, links and images.
    static func corpus(records: Int = 400) -> (files: [String: String], git: FakeGit) {
        var files: [String: String] = ["content/handbook.yml": "title: Serial phases\n"]
        var repository: [String] = []
        for area in ["api", "billing", "search", "web"] {
            for n in 0..<12 {
                repository.append("src/\(area)/file\(n).\(n % 3 == 0 ? "go" : n % 3 == 1 ? "ts" : "sql")")
            }
            repository.append("docs/\(area)/diagram.png")
        }
        let globs = ["src/api/**/*.go", "src/billing/*.sql", "src/search/**", "web/**/*.tsx", "src/*/file1.ts", "mobile/**",
                     "src/[z-a]/x", "../outside/**", "src/web/file{1,2}.go", "", "src/**/*.sql", "docs/**/*.png"]
        for n in 1...records {
            let id = String(format: "%04d", n)
            let status = ["accepted", "proposed", "superseded", "deprecated"][n % 4]
            let governs = (0..<(1 + n % 3)).map { "  - \"\(globs[(n * 7 + $0 * 5) % globs.count])\"" }.joined(separator: "\n")
            let date = n % 50 == 0 ? "git Created" : n % 51 == 0 ? "git Last Modified" : "2024-01-\(String(format: "%02d", 1 + n % 28))"
            let link = n % 9 == 0 ? "[gone](missing-\(n).md)" : "[next](\(String(format: "%04d", n % records + 1))-record.md)"
            let image = n % 13 == 0 ? "\n![diagram](../../docs/\(["api", "billing", "search", "web"][n % 4])/diagram.png)\n" : ""
            files["content/decisions/\(id)-record.md"] = """
                ---
                status: \(status)
                date: \(date)
                tags: [t\(n % 5)]
                governs:
                \(governs)
                ---
                # Record \(n)

                See \(link) and [ADR-\(n % 17)](../decisions/\(id)-record.md#context).\(image)
                """
        }
        for n in 1...(records / 10) {
            files["content/landmines/trap-\(n).md"] = """
                ---
                title: Trap \(n)
                severity: \(["high", "medium", "low"][n % 3])
                paths: ["\(globs[n % globs.count])", "src/billing/file\(n % 12).sql"]
                decisions: [\(String(format: "%04d", n * 3))]
                ---
                Watch out.
                """
        }
        for path in repository where path.hasSuffix(".png") { files[path] = "png" }
        var commits: [Commit] = []
        for n in 0..<60 {
            commits.append(Commit(hash: "h\(n)", shortHash: "h\(n)", date: "2026-11-\(String(format: "%02d", 1 + n % 28))",
                                  author: "a\(n % 3)", subject: n % 2 == 0 ? "fix: thing \(n)" : "feat: thing \(n)",
                                  files: [repository[n % repository.count], repository[(n * 7) % repository.count]]))
        }
        return (files, FakeGit(files: repository + files.keys.sorted(), commits: commits))
    }

    /// Load, parse and link, as `Pipeline.link` does, with the governance linker beside the rest or in place.
    static func link(_ files: [String: String], git: GitClient, beside: Bool) -> (Handbook?, [Diagnostic]) {
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let diagnostics = DiagnosticEngine()
        guard let loaded = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() else {
            return (nil, diagnostics.diagnostics)
        }
        let parse = ParseStage(config: loaded.config, diagnostics: diagnostics)
        let documents = parse.run(loaded.markdownFiles)
        var stage = LinkStage(options: options, fileSystem: loaded.fileSystem, git: git, diagnostics: diagnostics)
        stage.governanceBeside = beside
        let handbook = stage.run(loaded, documents: documents, intro: parse.intro(loaded))
        return (handbook, diagnostics.diagnostics)
    }

    /// Everything the link stage made that the governance linker feeds, written out.
    static func describe(_ handbook: Handbook?) -> [String] {
        guard let handbook else { return ["no handbook"] }
        let graph = handbook.governance
        var lines = ["files \(graph.repository.paths)"]
        lines += graph.filesByDocument.sorted { $0.key < $1.key }.map { "document \($0.key): \($0.value)" }
        lines += graph.documentsByFile.sorted { $0.key < $1.key }.map { "file \($0.key): \($0.value)" }
        lines += graph.stale.map { "stale \($0.title) \($0.page) \($0.pattern)" }
        lines += graph.commitsByFile.sorted { $0.key < $1.key }.map { "commits \($0.key): \($0.value)" }
        lines += graph.hotspots.map { "hotspot \($0.path) \($0.fixes.map(\.hash)) \($0.from) \($0.to)" }
        lines.append("history \(graph.historyNote ?? "yes")")
        lines += handbook.documents.map { "date \($0.source.path) \($0.decision?.date ?? "-")" }
        lines += handbook.assets.map { "asset \($0.path) \($0.absolutePath)" }
        lines += handbook.hrefs.map { "hrefs \($0)" }
        return lines
    }

    @Test func governanceBesideTheLinkStageAsInPlace() {
        let (files, git) = Self.corpus()
        let (serialHandbook, serialDiagnostics) = Self.link(files, git: git, beside: false)
        let serial = Self.describe(serialHandbook)
        #expect(serialHandbook?.governance.stale.isEmpty == false && serialHandbook?.governance.hotspots.isEmpty == false)
        #expect(serialDiagnostics.contains { $0.id == "stale-governance" } && serialDiagnostics.contains { $0.id == "bad-glob" }
                && serialDiagnostics.contains { $0.id == "glob-leaves-root" } && serialDiagnostics.contains { $0.id == "broken-link" })
        for round in 0..<5 {
            let (handbook, diagnostics) = Self.link(files, git: git, beside: true)
            let beside = Self.describe(handbook)
            #expect(beside == serial, "round \(round): \(lineDiff(expected: serial.joined(separator: "\n"), actual: beside.joined(separator: "\n")))")
            #expect(diagnostics == serialDiagnostics, "round \(round)")
        }
    }

    /// The whole build with many documents: every page and every diagnostic, in order, as the build
    /// with the governance linker in place gives them (the diagnostics are sorted once, at the end).
    @Test func wholeBuildsAgreeWithManyDocuments() {
        let (files, git) = Self.corpus(records: 300)
        let first = TestBuild.run(files, git: git)
        #expect(first.diagnostics.count > 300)
        for _ in 0..<3 {
            let again = TestBuild.run(files, git: git)
            #expect(again.messages == first.messages)
            #expect(again.output.files == first.output.files)
        }
    }

    /// The check stage's decisions in blocks on every core report what checking them one by one did.
    @Test func checkStageInBlocksAsOneByOne() {
        let (files, git) = Self.corpus(records: 1500)
        let (linked, _) = Self.link(files, git: git, beside: true)
        guard let handbook = linked else {
            Issue.record("no handbook")
            return
        }
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", strict: true, today: "2026-11-21")
        let serial = DiagnosticEngine(), blocks = DiagnosticEngine()
        let stage = CheckStage(options: options, diagnostics: serial)
        for index in handbook.documents.indices { stage.check(decision: index, in: handbook) }
        CheckStage(options: options, diagnostics: blocks).run(handbook)
        #expect(serial.diagnostics.count > 300)
        #expect(blocks.diagnostics == serial.diagnostics)
    }
}
