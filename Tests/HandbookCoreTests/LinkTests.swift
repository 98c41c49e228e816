import HandbookCore
import HandbookMarkdown
import Testing

@Suite struct LinkTests {
    static let base: [String: String] = [
        "content/handbook.yml": "title: T\nrepository: https://github.com/acme/app\n",
        "content/decisions/0001-first.md": "---\nstatus: accepted\n---\n# First\n\n## Context\n\nText.\n",
        "content/guides/setup.md": "# Setup\n\n## Install\n",
        "content/guides/diagram.png": "PNG",
        "Sources/App/main.swift": "print(1)\n",
    ]

    static func build(_ body: String, at path: String = "content/guides/page.md", config: String? = nil) -> TestBuild {
        var files = base
        files[path] = body
        if let config { files["content/handbook.yml"] = config }
        return TestBuild.run(files)
    }

    @Test func relativeMarkdownLinksRewriteToPages() {
        let build = Self.build("[s](setup.md) [a](setup.md#install) [d](../decisions/0001-first.md#context) [h](../) [ds](../decisions/)")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let page = build.page("guides/page.html")
        #expect(page.contains("<a href=\"setup.html\">s</a>"))
        #expect(page.contains("<a href=\"setup.html#install\">a</a>"))
        #expect(page.contains("<a href=\"../decisions/ADR-0001.html#context\">d</a>"))
        #expect(page.contains("<a href=\"../index.html\">h</a>"))
        #expect(page.contains("<a href=\"../decisions/index.html\">ds</a>"))
    }

    @Test func idReferencesResolveWithAnchors() {
        let build = Self.build("See [[ADR-0001]], [[ADR-1#context]] and [[adr-0001|the first]].")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let page = build.page("guides/page.html")
        #expect(page.contains("<a href=\"../decisions/ADR-0001.html\">ADR-0001</a>"))
        #expect(page.contains("<a href=\"../decisions/ADR-0001.html#context\">ADR-1#context</a>"))
        #expect(page.contains("<a href=\"../decisions/ADR-0001.html\">the first</a>"))
    }

