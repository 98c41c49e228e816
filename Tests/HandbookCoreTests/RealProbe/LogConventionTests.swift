import Foundation
@testable import HandbookCore
import Testing

/// What a probe of real logs found read wrongly (session 9). Each record is written for the test
/// in the shape of the public log named beside it (only the shape and the one line at issue).
@Suite struct LogConventionTests {
    /// digitalservicebund/ris-backend-service (doc/adr): `Supersedes [4. Use Java 17](0004-\[Superseded\]use-java-17.md)`
    /// names a file whose name holds brackets; the link's backslashes are CommonMark escapes, as
    /// GitHub reads them. Before: `unknown-reference`, an error, the build failed.
    @Test func escapedLinkDestinationsInRelationLines() {
        let links = RecordHeader.links(in: #"Supersedes [4. Use Java 17](0004-\[Superseded\]use-java-17.md)"#)
        #expect(links.map(\.target) == ["0004-[Superseded]use-java-17.md"])
        #expect(RecordHeader.links(in: #"See [a](<my file.md> "Title") and [b](x_(1).md) or [c](y.md "t")"#).map(\.target)
                == ["my file.md", "x_(1).md", "y.md"])
        #expect(RecordHeader.links(in: #"[a](x\y.md) [b](\(z.md)"#).map(\.target) == [#"x\y.md"#, "(z.md"], "only punctuation is escaped")
        let build = TestBuild.run([
            "doc/adr/0004-[Superseded]use-java-17.md": "# 4. Use Java 17\n\nDate: 2023-01-10\n\n## Status\n\nSuperseded by [22. Use Java 21](0022-use-java-21.md)\n\n## Context\n\nJDK 17.\n",
            "doc/adr/0022-use-java-21.md": "# 22. Use Java 21\n\nDate: 2024-10-09\n\n## Status\n\nAccepted\n\nSupersedes [4. Use Java 17](0004-\\[Superseded\\]use-java-17.md)\n\n## Context\n\nSee [the old record](0004-\\[Superseded\\]use-java-17.md).\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let old = build.page("decisions/ADR-0004.html")
        #expect(old.contains("This decision is superseded") && old.contains("ADR-0022: Use Java 21"), "\(old.prefix(2000))")
    }

    /// cometbft's `Declined` and `Reverted`, home-assistant/architecture's `Reverted by [discussion
    /// #1198](...)`, Open edX's `Withdrawn`: decisions not in force. Before: shown and handed to
    /// `context` as in force, and `Reverted by discussion #1198` a status of its own.
    @Test func wordsForDecisionsNotInForce() {
        let known = SiteConfig().statuses
        #expect(StatusText.read("Reverted by [discussion #1198](https://github.com/home-assistant/architecture/discussions/1198)", known: known)
                == ("reverted", false))
        #expect(StatusText.read("**Declined**", known: known) == ("declined", false))
        #expect(StatusText.read("Withdrawnish", known: known) == ("withdrawnish", false), "a word, not a prefix")
        #expect(StatusText.read("Implemented", known: known) == ("implemented", false))
        for status in ["declined", "Reverted", "withdrawn", "abandoned", "obsolete", "superseded", "Rejected", "deprecated"] {
            #expect(StatusText.notInForce(status), "\(status)")
        }
        for status in ["accepted", "proposed", "Implemented", "on hold", ""] { #expect(!StatusText.notInForce(status), "\(status)") }
        var files = ["src/a.go": "package a\n"]
        let statuses = ["Declined", "Reverted by [discussion #1198](https://github.com/o/r/discussions/1198)", "Withdrawn", "Implemented"]
        for (number, status) in statuses.enumerated() {
            files["content/decisions/000\(number + 1)-r.md"] = "---\ngoverns: [src/a.go]\n---\n# R\(number + 1)\n\n## Status\n\n\(status)\n\n## Decision\n\nDo \(number + 1).\n"
        }
        let build = TestBuild.run(files)
        #expect(build.errors.isEmpty, "\(build.messages)")
        for (number, status) in ["declined", "reverted", "withdrawn"].enumerated() {
            #expect(build.page("decisions/ADR-000\(number + 1).html").contains("This decision is \(status)</strong> and no longer in force"),
                    "\(status)")
        }
        #expect(!build.page("decisions/ADR-0004.html").contains("no longer in force"))
        let file = build.page("files/src/a.go.html")
        #expect(file.components(separatedBy: "<li class=\"inactive\">").count - 1 == 3, "\(file)")
    }

    /// cometbft (ADR-065, ADR-067): a record's own table of contents links its level-1 title
    /// (`#adr-065-custom-event-indexing`) and its Status section (`#status`), which the page shows
    /// as its title and its fields. Before: two `broken-anchor` errors, the build failed.
    @Test func tableOfContentsLinksToTheTitleAndTheStatus() {
        let build = TestBuild.run([
            "content/decisions/0065-custom-event-indexing.md": """
                # ADR 065: Custom Event Indexing

                - [ADR 065: Custom Event Indexing](#adr-065-custom-event-indexing)
                  - [Status](#status)
                  - [Context](#context)

                ## Status

                Implemented

                ## Context

                Back to the [top](#adr-065-custom-event-indexing); [nothing](#no-such-heading).

                """,
            "content/decisions/0066-other.md": "# ADR 066: Other\n\n## Status\n\nAccepted\n\nSee [its status](0065-custom-event-indexing.md#status).\n",
            "content/handbook.yml": "broken_links: warn\n",
        ])
        #expect(build.messages.filter { $0.contains("broken-anchor") }.count == 1, "\(build.messages)")
        #expect(build.messages.contains { $0.contains("'#no-such-heading'") }, "\(build.messages)")
        let page = build.page("decisions/ADR-0065.html")
        #expect(page.contains("href=\"#top\">ADR 065: Custom Event Indexing</a>") && page.contains("href=\"#fields\">Status</a>")
                && page.contains("href=\"#context\">Context</a>"), "\(page)")
        #expect(build.page("decisions/ADR-0066.html").contains("ADR-0065.html#fields\""))
    }

