import Foundation
import HandbookCore
import Testing

/// An image of the repository outside the content folders that a record shows is copied into the
/// site (`files/<repository path>`) and shown from there: a link to the forge's page for it is not
/// an image, and without `repository` there was no link at all (cisagov/manage.get.gov's ADR 25).
@Suite struct RepositoryImageTests {
    @Test func aRealLogsImagesBesideTheLogAreCopiedAndShown() throws {
        let log = try RealLogTests.build("getgov")
        #expect(log.build.errors.isEmpty, "\(log.build.messages)")
        #expect(!log.build.ids.contains("no-repository"), "\(log.build.messages)")
        #expect(log.build.result.folders == ["docs/architecture/decisions (decisions, found)"])
        let page = log.build.page("decisions/ADR-0025.html")
        #expect(page.contains(#"<img src="../files/docs/architecture/doc-images/caching-rtr-logs.png" alt="Kibana RTR Logs" />"#))
        #expect(page.contains(#"<img src="../files/docs/architecture/doc-images/caching-average-load-times.png""#))
        let fixture = TestFiles.fixtures.appendingPathComponent("real-logs/getgov/docs/architecture/doc-images")
        for name in ["caching-rtr-logs.png", "caching-average-load-times.png"] {
            let copied = log.build.output.text("files/docs/architecture/doc-images/" + name)
            #expect(copied == (try String(contentsOf: fixture.appendingPathComponent(name), encoding: .utf8)), "\(name)")
        }
        // Only what a page shows: the license beside the log is not copied.
        #expect(log.build.output.text("files/LICENSE.md") == nil)
    }

    @Test func onlyImagesOfTheRepositoryThatExistAreCopied() {
        let record = """
            ---
            status: accepted
            ---
            # Draw it

            ![flow](../../docs/flow.svg) ![again](../../docs/flow.svg#top) [the code](../../src/app.txt)
            ![script](../../docs/run.sh) ![missing](../../docs/gone.png) ![built](../../public/old.png)

            """
        let build = TestBuild.run(["content/handbook.yml": "title: Images\nrepository: https://github.com/acme/shop\nbroken_links: warn\n",
                                   "content/decisions/0001-draw-it.md": record,
                                   "docs/flow.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
                                   "docs/run.sh": "echo hi\n", "src/app.txt": "app\n", "public/old.png": "old\n",
                                   "public/handbook.json": "{}\n"])
        let page = build.page("decisions/ADR-0001.html")
        #expect(page.contains(#"<img src="../files/docs/flow.svg" alt="flow" />"#), "\(build.messages)")
        #expect(page.contains(#"<img src="../files/docs/flow.svg#top" alt="again" />"#))
        #expect(page.contains(#"<a href="https://github.com/acme/shop/blob/HEAD/src/app.txt">the code</a>"#), "a link stays a link to the forge")
        #expect(page.contains(#"<img src="https://github.com/acme/shop/blob/HEAD/docs/run.sh" alt="script" />"#), "not an image format: not copied")
        #expect(build.output.text("files/docs/flow.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        #expect(build.output.text("files/docs/run.sh") == nil && build.output.text("files/public/old.png") == nil)
        #expect(build.messages.contains { $0.contains("link to '../../docs/gone.png': no file docs/gone.png in the repository") }, "\(build.messages)")
    }

    /// `serve`: a body edit that shows an image the site has no copy of is rebuilt the full way,
    /// and then a body edit again; both equal a clean build.
    @Test func aBodyEditShowingANewImageEqualsACleanBuild() throws {
        let bench = try IncrementalBuildTests.Bench()
        try bench.write("docs/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        let queue = "content/decisions/0003-queue-orders.md"
        let front = "---\nstatus: accepted\ndate: 2026-03-01\ngoverns: [\"src/queue.txt\"]\n---\n# Queue orders\n\n"
        try bench.write(queue, front + "The flow:\n\n![flow](../../docs/flow.svg)\n")
        let shown = bench.step("an image of the repository shown", [queue])
        #expect(shown.route != .bodyEdit, "\(shown.route)")
        #expect(bench.files("public")["files/docs/flow.svg"] != nil)
        try bench.write(queue, front + "The flow, drawn:\n\n![flow](../../docs/flow.svg)\n")
        #expect(bench.step("a body edit beside it", [queue]).route == .bodyEdit)
        // The image redrawn: the site's copy follows.
        try bench.write("docs/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>\n")
        bench.step("the image redrawn", ["docs/flow.svg"])
        #expect(bench.files("public")["files/docs/flow.svg"].map { String(decoding: $0, as: UTF8.self) }?.contains("circle") == true)
    }
}
