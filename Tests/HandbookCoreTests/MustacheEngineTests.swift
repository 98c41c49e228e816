@testable import HandbookCore
import Foundation
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

    /// ADR-0058: the renderer keeps the last text `slug` was given and its slug; each text, given
    /// again or after another, slugs as `RelationGraph.classSafe` does, by its bytes: `é` and `e`
    /// with a combining accent are equal Strings with different slugs.
    @Test func slugsOfTextsOneAfterAnotherAreEachTextsSlug() throws {
        let texts = ["Accepted", "Accepted", "In Review", "accepted", "Accepted", "\u{E9}t\u{E9}", "e\u{301}te\u{301}", "e\u{301}te\u{301}",
                     "\u{E9}t\u{E9}", "", "", "İx", "Kelvin \u{212A}", "In Review"]
        let rows = texts.map { ["s": $0] as [String: Any] }
        let rendered = try Self.render("{{#rows}}[{{slug(s)}}|{{slug(s)}}]{{/rows}}", ["rows": rows])
        #expect(rendered == texts.map { "[" + RelationGraph.classSafe($0) + "|" + RelationGraph.classSafe($0) + "]" }.joined())
        #expect(RelationGraph.classSafe("\u{E9}") != RelationGraph.classSafe("e\u{301}"))
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

    /// A mapping or a list printed as a variable reads as Swift would print it, with every
    /// mapping's keys in order: Swift's own description follows the hash order, which differs from
    /// one process to the next (a user's theme printing `{{meta.x}}` made a new site every build).
    @Test func mappingsAndListsPrintedAsVariablesAreInKeyOrder() throws {
        let keys = (0..<24).map { "k\(String($0, radix: 36))" }
        var mapping: [String: Any] = [:]
        for (index, key) in keys.reversed().enumerated() { mapping[key] = index }
        let expected = "[" + keys.map { "\"\($0)\": \(keys.count - 1 - keys.firstIndex(of: $0)!)" }.joined(separator: ", ") + "]"
        #expect(try Self.render("{{{m}}}", ["m": mapping]) == expected)
        let model: [String: Any] = ["meta": ["owner": "ana", "a\"b": ["z": true, "y": 1.5, "x": [String]()] as [String: Any],
                                             "list": [["b": 2, "a": "<1>"], [String: Any]()] as [[String: Any]], "n": NSNull()] as [String: Any]]
        #expect(try Self.render("{{{meta}}}", model) == #"["a\"b": ["x": [], "y": 1.5, "z": true], "list": [["a": "<1>", "b": 2], [:]], "n": nil, "owner": "ana"]"#)
        #expect(try Self.render("{{meta.list}}", model) == #"[[&quot;a&quot;: &quot;&lt;1&gt;&quot;, &quot;b&quot;: 2], [:]]"#)
        #expect(try Self.render("{{{tags}}}", ["tags": ["b", "a"]]) == #"["b", "a"]"#, "a list keeps its order")
    }

    /// A `row` partial and a `page` of rows (a list, an indented partial, nested rows reading the
    /// page's `outer`), ending with `lastLine`: the pages the recording and memo tests render.
    static func rowsLibrary(lastLine: String) throws -> Mustache.Library {
        var library = Mustache.Library()
        try library.register("<li>{{id}}: {{title}}{{#date}} ({{date}}){{/date}}</li>\n", named: "row")
        try library.register("""
            <h1>{{heading}}</h1>
            <ul>
            {{#rows}}
              {{> row}}
            {{/rows}}
            </ul>
            {{#years}}
            <h2>{{year}}</h2>{{#rows}} <b>{{title}}</b>{{#tags}}[{{.}}]{{/tags}}{{#marked}}{{outer}}{{/marked}}{{/rows}}
            {{/years}}
            \(lastLine)
            """, named: "page")
        return library
    }

    /// A page rendered again from a recording (ADR-0021) is the page rendered afresh: a row that
    /// is the same dictionary is copied only when it read nothing outside itself (a missing
    /// `date` is looked up in the page, `outer` is the page's), nested rows and indented partials
    /// included; and rows are copied (else the recording is of no use).
    @Test func aRecordedPageRenderedAgainEqualsAFreshRender() throws {
        let library = try Self.rowsLibrary(lastLine: "{{#rows}}{{.}}{{/rows}}")
        func row(_ number: Int, title: String? = nil) -> [String: Any] {
            var row: [String: Any] = ["id": "ADR-\(number)", "title": title ?? "Title \(number)", "tags": ["t\(number % 3)"], "marked": number % 4 == 0]
            if number % 5 != 0 { row["date"] = "2026-01-\(number % 28 + 1)" }
            return row
        }
        var rows = (0..<30).map { row($0) }
        func page(_ rows: [[String: Any]], heading: String, outer: String) -> [String: Any] {
            ["heading": heading, "outer": outer, "date": "the page's date", "rows": rows,
             "years": [["year": "2026", "rows": Array(rows[..<15])], ["year": "2025", "rows": Array(rows[15...])]] as [[String: Any]]]
        }
        var previous = try library.render(page(rows, heading: "One", outer: "O1"), withTemplate: "page", previous: nil)
        #expect(previous.output == (try library.render(page(rows, heading: "One", outer: "O1"), withTemplate: "page")))
        for (step, changed) in [3, 10, 20].enumerated() {
            rows[changed] = row(changed, title: "Renamed \(step)")
            let model = page(rows, heading: "Step \(step)", outer: "O\(step)")
            let again = try library.render(model, withTemplate: "page", previous: previous)
            let fresh = try library.render(model, withTemplate: "page")
            #expect(String(decoding: again.output, as: UTF8.self) == String(decoding: fresh, as: UTF8.self), "step \(step)")
            // Every row but the changed one in the list, its two places... less those that read the page.
            #expect(again.copied > 40, "step \(step): \(again.copied) rows copied")
            previous = again
        }
    }

    /// Pages rendered with one run's row memo (ADR-0043) are the pages rendered without it: a row
    /// given again as the same dictionary is copied only when it read nothing outside itself (a
    /// missing `date` is looked up in the page, `outer` is the page's, and both differ from page
    /// to page), in the same place and state (an indented partial, a row at a line's start or
    /// not); and rows are copied (else the memo is of no use).
    @Test func pagesRenderedWithARowMemoEqualFreshRenders() throws {
        let library = try Self.rowsLibrary(lastLine: "{{#rows}}{{> row}}{{/rows}}|{{#rows}}{{id}}{{/rows}}")
        func row(_ number: Int) -> [String: Any] {
            var row: [String: Any] = ["id": "ADR-\(number)", "title": "Title \(number)", "tags": ["t\(number % 3)"], "marked": number % 4 == 0]
            if number % 5 != 0 { row["date"] = "2026-01-\(number % 28 + 1)" }
            return row
        }
        let shared = (0..<30).map(row)
        let memo = Mustache.RowMemo()
        for page in 0..<6 {
            // Each page shows a window of the shared rows, and a row of its own.
            var rows = Array(shared[(page * 3)..<(page * 3 + 12)])
            rows.insert(row(100 + page), at: page % rows.count)
            let model: [String: Any] = ["heading": "Page \(page)", "outer": "O\(page)", "date": "date \(page)", "rows": rows,
                                        "years": [["year": "2026", "rows": Array(rows[..<6])], ["year": "2025", "rows": Array(rows[6...])]] as [[String: Any]]]
            let withMemo = try library.render(model, withTemplate: "page", rows: memo)
            let fresh = try library.render(model, withTemplate: "page")
            #expect(String(decoding: withMemo, as: UTF8.self) == String(decoding: fresh, as: UTF8.self), "page \(page)")
        }
        #expect(memo.copied > 100, "\(memo.copied) rows copied")
    }

    /// ADR-0047: a row is kept the second time its dictionary comes in a run, copied from the third;
    /// a row met once (what each page makes for itself) is rendered and not kept.
    @Test func aRowIsKeptTheSecondTimeItsDictionaryComes() throws {
        var library = Mustache.Library()
        try library.register("{{#rows}}<{{id}}>{{/rows}}", named: "t")
        let shared: [[String: Any]] = [["id": "a"], ["id": "b"]]
        let memo = Mustache.RowMemo()
        var pages: [String] = []
        // Each page's own row is kept alive here, so that no later one can take its address.
        var own: [[String: Any]] = []
        for page in 0..<3 {
            own.append(["id": "own \(page)"])
            let model: [String: Any] = ["rows": shared + [own[page]]]
            pages.append(String(decoding: try library.render(model, withTemplate: "t", rows: memo), as: UTF8.self))
            #expect(memo.kept == (page == 0 ? 0 : 2), "page \(page): \(memo.kept) rows kept")
            #expect(memo.copied == (page == 2 ? 2 : 0), "page \(page): \(memo.copied) rows copied")
        }
        #expect(pages == ["<a><b><own 0>", "<a><b><own 1>", "<a><b><own 2>"])
    }

    /// ADR-0049: the memo finds a row by its dictionary's address and compares the rest of its key
    /// (template nodes, line start, last byte, indentation, depth) with that dictionary's rows
    /// alone: the same rows in lists of other nodes, at other indentations, at and not at a line's
    /// start (the first row after `[`), in changing orders, render as without the memo.
    @Test func aRowMemoTellsPlacesAndStatesApart() throws {
        var library = Mustache.Library()
        try library.register("{{#rows}}<{{id}}>\n{{/rows}}", named: "list")
        try library.register("[{{#rows}}<{{id}}>\n{{/rows}}]\n", named: "inline")
        try library.register("{{> list}}\n  {{> list}}\n    {{> inline}}\n{{#rows}}({{id}}){{/rows}}\n  {{> inline}}\n", named: "page")
        let shared: [[String: Any]] = (0..<5).map { ["id": "r\($0)"] }
        let memo = Mustache.RowMemo()
        for page in 0..<6 {
            let rows = Array(shared[(page % 5)...] + shared[..<(page % 5)])
            let model: [String: Any] = ["rows": rows]
            let withMemo = try library.render(model, withTemplate: "page", rows: memo)
            let fresh = try library.render(model, withTemplate: "page")
            #expect(String(decoding: withMemo, as: UTF8.self) == String(decoding: fresh, as: UTF8.self), "page \(page)")
        }
        #expect(memo.copied > 60, "\(memo.copied) rows copied")
    }

    /// ADR-0065: a whole list given again as the very same array is copied from the run's memo
    /// only in the same place and state, and only when every row read only itself: the same
    /// arrays in lists of other nodes, indented, at and not at a line's start, a list whose rows
    /// read the page (`outer`, a missing `date`) and change with it, lists of one row, pieces
    /// flushed part way; every page as rendered without the memo, and lists copied.
    @Test func aListMemoCopiesOnlyWhatRendersAlike() throws {
        var library = Mustache.Library()
        try library.register("{{#rows}}<{{id}}>\n{{/rows}}", named: "list")
        try library.register("[{{#rows}}<{{id}}{{#marked}}*{{/marked}}>\n{{/rows}}]\n", named: "inline")
        try library.register("{{#rows}}({{id}} {{date}}){{/rows}}", named: "reads")
        try library.register("""
            {{> list}}
              {{> list}}
                {{> inline}}
            {{#rows}}({{id}}){{/rows}}
              {{> inline}}
            {{#others}}{{> reads}}{{/others}}|{{#lone}}{{id}}{{/lone}}|{{#rows}}{{outer}}{{/rows}}
            {{#others}}{{> list}}{{/others}}

            """, named: "page")
        let lists: [[[String: Any]]] = (0..<3).map { list in
            (0..<4).map { number -> [String: Any] in
                var row: [String: Any] = ["id": "l\(list)r\(number)", "marked": number % 2 == 0]
                if number != 2 { row["date"] = "d\(number)" }
                return row
            }
        }
        let lone: [[String: Any]] = [["id": "alone"]]
        let memo = Mustache.RowMemo()
        var pieces: [UInt8] = [], whole: [UInt8] = []
        for page in 0..<9 {
            let model: [String: Any] = ["rows": lists[page % 3], "others": lists[(page / 3) % 3], "lone": lone,
                                        "outer": "O\(page)", "date": "D\(page)"]
            let withMemo = try library.render(model, withTemplate: "page", rows: memo)
            let fresh = try library.render(model, withTemplate: "page")
            #expect(String(decoding: withMemo, as: UTF8.self) == String(decoding: fresh, as: UTF8.self), "page \(page)")
            whole += fresh
            let flush = Mustache.Library.Flush(threshold: 7) { pieces += $0; return true }
            pieces += try library.render(model, withTemplate: "page", rows: memo, flush: flush)
        }
        #expect(pieces == whole)
        #expect(memo.copiedLists > 30, "\(memo.copiedLists) lists copied")
    }

    /// ADR-0049: a value read in place from the `Any` a dictionary gave is the value the casts
    /// give, for the six types read that way and others (a class, an `NSString`, optionals).
    @Test func valuesReadInPlaceAsClassified() {
        final class Thing: CustomStringConvertible { var description: String { "a thing" } }
        let long = String(repeating: "a long string on the heap, ", count: 5) + "é"
        let values: [Any] = ["", "title", long, "e\u{301}", 0, -7, Int.max, Int.min, true, false,
                             ["title": "x", "n": 3] as [String: Any], [String: Any](),
                             [["url": "u"], ["url": long, "current": true]] as [[String: Any]], [[String: Any]](),
                             ["a", long, ""], [String](), 2.5, [1, "x"] as [Any], NSNull(), Optional<String>.some("x") as Any,
                             Optional<Int>.none as Any, UInt8(3), Thing(), NSString(string: "bridged"), ["k": 1] as [String: Int]]
        for value in values {
            var any = value
            let inPlace = Mustache.Value(existential: &any), byCasts = Mustache.Value(casting: value)
            #expect(SpeedEquivalenceTests.describe(inPlace) == SpeedEquivalenceTests.describe(byCasts), "\(value)")
        }
    }

    /// ADR-0069: the renderer walks `Ops.walk`, references it does not retain: each must be the
    /// node `items` holds at its place (so `items` keeps it alive), in every list of nodes a library
    /// has (templates, sections, inverted sections, blocks' defaults, parents' overrides), and a
    /// page rendered through all of them is the page the specification's rules give.
    @Test func theNodesWalkedAreTheNodesKept() throws {
        var library = Mustache.Library()
        try library.register("<{{title}}>\n{{$b}}default {{x}}{{/b}}\n", named: "base")
        try library.register("  {{#rows}}[{{name}}]{{/rows}}\n", named: "list")
        try library.register("""
        {{#site}}{{title}}{{/site}}{{^missing}} none{{/missing}}
          {{>list}}
        {{<base}}{{$b}}over {{#rows}}{{name}},{{/rows}}{{/b}}{{/base}}
        {{$own}}own {{title}}{{/own}}
        """, named: "page")
        var lists = 0
        func check(_ ops: Mustache.Ops) {
            lists += 1
            #expect(ops.walk.count == ops.items.count)
            for (walked, kept) in zip(ops.walk, ops.items) {
                #expect(walked.takeUnretainedValue() === kept)
                check(kept.children)
                for override in (kept.overrides ?? [:]).values { check(override) }
            }
        }
        for ops in library.compiled.values { check(ops) }
        #expect(lists > 10, "\(lists) lists of nodes")
        let model: [String: Any] = ["title": "T", "x": "X", "site": ["title": "S"] as [String: Any],
                                    "rows": [["name": "a"], ["name": "b"]] as [[String: Any]]]
        let page = String(decoding: try library.render(model, withTemplate: "page"), as: UTF8.self)
        #expect(page == "S none\n    [a][b]\n<T>\nover a,b,\n\nown T")
    }

    /// ADR-0049: the escaped bytes found by one bit of a word are exactly the five, and every ASCII
    /// character alone and between others escapes as by Unicode scalars.
    @Test func escapedBytesAreTheFive() {
        let five: Set<UInt8> = Set("<>&\"'".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTMLEscaping.needsEscape(byte) == five.contains(byte), "\(byte)")
        }
        for scalar in (UInt8(0)..<128).map(Unicode.Scalar.init) {
            for text in [String(scalar), "a\(scalar)b", "\(scalar)\(scalar)é"] {
                #expect(HTMLEscaping.escape(text) == HTML.scalarEscape(text), "\(text.debugDescription)")
            }
        }
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

    /// ADR-0072: a section opens, and an inverted one does not, exactly when its value is truthy
    /// (`Value.isFalsy`), told by the value's case alone: every kind of value, missing or not.
    @Test func sectionsOpenExactlyWhenTheirValueIsTruthy() throws {
        let values: [String: Any] = [
            "null": NSNull(), "no": false, "yes": true, "none": [[String: Any]](), "rows": [["x": "r"]] as [[String: Any]],
            "noStrings": [String](), "strings": ["s"], "noAny": [Any](), "any": [1] as [Any], "object": ["x": "o"] as [String: Any],
            "emptyObject": [String: Any](), "text": "t", "emptyText": "", "zero": 0, "half": 0.5,
            "noRows": Mustache.MadeRows(count: 0) { _ in [:] }, "madeRows": Mustache.MadeRows(count: 2) { ["x": "m\($0)"] },
            "made": Mustache.MadeText(write: { $0("made") }), "optional": String?.none as Any, "some": String?.some("v") as Any,
        ]
        for name in values.keys.sorted() + ["missing"] {
            let truthy = values[name].map { !Mustache.Value($0).isFalsy } ?? false
            let page = try Self.render("{{#\(name)}}Y{{/\(name)}}{{^\(name)}}N{{/\(name)}}", values)
            #expect(page.contains("N") == !truthy, "\(name): \(page)")
            #expect(page.contains("Y") == truthy, "\(name): \(page)")
        }
        #expect(try Self.render("{{#rows}}{{x}}{{/rows}}{{#madeRows}}{{x}}{{/madeRows}}{{#object}}{{x}}{{/object}}", values) == "rm0m1o")
    }

    /// ADR-0072: a partial is found once its template is registered, before or after the
    /// templates that include it, and is the template registered last under its name; a copy of a
    /// library keeps the partials it had; an unknown one renders as nothing.
    @Test func partialsAreTheTemplatesRegisteredUnderTheirNames() throws {
        var library = Mustache.Library()
        try library.register("[{{> p}}|{{> q}}|{{#rows}}{{> p}}{{/rows}}]", named: "t")
        let model: [String: Any] = ["x": "X", "rows": [["x": "1"], ["x": "2"]] as [[String: Any]]]
        func page(_ library: Mustache.Library) throws -> String {
            String(decoding: try library.render(model, withTemplate: "t"), as: UTF8.self)
        }
        #expect(try page(library) == "[||]")
        try library.register("<{{x}}>", named: "p")
        #expect(try page(library) == "[<X>||<1><2>]")
        let kept = library
        try library.register("({{x}})", named: "p")
        try library.register("q", named: "q")
        #expect(try page(library) == "[(X)|q|(1)(2)]")
        #expect(try page(kept) == "[<X>||<1><2>]")
        #expect(try page(Mustache.Library(templates: library.templates)) == "[(X)|q|(1)(2)]")
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
