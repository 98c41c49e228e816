import HandbookCore
import Testing

@Suite struct DecisionTests {
    static let config = "title: T\nrepository: https://github.com/acme/app\n"

    @Test func idAndTitleDefaultFromFileNameAndHeading() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0007-split-billing.md": "---\nstatus: accepted\n---\n# Split billing\n\nBody.\n",
            "content/decisions/12-short.md": "Three sentences. We decided. Because.\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let page = build.page("decisions/ADR-0007.html")
        #expect(page.contains("<h1>Split billing</h1>"))
        #expect(page.contains("<p class=\"record-id\">ADR-0007</p>"))
        #expect(!page.contains("<h1 id="), "the leading heading becomes the title, not a second h1")
        let short = build.page("decisions/ADR-0012.html")
        #expect(short.contains("<h1>Short</h1>"))
        #expect(short.contains(">no status</span>"), "the three-sentence form has no status unless default_status gives one")
    }

    @Test func everyFieldIsShown() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": """
                ---
                id: ADR-0001
                title: Use PostgreSQL
                status: accepted
                date: 2024-05-01
                deciders: [ana, bo]
                tags: [storage]
                governs: ["src/db/**"]
                prs: [12, "#15"]
                review_by: 2027-01-01
                team: platform
                ---
                Body.
                """,
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let page = build.page("decisions/ADR-0001.html")
        for fragment in ["Use PostgreSQL", "2024-05-01", "<span class=\"person\">ana</span>", "<a class=\"tag\" href=\"../tags/storage.html\">storage</a>",
                         "<code>src/db/**</code>", "https://github.com/acme/app/pull/12", "https://github.com/acme/app/pull/15",
                         "<dt>Review by</dt>", "<dt>team</dt><dd>platform</dd>"] {
            #expect(page.contains(fragment), "missing \(fragment)")
        }
    }

    @Test func reverseRelationsAreDerived() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-old.md": "---\nstatus: superseded\n---\n# Old\n",
            "content/decisions/0002-new.md": "---\nstatus: accepted\nsupersedes: ADR-0001\namends: 3\nrelates: [ADR-0004]\n---\n# New\n",
            "content/decisions/0003-base.md": "---\nstatus: accepted\n---\n# Base\n",
            "content/decisions/0004-side.md": "---\nstatus: accepted\n---\n# Side\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0001.html").contains("Superseded by <span class=\"inline-list\"><a href=\"ADR-0002.html\">ADR-0002: New</a>"))
        #expect(build.page("decisions/ADR-0002.html").contains("Supersedes <span class=\"inline-list\"><a href=\"ADR-0001.html\">ADR-0001: Old</a>"))
        #expect(build.page("decisions/ADR-0003.html").contains("Amended by <span class=\"inline-list\"><a href=\"ADR-0002.html\">"))
        #expect(build.page("decisions/ADR-0004.html").contains("Related to <span class=\"inline-list\"><a href=\"ADR-0002.html\">"))
    }

    @Test func adrToolsLogImportsWithoutEdits() throws {
        let files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("adr-tools-log"))
        let build = TestBuild.run(files, strict: true)
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let first = build.page("decisions/ADR-0001.html")
        #expect(first.contains("<h1>Record architecture decisions</h1>"))
        #expect(first.contains("<time datetime=\"2016-02-12\">"))
        #expect(first.contains("status-accepted"))
        let superseded = build.page("decisions/ADR-0002.html")
        #expect(superseded.contains("status-superseded"))
        #expect(superseded.contains("Superseded by <span class=\"inline-list\"><a href=\"ADR-0004.html\">"))
        #expect(build.page("decisions/ADR-0004.html").contains("Supersedes <span class=\"inline-list\"><a href=\"ADR-0002.html\">"))
        #expect(build.page("decisions/ADR-0005.html").contains("Amends <span class=\"inline-list\"><a href=\"ADR-0003.html\">"))
        #expect(build.page("decisions/ADR-0003.html").contains("Amended by <span class=\"inline-list\"><a href=\"ADR-0005.html\">"))
        #expect(!first.contains("<dt>Format</dt>"), "the reader's format is internal")
    }

    @Test func madrLogImportsWithoutEdits() throws {
        let files = try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("madr-log"))
        let build = TestBuild.run(files, strict: true)
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let first = build.page("decisions/ADR-0000.html")
        #expect(first.contains("<h1>Use Markdown Architectural Decision Records</h1>"))
        #expect(first.contains("<dt>Deciders</dt>"))
        #expect(first.contains("<dt>Consulted</dt>"))
        #expect(!first.contains("<dt>Format</dt>"))
        let superseded = build.page("decisions/ADR-0001.html")
        #expect(superseded.contains("status-superseded"))
        #expect(superseded.contains("Superseded by <span class=\"inline-list\"><a href=\"ADR-0002.html\">"))
        #expect(build.page("decisions/ADR-0002.html").contains("Supersedes <span class=\"inline-list\"><a href=\"ADR-0001.html\">"))
        // MADR's template lives beside the records: it is scaffolding, neither a record nor a page.
        #expect(build.output.files["decisions/adr-template.html"] == nil)
    }

    @Test func decisionsIndexIsNewestFirst() {
        let build = TestBuild.run([
            "content/handbook.yml": Self.config,
            "content/decisions/0001-a.md": "---\ndate: 2020-01-01\n---\n# A\n",
            "content/decisions/0002-b.md": "---\ndate: 2022-01-01\n---\n# B\n",
            "content/decisions/0003-c.md": "---\ndate: 2021-01-01\n---\n# C\n",
        ])
        let index = build.page("decisions/index.html")
        let order = ["ADR-0002", "ADR-0003", "ADR-0001"].compactMap { index.range(of: ">\($0)</a>")?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
        #expect(build.page("index.html").contains("3 decision records"))
    }

    @Test func configurableStatuses() {
        let build = TestBuild.run([
            "content/handbook.yml": "statuses: [draft, adopted]\ndefault_status: adopted\n",
            "content/decisions/0001-a.md": "---\nstatus: draft\n---\n# A\n",
            "content/decisions/0002-b.md": "---\nstatus: accepted\n---\n# B\n",
        ], strict: true)
        #expect(build.messages == ["content/decisions/0002-b.md:2:9: warning: status 'accepted' is not one of draft, adopted (set 'statuses' in handbook.yml to add it) [unknown-status]"])
    }
}

@Suite struct RecordKindTests {
    @Test func numberedFilesAreAlwaysRecords() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/decisions/0005-templates-checked.md": "# Templates checked\n",
            "content/decisions/adr-template.md": "# {title}\n",
            "content/decisions/README.md": "# About these records\n",
            "content/decisions/use-kafka.md": "# Use Kafka\n",
        ])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.output.files["decisions/ADR-0005.html"] != nil)
        #expect(build.output.files["decisions/use-kafka.html"] != nil, "an unnumbered record takes its file name as id")
        #expect(build.output.files["decisions/adr-template.html"] == nil, "a template is not read")
        #expect(build.output.files["decisions/README.html"] != nil)
        #expect(build.page("decisions/index.html").contains(">ADR-0005</a>"))
        #expect(!build.page("decisions/index.html").contains(">README</a>"))
    }
}
