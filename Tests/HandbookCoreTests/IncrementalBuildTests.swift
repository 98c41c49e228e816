import Foundation
import Testing
@testable import HandbookCore

/// `handbook serve`'s rebuilds reuse what did not change (ADR-0017): files loaded and parsed, and
/// pages whose view model did not change. After every step of a series of edits the site on disk
/// and the diagnostics must be exactly a clean build's, and the step must have reused what it may.
@Suite(.serialized) struct IncrementalBuildTests {
    static let handbook: [String: String] = [
        "content/handbook.yml": "title: Incremental\nrepository: https://github.com/acme/shop\n",
        "content/decisions/0001-use-postgresql.md": "---\nstatus: accepted\ndate: 2026-01-05\ntags: [storage]\ngoverns: [\"src/db/\"]\n---\n# Use PostgreSQL\n\nOrders live in PostgreSQL.\n",
        "content/decisions/0002-cache-in-redis.md": "---\nstatus: proposed\ndate: 2026-02-01\ntags: [storage, cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\nSee [[ADR-0001]] and [the database](0001-use-postgresql.md).\n",
        "content/decisions/0003-queue-orders.md": "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\nNothing to say <kbd>yet</kbd>.\n",
        "content/landmines/retries.md": "---\ntitle: Payment retries\nseverity: high\npaths: [\"src/db/pay.txt\"]\ndecisions: [ADR-0001]\n---\n## What broke\n\nx\n\n## Who needs it\n\ny\n\n## What fails if it disappears\n\nz\n",
        "content/guides/setup.md": "# Setup\n\nRead [the database decision](../decisions/0001-use-postgresql.md).\n\n![diagram](diagram.svg)\n",
        "content/guides/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n",
        "src/db/pay.txt": "pay\n",
        "src/queue.txt": "queue\n",
    ]

    /// A handbook in a temporary folder, its live site built once, and a clean build to compare with.
    final class Bench {
        let root: URL
        let site: LiveSite
        var pageCount = 0

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-incremental-\(UUID().uuidString)")
            for (path, text) in IncrementalBuildTests.handbook { try Self.write(root, path, text) }
            site = LiveSite(options: Self.options(root, output: "public"), fileSystem: DiskFileSystem(), git: NoGit())
            let first = site.build()
            pageCount = first.pageCount
            #expect(first.succeeded, "\(first.diagnostics.map(\.formatted))")
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        static func options(_ root: URL, output: String) -> BuildOptions {
            BuildOptions(contentDirectory: root.path + "/content", outputDirectory: root.path + "/" + output,
                         rootDirectory: root.path, workingDirectory: root.path, today: "2026-11-30")
        }

        func write(_ path: String, _ text: String) throws { try Self.write(root, path, text) }

        static func write(_ root: URL, _ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func remove(_ path: String) throws { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }

        /// Rebuilds after the change, then checks the site and the diagnostics against a clean build's.
        @discardableResult
        func step(_ comment: Comment, _ changed: [String], succeeds: Bool = true) -> LiveSite.Rebuild {
            let before = succeeds ? [:] : files("public")
            let rebuild = site.rebuild(changed: changed.map { root.path + "/" + $0 })
            let clean = Pipeline.build(options: Self.options(root, output: "clean"), fileSystem: DiskFileSystem(), git: NoGit(),
                                       output: DiskOutput(destination: root.path + "/clean"))
            #expect(rebuild.succeeded == succeeds, "\(comment): \(rebuild.diagnostics.map(\.formatted))")
            #expect(clean.succeeded == succeeds, "\(comment)")
            #expect(rebuild.diagnostics == clean.diagnostics, "\(comment): the diagnostics differ from a clean build's")
            let served = files("public")
            if succeeds {
                let built = files("clean")
                #expect(served.keys.sorted() == built.keys.sorted(), "\(comment): not the files of a clean build")
                for (path, data) in built where served[path] != data {
                    Issue.record("\(comment): \(path) differs from a clean build")
                }
            } else {
                #expect(served == before, "\(comment): a failed rebuild changed the site")
            }
            try? FileManager.default.removeItem(at: root.appendingPathComponent("clean"))
            return rebuild
        }

        func files(_ folder: String) -> [String: Data] {
            let base = root.path + "/" + folder
            var files: [String: Data] = [:]
            for path in (try? DiskFileSystem().files(under: base, skipping: [])) ?? [] {
                files[path] = FileManager.default.contents(atPath: base + "/" + path)
            }
            return files
        }

        func page(_ path: String) -> String {
            (try? String(contentsOfFile: root.path + "/public/" + path, encoding: .utf8)) ?? ""
        }

        var loads: Int { site.cache.sources.loads }
        var parses: Int { site.cache.sources.parses }
        var rendered: Int { site.cache.pages.rendered }
        var reused: Int { site.cache.pages.reused }
    }

