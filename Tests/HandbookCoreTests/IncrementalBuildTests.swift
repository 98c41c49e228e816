import Foundation
import HandbookMarkdown
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
            // A body edit's whole-site files follow its answer (the server asks for them next).
            let after = site.finishPending()
            #expect((after != nil) == [.bodyEdit, .fieldEdit].contains(rebuild.route), "\(comment): whole-site files pending after \(rebuild.route)")
            #expect(after?.succeeded ?? true, "\(comment)")
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
        #expect(bench.step("body edit", [record]).route == .bodyEdit)
        #expect(bench.loads == 1 && bench.parses == 1, "loads \(bench.loads), parses \(bench.parses)")
        #expect(bench.rendered >= 1 && bench.rendered < bench.pageCount / 2, "rendered \(bench.rendered) of \(bench.pageCount)")
        #expect(bench.page("decisions/ADR-0002.html").contains("Now with TTLs."))

        // A title that other pages show: ADR-0002's relations, the landmine, indexes, tags, search, graph.
        let first = "content/decisions/0001-use-postgresql.md"
        try bench.write(first, "---\nstatus: accepted\ndate: 2026-01-05\ntags: [storage]\ngoverns: [\"src/db/\"]\n---\n# Store orders in PostgreSQL\n\nOrders live in PostgreSQL.\n")
        let retitled = bench.step("title edit", [first])
        #expect(retitled.route == .fieldEdit, "\(retitled.route) \(retitled.why ?? "")")
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
        #expect(bench.step("theme override", ["templates/partials/foot.mustache"]).route == .whole)
        // Every page rendered, none fingerprinted: no page could be kept with other templates.
        #expect(bench.reused == 0 && bench.site.cache.pages.unfingerprinted, "reused \(bench.reused)")
        #expect(bench.page("decisions/ADR-0003.html").contains("<!-- edited -->"))
        // The swapped-out site is removed after the rebuild answered, and nothing of it is left.
        bench.site.waitForRemovals()
        let beside = try FileManager.default.contentsOfDirectory(atPath: bench.root.path)
        #expect(!beside.contains { $0.hasPrefix(".public.staging-") }, "\(beside)")
        // And after the whole-site rebuild, a body edit is incremental again.
        try bench.write("content/decisions/0003-queue-orders.md", "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\nStill nothing to say.\n")
        #expect(bench.step("body edit after the theme", ["content/decisions/0003-queue-orders.md"]).route == .bodyEdit)
        #expect(bench.loads == 1 && bench.rendered < bench.pageCount / 2, "loads \(bench.loads), rendered \(bench.rendered)")
        // The theme's build took no fingerprints (ADR-0020): the next rebuild that compares pages takes
        // them from the pages on disk, and keeps every page an added asset does not change.
        #expect(bench.site.cache.pages.unfingerprinted)
        try bench.write("content/guides/photo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>\n")
        #expect(bench.step("an asset added after the theme", ["content/guides/photo.svg"]).route == .compared)
        #expect(!bench.site.cache.pages.unfingerprinted && bench.reused > 0 && bench.rendered == 0,
                "reused \(bench.reused), rendered \(bench.rendered)")
        // A change the watcher did not report: the file's stamp gives it away.
        try bench.write("content/decisions/0003-queue-orders.md", "---\nstatus: rejected\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\nStill nothing to say.\n")
        #expect(bench.step("an edit nobody reported", []).route == .compared)
        #expect(bench.page("decisions/ADR-0003.html").contains("rejected"))
    }

    /// A body edit (ADR-0018) writes its own page and the whole-site files only; whatever else the
    /// edit touches (a heading other files link to, a broken link, the decisions index's introduction,
    /// a build that failed before) goes the way that compares every page. After each step: a clean build's site.
    @Test func bodyEditsWriteTheirOwnPagesAndEqualACleanBuild() throws {
        let bench = try Bench()
        let queue = "content/decisions/0003-queue-orders.md"
        let cache = "content/decisions/0002-cache-in-redis.md"
        let front3 = "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\n"
        let front2 = "---\nstatus: proposed\ndate: 2026-02-01\ntags: [storage, cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\n"

        // A heading another record links to: not a body edit (links to it are checked from the other file).
        try bench.write(queue, front3 + "## Retry policy\n\nThree times.\n")
        try bench.write(cache, front2 + "See [the retries](0003-queue-orders.md#retry-policy).\n")
        #expect(bench.step("a heading and a link to it", [queue, cache]).route == .compared)
        // Two bodies in one batch, a page's among them.
        try bench.write(queue, front3 + "## Retry policy\n\nFour times, then [the guide](../guides/setup.md).\n")
        try bench.write("content/guides/setup.md", "# Setup\n\nRead [the database decision](../decisions/0001-use-postgresql.md) first.\n\n![diagram](diagram.svg)\n")
        let two = bench.step("two bodies", [queue, "content/guides/setup.md"])
        #expect(two.route == .bodyEdit && bench.rendered == 2 && bench.loads == 2, "\(two.route), rendered \(bench.rendered), loads \(bench.loads)")
        #expect(two.written.contains("decisions/ADR-0003.html") && two.written.contains("guides/setup.html"), "\(two.written)")
        #expect(!two.written.contains("decisions/index.html"), "\(two.written)")
        #expect(bench.page("decisions/ADR-0003.html").contains("Four times"))
        // The heading renamed: ADR-0002's link now points at nothing, as a clean build says.
        try bench.write(queue, front3 + "## Retries\n\nFour times.\n")
        let renamed = bench.step("a linked heading renamed", [queue], succeeds: false)
        #expect(renamed.route == .compared)
        #expect(renamed.diagnostics.contains { $0.id == "broken-anchor" }, "\(renamed.diagnostics.map(\.formatted))")
        try bench.write(queue, front3 + "## Retry policy\n\nFour times.\n")
        #expect(bench.step("the heading back (the last build failed)", [queue]).route == .compared)
        // A broken link in a body: the clean build's error, the last good site kept.
        try bench.write(queue, front3 + "## Retry policy\n\nSee [nothing](0009-none.md).\n")
        try bench.write("content/guides/setup.md", "# Setup\n\nRead [the database decision](../decisions/0001-use-postgresql.md) first.\n\nAnd [none](none.md).\n")
        let broken = bench.step("broken links added", [queue, "content/guides/setup.md"], succeeds: false)
        #expect(broken.diagnostics.contains { $0.id == "broken-link" }, "\(broken.diagnostics.map(\.formatted))")
        // The overlay's lines of source: each diagnostic's own line, read from the file as it is now.
        #expect(broken.sourceLines == broken.diagnostics.map(bench.site.sourceLine), "\(broken.sourceLines)")
        #expect(broken.sourceLines.contains("See [nothing](0009-none.md).") && broken.sourceLines.contains("And [none](none.md)."), "\(broken.sourceLines)")
        try bench.write(queue, front3 + "## Retry policy\n\nSee [the cache](0002-cache-in-redis.md).\n")
        try bench.write("content/guides/setup.md", "# Setup\n\nRead [the database decision](../decisions/0001-use-postgresql.md) first.\n\n![diagram](diagram.svg)\n")
        let fixed = bench.step("fixed", [queue, "content/guides/setup.md"])
        // A good rebuild reads no line of source (its diagnostics are warnings the overlay does not show).
        #expect(fixed.route == .compared && fixed.sourceLines.isEmpty, "\(fixed.route) \(fixed.sourceLines)")
        try bench.write(queue, front3 + "## Retry policy\n\nSee [the cache](0002-cache-in-redis.md), twice.\n")
        #expect(bench.step("a body edit again", [queue]).route == .bodyEdit)
        // A warning at the record (a glob that matches nothing) stays through a body edit.
        let stale = "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/gone/\"]\n---\n# Queue orders\n\n"
        try bench.write(queue, stale + "## Retry policy\n\nThree times.\n")
        let warned = bench.step("a stale glob", [queue])
        #expect(warned.route == .compared && warned.diagnostics.contains { $0.id == "stale-governance" }, "\(warned.diagnostics.map(\.formatted))")
        try bench.write(queue, stale + "## Retry policy\n\nThree times, with [the cache](0002-cache-in-redis.md).\n")
        let still = bench.step("a body edit of a record with a warning", [queue])
        #expect(still.route == .bodyEdit && still.diagnostics.contains { $0.id == "stale-governance" }, "\(still.route) \(still.why ?? "")")
        // The decision log's own index.md is the decisions index's introduction: that page changes too.
        try bench.write("content/decisions/index.md", "# Our decisions\n\nHow we decide.\n")
        bench.step("a log introduction", ["content/decisions/index.md"])
        try bench.write("content/decisions/index.md", "# Our decisions\n\nHow we decide, and why.\n")
        #expect(bench.step("its body edited", ["content/decisions/index.md"]).route == .compared)
        #expect(bench.page("decisions/index.html").contains("and why"))
        // Saved without a change: nothing to write.
        let same = bench.step("saved unchanged", [queue])
        #expect(same.route == .bodyEdit && same.written.isEmpty, "\(same.route) \(same.written)")
    }

    /// A body edit starts from a copy of the documents made while `serve` waited (ADR-0022): a copy
    /// of the last build's own array, never of an older one, even one of as many documents.
    @Test func aBodyEditStartsFromACopyOfTheLastHandbookOnly() throws {
        let bench = try Bench()
        let cache = "content/decisions/0002-cache-in-redis.md"
        let front2 = "---\nstatus: proposed\ndate: 2026-02-01\ntags: [storage, cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\n"
        try bench.write(cache, front2 + "See [[ADR-0001]], with a TTL.\n")
        #expect(bench.step("a body edit, then the copy made", [cache]).route == .bodyEdit)
        let before = bench.site.cache.last?.handbook.documents ?? []
        // The configuration: the whole site again (no body edit tried), and no wait after it.
        try bench.write("content/handbook.yml", "title: Incremental again\nrepository: https://github.com/acme/shop\n")
        #expect(bench.site.rebuild(changed: [bench.root.path + "/content/handbook.yml"]).route == .whole)
        let now = bench.site.cache.last?.handbook.documents ?? []
        #expect(now.count == before.count && !now.isEmpty)
        #expect(bench.site.cache.takeSpareDocuments(of: now) == nil, "a copy of the documents before the rebuild")
        #expect(bench.site.cache.takeSpareDocuments(of: before)?.map(\.title) == before.map(\.title))
        // Made again while waiting, then used.
        _ = bench.site.finishPending()
        try bench.write(cache, front2 + "See [[ADR-0001]], with a longer TTL.\n")
        #expect(bench.step("a body edit after it", [cache]).route == .bodyEdit)
        #expect(bench.page("decisions/ADR-0002.html").contains("a longer TTL"))
    }

    /// A title, status or tags edit (ADR-0019) renders the pages that show them and no others; what
    /// it cannot vouch for (a new tag, a status warning, a relation, a link to the title's anchor)
    /// goes the way that compares every page. After each step: a clean build's site and diagnostics.
    @Test func fieldEditsWriteThePagesThatShowThemAndEqualACleanBuild() throws {
        let bench = try Bench()
        let queue = "content/decisions/0003-queue-orders.md"
        let cache = "content/decisions/0002-cache-in-redis.md"
        // Every field on a line of its own, so that an edit moves no other line (locations are not a field edit's).
        // A glob that matches nothing: the home page lists it with the record's title (its row is kept while they stay, ADR-0022).
        func queueText(status: String = "accepted", tags: String = "[]", title: String = "Queue every order",
                       relation: String = "relates: []", heading: String = "Queue orders") -> String {
            "---\nstatus: \(status)\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\", \"src/db/\", \"src/gone/\"]\ntags: \(tags)\ntitle: \(title)\n\(relation)\n---\nNothing to say <kbd>yet</kbd>.\n\n# \(heading)\n"
        }
        func step(_ comment: Comment, _ changed: [String], route: LiveSite.Rebuild.Route, why: String? = nil, succeeds: Bool = true) {
            let rebuild = bench.step(comment, changed, succeeds: succeeds)
            #expect(rebuild.route == route && (why == nil || rebuild.why == why), "\(comment): \(rebuild.route) \(rebuild.why ?? "")")
            if route == .fieldEdit { #expect(bench.loads == changed.count, "\(comment): loads \(bench.loads)") }
        }
        try bench.write(queue, queueText(title: "Queue orders"))
        step("a title line added", [queue], route: .compared)
        // A title (its page, the indexes, the file page it governs, every page's sidebar).
        try bench.write(queue, queueText())
        step("a title", [queue], route: .fieldEdit)
        #expect(bench.page("files/src/queue.txt.html").contains("Queue every order"))
        #expect(bench.page("index.html").contains("ADR-0003: Queue every order"))
        #expect(bench.page("guides/setup.html").contains("Queue every order"))
        // A status (the indexes' counts, the decision's row).
        try bench.write(queue, queueText(status: "proposed"))
        step("a status", [queue], route: .fieldEdit)
        #expect(bench.page("decisions/ADR-0003.html").contains("proposed"))
        // Tags: one removed that another record keeps, two that others have; a tag no other record has makes a page.
        try bench.write(cache, "---\nstatus: proposed\ndate: 2026-02-01\ntags: [cache]\nrelates: [ADR-0001]\n---\n# Cache in Redis\n\nSee [[ADR-0001]] and [the database](0001-use-postgresql.md).\n")
        step("a tag removed that another record keeps", [cache], route: .fieldEdit)
        #expect(bench.page("tags/storage.html").contains("1 decision."), "\(bench.page("tags/storage.html"))")
        try bench.write(queue, queueText(status: "proposed", tags: "[storage, cache]"))
        step("tags that others have", [queue], route: .fieldEdit)
        #expect(bench.page("tags/cache.html").contains("Queue every order"))
        // A title of a record on a tag page beside another (ADR-0021: the tag page, the decisions index
        // and the home page are rendered again from their recordings, copying the rows that did not change).
        let postgres = "content/decisions/0001-use-postgresql.md"
        func postgresText(status: String = "accepted", title: String = "Use PostgreSQL") -> String {
            "---\nstatus: \(status)\ndate: 2026-01-05\ntags: [storage]\ngoverns: [\"src/db/\"]\n---\n# \(title)\n\nOrders live in PostgreSQL.\n"
        }
        try bench.write(postgres, postgresText(title: "Use PostgreSQL 16"))
        step("a title on a tag page", [postgres], route: .fieldEdit)
        #expect(bench.page("tags/storage.html").contains("Use PostgreSQL 16") && bench.page("tags/storage.html").contains("Queue every order"))
        for page in ["decisions/index.html", "tags/storage.html", "index.html"] {
            let copied = bench.site.cache.pages.recording(page)?.copied ?? 0
            #expect(copied > 0, "\(page): no row copied from its recording")
        }
        // A status that moves it in a file page's list (accepted first, then proposed, then the rest).
        func governing() -> [String] {
            // The file page's article (the sidebar lists decisions too), its decisions in order.
            let page = bench.page("files/src/db/pay.txt.html")
            guard let article = page.range(of: "<article class=\"file-page\">") else { return [] }
            return page[article.upperBound...].components(separatedBy: "ADR-").dropFirst().map { String($0.prefix(4)) }
                .filter { ["0001", "0003"].contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        }
        #expect(governing() == ["0001", "0003"])
        try bench.write(postgres, postgresText(status: "deprecated", title: "Use PostgreSQL 16"))
        step("a status that moves it down a file page", [postgres], route: .fieldEdit)
        #expect(governing() == ["0003", "0001"])
        try bench.write(postgres, postgresText(title: "Use PostgreSQL 17"))
        step("a title and a status back", [postgres], route: .fieldEdit)
        try bench.write(queue, queueText(status: "proposed", tags: "[queues]"))
        step("a new tag", [queue], route: .compared, why: "a tag is new or no longer used")
        #expect(bench.page("tags/queues.html").contains("Queue every order"))
        // A status the check stage warns about (superseded, by nothing), and back.
        try bench.write(queue, queueText(status: "superseded", tags: "[queues]"))
        step("superseded by nothing", [queue], route: .compared, why: "the statuses give other warnings")
        try bench.write(queue, queueText(tags: "[queues]"))
        step("in force again", [queue], route: .compared, why: "the statuses give other warnings")
        // A relation: the other record's page shows it, the graph, the check stage: not a field edit.
        try bench.write(queue, queueText(tags: "[queues]", relation: "supersedes: [ADR-0002]"))
        step("supersedes", [queue], route: .compared,
             why: "more than the text, title, status and tags of content/decisions/0003-queue-orders.md changed (its fields, relations or headings)")
        #expect(bench.page("decisions/ADR-0002.html").contains("Queue every order"))
        // A heading of level 1 (not the title here) another file links to by its anchor: that link breaks, as a clean build says.
        try bench.write("content/guides/setup.md", "# Setup\n\nRead [the queue](../decisions/0003-queue-orders.md#queue-orders).\n\n![diagram](diagram.svg)\n")
        step("a link to the heading's anchor", ["content/guides/setup.md"], route: .bodyEdit)
        try bench.write(queue, queueText(tags: "[queues]", relation: "supersedes: [ADR-0002]", heading: "Queue all orders"))
        let broken = bench.step("the heading under the link", [queue], succeeds: false)
        #expect(broken.route == .compared && broken.why == "a link names a heading that changed", "\(broken.route) \(broken.why ?? "")")
        #expect(broken.diagnostics.contains { $0.id == "broken-anchor" }, "\(broken.diagnostics.map(\.formatted))")
        try bench.write(queue, queueText(tags: "[queues]", relation: "supersedes: [ADR-0002]"))
        step("the heading back (the last build failed)", [queue], route: .compared)
        // The titles of two records in one batch (the status of ADR-0002, superseded, is warned about: not changed).
        try bench.write(queue, queueText(tags: "[queues]", title: "Queue some orders", relation: "supersedes: [ADR-0002]"))
        try bench.write(cache, "---\nstatus: proposed\ndate: 2026-02-01\ntags: [cache]\nrelates: [ADR-0001]\n---\n# Cache in Valkey\n\nSee [[ADR-0001]] and [the database](0001-use-postgresql.md).\n")
        step("two records", [queue, cache], route: .fieldEdit)
        let same = bench.step("saved unchanged", [queue])
        #expect(same.route == .bodyEdit && same.written.isEmpty, "\(same.route) \(same.written)")
    }

    /// What `LiveSite.outline` leaves out of a document (its body's HTML, blocks and links, and the
    /// links' hrefs) is read by its own page's view model and no other page's, on a handbook that
    /// has every kind of page: else a body edit (ADR-0018) would leave a page stale. The decisions
    /// index's introduction is the one exception, and the body edit's route leaves it out.
    @Test func aBodyIsShownOnlyOnItsOwnPage() throws {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1"
        let fileSystem = MemoryFileSystem(SampleHandbook.files.merging(SampleContract.files) { $1 })
        let diagnostics = DiagnosticEngine()
        var handbook = try #require(Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: diagnostics))
        handbook.review = Pipeline.reviewReport(handbook, base: "HEAD~1", git: SampleGit(), options: options, diagnostics: diagnostics)
        func fingerprints(_ handbook: Handbook) -> [String: Int] {
            let pages = RenderStage.PageList(handbook: handbook, options: options)
            var result: [String: Int] = [:]
            for number in 0..<pages.count {
                let job = pages.job(number)
                guard let fingerprint = ModelFingerprint.of(job.model, template: job.template) else {
                    Issue.record("\(job.outputPath) has no fingerprint")
                    continue
                }
                result[job.outputPath] = fingerprint
            }
            return result
        }
        let before = fingerprints(handbook)
        #expect(before.count > 20, "\(before.keys.sorted())")
        let other = MarkdownParser.parse("Another text with [a link](elsewhere.md), [[ADR-0002]] and #7.\n\n- a list\n",
                                         options: MarkdownOptions(pullRequestReferences: true, plainText: false))
        for index in handbook.documents.indices {
            var edited = handbook
            let document = handbook.documents[index]
            edited.documents[index].markdown.html = other.html
            edited.documents[index].markdown.blocks = other.blocks
            edited.documents[index].markdown.links = other.links
            edited.hrefs[index] = other.links.indices.map { "changed-\($0).html" }
            #expect(LiveSite.outline(edited.documents[index]) == LiveSite.outline(document))
            let changed = Set(fingerprints(edited).filter { before[$0.key] != $0.value }.keys)
            if document.isDecisionsIntro {
                #expect(changed == ["decisions/index.html", "decisions/introduction.html"], "\(document.source.path): \(changed.sorted())")
            } else {
                #expect(changed == [document.outputPath], "\(document.source.path): \(changed.sorted())")
            }
        }
        #expect(handbook.documents.contains { $0.isDecisionsIntro } && handbook.documents.contains { $0.landmine != nil })
    }

    /// A field edit (ADR-0019) renders only the pages `LiveSite.pagesShowing` names: every page whose
    /// model changes when a decision's title, status or tags change must be among them, on the sample
    /// handbook (every kind of page) with 24 older decisions added, so that the sidebar's timeline,
    /// the relation graph's neighbourhood and the tag pages name fewer pages than the site has.
    @Test func aFieldEditIsShownOnlyOnThePagesNamed() throws {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1"
        var files = SampleHandbook.files.merging(SampleContract.files) { $1 }
        for number in 100..<124 {
            let relates = number % 5 == 1 ? "relates: [ADR-\(number - 1)]\n" : ""
            let tags = number % 3 == 0 ? "tags: [extra]\n" : number % 3 == 1 ? "tags: [extra, storage]\n" : ""
            let governs = number == 110 ? "governs: [src/main.swift]\n" : ""
            files["/sample/content/decisions/0\(number)-extra.md"] = "---\nstatus: \(number % 2 == 0 ? "accepted" : "proposed")\ndate: 2020-01-\(number - 99)\n"
                + relates + tags + governs + "---\n# Extra \(number)\n\nText.\n"
        }
        let fileSystem = MemoryFileSystem(files)
        let diagnostics = DiagnosticEngine()
        var handbook = try #require(Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: diagnostics))
        handbook.review = Pipeline.reviewReport(handbook, base: "HEAD~1", git: SampleGit(), options: options, diagnostics: diagnostics)
        func fingerprints(_ pages: RenderStage.PageList) -> [String: Int] {
            var result: [String: Int] = [:]
            for number in 0..<pages.count {
                let job = pages.job(number)
                result[job.outputPath] = ModelFingerprint.of(job.model, template: job.template)
            }
            return result
        }
        let before = RenderStage.PageList(handbook: handbook, options: options)
        let old = fingerprints(before)
        var checked = 0, narrow = 0
        for index in handbook.documents.indices {
            guard let record = handbook.documents[index].decision else { continue }
            let edits: [(String, (inout Document) -> Void)] = [
                ("title", { $0.title += " (renamed)" }),
                ("status", { $0.decision?.status = record.status == "accepted" ? "deprecated" : "accepted" }),
                ("tags", { $0.decision?.tags = record.tags.isEmpty ? ["storage"] : record.tags.contains("extra") ? ["storage"] : ["extra"] }),
            ]
            for (what, edit) in edits {
                var edited = handbook
                edit(&edited.documents[index])
                LiveSite.retitleStaleGlobs(&edited, edited: [index])
                let after = RenderStage.PageList(handbook: edited, options: options)
                // A tag new or no longer used changes the pages themselves: the route refuses it.
                guard after.count == before.count, after.tags.map(\.tag) == before.tags.map(\.tag) else { continue }
                // The page list the route derives from the old one (ADR-0021) gives every page the model a fresh one gives.
                let derived = before.replacing(edited, edited: [index])
                let fresh = fingerprints(after)
                #expect(derived.count == after.count && fingerprints(derived) == fresh, "\(record.id) \(what): the derived page list differs")
                let named = LiveSite.pagesShowing(index, old: before, new: derived)
                let namedPaths = Set(named.map { before.job($0).outputPath })
                let changed = Set(fresh.filter { old[$0.key] != $0.value }.keys)
                #expect(changed.isSubset(of: namedPaths), "\(record.id) \(what): \(changed.subtracting(namedPaths).sorted()) not named")
                #expect(changed.contains(handbook.documents[index].outputPath), "\(record.id) \(what): its own page did not change")
                checked += 1
                if namedPaths.count <= before.count - 10 { narrow += 1 }
            }
        }
        #expect(checked > 60 && narrow > 40, "checked \(checked), narrow \(narrow) of \(before.count) pages")
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

    /// A file's digest is the same however it was written in parts (`handbook.json` is appended in
    /// parts, and read back whole by `SiteWriter.scan`), and changes with any byte, its place or the size.
    @Test func aDigestIsTheSameForAnyPartsAndSeesEveryByte() {
        let bytes = Data((0..<45).map { UInt8(($0 * 37 + 11) & 0xff) })
        let whole = SiteWriter.digest(bytes)
        for first in 0...bytes.count {
            for second in first...min(bytes.count, first + 9) {
                var parts = SiteWriter.digest(bytes.prefix(first))
                parts.add(bytes[first..<second])
                parts.add(bytes[second...])
                #expect(parts == whole, "split at \(first) and \(second)")
            }
        }
        var seen: Set<SiteWriter.Digest> = [whole]
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x80
            #expect(seen.insert(SiteWriter.digest(changed)).inserted, "a change at \(index) not seen")
        }
        #expect(SiteWriter.digest(bytes + Data([0])) != whole && SiteWriter.digest(Data()) != SiteWriter.digest(Data([0])))
        // Two changes that cancel in a word-wise sum or product (the top bit of two words).
        var twice = bytes
        twice[7] ^= 0x80
        twice[15] ^= 0x80
        #expect(SiteWriter.digest(twice) != whole)
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