    /// uktrade/trade-remedies-api (docs/adr): every status is a badge,
    /// `[![Generic badge](https://badgen.net/badge/ADR/approved/green/)](.../README.md)`. Before: the
    /// status was `![Generic badge](...)`, the same for every record.
    @Test func badgeStatuses() {
        let known = SiteConfig().statuses
        let badgen = "[![Generic badge](https://badgen.net/badge/ADR/approved/green/)](https://github.com/uktrade/trade-remedies-api/adr/README.md)"
        #expect(StatusText.read(badgen, known: known) == ("approved", false))
        #expect(StatusText.read("![status](https://img.shields.io/badge/status-accepted-green)", known: known) == ("accepted", true))
        #expect(StatusText.read("![x](https://img.shields.io/badge/on__hold_now--ish-yellow.svg)", known: known) == ("on_hold now-ish", false))
        #expect(StatusText.read("![Proposed](https://example.com/proposed.png)", known: known) == ("proposed", true), "the alt text")
        let build = TestBuild.run([
            "docs/adr/adr-002-major-tr-refactor.md": "# ADR-002: Major TR refactor\n\n## Status\n\n\(badgen)\n\n## Context\n\nRefactor.\n",
            "docs/adr/adr-003-use-token-auth.md": "# ADR-003: Use token auth\n\n## Status\n\n[![Generic badge](https://badgen.net/badge/ADR/proposed/yellow/)](https://example.com/README.md)\n\n## Context\n\nTokens.\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let index = build.page("decisions/index.html")
        #expect(index.contains("<tr data-status=\"approved\"><td><a href=\"ADR-0002.html\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"proposed\"><td><a href=\"ADR-0003.html\">"), "\(index)")
    }

    /// cometbft's ADR-036 (Apache-2.0): its Status section keeps the template's guidance, quoted,
    /// and `{Deprecated|Proposed|Accepted|Declined}` unfilled. Before: the guidance was the status
    /// (and a class name of some 200 characters).
    @Test func templateWordsLeftInTheStatusSection() {
        let guidance = #"> A decision may be "proposed" if it hasn't been agreed upon yet, or "accepted" once it is agreed upon. If a later ADR changes or reverses a decision, it may be marked as "deprecated" or "superseded" with a reference to its replacement."#
        let build = TestBuild.run([
            "content/decisions/0036-empty-blocks-abci.md": "# ADR 036: Empty Blocks via ABCI\n\n## Status\n\n\(guidance)\n\n{Deprecated|Proposed|Accepted|Declined}\n\n## Context\n\nEmpty blocks.\n",
            "content/decisions/0037-deliver-block.md": "# ADR 037: Deliver Block\n\n## Status\n\n\(guidance)\n\nAccepted\n\n## Context\n\nBlocks.\n",
            "content/decisions/0038-said.md": "# ADR 038: Said\n\n## Status\n\nAccepted after a long review, then partly deprecated by the new mempool work\n\n## Context\n\nIt.\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let index = build.page("decisions/index.html")
        #expect(index.contains("<tr data-status=\"no status\"><td><a href=\"ADR-0036.html\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"accepted\"><td><a href=\"ADR-0037.html\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"accepted\"><td><a href=\"ADR-0038.html\">"), "a status said as a sentence stays")
    }

    /// cometbft (85 of its 93 records): the date is only in a Changelog section's entries, oldest
    /// or newest first. Before: no date.
    @Test func datesFromAChangelogSection() {
        let build = TestBuild.run([
            "content/decisions/0065-custom-event-indexing.md": "# ADR 065: Custom Event Indexing\n\n## Changelog\n\n- Oct 5, 2021: Clarify goals (@creachadair)\n- April 1, 2021: Initial Draft (@alexanderbez)\n\n## Status\n\nImplemented\n",
            "content/decisions/0036-empty-blocks.md": "# ADR 036: Empty Blocks\n\n## Changelog\n\n* 20-11-2018: Initial draft\n* not a date: words\n\n## Status\n\nAccepted\n",
            "content/decisions/0037-dated.md": "# ADR 037: Dated\n\nDate: 2020-01-02\n\n## Changelog\n\n- 2019-05-06: Draft\n\n## Status\n\nAccepted\n",
        ])
        #expect(build.errors.isEmpty && build.ids.filter { $0 != "missing-config" }.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0065.html").contains("<time datetime=\"2021-04-01\">"))
        #expect(build.page("decisions/ADR-0036.html").contains("<time datetime=\"2018-11-20\">"))
        #expect(build.page("decisions/ADR-0037.html").contains("<time datetime=\"2020-01-02\">"), "a date of its own wins")
    }

    /// cometbft (Apache-2.0): 20 records `adr-NNN-*.md` in docs/references/architecture and 74
    /// more in its tendermint-core/ folder, a folder not named like a log. Before: not found
    /// (`missing-content`) without a handbook.yml.
    @Test func aFolderOfAdrNamedRecordsIsALog() {
        var files = ["README.md": "# cometbft\n", "docs/guides/install.md": "# Install\n"]
        for (path, title) in [("adr-036-empty-blocks-abci.md", "ADR 036: Empty Blocks via ABCI"), ("adr-065-custom-event-indexing.md", "ADR 065: Custom Event Indexing"),
                              ("adr-101-data-companion-pull-api.md", "ADR 101: Data companion pull API"),
                              ("tendermint-core/adr-001-logging.md", "ADR 1: Logging")] {
            files["docs/references/architecture/" + path] = "# \(title)\n\n## Status\n\nAccepted\n"
        }
        files["docs/references/architecture/README.md"] = "# Architecture Decision Records\n"
        let build = TestBuild.run(files)
        #expect(build.errors.isEmpty, "\(build.messages)")
        for id in ["ADR-0036", "ADR-0065", "ADR-0101", "ADR-0001"] {
            #expect(build.page("decisions/\(id).html").contains("<span class=\"status status-accepted\">accepted</span>"), "\(id)")
        }
        #expect(LogDiscovery.adrNamedLog(in: ["a/adr-1-x.md", "a/adr-2-x.md", "b/c/adr-1.md", "b/c/adr-2.md", "b/c/adr-3.md", "d/adr-1.md",
                                                 "d/adr-2.md", "d/e.md", "d/adr-3.md", ".h/adr-1.md", ".h/adr-2.md", ".h/adr-3.md"]) == "d")
    }

    /// opendatahub-io/architecture-decision-records (Apache-2.0): records named `ODH-ADR-0005-x.md`,
    /// their fields in a table (`| Status | Accepted |`), the template `ODH-ADR-0000-template.md`
    /// with `| Date | insert data |`. Before: no record had a number, status or date, and `new`
    /// wrote `0001-x.md` with the template's `insert data` left in.
    @Test func aLogWithItsFieldsInATableAndAProjectPrefix() throws {
        let table = { (date: String, status: String, supersedes: String) in
            "|                |            |\n| -------------- | ---------- |\n| Date           | \(date) |\n| Scope          | |\n| Status         | \(status) |\n| Authors        | [Landon LaSmith](https://github.com/lavlas) |\n| Supersedes     | \(supersedes) |\n| Superseded by: | N/A |\n"
        }
        let files = [
            "architecture-decision-records/ODH-ADR-0005-github-labels-standards.md": "# GitHub Label Standard\n\n\(table("2023-04-14", "Accepted", "N/A"))\n## What\n\nLabels.\n",
            "architecture-decision-records/ODH-ADR-0006-internal-api.md": "# Internal API\n\n\(table("Sep 13th, 2024", "Approved", "[ODH-ADR-0005](ODH-ADR-0005-github-labels-standards.md)"))\n## What\n\nAPI.\n",
            "architecture-decision-records/ODH-ADR-0000-template.md": "# Open Data Hub - Architecture Decision Record template\n\n<!-- copy and paste this template to start authoring your own ADR -->\n\n\(table("insert data", "Approved", "N/A"))\n## What\n\nA couple sentences describing what this ADR is about.\n",
        ]
        let build = TestBuild.run(files)
        #expect(build.errors.isEmpty, "\(build.messages)")
        let index = build.page("decisions/index.html")
        #expect(index.contains("<tr data-status=\"accepted\"><td><a href=\"ADR-0005.html\">ADR-0005</a></td><td><a href=\"ADR-0005.html\">GitHub Label Standard</a></td><td><span class=\"status status-accepted\">accepted</span></td><td><time datetime=\"2023-04-14\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"approved\"><td><a href=\"ADR-0006.html\">") && index.contains("<time datetime=\"2024-09-13\">"), "\(index)")
        #expect(build.page("decisions/ADR-0005.html").contains("ADR-0006: Internal API"), "superseded by the table's link")
        #expect(build.page("decisions/ADR-0006.html").contains("<td>Sep 13th, 2024</td>"), "the table stays in the body")

        let content = try NewRecordTests.workspace(nil, extra: files, makeContent: false)
        let written = try Scaffold.createDecision(title: "Try a new record", options: NewRecordTests.options(content), git: NoGit())[0]
        #expect(Path.fileName(written) == "ODH-ADR-0007-try-a-new-record.md")
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(text.contains("\n| Date           | 2026-11-30 |\n") && text.hasPrefix("# Try a new record\n"), "\(text)")
    }

    /// cometbft's template (Apache-2.0, docs/references/architecture/adr-template.md): `# ADR
    /// {ADR-NUMBER}: {TITLE}`, `- {date}: {changelog}`, and a Status section that explains the
    /// statuses in a quote (with `Accepted` and `Superseded by [ADR 123](./adr-123.md)` as examples
    /// in it) and then offers them. Before: `# Try a new record`, `{date}` left, the quote replaced
    /// by `Proposed` and the offer left under it; then the record read the quote's `Accepted` as its
    /// status and its example as a relation (found on the real template, not on the shortened copy).
    @Test func newFillsATemplatesPlaceholdersInBraces() throws {
        let template = """
            # ADR {ADR-NUMBER}: {TITLE}

            ## Changelog

            - {date}: {changelog}

            ## Status

            > An architecture decision is considered "proposed" when a PR containing the ADR
            > is submitted. When merged, an ADR must have a status associated with it, which
            > must be one of: "Accepted", "Rejected", "Deprecated" or "Superseded".
            >
            > An accepted ADR's implementation status must be tracked via a tracking issue,
            > milestone or project board (only one of these is necessary). For example:
            >
            >     Accepted
            >
            >     [Tracking issue](https://github.com/cometbft/cometbft/issues/123)
            >
            > If an ADR is superseded by one or more other ADRs, provide local a reference to those
            > ADRs, e.g.:
            >
            >     Superseded by [ADR 123](./adr-123.md)

            Accepted | Rejected | Deprecated | Superseded by

            ## Context

            > This section contains all the context one needs.

            """
        let content = try NewRecordTests.workspace(nil, extra: [
            "docs/references/architecture/adr-template.md": template,
            "docs/references/architecture/adr-118-mempool-lanes.md": "# ADR 118: Mempool lanes\n\n## Changelog\n\n- 2024-10-01: Initial draft.\n\n## Status\n\nAccepted\n",
            "docs/references/architecture/adr-119-dog-mempool-gossip.md": "# ADR 119: DOG gossip\n\n## Changelog\n\n- 2024-11-13: Initial draft.\n\n## Status\n\nAccepted\n",
            "docs/references/architecture/adr-117-x.md": "# ADR 117: X\n\n## Status\n\nAccepted\n",
        ], makeContent: false)
        let written = try Scaffold.createDecision(title: "Try a new record", options: NewRecordTests.options(content), git: NoGit())[0]
        #expect(Path.fileName(written) == "adr-120-try-a-new-record.md")
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(text == template.replacingOccurrences(of: "{ADR-NUMBER}: {TITLE}", with: "120: Try a new record")
            .replacingOccurrences(of: "{date}", with: "2026-11-30").replacingOccurrences(of: "Accepted | Rejected | Deprecated | Superseded by", with: "Proposed"),
                "\(text)")
        let (handbook, errors) = NewRecordTests.link(content)
        #expect(errors == [], "\(errors)")
        let record = try #require(handbook?.documents.first { $0.source.absolutePath == written })
        #expect(record.decision?.status == "proposed" && record.decision?.date == "2026-11-30" && record.title == "Try a new record")
        #expect(record.decision?.outgoing.isEmpty == true, "the note's `Superseded by [ADR 123]` is an example, not a relation")
    }

    /// Logs in Portuguese, German, Spanish and Japanese (records written for the probe in the forms
    /// of public logs: adr-tools in Portuguese, a German template, Spanish MADR 2 bullets, a
    /// Japanese record with `## ステータス` and `## 日付`). Before: no date, no relation, and the
    /// statuses missing or as written.
    @Test func logsInOtherLanguages() throws {
        let build = TestBuild.run([
            "docs/adr/0001-registrar-decisoes.md": "# 1. Registrar decisões arquiteturais\n\nData: 2019-02-22\n\n## Status\n\nAceito\n\n## Contexto\n\nTexto.\n",
            "docs/adr/0002-usar-postgres.md": "# 2. Usar Postgres\n\nData: 22/03/2019\n\n## Status\n\nSubstituído por [3. Usar SQLite](0003-usar-sqlite.md)\n\n## Contexto\n\nTexto.\n",
            "docs/adr/0003-usar-sqlite.md": "# 3. Usar SQLite\n\nData: 2019-04-01\n\n## Status\n\nProposto\n\nSubstitui [2. Usar Postgres](0002-usar-postgres.md)\n\n## Contexto\n\nTexto.\n",
            "docs/adr/0004-gradle.md": "# ADR-0004: Gradle als Build-Tool\n\n## Status\n\nAngenommen\n\nDatum: 2023-05-11\n\n## Kontext\n\nText.\n",
            "docs/adr/0005-java.md": "# ADR-0005: Java 17\n\n## Status\n\nErsetzt durch [ADR-0004](0004-gradle.md)\n\n## Kontext\n\nText.\n",
            "docs/adr/0006-postgres.md": "# ADR-0006: PostgreSQL移行\n\n## ステータス\n\n採用 (Accepted)\n\n## 日付\n\n2026-03-29\n\n## コンテキスト\n\n本文。\n",
            "docs/adr/0007-flags.md": "# ADR-0007: Feature Flags戦略\n\n## ステータス\n廃止\n\n## 日付\n2026-04-01\n\n## 決定\n\nADR-0006 を置き換える。\n",
            "docs/adr/0008-estado.md": "# ADR-0008: Usar colas\n\n* Estado: aceptado\n* Fecha: 12/05/2024\n* Decisores: equipo\n\n## Contexto\n\nTexto.\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let data = Data(build.page("handbook.json").utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let documents = (json["documents"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "decision" }
        let read = Dictionary(uniqueKeysWithValues: documents.map { ($0["id"] as? String ?? "", "\($0["status"] as? String ?? "-") \($0["date"] as? String ?? "-")") })
        #expect(read == ["ADR-0001": "accepted 2019-02-22", "ADR-0002": "superseded 2019-03-22", "ADR-0003": "proposed 2019-04-01",
                         "ADR-0004": "accepted 2023-05-11", "ADR-0005": "superseded -", "ADR-0006": "accepted 2026-03-29",
                         "ADR-0007": "deprecated 2026-04-01", "ADR-0008": "accepted 2024-05-12"], "\(read)")
        let relations = Set((json["relations"] as? [[String: Any]] ?? []).map {
            "\($0["from"] as? String ?? "") \($0["kind"] as? String ?? "") \($0["to"] as? String ?? "")"
        })
        #expect(relations.isSuperset(of: ["ADR-0003 supersedes ADR-0002", "ADR-0004 supersedes ADR-0005"]), "\(relations)")
    }

    /// Three small things of three real logs (session 10): trade-remedies-api's README links
    /// `[index](#Index)` to its `## Index` (GitHub finds it whatever the case); cometbft's README
    /// links its template and its folder of older records (`./tendermint-core/`), which are no
    /// records, and it was an error only when the log was named with `--content`; mozilla's
    /// application-services dates a record `Date: May 2025`. Before: a `broken-anchor` error, two
    /// `broken-link` errors (with `--content`), and no date.
    @Test func anchorCaseFilesBesideTheRecordsAndAMonthWithoutADay() {
        let files = [
            "docs/adr/README.md": "# Architecture Decision Records\n\nJump to the [index](#Index). Older records are in [./tendermint-core/](./tendermint-core/).\nNew records start from [the template](adr-template.md); the [status](0009-use-tracing.md#Context-and-Problem-Statement).\n\n## Index\n\n- [ADR 9](0009-use-tracing.md)\n",
            "docs/adr/tendermint-core/adr-001-logging.md": "# ADR 001: Logging\n\n## Status\n\nAccepted\n",
            "docs/adr/0009-use-tracing.md": "# Replace logging with tracing\n\n* Status: proposed\n* Date: May 2025\n\n## Context and Problem Statement\n\nLogging.\n",
            "docs/adr/adr-template.md": "# ADR {NUMBER}: {TITLE}\n\n## Status\n\n{Proposed|Accepted}\n",
            // cometbft's ADR 108: a file of the repository linked without `.md`, for the docs site.
            "docs/adr/0010-e2e.md": "# 10. E2E\n\n## Status\n\nAccepted\n\n## Context\n\nThe [grammar](../../spec/abci/abci%2B%2B_comet_expected_behavior).\n",
            "spec/abci/abci++_comet_expected_behavior.md": "# Grammar\n",
            "handbook.yml": "repository: https://github.com/o/r\n",
        ]
        for content in ["content", "docs/adr"] {
            let build = TestBuild.run(files, content: content)
            #expect(build.errors.isEmpty, "\(content): \(build.messages)")
            let intro = build.page("decisions/README.html")
            #expect(intro.contains("href=\"#index\""), "\(content): \(intro)")
            #expect(intro.contains("href=\"ADR-0009.html#context-and-problem-statement\""), "\(content): \(intro)")
            if content == "content" {
                #expect(intro.contains("href=\"https://github.com/o/r/blob/HEAD/docs/adr/adr-template.md\""), "\(intro)")
                #expect(intro.contains("href=\"https://github.com/o/r/blob/HEAD/docs/adr/tendermint-core\""), "\(intro)")
                #expect(build.page("decisions/ADR-0010.html").contains("href=\"https://github.com/o/r/blob/HEAD/spec/abci/abci%2B%2B_comet_expected_behavior.md\""))
            } else {
                // Named as the content folder, the log has no handbook.yml (that would make the
                // folder a handbook's): the repository's address comes from git's remote, none here.
                #expect(build.messages.filter { $0.contains("[no-repository]") }.count == 3, "\(build.messages)")
            }
            #expect(build.page("decisions/ADR-0009.html").contains("<time datetime=\"2025-05-01\">"), "\(content)")
            #expect(build.messages.contains { $0.contains("docs/adr/0009-use-tracing.md:4:") && $0.contains("read the date 'May 2025' as 2025-05-01") },
                    "\(content): \(build.messages)")
        }
        // opendatahub-io's authors, `[Greg](@gregsheremeta)`: broken on GitHub too; the error says how to link a user.
        let mention = TestBuild.run(["content/decisions/0001-a.md": "# A\n\n| Authors | [Greg](@gregsheremeta) |\n| --- | --- |\n\n## Status\n\nAccepted\n"])
        #expect(mention.messages.contains("content/decisions/0001-a.md:3:13: error: link to '@gregsheremeta': no file decisions/@gregsheremeta in the content folder; a GitHub user's page is https://github.com/gregsheremeta [broken-link]"),
                "\(mention.messages)")
        for (text, date) in [("May 2025", "2025-05-01"), ("2025-05", "2025-05-01"), ("Sept. 2019", "2019-09-01"), ("2024 March", "2024-03-01")] {
            #expect(DateText.readMonth(text) == date, "\(text)")
        }
        for text in ["05-2025", "12 2025", "May", "2025", "May 12 2025", "Summer 2025"] { #expect(DateText.readMonth(text) == nil, "\(text)") }
    }

