import Foundation
import HandbookCore
import Testing

/// Issue 9: real public decision logs (excerpts copied byte for byte, see Fixtures/real-logs/SOURCES.txt),
/// each built from its repository root with no content folder and no configuration; the facts are
/// read back from handbook.json.
@Suite struct RealLogTests {
    struct Built {
        var build: TestBuild
        var decisions: [String: [String: Any]]
        var relations: Set<String>
        var pages: [String]

        func status(_ id: String) -> String? { decisions[id]?["status"] as? String }
        func date(_ id: String) -> String? { decisions[id]?["date"] as? String }
        func title(_ id: String) -> String? { decisions[id]?["title"] as? String }
        func source(_ id: String) -> String? { decisions[id]?["source"] as? String }
    }

    static func build(_ name: String, adding extra: [String: String] = [:], strict: Bool = false) throws -> Built {
        var files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/" + name))
        files.merge(extra) { $1 }
        let build = TestBuild.run(files, strict: strict)
        let data = Data(build.page("handbook.json").utf8)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let documents = json["documents"] as? [[String: Any]] ?? []
        var decisions: [String: [String: Any]] = [:]
        for document in documents where document["kind"] as? String == "decision" {
            decisions[document["id"] as? String ?? ""] = document
        }
        let relations = Set((json["relations"] as? [[String: Any]] ?? []).map {
            "\($0["from"] as? String ?? "") \($0["kind"] as? String ?? "") \($0["to"] as? String ?? "")"
        })
        let pages = documents.filter { $0["kind"] as? String == "page" }.compactMap { $0["page"] as? String }.sorted()
        return Built(build: build, decisions: decisions, relations: relations, pages: pages)
    }

