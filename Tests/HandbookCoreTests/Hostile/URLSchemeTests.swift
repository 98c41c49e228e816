import Foundation
@testable import HandbookCore
import Testing

/// Every URL the site writes has an allowed scheme (issue 14): http, https, mailto, or relative.
@Suite struct URLSchemeTests {
    /// Every `href`/`src` of every page, and every `"u"` of the search index.
    static func urls(_ build: TestBuild) -> [(page: String, url: String)] {
        var result: [(String, String)] = []
        for (path, data) in build.output.files {
            let text = String(decoding: data, as: UTF8.self)
            if path == "search-index.js" {
                // window.HANDBOOK_SEARCH = {"docs": [[kind, label, title, url, keys], ...], ...};
                let json = text.drop { $0 != "{" }.dropLast(2)
                let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
                let docs = object?["docs"] as? [[String]] ?? []
                #expect(!docs.isEmpty, "search-index.js not read")
                result += docs.map { (path, $0[3]) }
                continue
            }
            let pattern = #"(?:href|src)="([^"]*)""#
            let regex = try! NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let raw = String(text[Range(match.range(at: 1), in: text)!])
                result.append((path, raw.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#58;", with: ":")))
            }
        }
        return result
    }

    static func disallowed(_ build: TestBuild) -> [String] {
        urls(build).filter { entry in
            let scheme = LinkResolver.scheme(of: entry.url.trimmingCharacters(in: .whitespaces))
            return scheme != nil && !["http", "https", "mailto"].contains(scheme!)
        }.map { "\($0.page): \($0.url)" }
    }

    @Test func aPageNamedLikeAJavaScriptURLIsARelativeLinkEverywhere() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/javascript:alert(1).md": "# Click me\n",
                                   "content/decisions/0001-x.md": "---\ntags: [\"javascript:alert(2)\"]\n---\n# X\n\n[[ADR-0001]]\n"])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("search-index.js").contains(#""javascript%3Aalert%281%29.html""#), "\(build.page("search-index.js").prefix(600))")
        #expect(Self.disallowed(build).isEmpty, "\(Self.disallowed(build))")
    }

    @Test(arguments: ["file", "pull_request", "commit"])
    func aLinksPatternWithAnotherSchemeIsAnErrorAtItsLine(_ key: String) {
        let build = TestBuild.run(["content/handbook.yml": "title: T\nrepository: https://github.com/acme/app\nlinks:\n  \(key): \"javascript:alert(document.domain)//{path}{number}{sha}\"\n",
                                   "content/page.md": "# P\n"])
        #expect(build.errors.map(\.formatted) == ["content/handbook.yml:4:\(key.count + 5): error: links.\(key) must be an https:// or http:// address pattern, not 'javascript:alert(document.domain)//{path}{number}{sha}' [config-value]"],
                "\(build.messages)")
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
                      "file:///etc/passwd", "ftp://example.com/x", "jar:https://x!/"])
    func markdownLinksWithOtherSchemesAreLeftOutWithAWarning(_ destination: String) {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/page.md": "# P\n\n[click](\(destination))\n"])
        #expect(build.ids == ["link-scheme"], "\(build.messages)")
        #expect(build.diagnostics.first?.line == 3)
        #expect(Self.disallowed(build).isEmpty, "\(Self.disallowed(build))")
        #expect(!build.page("page.html").lowercased().contains(destination.lowercased().prefix(8)))
    }

    @Test func theLinkSchemeWarningIsPrintedAtTheLink() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/page.md": "# P\n\nSee [click](javascript:alert(1)).\n"])
        #expect(build.messages == [
            "content/page.md:3:5: warning: 'javascript:alert(1)' has the scheme 'javascript:'; only http, https and mailto links (or relative ones) are written, so it is left out [link-scheme]",
        ])
    }

    @Test func allowedSchemesAndInlineImagesStay() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/page.md": "# P\n\n[a](https://example.com) [b](mailto:a@example.com) [c](http://example.com) ![d](data:image/png;base64,iVBO)\n"])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        for url in ["https://example.com", "mailto:a@example.com", "http://example.com", "data:image/png;base64,iVBO"] {
            #expect(build.page("page.html").contains("\"\(url)\""), "\(url)")
        }
    }

    @Test func frontMatterIncidentsBecomeLinksOnlyOverTheWeb() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n",
                                   "content/landmines/x.md": "---\ntitle: X\nseverity: low\nincidents: [\"javascript:alert(1)\", \"https://status.example/1\"]\n---\n## What broke\nA.\n## Who needs it\nB.\n## What fails if it disappears\nC.\n"])
        #expect(Self.disallowed(build).isEmpty, "\(Self.disallowed(build))")
        #expect(build.page("landmines/x.html").contains("href=\"https://status.example/1\""))
    }
}
