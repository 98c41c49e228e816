import Foundation
@testable import HandbookCore
import Testing

/// Defects a code review found, each kept fixed by a test.
@Suite(.serialized) struct ReviewFindingsTests {
    @Test func windowsLineEndsKeepTheFrontMatter() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\r\n",
            "content/decisions/0001-a.md": "---\r\nstatus: superseded\r\ngoverns: [src/]\r\n---\r\n# A\r\n\r\nText.\r\n",
            "content/decisions/0002-b.md": "---\r\nsupersedes: ADR-0001\r\n---\r\n# B\r\n",
            "src/x.swift": "",
            "CODEOWNERS": "# owners\r\n* @team\r\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0001.html").contains("status-superseded"))
        #expect(build.page("files/src/x.swift.html").contains("<span class=\"person\">@team</span>"))
    }

    @Test func hugeMetricValuesAreErrorsNotCrashes() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n",
                                   "content/metrics/m.csv": "week,change_failure_rate\n2026-W45,1e19\n2026-W46,-1e308\n"])
        #expect(build.ids.filter { $0 == "metric-value" }.count == 2, "\(build.messages)")
    }

    @Test func aSelfReferringSchemaDoesNotRecurseForever() {
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/A'}}\ncomponents:\n  schemas:\n    A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}\n"
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "title: A\nspec: api/a.yml\nprovider: x\n",
            "api/a.yml": spec,
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("contracts/a.html").contains("id=\"schema-a\""), "the schema is shown, its self-reference as a link")
    }

    @Test func symlinkLoopsAreNotFollowed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base.appendingPathComponent("content/decisions"), withIntermediateDirectories: true)
        try "title: T\n".write(to: base.appendingPathComponent("content/handbook.yml"), atomically: true, encoding: .utf8)
        try "# A\n".write(to: base.appendingPathComponent("content/decisions/0001-a.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: base.path + "/content/a", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: base.path + "/content/b", withDestinationPath: "..")
        let files = try DiskFileSystem().files(under: base.path + "/content", skipping: [])
        #expect(files == ["decisions/0001-a.md", "handbook.yml"])
    }

    @Test func reviewUnderASubfolderRootSeesPathsFromThatRoot() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: [
            "services/billing/content/handbook.yml": "title: Billing\n",
            "services/billing/content/landmines/fuse.md": "---\nseverity: high\npaths: [src/]\n---\n## What broke\nx\n## Who needs it\ny\n## What fails if it disappears\nz\n",
            "services/billing/src/a.swift": "1",
        ])
        try sandbox.write(["services/billing/src/a.swift": "2"])
        let root = sandbox.root.path + "/services/billing"
        let options = BuildOptions(contentDirectory: root + "/content", outputDirectory: root + "/public", rootDirectory: root,
                                   workingDirectory: root, today: "2026-11-21")
        let report = try #require(Review.run(options: options, changes: .git(base: "HEAD", head: nil)).report)
        #expect(report.files.map(\.path) == ["src/a.swift"])
        #expect(report.landmines.map(\.id) == ["fuse"])
    }
}

@Suite struct RenderFindingsTests {
    /// `"` followed by U+0301 is one Character that is not `"`: escaping by Character lets it out of an attribute.
    static let sneaky = "https://x\"\u{301} autofocus onfocus=alert(1) x=\""

    @Test func aQuoteWithACombiningMarkIsEscapedInEveryTemplate() throws {
        let files = [
            "content/handbook.yml": "title: T\n",
            "content/decisions/0001-a.md": "---\ntitle: 'A \"\u{301} onmouseover=alert(1)'\n---\n",
            "content/landmines/l.md": "---\nseverity: low\npaths: [content/]\nincidents: ['\(Self.sneaky)']\n---\n## What broke\nx\n## Who needs it\ny\n## What fails if it disappears\nz\n",
        ]
        let fast = TestBuild.run(files)
        #expect(fast.errors.isEmpty, "\(fast.messages)")
        let landmine = fast.page("landmines/l.html")
        let escaped = "href=\"https://x&quot;\u{301} autofocus", raw = "x\"\u{301} autofocus"
        #expect(landmine.contains(escaped), "the quote is escaped in the attribute")
        #expect(!landmine.contains(raw))
        // The same through a user's template with a transform.
        var slow = files
        slow["theme/decision.mustache"] = "{{#decision}}<a title=\"{{title}}\">{{uppercased(id)}}</a>{{/decision}}"
        let fallback = TestBuild.run(slow, templates: "theme")
        #expect(fallback.errors.isEmpty, "\(fallback.messages)")
        let expected = "<a title=\"A &quot;\u{301} onmouseover=alert(1)\">ADR-0001</a>"
        #expect(fallback.page("decisions/ADR-0001.html") == expected)
    }

    @Test func tagsShareAPageOnlyWhenTheyAreTheSameTag() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/decisions/0001-a.md": "---\ntags: [API, 認証, index]\n---\n# A\n",
            "content/decisions/0002-b.md": "---\ntags: [api, 課金]\n---\n# B\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        let tagPages = build.output.files.keys.filter { $0.hasPrefix("tags/") }.sorted()
        #expect(tagPages.count == 5, "index, api (both spellings), two distinct non-ASCII tags, and 'index': \(tagPages)")
        #expect(build.page("tags/api.html").contains("ADR-0001") && build.page("tags/api.html").contains("ADR-0002"))
        #expect(build.page("tags/index.html").contains(">index</a>"), "the tags index is not overwritten by the tag 'index'")
    }

    @Test func aContentFileNamedLikeAGeneratedPageIsAnError() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/guide.md": "# Guide\n",
            "content/guide.html": "<p>hand-made</p>",
        ])
        #expect(build.messages == ["content/guide.html: error: this file would overwrite the generated page guide.html; rename it [output-collision]"])
    }

    @Test func pageFileNamesAreEncodedInLinks() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/c#-style guide.md": "# C# style\n",
            "content/index-of-pages.md": "See [the guide](c%23-style%20guide.md).\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("index.html").contains("href=\"c%23-style%20guide.html\""))
        #expect(build.page("index-of-pages.html").contains("href=\"c%23-style%20guide.html\""))
        #expect(build.output.files["c#-style guide.html"] != nil, "the file keeps its name on disk")
    }

    @Test func anOverlongPlaceholderInRawHTMLDoesNotCrash() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\nunsafe_html: true\n",
            "content/p.md": "<a href=\"hb:99999999999999999999999\">x</a> and [y](https://example.org)\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("p.html").contains("href=\"https://example.org\""))
    }
}
