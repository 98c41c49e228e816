import Foundation
@testable import HandbookCore
import Testing

/// `ContextBudget.fit(_:candidates:sentence:)` (ADR-0160) reads the decisions' sentences only where
/// they can matter and searches from a lower bound instead of rendering the whole report: it must
/// give exactly what `fit` gives for the report with every candidate's sentence read.
struct ContextBudgetTests {
    /// A report like the 10,000-record corpus's: many decisions, a few of everything else.
    static func report(decisions: Int) -> ContextReport {
        var report = ContextReport(paths: ["src/a.swift", "src/b.swift"], staged: false, fileCount: 2, budget: 0)
        report.landmines = [
            ContextReport.Landmine(id: "double-write", title: "Double write", severity: "critical", owner: "@a", needsContext: true,
                                   failure: "Payouts are sent twice.", source: "content/landmines/double-write.md",
                                   page: "landmines/double-write.html", matched: ["src/a.swift"], matchedCount: 1),
            ContextReport.Landmine(id: "retry-budget", title: "Retry budget", severity: "medium", owner: nil, needsContext: false,
                                   failure: "Retries pile up.", source: "content/landmines/retry-budget.md",
                                   page: "landmines/retry-budget.html", matched: ["src/b.swift"], matchedCount: 1),
        ]
        report.decisions = (0..<decisions).map { index in
            ContextReport.Decision(id: String(format: "ADR-%05d", index), title: "Decision number \(index) about \(String(repeating: "x", count: index % 23))",
                                   status: index % 7 == 0 ? "proposed" : "accepted", date: index % 5 == 0 ? nil : "2026-01-\(10 + index % 18)",
                                   decision: nil, replaces: index % 11 == 0 ? ["ADR-9\(index)"] : [],
                                   source: "content/decisions/\(index)-decision.md", page: "decisions/\(index).html",
                                   matched: index % 2 == 0 ? ["src/a.swift"] : ["src/a.swift", "src/b.swift"], matchedCount: index % 2 + 1)
        }
        report.contracts = [ContextReport.Contract(id: "api", title: "API", spec: "api.yaml", owner: "@b", provider: nil, consumers: ["web"],
                                                   version: "1.0", policy: "Declare breaking changes.", source: "content/contracts/api.yml",
                                                   page: "contracts/api.html", matched: ["src/a.swift"], matchedCount: 1)]
        report.owners = [ContextReport.Owner(owner: "@team", files: ["src/a.swift", "src/b.swift"], fileCount: 2)]
        report.hotspots = [ContextReport.Hotspot(path: "src/a.swift", fixes: 3, from: "2026-11-10", to: "2026-11-13")]
        return report
    }

    /// Every third decision has no sentence; the others one or two sentences long.
    static func sentence(_ index: Int) -> String? {
        index % 3 == 2 ? nil : "Decision \(index) is made." + (index % 2 == 0 ? " It holds for every file." : "")
    }

    /// The fewest cuts that fit, found by trying every number of cuts in turn (decisions whose bare
    /// lines alone pass the budget are skipped unrendered).
    static func fewestCuts(_ full: ContextReport, _ budgeter: ContextBudget, _ format: Context.Format) -> ContextReport {
        let cuts = ContextBudget.cuts(full)
        for count in 0...cuts.count {
            let report = budgeter.applying(cuts[..<count], to: full)
            let bare = report.decisions.reduce(0) { total, decision in
                var line = decision
                line.decision = nil
                return total + Context.decisionSize(line, format, several: full.fileCount > 1)
            }
            if bare > budgeter.budget * 4 { continue }
            if budgeter.fits(report) { return report }
        }
        var all = budgeter.applying(cuts[...], to: full)
        all.overBudget = true
        return all
    }

    @Test(arguments: Context.Format.allCases) func readingTheSentencesLazilyGivesTheSameReport(format: Context.Format) {
        for (decisions, candidates) in [(0, 0), (3, 3), (12, 12), (45, 20)] {
            let bare = Self.report(decisions: decisions)
            var filled = bare
            for index in 0..<candidates { filled.decisions[index].decision = Self.sentence(index) }
            let fullSize = Context.render(filled, format).utf8.count
            var budgets = Array(stride(from: 0, through: fullSize / 4 + 20, by: max(1, fullSize / 4 / 15)))
            budgets += [1, 5, 20, 60, 61, 62, 400, 401]
            for budget in budgets {
                let eager = ContextBudget(budget: budget, seeAll: "handbook context src --budget 0") { Context.render($0, format) }
                var lazy = eager
                lazy.decisionSize = { Context.decisionSize($0, format, several: bare.fileCount > 1) }
                var read: Set<Int> = []
                let fitted = lazy.fit(bare, candidates: candidates) { read.insert($0); return Self.sentence($0) }
                let bareLines = bare.decisions.map { Context.decisionSize($0, format, several: bare.fileCount > 1) }
                if budget > 0, bareLines.reduce(0, +) > budget * 4 {
                    // Some decision must go, so every sentence does: the fewest cuts, reading no more
                    // sentences than there are decisions whose bare lines fit.
                    let expected = Self.fewestCuts(filled, eager, format)
                    #expect(fitted == expected, "\(decisions) decisions, \(candidates) candidates, budget \(budget), \(format)")
                    #expect(Context.render(fitted, format) == Context.render(expected, format))
                    var fitting = 0, taken = 0
                    while fitting < bareLines.count, taken + bareLines[fitting] <= budget * 4 { taken += bareLines[fitting]; fitting += 1 }
                    #expect(read.count <= fitting, "budget \(budget): read \(read.count) sentences, \(fitting) bare lines fit")
                } else {
                    // Otherwise exactly what `fit` gives with every candidate's sentence read.
                    #expect(fitted == eager.fit(filled), "\(decisions) decisions, \(candidates) candidates, budget \(budget), \(format)")
                    #expect(read.count == min(candidates, decisions))
                }
            }
        }
    }
}

