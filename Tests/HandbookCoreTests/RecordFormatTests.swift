import Foundation
@testable import HandbookCore
import HandbookMarkdown
import Testing

/// Issue 9: statuses, dates, ids, record formats and callouts as real logs write them.
@Suite struct RecordFormatTests {
    static let config = "title: T\n"

    @Test(arguments: [
        ("2016-02-12", "2016-02-12"), ("12/02/2016", "2016-02-12"), ("10/04/18", "2018-04-10"),
        ("2016-02-12T10:00:00Z", "2016-02-12"), ("February 12, 2016", "2016-02-12"), ("12 February 2016", "2016-02-12"),
        ("Feb 12 2016", "2016-02-12"), ("12th Feb 2016", "2016-02-12"), ("2016/02/12", "2016-02-12"), ("12.02.2016", "2016-02-12"),
        // opendatahub-io's ODH-ADR-0003 and ODH-ADR-0006 (tables): `11-April-2023`, `Sep 13th, 2024`.
        ("11-April-2023", "2023-04-11"), ("Sep 13th, 2024", "2024-09-13"), ("Feb-12-2016", "2016-02-12"),
    ])
    func datesAsTeamsWriteThem(text: String, expected: String) {
        #expect(DateText.read(text) == expected)
    }

    @Test func monthFirstDates() {
        #expect(DateText.read("10/04/18", monthFirst: true) == "2018-10-04")
        #expect(DateText.read("02/30/2016", monthFirst: true) == nil)
        #expect(DateText.read("someday") == nil)
        #expect(DateText.read("31/02/2016") == nil)
    }

    @Test(arguments: [
        ("✅ Accepted", "accepted", true), ("⌛️ Superseded by [36. X](036-x.md)", "superseded", true),
        ("**Accepted**", "accepted", true), ("ACCEPTED", "accepted", true),
        ("Accepted (documenting an existing thing)", "accepted", true), ("rejected (see 0019)", "rejected", true),
        ("On hold", "on hold", false), ("draft", "draft", false), ("🤔 Proposed", "proposed", true),
        ("Acceptedly", "acceptedly", false),
    ])
    func statusesPastDecoration(text: String, status: String, known: Bool) {
        let read = StatusText.read(text, known: SiteConfig().statuses)
        #expect(read.status == status)
        #expect(read.known == known)
    }

    @Test(arguments: [
        ("0007-x.md", 7), ("adr-007-x.md", 7), ("adr007-x.md", 7), ("ADR-0007-x.md", 7), ("007-X.md", 7), ("adr_7_x.md", 7),
    ])
    func numberForms(name: String, number: Int) {
        #expect(IDKey.number(inFileName: name)?.number == number)
    }

    @Test func datesAreNotNumbers() {
        #expect(IDKey.number(inFileName: "20200925-slug.md") == nil)
        #expect(IDKey.number(inFileName: "12345678-x.md")?.number == 12345678, "not a date: a number")
    }

    @Test(arguments: [
        ("adr-template.md", true), ("template.md", true), ("0000-template.md", true), ("adr000-template.md", true),
        ("adrxxx-architecture-decision-record-template.md", true),
        ("0005-mustache-templates-checked.md", false), ("0012-choose-a-template-engine.md", false), ("0001-x.md", false),
    ])
    func templates(name: String, isTemplate: Bool) {
        #expect(ParseStage.isTemplate(name) == isTemplate)
    }

    @Test func kindComesFromTheFolder() {
        #expect(ParseStage.kind(of: "landmines/template-sample-must-hold-every-name.md") == .landmine)
        #expect(ParseStage.kind(of: "decisions/0005-templates.md") == .decision)
        #expect(ParseStage.kind(of: "decisions/README.md") == .page)
        #expect(ParseStage.kind(of: "decisions/index.md") == .page)
        #expect(ParseStage.kind(of: "landmines/README.md") == .page)
    }

