import Foundation
import HandbookCore
import Testing

/// Links that start with `/`, as real logs write them for their forge or their own site (modelled
/// on DFE-Digital/get-an-identity's records and LBHackney-IT/social-care-architecture's Docusaurus
/// index; neither repository has a licence, so nothing of theirs is copied here).
@Suite struct RootLinkTests {
    static let files: [String: String] = [
        "content/handbook.yml": "title: Root links\nrepository: https://github.com/acme/shop\n",
        "content/decisions/0001-record-architecture-decisions.md": "---\nstatus: accepted\n---\n# Record architecture decisions\n\n## Context\n\nWe forget.\n",
        "content/decisions/0002-use-dotnet-for-the-auth-server.md": """
            ---
            status: accepted
            ---
            # Use .NET for the auth server

            See the [spike summary](/docs/spikes-summary.md), the [first record](/content/decisions/0001-record-architecture-decisions.md#context)
            and the flow:

            ![flow](/docs/images/flow.svg)

            """,
        "content/decisions/index.md": """
            # Architecture Decision Records

            - [1. Record architecture decisions](/decisions/record-architecture-decisions)
            - [2. Use .NET](/decisions/use-dotnet-for-the-auth-server/#top)
            - [Not a route of ours](/decisions/no-such-record)
            - ![ADR workflow](/l4b-static/adr-workflow.png)

            """,
        "docs/spikes-summary.md": "# Spikes\n",
        "docs/images/flow.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ]

    @Test func aLinkFromTheRepositoryRootIsReadAsGitHubReadsIt() {
        let build = TestBuild.run(Self.files)
        #expect(build.errors.isEmpty, "\(build.messages)")
        let page = build.page("decisions/ADR-0002.html")
        #expect(page.contains(#"<a href="https://github.com/acme/shop/blob/HEAD/docs/spikes-summary.md">spike summary</a>"#), "\(page)")
        #expect(page.contains(#"<a href="ADR-0001.html#context">first record</a>"#))
        #expect(page.contains(#"<img src="../files/docs/images/flow.svg" alt="flow" />"#))
        #expect(build.output.text("files/docs/images/flow.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
    }

    @Test func aSiteGeneratorsRouteNamesTheRecordWithoutItsNumber() {
        let build = TestBuild.run(Self.files)
        let index = build.page("decisions/index.html")
        #expect(index.contains(#"<a href="ADR-0001.html">1. Record architecture decisions</a>"#), "\(index)")
        #expect(index.contains(#"<a href="ADR-0002.html#top">2. Use .NET</a>"#))
        #expect(build.messages == [
            "content/decisions/index.md:5:3: warning: '/decisions/no-such-record' starts with '/', so it breaks when the site is opened from disk or a sub-path; write it relative to this file [absolute-link]",
        ], "\(build.messages)")
    }

    /// Every log4brains log's index shows log4brains' drawing of the records' life from its own site
    /// (`/l4b-static/adr-workflow.png`, a file no repository holds): the theme's drawing is shown.
    @Test func log4brainsWorkflowDrawingIsTheThemes() {
        let build = TestBuild.run(Self.files)
        let index = build.page("decisions/index.html")
        #expect(index.contains(#"<img src="../adr-workflow.svg" alt="ADR workflow" />"#), "\(index)")
        let drawing = build.output.text("adr-workflow.svg") ?? ""
        for state in ["Draft", "Proposed", "Accepted", "Rejected", "Deprecated", "Superseded"] {
            #expect(drawing.contains(">\(state)</text>"), "\(state)")
        }
        #expect(!build.messages.contains { $0.contains("l4b-static") }, "\(build.messages)")
        // Written only for a site that shows it.
        var without = Self.files
        without["content/decisions/index.md"] = "# Architecture Decision Records\n"
        #expect(TestBuild.run(without).output.text("adr-workflow.svg") == nil)
    }

    /// `serve`: a body edit that shows the drawing, and one that stops showing it, each equal a
    /// clean build (the drawing comes and goes with them).
    @Test func theWorkflowDrawingFollowsServesEdits() throws {
        let bench = try IncrementalBuildTests.Bench()
        let queue = "content/decisions/0003-queue-orders.md"
        let front = "---\nstatus: accepted\ndate: 2026-03-01\n---\n# Queue orders\n\n"
        try bench.write(queue, front + "The flow of a record:\n\n![workflow](/l4b-static/adr-workflow.png)\n")
        bench.step("the drawing shown", [queue])
        #expect(bench.files("public")["adr-workflow.svg"] != nil)
        try bench.write(queue, front + "The flow of a record: see the log.\n")
        bench.step("the drawing no longer shown", [queue])
        #expect(bench.files("public")["adr-workflow.svg"] == nil)
    }

    /// A name two documents share names neither: the warning stays.
    @Test func aRouteTwoDocumentsShareIsLeftAlone() {
        var files = Self.files
        files["content/guides/record-architecture-decisions.md"] = "# How we record\n"
        let build = TestBuild.run(files)
        #expect(build.messages.contains { $0.hasPrefix("content/decisions/index.md:3:3: warning: '/decisions/record-architecture-decisions' starts with '/'") },
                "\(build.messages)")
    }
}