/// `DecisionSummary.decisionPart`'s byte scan for ASCII bodies finds what the Character scan finds.
struct DecisionPartTests {
    @Test func theByteScanAgreesWithTheCharacterScan() throws {
        var bodies = [
            "## Context\n\nWhy.\n\n## Decision\n\nThis.\n", "```\n## Decision\n```\n\n## Decision\n\nThis one.\n",
            "  ~~~~\n# Decision\n  ~~~\n~~~~\n### Decision Outcome ###\nYes.\n", "#Decision:\nx", "# decision .\nx", "no heading\n",
            "", "\n\n", "## Decision\n", "````\n```\n## Decision\n````\n## The decision\nz", "#\n##\n## \n", "   ## Our Decision\nq\n",
            "## Décision\n\nNon-ASCII goes the slow way.\n", "## Decision\r\n\r\nA carriage return too.\r\n", "```", "~~",
        ]
        let root = TestFiles.fixtures.path
        let files = try #require(FileManager.default.enumerator(atPath: root))
        for case let path as String in files where path.hasSuffix(".md") {
            bodies.append(try String(contentsOfFile: root + "/" + path, encoding: .utf8))
        }
        #expect(bodies.count > 40)
        var ascii = 0
        for body in bodies {
            #expect(DecisionSummary.decisionPart(of: body) == DecisionSummary.characterDecisionPart(of: body), "\(body.prefix(80))")
            if DecisionSummary.asciiDecisionPart(of: body) != nil { ascii += 1 }
        }
        #expect(ascii > 20, "the byte scan is taken")
        #expect(DecisionSummary.asciiDecisionPart(of: "## Décision\n") == nil)
    }

    /// What the light index keeps of each decision (ADR-0161): whether it has a sentence, said on
    /// the bytes where they leave no doubt, always what parsing says.
    @Test func whetherADecisionHasASentenceIsWhatParsingSays() throws {
        var bodies = [
            "## Decision\n\nWe will do it.\n", "## Decision\n\nWe will\n---\n", "## Decision\n\nWe will\n===\n", "## Decision\n\nabc\n|---|\n",
            "## Decision\n\na | b\n--- | ---\n1 | 2\n", "## Decision\n\n| a |\n| - |\n", "## Decision\n\n- one\n- two\n", "## Decision\n\n<div>x</div>\n",
            "## Decision\n\n[x]: /url\n", "## Decision\n\n    code\n", "## Decision\n\n```\nx\n```\n", "## Decision\n## Next\nx\n",
            "## Decision \\\n\nx\n", "## *Decision*\n\nx\n", "## Decision ##\n\nx\n", "#Decision\n\nx\n", "    ## Decision\n\nx\n",
            "## Context\n\nWhy.\n", "No heading at all.\n", "\n\n  Indented start.\n", "# Decision\n\nA title first.\n", "## Decision:\n\nX.\n",
            "## Decision.:\n\nX.\n", "## Decision\n\nChosen option: \"A\", because\n\n- it is fast\n", "## Decision\n\n> quoted\n", "## Decision\n\n",
            "## Decision\n\nWe will\n  - not\n", "## Decision\n\n***\n", "## Decision\n\nx\n\n- y\n", "", "## Decision\n\n\t\nWe will.\n",
        ]
        let root = TestFiles.fixtures.path
        let files = try #require(FileManager.default.enumerator(atPath: root))
        for case let path as String in files where path.hasSuffix(".md") {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            if case .success(let split) = FrontMatterSplit.split(text.normalizingLineEnds) { bodies.append(split.body) }
        }
        var obvious = 0, withSentence = 0
        for body in bodies {
            let parsed = DecisionSummary.summary(body: body) != nil
            #expect(DecisionSummary.hasSummary(body: body) == parsed, "\(body.prefix(80))")
            if DecisionSummary.obviouslyHasSummary(body) {
                obvious += 1
                #expect(parsed, "said to have a sentence without one: \(body.prefix(80))")
            }
            if parsed { withSentence += 1 }
        }
        #expect(obvious > 10 && obvious < withSentence, "the byte scan decides some, not all: \(obvious) of \(withSentence)")
    }
}