    /// `Supersedes ADR-0002.` in a Status section, as many adr-tools logs write it: the id after a
    /// verb of one word was dropped with the verb (the words after the first two were read), so the
    /// record superseded nothing and `Amends ADR-0002 and ADR-0001` amended ADR-0001 only.
    @Test func idsWrittenAfterAOneWordVerb() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "# A\n\n## Status\n\nSuperseded\n\n## Context\n\nx\n",
            "content/decisions/0002-b.md": "# B\n\n## Status\n\nAccepted\n\nSupersedes ADR-0001.\n\n## Context\n\nx\n",
            "content/decisions/0003-c.md": "# C\n\n## Status\n\nAccepted\n\nAmends ADR-0002 and ADR-0001\n\n## Context\n\nx\n",
            "content/decisions/0004-d.md": "# D\n\nStatus: superseded by ADR-0003\n\n## Context\n\nx\n",
            "content/decisions/0005-e.md": "# E\n\n## Status\n\nAccepted\n\nRelates to ADR-0004\n\n## Context\n\nx\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(!build.result.diagnostics.contains { $0.severity == .warning }, "\(build.messages)")
        var edges: [String] = []
        for document in build.result.handbook?.documents ?? [] {
            guard let record = document.decision else { continue }
            for (relation, target) in record.outgoing { edges.append("\(record.id) \(relation.rawValue) \(target.text)") }
            for (relation, source) in record.incoming { edges.append("\(source.text) \(relation.rawValue) \(record.id)") }
        }
        #expect(edges.sorted() == ["ADR-0002 supersedes ADR-0001", "ADR-0003 amends ADR-0001", "ADR-0003 amends ADR-0002",
                                   "ADR-0003 supersedes ADR-0004", "ADR-0005 relates ADR-0004"], "\(edges.sorted())")
    }

    @Test func madrTwoBullets() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": """
                # Use X

                * Status: superseded by [ADR-0002](0002-b.md)
                * Deciders: Ana, Bo
                * Date: 12/02/2016
                * Tags: storage, db

                Technical Story: [link](https://example.com/1)

                ## Context and Problem Statement

                Status: this line is prose, not a field.
                """,
            "content/decisions/0002-b.md": "# B\n\n- Status: accepted\n- Date: 2016-03-01\n\n## Links\n\n- Refines [A](0001-a.md)\n- Relates to [A](0001-a.md)\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let record = build.result.handbook?.documents.first { $0.decision?.id == "ADR-0001" }?.decision
        #expect(record?.status == "superseded")
        #expect(record?.date == "2016-02-12")
        #expect(record?.deciders == ["Ana", "Bo"])
        #expect(record?.tags == ["storage", "db"])
        let page = build.page("decisions/ADR-0001.html")
        #expect(page.contains("Superseded by <span class=\"inline-list\"><a href=\"ADR-0002.html\">"))
        #expect(page.contains("<dt>Technical story</dt>"))
        #expect(!page.contains("Date: 12/02/2016"), "the date line is shown once, in the header")
        #expect(build.page("decisions/ADR-0002.html").contains("Amends <span class=\"inline-list\"><a href=\"ADR-0001.html\">"), "refines is an amendment")
    }

    @Test func unknownStatusIsAWarningAndNothingIsInvented() {
        let files = [
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "# A\n\n## Status\n\nOn hold\n",
            "content/decisions/0002-b.md": "# B\n\nThree sentences. We decided. Because.\n",
        ]
        let build = TestBuild.run(files)
        #expect(build.messages.isEmpty, "an unknown status is a warning only with --strict: \(build.messages)")
        let strict = TestBuild.run(files, strict: true)
        #expect(strict.ids == ["unknown-status"])
        #expect(strict.diagnostics.first?.line == 5)
        #expect(build.page("decisions/ADR-0001.html").contains(">on hold</span>"), "lowercased, as the known statuses are")
        #expect(build.page("decisions/ADR-0002.html").contains(">no status</span>"))
        #expect(!strict.result.succeeded, "--strict fails on it")
        let defaulted = TestBuild.run(files.merging(["content/handbook.yml": "title: T\ndefault_status: accepted\n"]) { $1 })
        #expect(defaulted.page("decisions/ADR-0002.html").contains("status-accepted"))
    }

    @Test func unreadableDateIsAWarningAtItsLine() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "# A\n\nDate: sometime in spring\n\n## Status\n\nAccepted\n",
            "content/decisions/0002-b.md": "---\ndate: 10/04/18\n---\n# B\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.messages == ["content/decisions/0001-a.md:3:1: warning: cannot read the date 'sometime in spring' (write 2016-02-12, 12/02/2016, or February 12, 2016; set date_format: mdy for month-first dates) [invalid-date]"])
        let mdy = TestBuild.run(["content/handbook.yml": "title: T\ndate_format: mdy\n", "content/decisions/0002-b.md": "---\ndate: 10/04/18\n---\n# B\n"])
        #expect(mdy.result.handbook?.documents.first?.decision?.date == "2018-10-04")
        #expect(build.result.handbook?.documents.first { $0.decision?.id == "ADR-0002" }?.decision?.date == "2018-04-10")
    }

    @Test func brokenLinksCanBeWarnings() {
        let files = ["content/handbook.yml": Self.config, "content/decisions/0001-a.md": "# A\n\nSee [x](0009-gone.md) and [[ADR-0042]].\n"]
        #expect(TestBuild.run(files).ids.filter { $0 != "unknown-status" } == ["broken-link", "unknown-reference"])
        let warned = TestBuild.run(files.merging(["content/handbook.yml": "title: T\nbroken_links: warn\n"]) { $1 })
        #expect(warned.errors.isEmpty, "\(warned.messages)")
        #expect(warned.result.succeeded)
        #expect(Set(warned.ids) == ["broken-link", "unknown-reference"])
    }

    @Test func calloutsFromAlertsAndAdmonitions() {
        let alert = MarkdownParser.parse("> [!WARNING]\n> Mind the gap.\n").html
        #expect(alert.contains("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>Mind the gap.</p>\n</div>"), "\(alert)")
        let admonition = MarkdownParser.parse(":::note Read this & that\nSome *text*.\n\nMore.\n:::\n\nAfter.\n").html
        #expect(admonition.contains("<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Read this &amp; that</p>\n<p>Some <em>text</em>.</p>\n<p>More.</p>\n</div>"), "\(admonition)")
        #expect(!admonition.contains(":::"))
        let fenced = MarkdownParser.parse("```\n:::note\nx\n:::\n```\n").html
        #expect(fenced.contains(":::note"), "inside code it stays text")
        let quote = MarkdownParser.parse("> Just a quote.\n").html
        #expect(quote.contains("<blockquote>"))
    }

    @Test func handbookYmlNamesAnyFolder() {
        let build = TestBuild.run([
            "handbook.yml": "title: Log\ndecisions: architecture/records\nlandmines: ops/landmines\n",
            "architecture/records/0001-a.md": "# A\n\n## Status\n\nAccepted\n\nSee [the readme](../../README.md).\n",
            "ops/landmines/template-sample-must-hold-every-name.md": "---\ntitle: L\nseverity: low\n---\n## What broke\nx\n## Who needs it\ny\n## What fails if it disappears\nz\n",
            "README.md": "# Repo\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.result.folders == ["architecture/records (decisions, from handbook.yml)", "ops/landmines (landmines, from handbook.yml)"])
        #expect(build.output.files["decisions/ADR-0001.html"] != nil)
        #expect(build.output.files["landmines/template-sample-must-hold-every-name.html"] != nil, "a landmine named with 'template' is a landmine")
        #expect(build.result.handbook?.documents.first?.source.repositoryPath == "architecture/records/0001-a.md")
    }

    @Test func markdownWithoutRecordsIsAWarning() {
        // notes.md with a status is a record (any Markdown in the folder but README/index/templates
        // and documents beside the records); only README, or notes with nothing a record has: a warning.
        let build = TestBuild.run(["docs/adr/README.md": "# Our decisions\n", "docs/adr/notes.md": "---\nstatus: accepted\n---\n# Notes\n"])
        let onlyReadme = TestBuild.run(["docs/adr/README.md": "# Our decisions\n"])
        #expect(onlyReadme.ids == ["no-records"], "\(onlyReadme.messages)")
        #expect(build.ids.isEmpty, "\(build.messages)")
        let notes = TestBuild.run(["docs/adr/README.md": "# Our decisions\n", "docs/adr/notes.md": "---\n---\n# Notes\n"])
        #expect(notes.messages == ["docs/adr/README.md: warning: docs/adr holds 2 Markdown files but no decision record (records are named like 0001-title.md, adr-001-title.md or 20200925-title.md, or have a status) [no-records]"])
        let nothing = TestBuild.run(["src/main.swift": "print(1)\n"])
        #expect(nothing.ids == ["missing-content"])
    }

    @Test func theRootItselfAndOtherKindsByName() {
        let build = TestBuild.run([
            "handbook.yml": "title: Root log\ndecisions: .\npages: guide\nmetrics: figures\n",
            "0001-use-adrs.md": "# 1. Use ADRs\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
            "0002-use-go.md": "# 2. Use Go\n\n## Status\n\nProposed\n\nRelates to [1. Use ADRs](0001-use-adrs.md)\n",
            "README.md": "# Not a record\n",
            "src/notes.md": "# Not read: the root's own files only\n",
            "guide/setup.md": "# Setup\n\nSee [[ADR-0001]].\n",
            "figures/history.csv": "week,change_failure_rate\n2024-W48,10\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.result.folders == [". (decisions, from handbook.yml)", "figures (metrics, from handbook.yml)", "guide (pages, from handbook.yml)"])
        let documents = build.result.handbook?.documents ?? []
        #expect(documents.compactMap { $0.decision?.id }.sorted() == ["ADR-0001", "ADR-0002"])
        #expect(!documents.contains { $0.source.path.contains("README") || $0.source.path.contains("notes") })
        #expect(build.page("guide/setup.html").contains("href=\"../decisions/ADR-0001.html\""))
        #expect(build.result.handbook?.metrics.series.isEmpty == false)
        #expect(build.page("decisions/ADR-0002.html").contains("Related to <span class=\"inline-list\"><a href=\"ADR-0001.html\">ADR-0001: Use ADRs</a></span>"))
    }

    @Test func twoFilesWithOneNumberBothBuild() {
        let build = TestBuild.run([
            "ADR/ADR041-grant-review-apps-write-access.md": "# ADR041: Grant write access\n\n## Status\n\nAccepted\n",
            "ADR/ADR041-use-activerecord-encryption.md": "# ADR041: Use ActiveRecord encryption\n\n## Status\n\nAccepted\n",
            "documentation/adr/000-use-architectural-decisions.md": "# ADR 0: Use ADRs\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.messages == ["ADR/ADR041-use-activerecord-encryption.md:1:1: warning: ADR-0041 is also the number of ADR/ADR041-grant-review-apps-write-access.md; this record's id is its file name, ADR041-use-activerecord-encryption (renumber one of them) [duplicate-number]"])
        #expect(build.output.files["decisions/ADR-0041.html"] != nil)
        #expect(build.output.files["decisions/ADR041-use-activerecord-encryption.html"] != nil)
        // Deeper logs are found by their folder's name.
        let deeper = TestBuild.run(["documentation/adr/000-use-architectural-decisions.md": "# ADR 0: Use ADRs\n\n**Date: 2023-10-31**\n\n## Status\n\n👀 Proposed\n"])
        #expect(deeper.errors.isEmpty, "\(deeper.messages)")
        #expect(deeper.result.folders == ["documentation/adr (decisions, found)"])
        let record = deeper.result.handbook?.documents.first?.decision
        #expect(record?.status == "proposed")
        #expect(record?.date == "2023-10-31")
        #expect(deeper.result.handbook?.documents.first?.title == "Use ADRs")
    }

    @Test func linksWrittenForSiteGenerators() {
        let build = TestBuild.run([
            "handbook.yml": "broken_links: warn\n",
            "docs/adr/001-use-x.md": "# 1. Use X\n",
            "docs/adr/002-use-y.md": "# 2. Use Y\n\nAfter [X](./001-use-x), as in [X](../001-use-x/#top); not [Z](./003-z).\n",
        ])
        #expect(build.messages == ["docs/adr/002-use-y.md:3:59: warning: link to './003-z': no file docs/adr/003-z in the repository [broken-link]"])
        let page = build.page("decisions/ADR-0002.html")
        #expect(page.contains("<a href=\"ADR-0001.html\">X</a>, as in <a href=\"ADR-0001.html#top\">X</a>"), "\(page)")
    }

    /// Found by importing 20 real logs unedited (cloud-platform, dsp-api, identus, carbon-aware-sdk,
    /// GSA-TTS/FAC, get-an-identity); each case is the smallest excerpt that showed it.
    @Test func whatARealLogSweepFound() {
        let build = TestBuild.run([
            // Titles with the record's number and a space only (ministryofjustice/cloud-platform, dasch-swiss/dsp-api).
            "docs/adr/023-Logging.md": "# 23 Logging\n\nDate 09/04/2018\n\n## Status\n\nAccepted\n",
            "docs/adr/ADR-0001-record-decisions.md": "# ADR-0001 Record architectural decisions as ADR\n\n- Date 2023-09-26\n",
            "docs/adr/0005-three-ways.md": "# 3 ways to cache\n\n27 July 2022\n",
            // `# Status` as a first-level heading, then `## Context` (cisagov/manage.get.gov 0028).
            "docs/adr/0028-portfolio.md": "# 28. Portfolio session management\n\nDate: 2025-05-29\n\n# Status\n\nAccepted\n\n## Context\n\nDjango.\n",
            // An unfilled MADR template and links to a wiki and a forge (hyperledger/identus-cloud-agent, GSA-TTS/FAC).
            "docs/adr/0006-placeholders.md": """
                # Use a queue

                - Status: [ accepted | deprecated | superseded by [xxx](yyyymmdd-xxx.md)] <!-- optional -->
                - Deciders: [list everyone involved in the decision] <!-- optional -->
                - Tags: [api, storage] <!-- optional -->
                - Introduced: 20220513

                ## Links

                - Relates to [RFC-0016](https://wiki.example.com/display/RFC+0016)
                - Refines [ADR 5](https://github.com/o/r/blob/main/docs/adr/0005-three-ways.md)
                - Relates to [ADR 9](https://github.com/other/repo/blob/main/docs/adr/0009-elsewhere.md)
                """,
            // A template numbered 0 (Green-Software-Foundation/carbon-aware-sdk).
            "docs/adr/0000-ladr-template.md": "# 1. Title\n\n## Status\n\n[Proposed, Accepted, Deprecated, Superseded]\n",
        ])
        #expect(build.messages.isEmpty, "\(build.messages)")
        let records = Dictionary(uniqueKeysWithValues: (build.result.handbook?.documents ?? []).compactMap { document in
            document.decision.map { ($0.id, (title: document.title, record: $0)) }
        })
        #expect(records.keys.sorted() == ["ADR-0001", "ADR-0005", "ADR-0006", "ADR-0023", "ADR-0028"], "the template is no record")
        let portfolio = build.page("decisions/ADR-0028.html")
        #expect(!portfolio.contains("<h1 id=\"status\"") && !portfolio.contains(">Status</h"), "the status is shown once, in the header")
        #expect(portfolio.contains("Django."))
        #expect(records["ADR-0023"]?.title == "Logging")
        #expect(records["ADR-0001"]?.title == "Record architectural decisions as ADR")
        #expect(records["ADR-0005"]?.title == "3 ways to cache", "3 is not this record's number")
        #expect(records["ADR-0023"]?.record.date == "2018-04-09")
        #expect(records["ADR-0001"]?.record.date == "2023-09-26")
        #expect(records["ADR-0005"]?.record.date == "2022-07-27")
        #expect(records["ADR-0006"]?.record.date == "2022-05-13")
        #expect(records["ADR-0006"]?.record.status == "", "a placeholder is no status")
        #expect(records["ADR-0006"]?.record.deciders == [])
        #expect(records["ADR-0006"]?.record.tags == ["api", "storage"])
        let relations = build.result.handbook?.relations ?? []
        let queue = (build.result.handbook?.documents ?? []).firstIndex { $0.decision?.id == "ADR-0006" }
        let cache = (build.result.handbook?.documents ?? []).firstIndex { $0.decision?.id == "ADR-0005" }
        #expect(queue.map { relations[$0].amends } == cache.map { [$0] }, "the forge's address of a record beside it")
        let page = build.page("decisions/ADR-0006.html")
        #expect(!page.contains("optional") && !page.contains("list everyone"))
        #expect(page.contains("href=\"https://wiki.example.com/display/RFC+0016\""), "a wiki link stays a link")
    }

    /// A numbered record in another markup (reStructuredText, AsciiDoc, ...) is not read, and the
    /// build says so instead of leaving it out in silence; a numbered diagram or image is no record.
    @Test func numberedRecordsInAnotherMarkupAreNamed() {
        let build = TestBuild.run(["docs/adr/0001-use-adrs.md": "# 1. Use ADRs\n\n## Status\n\nAccepted\n",
                                   "docs/adr/0002-pick-a-queue.rst": "2. Pick a queue\n================\n",
                                   "docs/adr/0003-context.puml": "@startuml\n@enduml\n",
                                   "docs/adr/0004-diagram.png": "png"])
        #expect(build.messages == ["docs/adr/0002-pick-a-queue.rst: warning: is numbered like a decision record but is .rst, not Markdown: it is not read as a record (convert it to .md to include it) [not-markdown]"])
        #expect(build.page("decisions/ADR-0001.html").contains("Use ADRs"))
    }
}
