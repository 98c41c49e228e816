import Foundation
@testable import HandbookCore
import Testing

/// `handbook context` on a git repository made from Fixtures/context-repo: a critical and a medium
/// landmine, a superseded decision and its successor, a three-sentence decision, a proposed one,
/// a contract, CODEOWNERS, and a hotspot (three fixes of src/ledger/write.swift in a week).
@Suite(.serialized) struct ContextTests {
    static func repository() throws -> GitSandbox {
        let sandbox = try GitSandbox()
        try sandbox.commit("Start", date: "2026-11-01", files: try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("context-repo")))
        try sandbox.commit("fix: write the outbox first", date: "2026-11-10", files: ["src/ledger/write.swift": "func write() { 2 }\n"])
        try sandbox.commit("Fix the retry cap (#31)", date: "2026-11-11", files: ["src/ledger/retry.swift": "func retry() { 2 }\n"])
        try sandbox.commit("fix: one transaction", date: "2026-11-12", files: ["src/ledger/write.swift": "func write() { 3 }\n"])
        try sandbox.commit("Fix: and again", date: "2026-11-13", files: ["src/ledger/write.swift": "func write() { 4 }\n"])
        return sandbox
    }

    static func context(_ root: URL, _ subject: Context.Subject, format: Context.Format = .markdown,
                        budget: Int = Context.defaultBudget) -> Context.Result {
        let options = BuildOptions(contentDirectory: root.path + "/content", outputDirectory: root.path + "/public",
                                   workingDirectory: root.path, today: "2026-11-21")
        return Context.run(options: options, subject: subject, format: format, budget: budget,
                           seeAll: Context.seeAllCommand(subject: subject, format: format))
    }

    static func assertGolden(_ text: String, _ name: String) throws {
        let url = TestFiles.golden.appendingPathComponent("context").appendingPathComponent(name)
        if try GoldenTests.recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name):\n\(lineDiff(expected: expected, actual: text))")
    }

    @Test func oneFileInBothFormats() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let result = Self.context(sandbox.root, .paths(["src/ledger/write.swift"]))
        #expect(!result.failed, "\(result.diagnostics.map(\.formatted))")
        let report = try #require(result.report)
        #expect(report.landmines.map(\.id) == ["double-write"])
        #expect(report.landmines.first?.needsContext == true)
        #expect(report.landmines.first?.failure == "Entries and outbox events drift apart: payouts are sent twice or never, and nothing alerts.")
        // ADR-0001 (superseded) governs the file too; it is shown through its successor, never as current.
        #expect(report.decisions.map(\.id) == ["ADR-0002", "ADR-0004"], "accepted first, then proposed")
        #expect(report.decisions.first?.replaces == ["ADR-0001"])
        #expect(report.decisions.first?.decision
                == "Ledger entries are only ever appended; a correction is a new entry that reverses the old one. Balances are derived from the entries, never stored.")
        #expect(report.owners.map(\.owner) == ["@acme/payments"], "the last matching CODEOWNERS rule wins")
        #expect(report.hotspots.map(\.path) == ["src/ledger/write.swift"])
        #expect(report.hotspots.first?.fixes == 3)
        #expect(report.omitted.isEmpty && report.seeAll == nil)
        try Self.assertGolden(Context.render(report, .markdown), "write.md")
        let json = try #require(Self.context(sandbox.root, .paths(["src/ledger/write.swift"]), format: .json).report)
        #expect(json == report)
        try Self.assertGolden(Context.render(json, .json), "write.json")
    }

    @Test func aFolderAndTheContractItServes() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let report = try #require(Self.context(sandbox.root, .paths(["src", "api/ledger.yaml"]), budget: 0).report)
        #expect(report.paths == ["src", "api/ledger.yaml"])
        #expect(report.fileCount == 5)
        #expect(report.landmines.map(\.id) == ["double-write", "retry-budget"], "critical first")
        #expect(report.decisions.map(\.id) == ["ADR-0002", "ADR-0003", "ADR-0004"], "accepted (newest first), then proposed")
        #expect(report.decisions[1].decision == "Clients talk to the ledger in JSON over HTTP, described by one OpenAPI document. Every client we have speaks it, and the spec lets CI catch breaking changes.",
                "the three-sentence form")
        let contract = try #require(report.contracts.first)
        #expect(contract.id == "ledger-api" && contract.spec == "api/ledger.yaml" && contract.version == "1.1")
        #expect(contract.consumers == ["web app", "mobile app", "billing jobs"])
        #expect(contract.matched == ["api/ledger.yaml", "src/web/routes.swift"])
        #expect(report.owners.map(\.owner) == ["@acme/api-guild", "@acme/everyone", "@acme/payments"])
        try Self.assertGolden(Context.render(report, .markdown), "folder.md")
        try Self.assertGolden(Context.render(report, .json), "folder.json")
    }

    /// The budget is respected, and what goes is always the least important left: the kinds left out
    /// are a prefix of the trimming order, and the critical landmine stays whatever the budget.
    @Test(arguments: Context.Format.allCases) func theBudgetTrimsTheLeastImportantFirst(format: Context.Format) throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let subject = Context.Subject.paths(["src", "api"])
        let full = try #require(Self.context(sandbox.root, subject, format: format, budget: 0).report)
        let fullSize = Context.render(full, format).utf8.count
        let order = ContextReport.Omission.Kind.allCases
        var seen: [[ContextReport.Omission.Kind]] = []
        for budget in stride(from: fullSize / 4 + 10, through: 20, by: -11) {
            let report = try #require(Self.context(sandbox.root, subject, format: format, budget: budget).report)
            let text = Context.render(report, format)
            if !report.overBudget {
                #expect(text.utf8.count <= budget * 4, "budget \(budget): \(text.utf8.count) bytes")
            }
            let kinds = report.omitted.map(\.kind)
            #expect(Array(order.filter { kinds.contains($0) }) == kinds, "listed in the trimming order")
            // Every kind before the last one left out is gone entirely (or only its texts remain to go).
            if let last = kinds.last, let position = order.firstIndex(of: last) {
                if position > order.firstIndex(of: .hotspots)! { #expect(report.hotspots.isEmpty) }
                if position > order.firstIndex(of: .owners)! { #expect(report.owners.isEmpty) }
                if position > order.firstIndex(of: .contracts)! { #expect(report.contracts.isEmpty) }
                if position > order.firstIndex(of: .decisionTexts)! { #expect(report.decisions.allSatisfy { $0.decision == nil }) }
                if position > order.firstIndex(of: .decisions)! { #expect(report.decisions.isEmpty) }
                #expect(report.seeAll == Context.seeAllCommand(subject: subject, format: format))
                #expect(text.contains(format == .json ? "\"seeAll\"" : "handbook context src api --budget 0"))
            }
            #expect(report.landmines.contains { $0.id == "double-write" && $0.failure != nil }, "never trimmed")
            seen.append(kinds)
        }
        // The sweep went through every stage of the order, fewest cuts first.
        #expect(seen.first == [])
        #expect(seen.last?.last == .landmines)
        #expect(seen.contains { $0.last == .owners } && seen.contains { $0.last == .decisions })
        let tiny = try #require(Self.context(sandbox.root, subject, format: format, budget: 20).report)
        #expect(tiny.overBudget && tiny.landmines.map(\.id) == ["double-write"])
    }

    @Test func theMarkdownSaysWhatWasLeftOutAndHowToSeeIt() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let report = try #require(Self.context(sandbox.root, .paths(["src/ledger"]), budget: 350).report)
        try Self.assertGolden(Context.render(report, .markdown), "folder-budget-350.md")
        #expect(report.omitted.map(\.kind) == [.hotspots, .owners, .decisionTexts])
        #expect(report.decisions.map(\.id) == ["ADR-0002", "ADR-0004"], "titles kept, sentences left out")
        #expect(report.landmines.map(\.id) == ["double-write", "retry-budget"])
    }

    @Test func theStagedChange() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        try sandbox.write(["api/ledger.yaml": "openapi: 3.1.0\ninfo: {title: Ledger, version: '2'}\npaths: {}\n", "src/web/new.swift": "x"])
        try sandbox.git("add", "api/ledger.yaml")
        let report = try #require(Self.context(sandbox.root, .staged).report)
        #expect(report.staged && report.paths == ["api/ledger.yaml"], "only what is staged, not the untracked file")
        #expect(report.contracts.map(\.id) == ["ledger-api"])
        #expect(Context.render(report, .markdown).hasPrefix("**Handbook context** for the staged change (1 file): 1 decision in force; 1 contract; owners @acme/api-guild, @acme/payments."))
    }

    @Test func pathsOutsideTheRepositoryAreErrors() throws {
        let sandbox = try Self.repository()
        defer { sandbox.remove() }
        let outside = Self.context(sandbox.root, .paths(["../elsewhere.swift", "/etc/passwd"]))
        #expect(outside.failed)
        #expect(outside.diagnostics.map(\.id) == ["outside-repository", "outside-repository"])
        let nothing = try #require(Self.context(sandbox.root, .paths(["README.md"])).report)
        #expect(Context.render(nothing, .markdown) == "**Handbook context** for `README.md`: owners @acme/everyone.\n\n### Owners\n- @acme/everyone\n")
    }

    @Test func theDecisionInASentenceOrTwoFromRealLogs() throws {
        func summary(_ path: String) throws -> String? {
            let text = try String(contentsOf: TestFiles.fixtures.appendingPathComponent(path), encoding: .utf8)
            return DecisionSummary.summary(body: text)
        }
        // adr-tools (Nygard): the paragraph under ## Decision.
        #expect(try summary("adr-tools-log/content/decisions/0002-implement-as-shell-scripts.md")
                == "The tool is implemented as shell scripts that use standard Unix tools -- grep, sed, awk, etc.")
        // MADR: "Chosen option: ..., because" goes on in the list below it.
        #expect(try summary("madr-log/content/decisions/0000-use-markdown-architectural-decision-records.md")
                == "Chosen option: \"MADR 4.0.0\", because Implicit assumptions should be made explicit. Design documentation is important to enable people understanding the decisions later on.")
        #expect(DecisionSummary.summary(body: "## Context\n\nWhy.\n\n## Consequences\n\nSome.\n") == nil, "no decision section: nothing invented")
        #expect(DecisionSummary.summary(body: "```\n## Decision\n```\n\n## Decision\n\nThis one.\n") == "This one.", "headings in code are not headings")
        let long = String(repeating: "word ", count: 100)
        #expect(DecisionSummary.shorten(long).count <= DecisionSummary.limit + 1)
        #expect(DecisionSummary.shorten(long).hasSuffix("word…"))
    }

    @Test func theSeeAllCommandIsQuotedForAShell() {
        #expect(Context.seeAllCommand(subject: .paths(["src/a b.swift", "it's"]), format: .json, options: ["--content", "docs"])
                == "handbook context 'src/a b.swift' 'it'\\''s' --content docs --format json --budget 0")
        #expect(Context.seeAllCommand(subject: .staged, format: .markdown) == "handbook context --staged --budget 0")
    }
}