    @Test func aSeriesOfEditsEqualsACleanBuildAfterEveryStep() throws {
        let bench = try Bench()
        let record = "content/decisions/0002-cache-in-redis.md"

        // A body edit: one file read and parsed, a few pages rendered, the rest kept.
        try bench.write(record, "---\nstatus: proposed\ndate: 2026-02-01\ntags: [storage, cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\nSee [[ADR-0001]] and [the database](0001-use-postgresql.md). Now with TTLs.\n")
        bench.step("body edit", [record])
        #expect(bench.loads == 1 && bench.parses == 1, "loads \(bench.loads), parses \(bench.parses)")
        #expect(bench.rendered >= 1 && bench.rendered < bench.pageCount / 2, "rendered \(bench.rendered) of \(bench.pageCount)")
        #expect(bench.page("decisions/ADR-0002.html").contains("Now with TTLs."))

        // A title that other pages show: ADR-0002's relations, the landmine, indexes, tags, search, graph.
        let first = "content/decisions/0001-use-postgresql.md"
        try bench.write(first, "---\nstatus: accepted\ndate: 2026-01-05\ntags: [storage]\ngoverns: [\"src/db/\"]\n---\n# Store orders in PostgreSQL\n\nOrders live in PostgreSQL.\n")
        bench.step("title edit", [first])
        #expect(bench.page("decisions/ADR-0002.html").contains("Store orders in PostgreSQL"))
        #expect(bench.page("landmines/retries.html").contains("Store orders in PostgreSQL"))
        #expect(bench.page("decisions/index.html").contains("Store orders in PostgreSQL"))

        // A status that the record listing it shows (superseded by a new record).
        try bench.write("content/decisions/0004-orders-in-cockroach.md", "---\nstatus: accepted\ndate: 2026-04-01\nsupersedes: [ADR-0001]\n---\n# Orders in CockroachDB\n\nScale.\n")
        try bench.write(first, "---\nstatus: superseded\ndate: 2026-01-05\ntags: [storage]\ngoverns: [\"src/db/\"]\n---\n# Store orders in PostgreSQL\n\nOrders live in PostgreSQL.\n")
        bench.step("a new record superseding another", ["content/decisions/0004-orders-in-cockroach.md", first])
        #expect(bench.page("decisions/ADR-0002.html").contains("superseded"))

        // Deleting a record others link to: the clean build's broken-link errors, and the last good site stays.
        let deleted = try String(contentsOfFile: bench.root.path + "/" + first, encoding: .utf8)
        try bench.remove(first)
        let broken = bench.step("a linked record deleted", [first], succeeds: false)
        #expect(broken.diagnostics.contains { $0.id == "broken-link" && $0.file.hasSuffix("0002-cache-in-redis.md") },
                "\(broken.diagnostics.map(\.formatted))")
        // Fixing it by bringing the record back under another name (a rename): pages follow.
        try bench.write("content/decisions/0001-orders-in-postgresql.md", deleted)
        try bench.write(record, "---\nstatus: proposed\ndate: 2026-02-01\ntags: [storage, cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\nSee [[ADR-0001]] and [the database](0001-orders-in-postgresql.md).\n")
        try bench.write("content/guides/setup.md", "# Setup\n\nRead [the database decision](../decisions/0001-orders-in-postgresql.md).\n\n![diagram](diagram.svg)\n")
        bench.step("renamed back and links fixed", ["content/decisions/0001-orders-in-postgresql.md", record, "content/guides/setup.md"])

        // A landmine and an asset deleted, a governed file added.
        try bench.remove("content/landmines/retries.md")
        try bench.remove("content/guides/diagram.svg")
        try bench.write("content/guides/setup.md", "# Setup\n\nNo picture now.\n")
        try bench.write("src/db/schema.txt", "schema\n")
        bench.step("deletions and a new governed file", ["content/landmines/retries.md", "content/guides/diagram.svg",
                                                         "content/guides/setup.md", "src/db/schema.txt"])
        #expect(bench.page("files/src/db/schema.txt.html").isEmpty == false || bench.files("public").keys.contains { $0.contains("schema") })

