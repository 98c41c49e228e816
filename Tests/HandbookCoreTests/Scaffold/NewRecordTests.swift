import Foundation
@testable import HandbookCore
import Testing

/// `handbook new`: every format it writes, and the records it marks, compared byte for byte with
/// Golden/new/CASE/ (re-record with `RECORD_GOLDENS=1 swift test --filter NewRecordTests`); then
/// the result is built, to show the marks read back as the relations asked for.
@Suite(.serialized) struct NewRecordTests {
    static let today = "2026-11-30"

    /// Copies `fixture` (a folder of Fixtures/, or nothing) into a temporary folder; returns its content folder.
    static func workspace(_ fixture: String?, extra: [String: String] = [:], makeContent: Bool = true) throws -> String {
        let base = ScratchFolders.url("handbook-new")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        if let fixture {
            for (path, text) in try TestFiles.tree(TestFiles.fixtures.appendingPathComponent(fixture)) {
                try write(text, base.appendingPathComponent(path))
            }
        }
        for (path, text) in extra { try write(text, base.appendingPathComponent(path)) }
        if makeContent {
            try FileManager.default.createDirectory(at: base.appendingPathComponent("content"), withIntermediateDirectories: true)
        }
        return base.appendingPathComponent("content").path
    }

    static func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func options(_ content: String) -> BuildOptions {
        BuildOptions(contentDirectory: content, outputDirectory: content + "/../public", rootDirectory: content + "/..",
                     workingDirectory: content + "/..", today: today)
    }