    /// cometbft: ADR 035's Status section is a paragraph (`The two points above have been
    /// implemented; ...`), and ADR 103 and 104 say `In review` and `In Review`. Before: the paragraph
    /// was the status (a class name of 300 characters, taken out of the page's body), and the two
    /// spellings two statuses in the filters.
    @Test func aSentenceIsNoStatusAndStatusesFoldCase() {
        let sentence = "The two points above have been implemented; the `config.js` has a Google Analytics identifier."
        let build = TestBuild.run([
            "content/decisions/0035-documentation.md": "# ADR 035: Documentation\n\n## Status\n\n\(sentence)\n\n## Consequences\n\nSome.\n",
            "content/decisions/0036-said.md": "# ADR 036: Said\n\n## Status\n\nAccepted, after a long review and two rounds of benchmarks in the lab.\n\n## Context\n\nIt.\n",
            "content/decisions/0103-a.md": "# ADR 103: A\n\n## Status\n\nIn review\n",
            "content/decisions/0104-b.md": "# ADR 104: B\n\n## Status\n\nIn Review\n",
            "content/handbook.yml": "title: T\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.messages.filter { $0.contains("[status-sentence]") }.count == 1, "\(build.messages)")
        #expect(build.messages.contains("content/decisions/0035-documentation.md:5:1: warning: the Status section is a sentence, not a status, so the record has none; begin the section with its status (e.g. 'Accepted.'); the sentence stays on the page [status-sentence]"),
                "\(build.messages)")
        let index = build.page("decisions/index.html")
        #expect(index.contains("<tr data-status=\"no status\"><td><a href=\"ADR-0035.html\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"accepted\"><td><a href=\"ADR-0036.html\">"), "\(index)")
        #expect(build.page("decisions/ADR-0035.html").contains("The two points above have been implemented"), "the sentence stays on the page")
        #expect(build.page("decisions/ADR-0036.html").contains("after a long review"), "so does the rest of a status said in a sentence")
        #expect(index.contains("<tr data-status=\"in review\"><td><a href=\"ADR-0103.html\">"), "\(index)")
        #expect(index.contains("<tr data-status=\"in review\"><td><a href=\"ADR-0104.html\">"), "\(index)")
        #expect(index.components(separatedBy: "value=\"in review\"").count - 1 == 1, "one filter for both spellings")
    }
}