        // The configuration (every page's site title) and a theme override.
        // (unsafe_html changes how bodies are parsed: no document may be reused from the cache.)
        try bench.write("content/handbook.yml", "title: Incremental, renamed\nrepository: https://github.com/acme/shop\nunsafe_html: true\n")
        bench.step("configuration", ["content/handbook.yml"])
        #expect(bench.page("index.html").contains("Incremental, renamed"))
        #expect(bench.page("decisions/ADR-0003.html").contains("<kbd>yet</kbd>"))
        let foot = try String(contentsOf: TestFiles.packageRoot.appendingPathComponent("templates/partials/foot.mustache"), encoding: .utf8)
        try bench.write("templates/partials/foot.mustache", foot.replacingOccurrences(of: "</body>", with: "<!-- edited --></body>"))
        bench.step("theme override", ["templates/partials/foot.mustache"])
        #expect(bench.page("decisions/ADR-0003.html").contains("<!-- edited -->"))
        // And after the whole-site rebuild, a body edit is incremental again.
        try bench.write("content/decisions/0003-queue-orders.md", "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\nStill nothing to say.\n")
        bench.step("body edit after the theme", ["content/decisions/0003-queue-orders.md"])
        #expect(bench.loads == 1 && bench.rendered < bench.pageCount / 2, "loads \(bench.loads), rendered \(bench.rendered)")
        // A change the watcher did not report: the file's stamp gives it away.
        try bench.write("content/decisions/0003-queue-orders.md", "---\nstatus: rejected\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\nStill nothing to say.\n")
        bench.step("an edit nobody reported", [])
        #expect(bench.page("decisions/ADR-0003.html").contains("rejected"))
    }

    @Test func aBrokenFrontMatterIsReportedFromTheCacheUntilFixed() throws {
        let bench = try Bench()
        let record = "content/decisions/0003-queue-orders.md"
        try bench.write(record, "---\nstatus: [accepted\n---\n# Queue orders\n")
        let first = bench.step("broken YAML", [record], succeeds: false)
        #expect(first.diagnostics.contains { $0.id == "yaml-syntax" })
        // Another file changes; the broken one is reused from the cache and still reported.
        try bench.write("content/guides/setup.md", "# Setup\n\nStill here.\n")
        let second = bench.step("another edit while broken", ["content/guides/setup.md"], succeeds: false)
        #expect(second.diagnostics.contains { $0.id == "yaml-syntax" })
        #expect(bench.loads == 1, "loads \(bench.loads)")
        try bench.write(record, "---\nstatus: accepted\ndate: 2026-03-01\n---\n# Queue orders\n\nFixed.\n")
        bench.step("fixed", [record])
    }

    @Test func aModelFingerprintSeesEveryValueAndNoOrder() {
        let a: [String: Any] = ["title": "x", "list": [["id": "ADR-1", "n": 1] as [String: Any]], "flag": true]
        var b: [String: Any] = ["flag": true]
        b["list"] = [["n": 1, "id": "ADR-1"] as [String: Any]]
        b["title"] = "x"
        #expect(ModelFingerprint.of(a, template: "page") == ModelFingerprint.of(b, template: "page"))
        #expect(ModelFingerprint.of(a, template: "page") != ModelFingerprint.of(a, template: "decision"))
        var c = b
        c["list"] = [["n": 2, "id": "ADR-1"] as [String: Any]]
        #expect(ModelFingerprint.of(a, template: "page") != ModelFingerprint.of(c, template: "page"))
        var d = b
        d["flag"] = false
        #expect(ModelFingerprint.of(a, template: "page") != ModelFingerprint.of(d, template: "page"))
        // Two lists with the same items in another order render differently.
        #expect(ModelFingerprint.of(["l": ["a", "b"]], template: "t") != ModelFingerprint.of(["l": ["b", "a"]], template: "t"))
        // A value the renderer shows through its description has none: the page is always rendered.
        struct Opaque {}
        #expect(ModelFingerprint.of(["x": Opaque()], template: "t") == nil)
    }
}
