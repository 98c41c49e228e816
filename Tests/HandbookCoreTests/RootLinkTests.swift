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
            "content/decisions/index.md:6:3: warning: '/l4b-static/adr-workflow.png' starts with '/', it is an image of log4brains' own site, which this one does not have; copy it into the log and link it relative to this file [absolute-link]",
        ], "\(build.messages)")
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