    @Test func adrToolsOwnLog() throws {
        let log = try Self.build("adr-tools")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["doc/adr (decisions, found)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0001", "ADR-0002", "ADR-0005", "ADR-0008", "ADR-0009"])
        #expect(log.title("ADR-0001") == "Record architecture decisions")
        #expect(log.title("ADR-0008") == "Use ISO 8601 Format for Dates")
        #expect(log.status("ADR-0005") == "accepted")
        #expect(log.date("ADR-0001") == "2016-02-12")
        #expect(log.date("ADR-0009") == "2018-06-26")
        #expect(log.source("ADR-0001") == "doc/adr/0001-record-architecture-decisions.md", "source paths stay the repository's")
        // "Amended by" in 0005 and "Amends" in 0009 are one edge.
        #expect(log.relations == ["ADR-0009 amends ADR-0005"])
        // The status and date are shown once, in the header.
        let page = log.build.page("decisions/ADR-0005.html")
        #expect(!page.contains("<h2 id=\"status\">"), "the body's own Status section is not repeated")
        #expect(!page.contains("Date: 2016-02-13"))
        #expect(!page.contains("<dt>Format</dt>"))
        #expect(!page.contains("Files governed"), "a record that governs nothing has no empty governance sections")
        #expect(page.components(separatedBy: "<h1").count == 2, "one h1")
    }

    @Test func adrDirFileNamesTheFolder() throws {
        var files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/adr-tools"))
        files = Dictionary(uniqueKeysWithValues: files.map { ($0.key.replacingOccurrences(of: "doc/adr/", with: "architecture/log/"), $0.value) })
        files[".adr-dir"] = "architecture/log\n"
        let build = TestBuild.run(files)
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.result.folders == ["architecture/log (decisions, from .adr-dir)"])
        #expect(build.output.files["decisions/ADR-0009.html"] != nil)
    }

    /// `--content doc/adr`: the log named as the content folder is read as it is found from the
    /// root (its records are decisions, not pages), and gives the same site.
    @Test func aLogNamedAsTheContentFolderIsReadAsDecisions() throws {
        let files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/adr-tools"))
        let found = TestBuild.run(files)
        let named = TestBuild.run(files, content: "doc/adr")
        #expect(named.messages == found.messages, "no missing-config warning: \(named.messages)")
        #expect(named.result.folders == ["doc/adr (decisions, a decision log named as the content folder)"])
        #expect(named.output.files["decisions/ADR-0009.html"] != nil)
        #expect(named.output.files.keys.sorted() == found.output.files.keys.sorted())
        for (path, data) in found.output.files where named.output.files[path] != data { Issue.record("\(path) differs") }
        // A folder with its own handbook.yml, or a decisions folder inside, stays a content folder.
        var configured = Dictionary(uniqueKeysWithValues: files.map { ($0.key, $0.value) })
        configured["doc/adr/handbook.yml"] = "title: Log\n"
        #expect(TestBuild.run(configured, content: "doc/adr").result.folders == ["doc/adr (content, content folder)"])
        var nested = files
        nested["doc/adr/decisions/0001-x.md"] = "# X\n"
        #expect(TestBuild.run(nested, content: "doc/adr").result.folders == ["doc/adr (content, content folder)"])
    }

    @Test func madrOwnLog() throws {
        let log = try Self.build("madr")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.decisions.keys.sorted() == ["ADR-0000", "ADR-0001", "ADR-0003"])
        #expect(log.title("ADR-0001") == "Dual License the Work")
        // An unknown status is kept as written, and is a warning only with --strict.
        #expect(log.status("ADR-0003") == "on hold")
        #expect(!log.build.ids.contains("unknown-status"))
        #expect(try Self.build("madr", strict: true).build.ids.contains("unknown-status"))
        // MADR's own records give no status: none is invented.
        #expect(log.status("ADR-0001") == nil)
        #expect(log.build.page("decisions/ADR-0001.html").contains(">no status</span>"))
        // The template is not a record and not an error; index.md introduces the decisions index.
        #expect(log.build.output.files["decisions/adr-template.html"] == nil)
        #expect(log.build.page("decisions/index.html").contains("<div class=\"intro\">"))
        // parent/nav_order are site navigation, not fields.
        #expect(!log.build.page("decisions/ADR-0003.html").contains("nav_order"))
        #expect(!log.build.page("decisions/ADR-0003.html").contains("<dt>parent</dt>"))
    }

    @Test func log4brainsWithPackages() throws {
        let log = try Self.build("log4brains")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["docs/adr (decisions, from .log4brains.yml)",
                                             "packages/core/docs/adr (decisions of package core, from .log4brains.yml)"])
        // Date-named files take their slug as id: two of one day do not collide.
        #expect(log.decisions["20200925-use-prettier-eslint-airbnb-for-the-code-style"] != nil)
        #expect(log.decisions["20200925-multi-packages-architecture-in-a-monorepo-with-yarn-and-lerna"] != nil)
        #expect(log.decisions["core/20201002-use-explicit-architecture-and-ddd-for-the-core-api"] != nil, "\(log.decisions.keys.sorted())")
        #expect(log.decisions.count == 6)
        #expect(log.status("20200926-use-the-adr-number-as-its-unique-id") == "superseded")
        #expect(log.status("20201016-use-the-adr-slug-as-its-unique-id") == "accepted")
        #expect(log.date("20201016-use-the-adr-slug-as-its-unique-id") == "2020-10-16")
        #expect(log.relations.contains("20201016-use-the-adr-slug-as-its-unique-id supersedes 20200926-use-the-adr-number-as-its-unique-id"))
        #expect(log.source("core/20201002-use-explicit-architecture-and-ddd-for-the-core-api")
                == "packages/core/docs/adr/20201002-use-explicit-architecture-and-ddd-for-the-core-api.md")
        #expect(log.pages.contains("decisions/README.html"))
        #expect(log.build.output.files["decisions/template.html"] == nil)
    }

    @Test func backstageDocusaurusLog() throws {
        let log = try Self.build("backstage")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.decisions.keys.sorted() == ["ADR-0013", "ADR-0014"])
        #expect(log.title("ADR-0013") == "Proper use of HTTP fetching libraries")
        #expect(log.status("ADR-0014") == nil)
        // The Docusaurus id is an alias: [[adrs-adr013]] resolves to the record.
        let aliased = TestBuild.run(try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/backstage"))
            .merging(["docs/architecture-decisions/README.md": "See [[adrs-adr013]].\n"]) { $1 })
        #expect(aliased.errors.isEmpty, "\(aliased.messages)")
        #expect(aliased.page("decisions/README.html").contains("href=\"ADR-0013.html\""))
    }

    @Test func governmentPlatformLog() throws {
        let log = try Self.build("modernisation-platform")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["architecture-decision-record (decisions, found)"])
        #expect(log.status("ADR-0001") == "accepted", "✅ Accepted")
        #expect(log.status("ADR-0002") == "rejected", "❌ Rejected")
        #expect(log.status("ADR-0004") == "superseded", "⌛️ Superseded [0019](...)")
        #expect(log.relations.contains("ADR-0019 supersedes ADR-0004"))
        #expect(log.title("ADR-0019") == "Use bash and go as core languages", "the title is plain text")
        #expect(log.date("ADR-0019") == "2022-06-14")
    }

    @Test func frameworkWithRecordsAtTheRoot() throws {
        let log = try Self.build("arachne")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == [". (decisions, numbered records at the root)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0001", "ADR-0015", "ADR-0016", "ADR-0017"])
        #expect(log.title("ADR-0001") == "Use ADRs")
        #expect(log.status("ADR-0015") == "proposed", "PROPOSED, at the end of the file")
    }

    /// alphagov/forms: two records numbered 041 (a merge race) both build; the second by its file name.
    @Test func governmentLogWithTwoRecordsOfOneNumber() throws {
        let log = try Self.build("alphagov-forms")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.messages == ["ADR/ADR041-use-activerecord-encryption.md:1:1: warning: ADR-0041 is also the number of ADR/ADR041-grant-review-apps-workflow-pull-request-write-access.md; this record's id is its file name, ADR041-use-activerecord-encryption (renumber one of them) [duplicate-number]"])
        #expect(log.build.result.folders == ["ADR (decisions, found)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0000", "ADR-0041", "ADR041-use-activerecord-encryption"])
        #expect(log.title("ADR-0041") == "Grant review apps workflow pull request write access")
        #expect(log.title("ADR041-use-activerecord-encryption") == "Use ActiveRecord encryption in Runner")
        #expect(log.date("ADR041-use-activerecord-encryption") == "2025-02-12")
        #expect(log.status("ADR041-use-activerecord-encryption") == "accepted")
        #expect(log.build.output.files["decisions/ADR041-use-activerecord-encryption.html"] != nil)
    }

    /// UKHomeOffice/core-cloud: an Eleventy log two folders down (documentation/adr), found by its
    /// folder's name; `date: git Created` needs the history, so outside git it is a warning at its line.
    @Test func eleventyLogFoundByItsFolderName() throws {
        let log = try Self.build("core-cloud")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["documentation/adr (decisions, found)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0000", "ADR-0001", "ADR-0003"])
        #expect(log.build.page("decisions/ADR-0003.html").contains("href=\"ADR-0001.html\""), "../001-x/ as the log's own site writes it")
        #expect(log.title("ADR-0003") == "Target the TSE-SE Reference Architecture")
        #expect(log.status("ADR-0000") == "accepted")
        #expect(log.status("ADR-0003") == "proposed")
        #expect(log.build.messages.filter { $0.hasPrefix("documentation/adr/003") } == [
            "documentation/adr/003-target-TSE-SE-AWS-reference-architecture.md:4:7: warning: the date 'git Created' comes from the file's git history, which is not available (the repository root is not a git work tree) [invalid-date]",
        ])
        let page = log.build.page("decisions/ADR-0003.html")
        #expect(!page.contains("<dt>order</dt>") && !page.contains("<dt>layout</dt>"))
        #expect(!page.contains("{{ status }}"), "the body's own Status line is not repeated")
    }

    /// MADR in French, as two French government services write it: `statut: accepté` and
    /// `décideurs:` in front matter (MTES-MCT/zero-logement-vacant), `* Statut : accepté` and
    /// `* Décideurs : ...` bullets (SocialGouv/pass_emploi_app); each log's French template skipped.
    @Test func frenchMadrLogs() throws {
        let frontMatter = try Self.build("zero-logement-vacant")
        #expect(frontMatter.build.messages.isEmpty, "\(frontMatter.build.messages)")
        let id = "20260805163000-attribution-des-metriques-d-usage-par-evenement-utilisateur"
        #expect(frontMatter.decisions.keys.sorted() == [id], "TEMPLATE.md is a template, not a record")
        #expect(frontMatter.status(id) == "accepted")
        #expect(frontMatter.date(id) == "2026-08-05")
        let page = frontMatter.build.page("decisions/\(id).html")
        #expect(page.contains("<dt>Deciders</dt><dd><span class=\"person\">Raphaël Courivaud</span>"), "\(page.prefix(3000))")
        #expect(!page.contains("<dt>statut</dt>") && !page.contains("<dt>décideurs</dt>"), "read fields are not repeated as extra ones")
        let bullets = try Self.build("pass-emploi")
        #expect(bullets.build.messages.isEmpty, "\(bullets.build.messages)")
        #expect(bullets.decisions.keys.sorted() == ["ADR-0001"], "ADR-Template.md is a template")
        #expect(bullets.status("ADR-0001") == "accepted")
        #expect(bullets.date("ADR-0001") == "2022-07-15")
        let record = bullets.build.page("decisions/ADR-0001.html")
        #expect(record.contains("<dt>Deciders</dt><dd><span class=\"person\">Gabriel</span>"))
        #expect(!record.contains("Statut : accepté"), "the status line is shown once, in the header")
        // The other statuses of MADR's French template, and its "remplacé par" relation.
        let files = [
            "docs/decisions/0001-a.md": "---\nstatut: remplacé par [ADR-0002](0002-b.md)\n---\n# A\n",
            "docs/decisions/0002-b.md": "---\nstatut: obsolète\n---\n# B\n",
            "docs/decisions/0003-c.md": "---\nstatut: rejeté\n---\n# C\n",
            "docs/decisions/0004-d.md": "* Statut : proposé\n\n# D\n",
        ]
        let built = TestBuild.run(files)
        #expect(built.errors.isEmpty, "\(built.messages)")
        let json = (try? JSONSerialization.jsonObject(with: Data(built.page("handbook.json").utf8))) as? [String: Any] ?? [:]
        let statuses = Dictionary(uniqueKeysWithValues: (json["documents"] as? [[String: Any]] ?? []).compactMap { document -> (String, String)? in
            guard let id = document["id"] as? String, let status = document["status"] as? String else { return nil }
            return (id, status)
        })
        #expect(statuses == ["ADR-0001": "superseded", "ADR-0002": "deprecated", "ADR-0003": "rejected", "ADR-0004": "proposed"])
        let relations = (json["relations"] as? [[String: Any]] ?? []).map { "\($0["from"] ?? "") \($0["kind"] ?? "") \($0["to"] ?? "")" }
        #expect(relations == ["ADR-0002 supersedes ADR-0001"])
    }

    /// gardenlinux: `install.md` (how to install adr-tools) sits among the numbered records; it has
    /// no number and nothing a record has, so it is a page, not a decision with no status. The
    /// docs-sync fields (`github_org`, `github_source_path`, ...) are not shown as the record's.
    @Test func aDocumentBesideTheRecordsIsAPage() throws {
        let log = try Self.build("gardenlinux")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["docs/reference/adr (decisions, found)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0002"])
        #expect(log.pages == ["decisions/install.html"], "\(log.pages)")
        #expect(log.status("ADR-0002") == "accepted")
        #expect(log.date("ADR-0002") == "2023-09-22")
        let page = log.build.page("decisions/ADR-0002.html")
        #expect(!page.contains("github_source_path") && !page.contains("github_org"))
        // Without a number but with a status, a record stays one.
        let named = TestBuild.run(["content/decisions/use-postgres.md": "---\nstatus: accepted\n---\n# Use PostgreSQL\n",
                                   "content/decisions/how-to.md": "# How to write one\n\nCopy the template.\n",
                                   "content/decisions/cache.md": "# Cache\n\nStatus: proposed\n\n## Context\n"])
        let kinds = Dictionary(uniqueKeysWithValues: named.result.handbook?.documents.map { ($0.source.path, $0.kind) } ?? [])
        #expect(kinds == ["decisions/use-postgres.md": .decision, "decisions/how-to.md": .page, "decisions/cache.md": .decision], "\(kinds)")
    }

    /// nats-io's log: `ADR-8.md` (no zero padding), the header a `| Metadata | Value |` table, and a
    /// refinement written `| Updates | ADR-8 |`: an amendment, which was not read (nothing said that
    /// ADR-48 and ADR-54 amend ADR-8). ADR-8 links `adr/ADR-57.md` from inside `adr/`, broken on
    /// GitHub too: those two errors are the log's own (so the build fails, and the records are read
    /// from the build's model, not its handbook.json).
    @Test func natsMetadataTablesAndUpdates() throws {
        let build = TestBuild.run(try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/nats")))
        #expect(build.result.folders == ["adr (decisions, found)"])
        #expect(build.errors.map(\.id) == ["broken-link", "broken-link"] && build.errors.allSatisfy { $0.formatted.contains("adr/ADR-5") },
                "\(build.messages)")
        var records: [String: DecisionRecord] = [:], titles: [String: String] = [:]
        for document in build.result.handbook?.documents ?? [] {
            guard let record = document.decision else { continue }
            records[record.id] = record
            titles[record.id] = document.title
        }
        #expect(records.keys.sorted() == ["ADR-0008", "ADR-0043", "ADR-0048", "ADR-0054"])
        #expect(titles["ADR-0048"] == "TTL Support for Key-Value Buckets")
        #expect(records["ADR-0048"]?.status == "implemented")
        #expect(records["ADR-0048"]?.date == "2025-04-09")
        var edges: [String] = []
        for record in records.values {
            for (relation, target) in record.outgoing { edges.append("\(record.id) \(relation.rawValue) \(target.text)") }
        }
        #expect(edges.sorted() == ["ADR-0048 amends ADR-8", "ADR-0054 amends ADR-8"], "\(edges.sorted())")
    }

    /// tektoncd's TEPs (front matter after Kubernetes' KEPs): the date is `creation-date` (150 of
    /// the log's records were undated), relations are `superseded-by`, `replaces` and `see-also`,
    /// and records name each other `TEP-0107`, as their titles do (`# TEP-0107: Propagating
    /// Parameters`): `superseded-by: [TEP-0107]` was an unknown-reference error, `replaces` and
    /// `see-also` were shown as plain fields.
    @Test func tektonEnhancementProposals() throws {
        let build = TestBuild.run(try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/tekton")), content: "teps")
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.result.folders == ["teps (decisions, a decision log named as the content folder)"])
        let json = (try? JSONSerialization.jsonObject(with: Data(build.page("handbook.json").utf8))) as? [String: Any] ?? [:]
        var dates: [String: String] = [:], titles: [String: String] = [:]
        for document in json["documents"] as? [[String: Any]] ?? [] where document["kind"] as? String == "decision" {
            dates[document["id"] as? String ?? ""] = document["date"] as? String ?? "none"
            titles[document["id"] as? String ?? ""] = document["title"] as? String
        }
        #expect(dates == ["ADR-0023": "2020-10-01", "ADR-0107": "2022-04-11", "ADR-0108": "2022-05-03"], "\(dates)")
        #expect(titles["ADR-0107"] == "Propagating Parameters")
        let relations = Set((json["relations"] as? [[String: Any]] ?? []).map {
            "\($0["from"] as? String ?? "") \($0["kind"] as? String ?? "") \($0["to"] as? String ?? "")"
        })
        #expect(relations == ["ADR-0107 supersedes ADR-0023", "ADR-0107 relates ADR-0108"], "\(relations)")
        let page = build.page("decisions/ADR-0107.html")
        #expect(!page.contains("<dt>Replaces</dt>") && !page.contains("<dt>Creation-date</dt>"), "read, not shown as plain fields")
        // TEP-0044 has a note before its `# TEP-0044: ...` heading; TEP-0056 and TEP-0090 name it.
        var files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/tekton"))
        files["teps/0044-x.md"] = "---\nstatus: withdrawn\ntitle: X\n---\n\n*This TEP is marked as `withdrawn`.*\n\n# TEP-0044: X\n"
        files["teps/0056-y.md"] = "---\nstatus: proposed\ntitle: Y\nsee-also:\n- TEP-0044\n---\n\n# TEP-0056: Y\n"
        let noted = TestBuild.run(files, content: "teps")
        #expect(noted.errors.isEmpty, "\(noted.messages)")
    }

    /// swiftlang/swift-evolution (about 480 proposals in `proposals/`): the folder is found with no
    /// set-up (it was `missing-content`), and a table of contents links headings as GitHub numbers
    /// them, counting the title: SE-0306's `# Actors` is `#actors` there, its two `### Actors`
    /// `#actors-1` and `#actors-2`. The title is taken out of the body here, and the two headings were
    /// `#actors` and `#actors-1`: `[Actors](#actors-2)` was a broken-anchor error (as in SE-0292, 0304
    /// and 0311), and `[Actors](#actors-1)` went to the wrong heading without a word.
    @Test func swiftEvolutionProposals() throws {
        let log = try Self.build("swift-evolution")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(log.build.result.folders == ["proposals (decisions, found)"])
        #expect(log.decisions.keys.sorted() == ["ADR-0001", "ADR-0306"])
        #expect(log.title("ADR-0306") == "Actors")
        #expect(log.status("ADR-0001") == "implemented (swift 2.2)")
        let page = log.build.page("decisions/ADR-0306.html")
        #expect(page.components(separatedBy: "<h3 id=\"actors-1\">").count == 2 && page.contains("<h3 id=\"actors-2\">"),
                "the headings keep GitHub's anchors")
        #expect(!page.contains("<h3 id=\"actors\">"))
        #expect(page.contains("<a href=\"#actors-1\">Actors</a>") && page.contains("<a href=\"#actors-2\">Actors</a>"))
    }

    /// rust-lang/rfcs (about 640 RFCs in `text/`, named as the content folder): each opens with
    /// `- Start Date: 2014-03-11` bullets, which were not read (638 of 639 records undated). RFCs in
    /// `text/` are the accepted ones, and no record says so: no status, none invented.
    @Test func rustRFCs() throws {
        let build = TestBuild.run(try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("real-logs/rust-rfcs")), content: "text")
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(build.messages)")
        let json = (try? JSONSerialization.jsonObject(with: Data(build.page("handbook.json").utf8))) as? [String: Any] ?? [:]
        var dates: [String: String] = [:], statuses: [String: String] = [:]
        for document in json["documents"] as? [[String: Any]] ?? [] where document["kind"] as? String == "decision" {
            dates[document["id"] as? String ?? ""] = document["date"] as? String ?? "none"
            statuses[document["id"] as? String ?? ""] = document["status"] as? String ?? "none"
        }
        #expect(dates == ["ADR-0001": "2014-03-11", "ADR-0179": "2014-07-23"], "\(dates)")
        #expect(statuses == ["ADR-0001": "none", "ADR-0179": "none"], "\(statuses)")
        #expect(!build.page("decisions/ADR-0001.html").contains("Start Date:"), "shown once, in the header")
    }
}