    /// Compares each written file (relative to the workspace) with Golden/new/CASE/PATH.
    static func expectGolden(_ name: String, content: String, paths: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let root = TestFiles.golden.appendingPathComponent("new").appendingPathComponent(name)
        let base = Path.directory(content)
        var relative: [String] = []
        for path in paths {
            let file = try #require(Path.relative(path, to: base))
            relative.append(file)
            let actual = try String(contentsOfFile: path, encoding: .utf8)
            let golden = root.appendingPathComponent(file)
            if try GoldenTests.recording {
                try write(actual, golden)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(actual == expected, "\(file) differs from Golden/new/\(name)/\(file):\n\(lineDiff(expected: expected, actual: actual))",
                    sourceLocation: sourceLocation)
        }
        let recorded = try DiskFileSystem().files(under: root.path, skipping: [])
        #expect(recorded == relative.sorted(), "golden files of \(name) without a written file", sourceLocation: sourceLocation)
    }

    /// Builds the handbook (no output) and returns its graph and error messages.
    static func link(_ content: String) -> (Handbook?, [String]) {
        let result = Pipeline.build(options: options(content), git: NoGit(), output: nil)
        return (result.handbook, result.diagnostics.filter { $0.severity == .error }.map(\.formatted))
    }

    static func decision(_ handbook: Handbook?, _ id: String) -> (Document, Handbook.Relations)? {
        guard let handbook, let index = handbook.documents.firstIndex(where: { $0.decision?.id == id }) else { return nil }
        return (handbook.documents[index], handbook.relations[index])
    }

    // MARK: adr-tools

    @Test func adrToolsLogGetsAnAdrToolsRecordAndItsStatusSectionsMarked() throws {
        let content = try Self.workspace("adr-tools-log")
        let paths = try Scaffold.createDecision(title: "Implement in Rust", options: Self.options(content),
                                                relations: [(.supersedes, "4"), (.amends, "ADR-0003"), (.relates, "0005-help-comments.md")],
                                                git: NoGit())
        #expect(paths.map { Path.fileName($0) } == ["0006-implement-in-rust.md", "0004-implement-in-go.md",
                                                     "0003-single-command-with-subcommands.md", "0005-help-comments.md"])
        try Self.expectGolden("adr-tools", content: content, paths: paths)
        let (handbook, errors) = Self.link(content)
        #expect(errors == [])
        let new = try #require(Self.decision(handbook, "ADR-0006"))
        #expect(new.0.decision?.format == "adr-tools")
        #expect(new.0.decision?.status == "proposed")
        let old = try #require(Self.decision(handbook, "ADR-0004"))
        #expect(old.0.decision?.status == "superseded")
        let documents = handbook?.documents ?? []
        #expect(new.1.supersedes.map { documents[$0].decision?.id } == ["ADR-0004"])
        #expect(new.1.amends.map { documents[$0].decision?.id } == ["ADR-0003"])
        #expect(new.1.related.map { documents[$0].decision?.id } == ["ADR-0005"])
        #expect(try #require(Self.decision(handbook, "ADR-0003")).0.decision?.status == "accepted", "amending leaves the status")
    }

    // MARK: MADR

    @Test func madrLogGetsAMadrRecordAndTheOldStatusSaysSupersededBy() throws {
        let content = try Self.workspace("madr-log")
        let paths = try Scaffold.createDecision(title: "Use Spanner", options: Self.options(content),
                                                relations: [(.supersedes, "ADR-0002"), (.relates, "ADR-0001")], git: NoGit())
        #expect(paths.map { Path.fileName($0) } == ["0003-use-spanner.md", "0002-use-cockroachdb.md"])
        try Self.expectGolden("madr", content: content, paths: paths)
        let (handbook, errors) = Self.link(content)
        #expect(errors == [])
        let new = try #require(Self.decision(handbook, "ADR-0003"))
        // The log keeps MADR's template (adr-template.md): the new record is it, filled in.
        #expect(new.0.decision?.status == "proposed" && new.0.decision?.date == Self.today && new.0.title == "Use Spanner")
        #expect(try #require(Self.decision(handbook, "ADR-0002")).0.decision?.status == "superseded")
        #expect(new.1.supersedes.map { handbook?.documents[$0].decision?.id } == ["ADR-0002"])
    }

    // MARK: The log's own template

    /// Real logs that keep a template for new records: `new` copies it and fills in the title (in
    /// the template's heading style), today's date, a proposed status in the template's words (its
    /// own `Pending` or `Draft` kept) and
    /// the relations; the rest stays for the author. Each result is a golden file, and builds.
    /// (zero-logement-vacant names records by date and time, so its golden is of log4brains' kind,
    /// named by date alone; carbon-aware-sdk's template has no date.)
    @Test(arguments: [
        ("real-logs/log4brains", "docs/adr", "20200926-use-the-adr-number-as-its-unique-id", true),
        ("real-logs/madr", "docs/decisions", "ADR-0001", true),
        ("real-logs/pass-emploi", "docs/decisions", "ADR-0001", true),
        ("log-templates/carbon-aware-sdk", "casdk-docs/docs/architecture/decisions", "ADR-0001", false),
        ("log-templates/alphagov-forms", "ADR", "ADR-0000", true),
        ("log-templates/govuk-infrastructure", "docs/architecture/decisions", "ADR-0001", true),
    ] as [(String, String, String?, Bool)])
    func aLogsOwnTemplateIsFilledIn(_ fixture: String, _ folder: String, _ superseded: String?, _ dated: Bool) throws {
        let content = try Self.workspace(fixture, makeContent: false)
        let relations: [Scaffold.RelationRequest] = superseded.map { [(.supersedes, $0)] } ?? []
        let paths = try Scaffold.createDecision(title: "Queue the exports", options: Self.options(content), relations: relations, git: NoGit())
        let base = Path.directory(content)
        #expect(Path.directory(paths[0]) == base + "/" + folder, "written where the log lives: \(paths[0])")
        try Self.expectGolden("template-" + Path.fileName(fixture), content: content, paths: paths)
        let (handbook, errors) = Self.link(content)
        #expect(errors == [], "\(errors)")
        let written = try #require(handbook?.documents.first { $0.source.absolutePath == paths[0] })
        #expect(written.title == "Queue the exports")
        // govuk-infrastructure's template gives new records its own word for it, `Pending`: kept.
        #expect(written.decision?.status == (fixture.hasSuffix("govuk-infrastructure") ? "pending" : "proposed"))
        #expect(written.decision?.date == (dated ? Self.today : nil))
        if let superseded {
            let old = try #require(Self.decision(handbook, superseded))
            #expect(old.0.decision?.status == "superseded")
            let documents = handbook?.documents ?? []
            #expect(old.1.supersededBy.map { documents[$0].source.absolutePath }.contains(paths[0]))
        }
    }

    /// MTES-MCT/zero-logement-vacant: French MADR front matter, records named by date and time.
    @Test func aFrenchLogNamedByTheSecondGetsItsTemplateAndItsNaming() throws {
        let content = try Self.workspace("real-logs/zero-logement-vacant", makeContent: false)
        let paths = try Scaffold.createDecision(title: "Queue the exports", options: Self.options(content), git: NoGit())
        let name = Path.fileName(paths[0])
        #expect(name.hasPrefix("20261130") && name.hasSuffix("-queue-the-exports.md") && name.count == "20261130000000-queue-the-exports.md".count, "\(name)")
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        let template = try String(contentsOf: TestFiles.fixtures.appendingPathComponent("real-logs/zero-logement-vacant/docs/decisions/TEMPLATE.md"), encoding: .utf8)
        #expect(text.hasPrefix("---\n# Ce sont des éléments optionnels. N'hésitez pas à en supprimer certains.\nstatut: proposé\ndate: 2026-11-30\ndécideurs: []  # {liste de toutes les personnes impliquées dans la décision}\n"), "\(text.prefix(400))")
        #expect(text.contains("\n# Queue the exports\n"))
        #expect(text.components(separatedBy: "\n").count == template.components(separatedBy: "\n").count, "the rest of the template as it is")
        let (handbook, errors) = Self.link(content)
        #expect(errors == [], "\(errors)")
        let written = try #require(handbook?.documents.first { $0.source.absolutePath == paths[0] })
        #expect(written.decision?.status == "proposed" && written.decision?.date == Self.today && written.title == "Queue the exports")
        #expect(written.decision?.deciders == [])
    }

    /// A French log without a template of its own: the new record takes the newest record's shape
    /// (its field names, header lines and headings, in French), not English keys and headings.
    @Test func aFrenchLogWithoutATemplateGetsItsNewestRecordsShape() throws {
        // MTES-MCT/zero-logement-vacant: front matter, records named by date and time.
        let dated = try Self.workspace("real-logs/zero-logement-vacant", makeContent: false)
        try FileManager.default.removeItem(atPath: Path.directory(dated) + "/docs/decisions/TEMPLATE.md")
        let first = try Scaffold.createDecision(title: "Queue the exports", options: Self.options(dated), git: NoGit())[0]
        let firstText = try String(contentsOfFile: first, encoding: .utf8)
        #expect(firstText == """
            ---
            statut: proposé
            date: 2026-11-30
            décideurs: []
            ---

            # Queue the exports

            ## Contexte et problématique

            ## Critères de décision

            ## Options envisagées

            ## Décision

            ## Validation

            ## Plus d'information

            """, "\(firstText)")
        // SocialGouv/pass_emploi_app: MADR 2's bullets, numbered records.
        let numbered = try Self.workspace("real-logs/pass-emploi", makeContent: false)
        try FileManager.default.removeItem(atPath: Path.directory(numbered) + "/docs/decisions/ADR-Template.md")
        let second = try Scaffold.createDecision(title: "Suivre les exports", options: Self.options(numbered), git: NoGit())[0]
        #expect(Path.fileName(second) == "ADR-002-suivre-les-exports.md")
        let secondText = try String(contentsOfFile: second, encoding: .utf8)
        #expect(secondText == """
            # Suivre les exports

            * Statut : proposé
            * Décideurs :
            * Date : 2026-11-30
            * PRs :

            ## Contexte et Définition du Problème

            ## Facteurs de Décision

            ## Solutions Étudiées

            ## Résultat de la Décision

            """, "\(secondText)")
        for (content, path, title) in [(dated, first, "Queue the exports"), (numbered, second, "Suivre les exports")] {
            let (handbook, errors) = Self.link(content)
            #expect(errors == [], "\(errors)")
            let written = try #require(handbook?.documents.first { $0.source.absolutePath == path })
            #expect(written.decision?.status == "proposed" && written.decision?.date == Self.today && written.title == title)
            #expect(written.decision?.deciders == [])
        }
    }

    // MARK: Handbook front matter

    static let frontMatterLog = [
        "content/decisions/0001-use-postgresql.md": "---\nstatus: accepted\ndate: 2023-01-10\ntags: [storage]\n---\n# Use PostgreSQL\n\nWe use it.\n",
        "content/decisions/0002-cache-in-redis.md": "---\r\ndate: 2024-01-02\r\n---\r\n# Cache in Redis\r\n\r\nCRLF line endings.\r\n",
    ]

    @Test func frontMatterLogGetsFrontMatterAndTheOldStatusBecomesSuperseded() throws {
        let content = try Self.workspace(nil, extra: Self.frontMatterLog)
        let paths = try Scaffold.createDecision(title: "Use CockroachDB", options: Self.options(content),
                                                relations: [(.supersedes, "ADR-0001"), (.supersedes, "adr-2"), (.amends, "1")],
                                                git: NoGit())
        #expect(paths.map { Path.fileName($0) } == ["0003-use-cockroachdb.md", "0001-use-postgresql.md", "0002-cache-in-redis.md"])
        try Self.expectGolden("front-matter", content: content, paths: paths)
        let (handbook, errors) = Self.link(content)
        #expect(errors == [])
        let new = try #require(Self.decision(handbook, "ADR-0003"))
        #expect(new.0.decision?.format == "handbook")
        #expect(new.1.supersedes.map { handbook?.documents[$0].decision?.id } == ["ADR-0001", "ADR-0002"])
        #expect(new.1.amends.map { handbook?.documents[$0].decision?.id } == ["ADR-0001"])
        #expect(try #require(Self.decision(handbook, "ADR-0001")).0.decision?.status == "superseded")
        #expect(try #require(Self.decision(handbook, "ADR-0002")).0.decision?.status == "superseded")
    }

    @Test func anEmptyHandbookGetsEveryKindInHandbooksOwnFormat() throws {
        let content = try Self.workspace(nil)
        var paths = [try Scaffold.createDecision(title: "Record architecture decisions", options: Self.options(content), git: NoGit())[0]]
        for (kind, title) in [(Scaffold.Kind.landmine, "Payment \"retries\""), (.contract, "Billing API"), (.page, "On-call runbook")] {
            paths.append(try Scaffold.create(kind, title: title, contentDirectory: content, today: Self.today))
        }
        #expect(paths.map { Path.relative($0, to: content) } == ["decisions/0001-record-architecture-decisions.md",
                                                                  "landmines/payment-retries.md", "contracts/billing-api.yml",
                                                                  "on-call-runbook.md"])
        try Self.expectGolden("empty", content: content, paths: paths)
    }

    @Test func supersedingAnAdrToolsRecordReplacesItsStatusLine() throws {
        let content = try Self.workspace(nil, extra: [
            "content/decisions/0007-use-make.md": "# 7. Use make\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        ])
        let paths = try Scaffold.createDecision(title: "Use just", options: Self.options(content), relations: [(.supersedes, "7")], git: NoGit())
        #expect(paths.map { Path.relative($0, to: content) } == ["decisions/0008-use-just.md", "decisions/0007-use-make.md"])
        let old = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(old == "# 7. Use make\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded by [8. Use just](0008-use-just.md)\n\n## Context\n\nx\n")
    }

    @Test func aLogFoundWhereAdrToolsKeepsItGetsItsNextRecordThere() throws {
        // No content folder: the log is found through adr-tools' `.adr-dir`, as a build finds it.
        let content = try Self.workspace(nil, extra: [
            ".adr-dir": "doc/adr\n",
            "doc/adr/0001-record-architecture-decisions.md": "# 1. Record architecture decisions\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        ], makeContent: false)
        let paths = try Scaffold.createDecision(title: "Use Go", options: Self.options(content), relations: [(.relates, "1")], git: NoGit())
        #expect(paths.map { Path.relative($0, to: Path.directory(content)) } == ["doc/adr/0002-use-go.md", "doc/adr/0001-record-architecture-decisions.md"])
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(text.hasPrefix("# 2. Use Go\n\nDate: 2026-11-30\n\n## Status\n\nProposed\n\nRelates to [1. Record architecture decisions](0001-record-architecture-decisions.md)\n\n## Context"))
    }

    @Test func anUnknownRecordWritesNothing() throws {
        let content = try Self.workspace("madr-log")
        let before = try TestFiles.tree(URL(fileURLWithPath: content))
        #expect(throws: Scaffold.Problem.unknownRecord("ADR-0009", "; did you mean 'ADR-0000'?")) {
            try Scaffold.createDecision(title: "Use Spanner", options: Self.options(content), relations: [(.supersedes, "ADR-0009")], git: NoGit())
        }
        #expect(try TestFiles.tree(URL(fileURLWithPath: content)) == before)
    }

    @Test func relativeLinksBetweenFolders() {
        #expect(Scaffold.relativeLink(from: "/r/doc/adr/0002-b.md", to: "/r/doc/adr/0001-a.md") == "0001-a.md")
        #expect(Scaffold.relativeLink(from: "/r/doc/adr/0002-b.md", to: "/r/old/0001-a.md") == "../../old/0001-a.md")
        #expect(Scaffold.relativeLink(from: "/r/a.md", to: "/r/x/y/b.md") == "x/y/b.md")
    }
}