    @Test func brokenLinksAreErrorsAtTheirLine() {
        let build = Self.build("Intro\n\n[x](missing.md) and [y](setup.md#nowhere)\n\n[[ADR-0009]] and [z](#nothing)\n")
        #expect(build.messages == [
            "content/guides/page.md:3:1: error: link to 'missing.md': no file guides/missing.md in the content folder [broken-link]",
            "content/guides/page.md:3:21: error: link to 'setup.md#nowhere': content/guides/setup.md has no heading with anchor '#nowhere' [broken-anchor]",
            "content/guides/page.md:5:1: error: [[ADR-0009]] names no record; did you mean [[ADR-0001]]? [unknown-reference]",
            "content/guides/page.md:5:18: error: link to '#nothing': content/guides/page.md has no heading with anchor '#nothing' [broken-anchor]",
        ])
        #expect(!build.result.succeeded)
        #expect(build.output.files.isEmpty, "nothing is written when the build fails")
    }

    /// Raw HTML's anchors are link targets, as on GitHub (cometbft's RFC 021 writes
    /// `- <a id=note1></a>**Note 1**` and links `[1](#note1)`): an `id` on any tag, a `name` on
    /// `<a>`. Raw HTML is omitted by default, but its anchors stay on the page as `<a id>`; a `name`
    /// on another tag, or an anchor nothing makes, is still broken.
    @Test func rawHTMLAnchorsAreLinkTargets() {
        let body = "See [n](#note1), [t](#top-of-list), [d](setup.md#raw-id) and [x](#span-name).\n\n"
            + "<a name=\"top-of-list\"></a>\n\n- <a id=note1></a>**Note 1**: why\n\n<span name='span-name'>s</span>\n"
        var files = Self.base
        files["content/guides/setup.md"] = "# Setup\n\n<div id=\"raw-id\" class='x'>\nkept\n</div>\n"
        files["content/guides/page.md"] = body
        let withTarget = TestBuild.run(files)
        #expect(withTarget.messages == [
            "content/guides/page.md:1:62: error: link to '#span-name': content/guides/page.md has no heading with anchor '#span-name' [broken-anchor]",
        ])
        var good = files
        good["content/guides/page.md"] = body.replacingOccurrences(of: ", [d](setup.md#raw-id) and [x](#span-name)", with: " and [d](setup.md#raw-id)")
        let fixed = TestBuild.run(good)
        #expect(fixed.diagnostics.isEmpty, "\(fixed.messages)")
        let page = fixed.page("guides/page.html")
        #expect(page.contains("<a id=\"top-of-list\"></a><!-- raw HTML omitted -->"), "\(page)")
        #expect(page.contains("<a id=\"note1\"></a><!-- raw HTML omitted -->"))
        #expect(page.contains("<a href=\"setup.html#raw-id\">d</a>"))
        #expect(fixed.page("guides/setup.html").contains("<a id=\"raw-id\"></a><!-- raw HTML omitted -->"))
        #expect(RawHTMLAnchors.anchors(in: "<p id = x title=\"a=b\"><A NAME='y'>z</A><img id=\"q&quot;\"></p>") == ["x", "y", "q&quot;"])
        #expect(RawHTMLAnchors.anchors(in: "</a> <br> a=b <span name=s>") == [])
        #expect(RawHTMLAnchors.placeholders(for: ["a\"<b"]) == "<a id=\"a&quot;&lt;b\"></a>")
    }

    /// A broken link's message names the missing file as the user finds it, not by the site's path:
    /// nats-io's log named as the content folder (`adr`) printed `no file decisions/adr/ADR-57.md`;
    /// a link leaving that folder names the file from the repository's root. A web address inside
    /// one more pair of parentheses (tektoncd's TEPs) is said so, as it is written (it printed
    /// `decisions/(https:/github.com/...)`, a slash lost).
    @Test func brokenLinkMessagesNameTheUsersPath() {
        let record = "# ADR-1 Thing\n\nSee [a](adr/ADR-57.md) [t]((https://github.com/tektoncd/community/blob/main/teps/0001.md)) [g](gone.md) [u](../up.md)\n"
        let build = TestBuild.run(["adr/ADR-1.md": record, "README.md": "# App\n"], content: "adr")
        #expect(build.result.folders == ["adr (decisions, a decision log named as the content folder)"])
        #expect(build.messages == [
            "adr/ADR-1.md:3:5: error: link to 'adr/ADR-57.md': no file adr/ADR-57.md in the content folder [broken-link]",
            "adr/ADR-1.md:3:24: error: link to '(https://github.com/tektoncd/community/blob/main/teps/0001.md)': a web address inside parentheses: remove the extra '(' and ')' [broken-link]",
            "adr/ADR-1.md:3:92: error: link to 'gone.md': no file gone.md in the content folder [broken-link]",
            "adr/ADR-1.md:3:105: error: link to '../up.md': no file up.md in the repository [broken-link]",
        ], "\(build.messages)")
        let page = Self.build("[w]((http://example.org/a//b)) [p](\\(notes\\).md)")
        #expect(page.messages == [
            "content/guides/page.md:1:1: error: link to '(http://example.org/a//b)': a web address inside parentheses: remove the extra '(' and ')' [broken-link]",
            "content/guides/page.md:1:32: error: link to '(notes).md': no file guides/(notes).md in the content folder [broken-link]",
        ], "\(page.messages)")
    }

    @Test func lineNumbersCountTheFrontMatter() {
        let build = Self.build("---\ntitle: P\n---\n\n[x](nope.md)\n")
        #expect(build.messages.first?.hasPrefix("content/guides/page.md:5:1: error:") == true, "\(build.messages)")
    }

    @Test func externalLinksAndAssetsStayAsTheyAre() {
        let build = Self.build("[e](https://example.org/x?y#z) [m](mailto:a@b.c) ![d](diagram.png) [q](setup.md?x=1)")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let page = build.page("guides/page.html")
        #expect(page.contains("href=\"https://example.org/x?y#z\""))
        #expect(page.contains("href=\"mailto:a@b.c\""))
        #expect(page.contains("src=\"diagram.png\""))
        #expect(build.output.files["guides/diagram.png"] != nil, "assets are copied")
    }

    @Test func repositoryFilesLinkToTheForge() {
        let build = Self.build("[main](../../Sources/App/main.swift) [gone](../../Sources/Nope.swift) [out](../../../etc/passwd)")
        #expect(build.messages == [
            "content/guides/page.md:1:38: error: link to '../../Sources/Nope.swift': no file Sources/Nope.swift in the repository [broken-link]",
            "content/guides/page.md:1:71: error: link to '../../../etc/passwd' leaves the repository (.) [broken-link]",
        ])
        let ok = Self.build("[main](../../Sources/App/main.swift#L1)")
        #expect(ok.page("guides/page.html").contains("href=\"https://github.com/acme/app/blob/HEAD/Sources/App/main.swift#L1\""))
        let gitlab = Self.build("[main](../../Sources/App/main.swift) #4", config: "repository: https://gitlab.com/acme/app\n")
        #expect(gitlab.page("guides/page.html").contains("href=\"https://gitlab.com/acme/app/-/blob/HEAD/Sources/App/main.swift\""))
        #expect(gitlab.page("guides/page.html").contains("href=\"https://gitlab.com/acme/app/-/merge_requests/4\""))
    }

    @Test func repositoryFileWithoutRepositoryIsAWarning() {
        let build = Self.build("[main](../../Sources/App/main.swift)", config: "title: T\n")
        #expect(build.messages == ["content/guides/page.md:1:1: warning: link to repository file 'Sources/App/main.swift' cannot be made: set 'repository' in handbook.yml [no-repository]"])
        #expect(build.result.succeeded)
        let strict = TestBuild.run(Self.base.merging(["content/guides/page.md": "[main](../../Sources/App/main.swift)",
                                                      "content/handbook.yml": "title: T\n"]) { $1 }, strict: true)
        #expect(!strict.result.succeeded)
    }

    @Test func dangerousSchemesAreDroppedUnlessUnsafe() {
        let build = Self.build("[x](javascript:alert(1)) [y](data:text/html,hi) ![z](data:image/png;base64,AA)")
        let page = build.page("guides/page.html")
        #expect(page.contains("<a href=\"\">x</a>"))
        #expect(page.contains("<a href=\"\">y</a>"))
        #expect(page.contains("src=\"data:image/png;base64,AA\""))
    }

    @Test func pullRequestNumbersLinkWhenARepositoryIsSet() {
        let build = Self.build("Fixed in #42, not in `#43`.")
        #expect(build.page("guides/page.html").contains("<a href=\"https://github.com/acme/app/pull/42\">#42</a>"))
        #expect(build.page("guides/page.html").contains("<code>#43</code>"))
    }
}
