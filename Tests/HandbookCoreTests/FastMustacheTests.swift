@testable import HandbookCore
import Mustache
import Testing

/// The fast renderer must give swift-mustache's exact bytes, or decline (nil) and leave the page to swift-mustache.
@Suite struct FastMustacheTests {
    static let model: [String: Any] = [
        "title": "Tom & \"Jerry\" <b>'s</b>", "accent": "e\u{301} & \"\u{301}", "count": 3, "yes": true, "no": false,
        "empty": [String](), "tags": ["a<b", "c"], "people": [["name": "Ana"], ["name": "Bo", "note": "x"]] as [[String: Any]],
        "site": ["title": "Site", "nested": ["deep": "D"] as [String: Any]] as [String: Any], "crlf": "line\r\n",
        "text": "one\ntwo\n",
    ]

    static let partials: [String: String] = [
        "item": "<li>{{name}}{{#note}} ({{.}}){{/note}}</li>\n",
        "block": "first\n{{#tags}}\n  {{.}}\n{{/tags}}\n{{{text}}}last\n",
        "crlf": "{{{crlf}}}{{title}}\n",
    ]

    static let templates: [String] = [
        "{{title}} {{{title}}} {{&title}} {{accent}} {{count}} {{yes}} {{no}} {{missing}}|",
        "{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}{{#no}}Y{{/no}}{{^no}}N{{/no}}{{#missing}}M{{/missing}}{{^missing}}!M{{/missing}}",
        "{{#tags}}[{{.}}]{{/tags}}{{^tags}}none{{/tags}}{{#empty}}x{{/empty}}{{^empty}}empty{{/empty}}",
        "<ul>\n  {{#people}}\n  {{> item}}\n  {{/people}}\n</ul>\n",
        "{{^empty(tags)}}\n<p>{{#tags}}{{.}} {{/tags}}</p>\n{{/empty(tags)}}\n{{#empty(empty)}}nothing{{/empty(empty)}} {{count(tags)}}\n",
        "{{site.title}} {{site.nested.deep}} {{#site}}{{title}} {{.title}} {{#nested}}{{deep}}{{title}}{{/nested}}{{/site}}",
        "{{! a comment }}\n  {{! standalone }}\nA\n   {{#yes}}   \nB\n  {{/yes}}\nC {{#yes}} D {{/yes}} E\n",
        "  {{> block}}\n\t{{> item}}\n{{> unknown}}x\n",
        "{{#people}}{{title}}:{{name}}{{/people}}",
        "  {{> crlf}}\n  {{> crlf}}",
        "{{=<% %>=}}<% title %>",             // declined: set delimiters are fine, but check the result anyway
        "{{title(uppercased)}}",               // declined: a transform this renderer does not implement
        "{{#site}}{{.}}{{/site}}",             // declined: a dictionary rendered as text
    ]

    @Test func sameBytesAsSwiftMustacheOrDeclines() throws {
        for (number, text) in Self.templates.enumerated() {
            var library = MustacheLibrary()
            _ = HandbookHTMLContentType.registered
            for (name, partial) in Self.partials { try library.register(HandbookHTMLContentType.pragma + partial, named: name) }
            try library.register(HandbookHTMLContentType.pragma + text, named: "page")
            let reference = library.render(Self.model, withTemplate: "page")
            let fast = FastMustache(library: library, names: Array(Self.partials.keys) + ["page"])
            if let bytes = fast.render(Self.model, withTemplate: "page") {
                #expect(String(decoding: bytes, as: UTF8.self) == reference, "template \(number): \(text)")
            }
        }
    }

    @Test func rendersTheCommonCasesItself() throws {
        var library = MustacheLibrary()
        for (name, partial) in Self.partials { try library.register(partial, named: name) }
        for (number, text) in Self.templates.prefix(10).enumerated() { try library.register(text, named: "t\(number)") }
        let fast = FastMustache(library: library, names: Array(Self.partials.keys) + (0..<10).map { "t\($0)" })
        for number in 0..<10 {
            #expect(fast.render(Self.model, withTemplate: "t\(number)") != nil, "template \(number)")
        }
        #expect(fast.render(Self.model, withTemplate: "nope") == nil)
    }

    @Test func theDefaultThemeIsRenderedByTheFastRendererForTheSample() throws {
        let theme = Theme.embedded()
        var library = MustacheLibrary()
        for (name, template) in theme.templates { try library.register(template.text, named: name) }
        let samples = SampleHandbook.pageJobs.map { ($0.model, $0.template) }
        let fast = try #require(FastMustache.verified(library: library, names: theme.templates.keys, samples: samples))
        for job in SampleHandbook.pageJobs {
            #expect(fast.render(job.model, withTemplate: job.template) != nil, "\(job.outputPath)")
        }
    }
}
