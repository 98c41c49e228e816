@testable import HandbookCore
import Testing

/// What the engine does beyond the specification's test files (MustacheSpecTests): the
/// extensions the default theme uses, its escaping, and its errors with their places.
@Suite struct MustacheEngineTests {
    static func render(_ template: String, _ model: [String: Any], partials: [String: String] = [:]) throws -> String {
        var library = Mustache.Library()
        for (name, text) in partials { try library.register(text, named: name) }
        try library.register(template, named: "t")
        return String(decoding: try library.render(model, withTemplate: "t"), as: UTF8.self)
    }

    @Test func transforms() throws {
        let model: [String: Any] = ["tags": ["b", "a"], "none": [String](), "n": 3, "word": "Mixed",
                                    "people": [["name": "Ana"], ["name": "Bo"]] as [[String: Any]]]
        #expect(try Self.render("{{^empty(tags)}}has{{/empty(tags)}}{{#empty(none)}} none{{/empty(none)}}", model) == "has none")
        #expect(try Self.render("{{count(tags)}} {{count(people)}} {{#sorted(tags)}}{{.}}{{/sorted(tags)}} {{#reversed(tags)}}{{.}}{{/reversed(tags)}}", model) == "2 2 ab ab")
        #expect(try Self.render("{{first(tags)}}{{last(tags)}} {{#first(people)}}{{name}}{{/first(people)}}", model) == "ba Ana")
        #expect(try Self.render("{{uppercased(word)}} {{lowercased(word)}} {{plusone(n)}} {{minusone(n)}} {{#odd(n)}}odd{{/odd(n)}}{{#even(n)}}even{{/even(n)}}", model) == "MIXED mixed 4 2 odd")
        #expect(try Self.render("{{count(reversed(tags))}}|{{nosuch(tags)}}|{{empty(missing)}}|", model) == "2|||")
    }

    @Test func escapesByBytesAndKeepsTheTopOfTheStackApart() throws {
        // A quote followed by a combining mark is one Character but still a quote byte.
        let model: [String: Any] = ["title": "Tom & \"\u{301}Jerry\" <b>'s</b>",
                                    "site": ["title": "Site", "nested": ["deep": "D"] as [String: Any]] as [String: Any]]
        #expect(try Self.render("{{title}}|{{{title}}}", model) == "Tom &amp; &quot;\u{301}Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;|Tom & \"\u{301}Jerry\" <b>'s</b>")
        #expect(try Self.render("{{#site}}{{title}}/{{.title}}{{/site}} {{#site}}{{#nested}}[{{.title}}|{{title}}|{{deep}}]{{/nested}}{{/site}}", model) == "Site/Site [|Site|D]")
    }

    @Test func listsOfEveryKindAndNumbers() throws {
        let model: [String: Any] = ["any": [1, "two", true] as [Any], "n": 7, "x": 1.5, "yes": true]
        #expect(try Self.render("{{#any}}({{.}}){{/any}} {{n}} {{x}} {{yes}} {{#n}}[{{.}}]{{/n}}", model) == "(1)(two)(true) 7 1.5 true [7]")
    }

    @Test func parseErrorsNameTheirPlace() {
        let cases: [(String, Mustache.ParseError)] = [
            ("a\n  {{#open}}\nb\n", .init(message: "'{{#open}}' is never closed", line: 2, column: 3)),
            ("{{#a}}\n{{/b}}", .init(message: "'{{/b}}' closes '{{#a}}' opened at line 1", line: 2, column: 1)),
            ("x {{/a}}", .init(message: "'{{/a}}' closes a section that was never opened", line: 1, column: 3)),
            ("one\ntwo {{name\n}}", .init(message: "a tag is not closed with '}}' on its line", line: 2, column: 5)),
            ("{{=<% =}}", .init(message: "a set-delimiter tag is malformed: '{{=<%=}}' needs two delimiters", line: 1, column: 1)),
            ("{{% CONTENT_TYPE: HTML }}", .init(message: "pragmas ('{{%...}}') are not supported", line: 1, column: 1)),
            ("{{a b}}", .init(message: "'a b' is not a name", line: 1, column: 1)),
            ("{{a..b}}", .init(message: "'a..b' is not a name (an empty part between dots)", line: 1, column: 1)),
        ]
        for (template, expected) in cases {
            #expect(throws: expected, "\(template.debugDescription)") { _ = try Mustache.parse(template) }
        }
    }

    @Test func lambdasAndEndlessPartialsAreRenderErrors() throws {
        let lambda: () -> String = { "x" }
        #expect(throws: Mustache.RenderError(message: "'f' is a function: Mustache lambdas are not supported")) {
            _ = try Self.render("{{f}}", ["f": lambda])
        }
        #expect(throws: Mustache.RenderError(message: "'f' is a function: Mustache lambdas are not supported")) {
            _ = try Self.render("{{#f}}x{{/f}}", ["f": lambda])
        }
        #expect(throws: Mustache.RenderError(message: "partials nested deeper than 200 levels at 'loop' (a partial that includes itself without end?)")) {
            _ = try Self.render("{{>loop}}", [:], partials: ["loop": "{{>loop}}"])
        }
        // A recursive partial that ends (a tree) renders.
        let tree: [String: Any] = ["children": [["name": "a", "children": [["name": "b", "children": [[String: Any]]()]] as [[String: Any]]]] as [[String: Any]]]
        #expect(try Self.render("{{>node}}", tree, partials: ["node": "{{#children}}({{name}}{{>node}}){{/children}}"]) == "(a(b))")
    }

    @Test func indentedPartialsIndentEveryLineOfEveryListItem() throws {
        let model: [String: Any] = ["items": ["a", "b"]]
        #expect(try Self.render("<ul>\n  {{>item}}\n</ul>\n", model, partials: ["item": "{{#items}}\n<li>{{.}}</li>\n{{/items}}\n"])
                == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }
}

/// The search index's string literals: JSON, and safe inside a `<script>`-loaded file.
@Suite struct SearchIndexStringTests {
    @Test func escapesByBytesExactly() {
        let text = "a\"b\\c\nd\re\tf<g\u{2028}h\u{2029}i\u{01}j\u{1F}k é 認証 \u{2027}\u{202A}"
        #expect(ViewModels.jsonString(text) == #""a\"b\\c\nd\re\tf\u003cg\u2028h\u2029i\u0001j\u001fk é 認証 "# + "\u{2027}\u{202A}\"")
    }
}
