import Foundation
@testable import HandbookCore
@testable import HandbookMarkdown
import Testing

/// The byte-level shortcuts of the build's hot paths (ADR-0014, fifth round) give what the
/// Character-level code they replaced gave, on ASCII and on text with combining marks.
@Suite struct SpeedEquivalenceTests {
    /// The sample handbook (and its contract), linked: the relation graph tests' input.
    static func sampleHandbook() throws -> Handbook {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1"
        let fileSystem = MemoryFileSystem(SampleHandbook.files.merging(SampleContract.files) { $1 })
        return try #require(Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: DiagnosticEngine()))
    }

    static let texts = ["", "a", "#", "a#b", "docs/x.md#part", "é#x", "e\u{301}#x", "x#\u{301}y", "#\u{301}", "ü/blob/x",
                        "https://github.com/acme/shop/blob/main/docs/a.md", "https://h/blob/\u{301}x/blob/y", "/blob/",
                        "/blo/blob//blob/", "https://gitlab.com/a/b/-/blob/main/é.md", "no blob here", "a\"b\\c\n\t\u{1}d"]

    @Test func editURLAsFoundationFindsIt() {
        for text in Self.texts {
            let expected = text.range(of: "/blob/").map { text.replacingCharacters(in: $0, with: "/edit/") }
            #expect(ViewModels.editURL(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func linkTargetCutAsCharactersCutIt() {
        for text in Self.texts {
            #expect(HandbookJSON.Context.beforeFragment(text) == String(text.prefix { $0 != "#" }), "\(text.debugDescription)")
        }
    }

    /// ADR-0064: a link's target path joined as it is when its href has neither a `#` nor a `%` byte,
    /// and two paths joined in one String, as the href cut at its first `#` Character, decoded and
    /// joined by appends: combining marks after `#` or `/`, escapes that decode, half escapes, `..`.
    @Test func linkTargetPathsAsCutDecodedAndJoined() {
        let folders = ["", "decisions", "a/b", "/", "/abs", "é", "e\u{301}", "a/../b", "x/", "\u{301}", "a//b", "../up"]
        let hrefs = Self.texts + ["ADR-01221.html", "../x.html", "./a/./b.html", "a%20b.html", "a%2", "%", "%zz", "%C3%A9.html",
                                  "%FF", "a#%20", "%23x", "x%23#y", "\u{301}.html", "/\u{301}x", "/abs.html", "a//b", "..", ".",
                                  "a/", "%2e%2e/x", "é/ü.html", "x#", "a%20b#c%20d", "%\u{301}41", "#\u{301}%20", "../../a%2Fb.html"]
        for folder in folders {
            for href in hrefs {
                let path = String(href.prefix { $0 != "#" })
                let relative = URLEncoding.decode(path) ?? path
                let expected = relative.hasPrefix("/") || folder.isEmpty ? Path.normalize(relative) : Path.normalize(folder + "/" + relative)
                #expect(HandbookJSON.Context.targetPath(folder, href) == expected, "\(folder.debugDescription) \(href.debugDescription)")
                #expect(Path.joined(folder, href) == folder + "/" + href, "\(folder.debugDescription) \(href.debugDescription)")
            }
        }
    }

    /// ADR-0042: a link's fragment split off by bytes, and a class name made by bytes, as by Characters.
    @Test func fragmentSplitAndClassNamesAsByCharacters() {
        let more = ["A#B", "#", "##", "a\r\n#b", "\u{600}#x", "x#\u{200D}y", "x\u{301}", "In Review", "ÉTAT", "İstanbul",
                    "Accepted!", "draft_2", "\r\n", "a b\tc", "KELVIN \u{212A}"]
        for text in Self.texts + more {
            let (path, fragment) = LinkResolver.splitFragment(text)
            let (expectedPath, expectedFragment) = LinkResolver.characterSplitFragment(text)
            #expect(path == expectedPath && fragment == expectedFragment, "\(text.debugDescription)")
            #expect(RelationGraph.classSafe(text) == RelationGraph.characterClassSafe(text), "\(text.debugDescription)")
            let query = text.replacingOccurrences(of: "#", with: "?")
            #expect(LinkResolver.beforeQuery(query) == String(query.prefix { $0 != "?" }), "\(query.debugDescription)")
        }
    }

    /// ADR-0044: a repository path split into parts, and a file name's extension, by bytes as by Characters.
    @Test func repositoryPathPartsAsByCharacters() {
        let paths = ["a/b/c.go", "/a//b/", "services/billing/BUILD.bazel", ".env", "a/.env", "x.", "a.b.c", "a/b.", ".",
                     "docs/\u{301}x.md", "e\u{301}/f.m\u{301}d", "a/\u{301}/b", "\u{301}", "\u{600}/x.go", "x/\u{600}.y",
                     "a.\u{301}", "é/ü.ts", "a\r\n/b", "\r\n/x", "", "/", "//", ".build/x", "a/.build-x/y.go"]
        for path in Self.texts + paths {
            #expect(RepositoryFiles.parts(of: path) == RepositoryFiles.characterParts(of: path), "\(path.debugDescription)")
            for name in RepositoryFiles.characterParts(of: path) + [path] {
                #expect(RepositoryFiles.fileExtension(name) == RepositoryFiles.characterExtension(name), "\(name.debugDescription)")
            }
        }
    }

    /// ADR-0044: a site path with nothing to encode is returned as it is; the same as encoding it byte by byte.
    @Test func urlPathShortcutAsEncodingEveryByte() {
        let paths = ["files/services/billing/a1.go.html", "../../decisions/adr-00001-x.html", "a b.md.html", "a%20b", "x?y#z",
                     "~_-./", "A-Z_a-z.0-9~", "files/é.html", "e\u{301}", "a+b", "a:b@c", "\u{7F}", "a\u{0}b"]
        for path in Self.texts + paths {
            #expect(URLEncoding.path(path) == URLEncoding.encodedPath(path), "\(path.debugDescription)")
        }
    }

    @Test func linkKindNamedAsInterpolationNamesIt() {
        for kind in [MarkdownLink.Kind.link, .image, .reference, .pullRequest] {
            #expect(HandbookJSON.Context.name(kind) == "\(kind)")
        }
    }

    /// JSON strings: runs copied at once, the escapes as before (byte by byte).
    @Test func jsonStringsAsByteByByte() {
        for text in Self.texts + ["\u{0}\u{1f}\u{20}\u{7f}", String(repeating: "ab\"", count: 50)] {
            var writer = JSONWriter()
            writer.string(text)
            var expected: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: expected += Array("\\\"".utf8)
                case 0x5C: expected += Array("\\\\".utf8)
                case 0x0A: expected += Array("\\n".utf8)
                case 0x0D: expected += Array("\\r".utf8)
                case 0x09: expected += Array("\\t".utf8)
                case 0..<0x20: expected += Array(String(format: "\\u%04x", byte).utf8)
                default: expected.append(byte)
                }
            }
            expected.append(0x22)
            #expect(writer.bytes == expected, "\(text.debugDescription)")
        }
    }

    // MARK: ADR-0041

    static let frontMatters = ["", "---", "---\n", "---\n---\n", "---\na: 1\n---\nbody\n", "---  \t\na: 1\n...\t\nbody",
                               "+++\na = 1\n+++\n", "+++ \n", "--- x\n---\n", "---\na: 1\n", "---\na: 1\n---", "----\n---\n",
                               "---\u{301}\n---\n", "---\n--\u{301}-\n---\nb", "---\na\n \u{301}---\n---\nb\n",
                               "\u{FEFF}---\na: é\n---\nbody é\n", "\u{FEFF}\u{301}---\na\n---\n", "# Title\n\ntext\n",
                               "---\n\u{600} \n---\n", "---\na: 1\n--- \u{301}\n---\nrest", "\n---\na\n---\n",
                               "---\r\na: 1\r\n---\r\nbody", "---\na: 1\r---\nx"]

    static func describe(_ result: Result<FrontMatterSplit, FrontMatterSplit.Problem>) -> String {
        switch result {
        case .failure(let problem): return "failure \(problem)"
        case .success(let split):
            return "yaml \(split.yaml.map { Array($0.utf8) }.debugDescription) line \(split.yamlFirstLine) body \(Array(split.body.utf8)) offset \(split.bodyLineOffset)"
        }
    }

    /// The front matter split by bytes gives what the Character split gives (text with `\r` goes
    /// to the Character split).
    @Test func frontMatterSplitByBytesAsByCharacters() {
        var byBytes = 0
        for text in Self.frontMatters {
            var body = Substring(text)
            if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
            let expected = Self.describe(FrontMatterSplit.splitByCharacters(body))
            #expect(Self.describe(FrontMatterSplit.split(text)) == expected, "\(text.debugDescription)")
            if let bytes = FrontMatterSplit.splitByBytes(body) {
                byBytes += 1
                #expect(Self.describe(bytes) == expected, "\(text.debugDescription)")
            }
        }
        #expect(byBytes == Self.frontMatters.count - 2)
    }

    /// HTML escaping by runs gives what escaping byte by byte gives.
    @Test func htmlEscapingByRunsAsByteByByte() {
        for text in Self.texts + ["<a href=\"x\">'&'</a>", "&&", "<", "plain", "é<\u{301}>", String(repeating: "a<b", count: 40)] {
            var expected: [UInt8] = []
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "<"): expected += Array("&lt;".utf8)
                case UInt8(ascii: ">"): expected += Array("&gt;".utf8)
                case UInt8(ascii: "&"): expected += Array("&amp;".utf8)
                case UInt8(ascii: "\""): expected += Array("&quot;".utf8)
                case UInt8(ascii: "'"): expected += Array("&#39;".utf8)
                default: expected.append(byte)
                }
            }
            var output: [UInt8] = [0x2A]
            HTMLEscaping.append(text, to: &output)
            #expect(output == [0x2A] + expected, "\(text.debugDescription)")
        }
    }

    /// ADR-0047: `HTML.escape` (the relation graphs' nodes, the metric charts) by runs of bytes gives
    /// what escaping a Unicode scalar at a time gave.
    @Test func htmlEscapeByBytesAsByScalars() {
        let more = ["<a href=\"x\">'&'</a>", "&&", "<", "plain", "é<\u{301}>", "\"\u{301}", "'\u{20DD}", "⚠ landmine · high",
                    "ADR-0001: Ünïcödé & <b>", "\u{1F469}\u{200D}\u{1F4BB}<", "a\u{0}<b", String(repeating: "a<b'", count: 40)]
        for text in Self.texts + more {
            #expect(HTML.escape(text) == HTML.scalarEscape(text), "\(text.debugDescription)")
            #expect(Array(HTML.escape(text).utf8) == Array(HTML.scalarEscape(text).utf8), "\(text.debugDescription)")
        }
    }

    /// ADR-0050: a link's URL escaped for its attribute by runs of bytes is the URL escaped a scalar
    /// at a time: every ASCII byte between letters and alone, non-ASCII text, combining marks on
    /// the escaped characters, runs at the start and the end.
    @Test func attributeURLsByBytesAsByScalars() {
        var urls = Self.texts + ["", " ", "a b", "&&", "\"\u{301}", "<\u{20DD}>", "é é", "\u{1F469}\u{200D}\u{1F4BB} x",
                                 "../decisions/ADR-0001.html#a b", "https://x/?a=1&b=<2>", "\u{7F}\u{80}\u{9F}", String(repeating: "a&b ", count: 30)]
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            urls += [character, "a" + character + "b", character + character + "é"]
        }
        for url in urls {
            var output: [UInt8] = Array("kept".utf8)
            HTML.appendAttributeURL(url, to: &output)
            #expect(output == Array("kept".utf8) + Array(HTML.escapeAttributeURL(url).utf8), "\(url.debugDescription)")
        }
    }

    /// ADR-0050: a tag's page written as bytes is the page written with Strings: every ASCII byte,
    /// letters that lower-case to more than one scalar or to ASCII, `index` in any case, the empty
    /// tag, tags long enough for `OutputName.fit` to cut.
    @Test func tagPagesByBytesAsByStrings() {
        var tags = ["", "index", "Index", "INDEX", "indexes", "a b", "é", "e\u{301}", "İ", "ß", "ﬃ", "API", "c++", "~", "x/y",
                    "K", "\u{212A}", "\u{1F469}\u{200D}\u{1F4BB}", String(repeating: "long-tag-", count: 40), String(repeating: "é", count: 200)]
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            tags += [character, "a" + character + "B"]
        }
        for tag in tags {
            #expect(ViewModels.tagPage(tag) == ViewModels.stringTagPage(tag), "\(tag.debugDescription)")
            #expect(Array(ViewModels.tagPage(tag).utf8) == Array(ViewModels.stringTagPage(tag).utf8), "\(tag.debugDescription)")
        }
    }

    /// ADR-0047: a relation graph's node written as bytes is the node written by interpolation, for
    /// decisions, landmines and contracts, centred or not, at any place, from pages at any depth,
    /// with titles that need escaping, are cut at 24 Characters, or hold combining marks.
    @Test func relationGraphNodesAsByInterpolation() throws {
        var handbook = try Self.sampleHandbook()
        let titles = ["<b>\"Quotes\" & 'apostrophes'</b>", "e\u{301}\u{301} a title longer than twenty-four Characters", "⚠ & ⇄",
                      "exactly twenty-four char", "x", "a title with\r\nCR LF, one Character", "twenty-three characters",
                      "twenty-five characters &'", "A plain ASCII title, longer than the cut"]
        for index in handbook.documents.indices { handbook.documents[index].title = titles[index % titles.count] + handbook.documents[index].title }
        let graph = RelationGraph(handbook: handbook, chronological: handbook.decisionsNewestFirst.reversed())
        let kinds = Set(graph.order.map { $0 >= handbook.documents.count ? "contract" : handbook.documents[$0].decision != nil ? "decision" : "other" })
        #expect(kinds == ["contract", "decision", "other"], "every kind of node")
        let places = [RelationGraph.Placed(x: 0, y: 0), RelationGraph.Placed(x: 8, y: 12.34), RelationGraph.Placed(x: 1e6 + 0.05, y: -3.05)]
        for node in graph.order {
            for centre in [nil, node, graph.order[0]] {
                for page in ["index.html", "decisions/ADR-0001.html", "files/a/b é/c.html"] {
                    for place in places {
                        #expect(graph.renderNode(node, at: place, centre: centre, from: page)
                                == graph.interpolatedRenderNode(node, at: place, centre: centre, from: page), "\(node) \(page)")
                    }
                }
            }
        }
    }

    /// ADR-0075: a decision's local graph, written into one buffer, is its frame, edges and nodes
    /// as written by interpolation, the edges sorted by their kinds' raw values; for every
    /// decision, from pages at several depths, with titles cut in ASCII and not.
    @Test func localGraphsAsByInterpolation() throws {
        var handbook = try Self.sampleHandbook()
        let titles = ["A plain ASCII title, longer than the cut", "short", "e\u{301} with a mark, and longer than the cut",
                      "with\r\nCR LF in it and longer than the cut", "<&>\"' to escape, longer than the cut"]
        for index in handbook.documents.indices { handbook.documents[index].title = titles[index % titles.count] + handbook.documents[index].title }
        let graph = RelationGraph(handbook: handbook, chronological: handbook.decisionsNewestFirst.reversed())
        var drawn = 0
        for centre in graph.order {
            for page in ["decisions/ADR-0001.html", "index.html", "a/b é/c.html"] {
                let svg = graph.svg(around: centre, from: page)
                guard let (nodes, edges) = graph.neighbourhood(of: centre) else {
                    #expect(svg == nil)
                    continue
                }
                let sorted = edges.sorted { ($0.from, $0.to, $0.kind.rawValue) < ($1.from, $1.to, $1.kind.rawValue) }
                #expect(edges == sorted)
                let (head, place) = graph.interpolatedRenderHead(nodes: nodes, edges: sorted, centre: centre, id: "graph-local")
                var reference = head
                for node in nodes { if let p = place[node] { reference += graph.interpolatedRenderNode(node, at: p, centre: centre, from: page) } }
                reference += "</g>\n</svg>"
                #expect(svg == reference, "\(centre) \(page)")
                drawn += 1
            }
        }
        #expect(drawn > 6, "graphs with edges")
        #expect(RelationGraph.EdgeKind.allCases.sorted { $0.rank < $1.rank }.map(\.rawValue)
                == RelationGraph.EdgeKind.allCases.map(\.rawValue).sorted())
    }

    /// ADR-0047: the relation graph's layout worked on with arrays is the layout worked on with
    /// dictionaries: random graphs, edges both ways, to themselves and to nodes left out, long
    /// chains (scaled layers), nodes in any order.
    @Test func relationGraphLayoutAsWithDictionaries() throws {
        let handbook = try Self.sampleHandbook()
        let graph = RelationGraph(handbook: handbook, chronological: handbook.decisionsNewestFirst.reversed())
        var generator = ShapeAccumulatorTests.Generator(state: 47)
        func next(_ bound: Int) -> Int { generator.next(bound) }
        let kinds = RelationGraph.EdgeKind.allCases
        for round in 0..<600 {
            let size = next(round % 10 == 0 ? 60 : 12)
            var nodes = Array(Set((0..<size).map { _ in next(200) }))
            if next(2) == 0 { nodes.sort() }
            var edges: [RelationGraph.Edge] = []
            for _ in 0..<next(3 * size + 2) {
                let from = nodes.isEmpty || next(6) == 0 ? next(220) : nodes[next(nodes.count)]
                let to = nodes.isEmpty || next(6) == 0 ? next(220) : nodes[next(nodes.count)]
                edges.append(RelationGraph.Edge(from: from, to: to, kind: kinds[next(kinds.count)]))
            }
            if round % 7 == 0, nodes.count > 1 {
                // A chain through every node, in the nodes' order: more layers than the cap.
                edges += zip(nodes, nodes.dropFirst()).map { RelationGraph.Edge(from: $0, to: $1, kind: .relates) }
            }
            #expect(graph.layout(nodes: nodes, edges: edges) == graph.dictionaryLayout(nodes: nodes, edges: edges), "round \(round)")
        }
    }

    /// ADR-0062: a relation graph's frame and edges written as bytes, as by interpolation; and the
    /// numbers in it as `MetricNumber.format` gives them.
    @Test func relationGraphHeadsAsByInterpolation() throws {
        let handbook = try Self.sampleHandbook()
        let graph = RelationGraph(handbook: handbook, chronological: handbook.decisionsNewestFirst.reversed())
        var generator = ShapeAccumulatorTests.Generator(state: 62)
        func next(_ bound: Int) -> Int { generator.next(bound) }
        let kinds = RelationGraph.EdgeKind.allCases
        let ids = ["graph-local", "graph", "g-é\u{301}", "x\"<&"]
        for round in 0..<400 {
            let size = next(round % 10 == 0 ? 60 : 12)
            let nodes = Array(Set((0..<size).map { _ in next(200) })).sorted()
            var edges: [RelationGraph.Edge] = []
            for _ in 0..<next(3 * size + 2) {
                let from = nodes.isEmpty || next(6) == 0 ? next(220) : nodes[next(nodes.count)]
                let to = nodes.isEmpty || next(6) == 0 ? next(220) : nodes[next(nodes.count)]
                edges.append(RelationGraph.Edge(from: from, to: to, kind: kinds[next(kinds.count)]))
            }
            let centre = next(3) == 0 ? nil : nodes.first
            let id = ids[next(ids.count)]
            let bytes = graph.renderHead(nodes: nodes, edges: edges, centre: centre, id: id)
            let reference = graph.interpolatedRenderHead(nodes: nodes, edges: edges, centre: centre, id: id)
            #expect(bytes.0 == reference.0, "round \(round)")
            #expect(bytes.1.count == reference.1.count, "round \(round)")
        }
        var values: [Double] = [0, -0.0, 0.04, 0.05, 0.05000001, -0.04, -0.05, -0.06, 0.95, 0.96, 9.95, 99.94, 1e15, 9e14 - 0.04, 9e14,
                                -9e14, 1e16, -1e16, .infinity, -.infinity, .nan, 8, 184, 200.5, 1234567.89, -12.34, Double(Int.max)]
        for _ in 0..<3000 {
            let magnitude = Double(next(1_000_000)) / Double([1, 10, 100, 1000, 7][next(5)])
            values.append(next(4) == 0 ? -magnitude : magnitude)
        }
        for value in values {
            var out: [UInt8] = []
            RelationGraph.appendNumber(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == MetricNumber.format(value, decimals: 1), "\(value)")
        }
        for value in [0, 1, 9, 10, 99, 100, 12345, Int.max, -1, Int.min] {
            var out: [UInt8] = []
            RelationGraph.appendInt(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }

    /// ADR-0047: a site path's parts counted by bytes as split by Characters (the root prefix of every page).
    @Test func sitePathPartsCountedAsSplitByCharacters() {
        let paths = ["index.html", "decisions/ADR-0001.html", "/a//b/", "//", "/", "", "a/b/c/d.html", "files/é/x.html",
                     "a/\u{301}b", "a\u{301}/b", "/\u{301}", "x/\r\n/y", "\u{600}/x", "a/\u{200D}/b", "tags/naïve.html"]
        for path in Self.texts + paths {
            #expect(Path.componentCount(path) == Path.characterComponentCount(path), "\(path.debugDescription)")
        }
    }

    /// The postings table keyed by bytes gives the `[String: [Int32]]` that adding every word as a
    /// String made, canonically equivalent spellings (`é`, `e` + U+0301) in one list included.
    @Test func postingsByBytesAsByStrings() {
        let entries = ["Café cafe\u{301} CAFÉ", "UnsafeOutputTests unsafe x", "e\u{301}t\u{e9} été", "", "a a a b",
                       "caf\u{e9} v2Beta", String(repeating: "word ", count: 300) + "averyveryverylongwordindeed",
                       (0..<2000).map { "w\($0)" }.joined(separator: " "),
                       // Words of earlier entries seen again, twice, in a later one.
                       "word word UnsafeOutputTests unsafe unsafe a b a w7 w7"]
        var postings = SearchIndex.Postings()
        var expected: [String: [Int32]] = [:]
        for (number, text) in entries.enumerated() {
            SearchIndex.post(text, entry: Int32(number), into: &postings)
            var words = Set<String>()
            SearchIndex.tokens(text, into: &words)
            // Every word in text order, as the String-keyed table added them.
            for word in Self.wordsInOrder(text) {
                if expected[word, default: []].last != Int32(number) { expected[word, default: []].append(Int32(number)) }
            }
            #expect(Set(Self.wordsInOrder(text)) == words)
        }
        let table = postings.byTerm()
        #expect(table == expected)
        #expect(table.count == expected.count)
        // The first spelling is the key kept.
        #expect(table.keys.contains { Array($0.utf8) == Array("café".utf8) })
    }

    /// `SearchIndex.tokens`' words in order, by the Character-free rule written out again.
    static func wordsInOrder(_ text: String) -> [String] {
        var words: [String] = []
        let bytes = Array(text.utf8)
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }
        var i = 0
        while i < bytes.count {
            guard isWord(bytes[i]) else { i += 1; continue }
            var end = i
            while end < bytes.count, isWord(bytes[end]) { end += 1 }
            if end - i <= SearchIndex.maxTokenLength {
                words.append(String(decoding: bytes[i..<end].map(lower), as: UTF8.self))
                var partStart = i, parts = 0
                for k in (i + 1)..<end where bytes[k] >= 0x41 && bytes[k] <= 0x5A
                    && ((bytes[k - 1] >= 0x61 && bytes[k - 1] <= 0x7A) || (bytes[k - 1] >= 0x30 && bytes[k - 1] <= 0x39)) {
                    words.append(String(decoding: bytes[partStart..<k].map(lower), as: UTF8.self))
                    partStart = k
                    parts += 1
                }
                if parts > 0 { words.append(String(decoding: bytes[partStart..<end].map(lower), as: UTF8.self)) }
            }
            i = end
        }
        return words
    }

    /// Line ends: the `\r` looked for with memchr, wherever it stands (first byte, last byte, beside
    /// a combining mark), and text without one returned as it is.
    @Test func lineEndsNormalizedWhereverTheCarriageReturnStands() {
        for text in ["", "\r", "a\r", "\ra", "a\r\nb", "a\rb\r", "e\u{301}\r", "\r\u{301}x", "no return\n", "é\n\n"] {
            let expected = text.utf8.contains(13)
                ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
            #expect(Array(text.normalizingLineEnds.utf8) == Array(expected.utf8), "\(text.debugDescription)")
        }
    }

    // MARK: ADR-0045

    static let trimTexts = ["", " ", "\t", "  \t ", "a", " a ", "\ta\t", " a b ", " \u{301}x", "x \u{301}", "x\u{301} ",
                            " e\u{301} ", "\u{600} x", "x\u{600} ", "x \u{600}", " \u{200D}x", "é ", " é", "\r\n x \r\n",
                            " \r", "\n ", ":: a ::", ". (x) .", "*_`\"'x'\"`_*", "  \u{FEFF} ", "👍🏽 ", " 👍🏽", " \u{1F1EB}\u{1F1F7} ",
                            "a\u{301}.", ".\u{301}a", "(.)", "..", "\t \t"]
    static let trimSets = [" \t", ".()", " \t:", " \t*_`\"'", " \t?.:", " \t.", " \u{301}", "\n ", "é"]

    /// Trimming by bytes gives what trimming Characters gave, beside combining and prepended marks too.
    @Test func trimmingByBytesAsByCharacters() {
        for text in Self.trimTexts {
            for set in Self.trimSets {
                let trimmed = text.trimmingCharacters(in: set)
                #expect(Array(trimmed.utf8) == Array(text.characterTrimming(set).utf8), "\(text.debugDescription) \(set.debugDescription)")
            }
        }
    }

    /// Heading anchors of ASCII text by bytes, as scalar by scalar.
    @Test func anchorSlugsByBytesAsByScalars() {
        let texts = Self.trimTexts + Self.texts + ["Context", "Decision Outcome", "Option 2: use X_y-z!", "A\u{1}B\u{7F}c",
                                                    "ÉTAT", "İstanbul", "½ and ²", "Ⅻ", "KELVIN \u{212A}", "snake_case", "--x--", "#1 (a/b)"]
        for text in texts {
            #expect(Array(AnchorAllocator.slug(text).utf8) == Array(AnchorAllocator.scalarSlug(text).utf8), "\(text.debugDescription)")
        }
    }

    /// A record's lines by memchr, as a byte-by-byte scan found them.
    @Test func recordLinesByMemchrAsByteByByte() {
        for text in Self.trimTexts + ["\n", "\n\n", "a\nb", "a\r\nb\n", "\r\n\r\n", "x\r\r\n\ny", "\na\n"] {
            let bytes = Array(text.utf8)
            var expected: [Range<Int>] = []
            var start = 0
            for offset in bytes.indices where bytes[offset] == 0x0A && (offset == 0 || bytes[offset - 1] != 0x0D) {
                expected.append(start..<offset)
                start = offset + 1
            }
            expected.append(start..<bytes.count)
            #expect(RecordHeader.lineRanges(bytes) == expected, "\(text.debugDescription)")
        }
    }

    /// A word without a capital given in place: the words, in order, as the rule written out gives them.
    @Test func searchWordsInPlaceAsLowerCased() {
        let texts = Self.trimTexts + Self.texts + ["UnsafeOutputTests unsafe x", "v2Beta ABC aBC abC", "word", "WORD", "x9Y z",
                                                    String(repeating: "ab", count: 30), "café CAFÉ Ünïcode", "a-b_c.d",
                                                    // Every ASCII byte, between letters and alone (ADR-0048's byte classes).
                                                    String(decoding: (1..<128).flatMap { [UInt8(ascii: "q"), UInt8($0), UInt8(ascii: "Z")] }, as: UTF8.self),
                                                    String(decoding: Array(1..<128), as: UTF8.self), "\u{7f}é\u{80}"]
        for text in texts {
            var words: [String] = []
            SearchIndex.forEachToken(text) { words.append($0) }
            #expect(words == Self.wordsInOrder(text), "\(text.debugDescription)")
        }
    }

    /// Callouts' block quotes, collected by the parse's tree walk, are those a walk of their own finds.
    @Test func blockQuotesOfTheWalkAsOfTheirOwnWalk() {
        let texts = ["", "> a", "> [!NOTE]\n> x\n\n> b\n>> c\n>>> d", "- > in a list\n  > > nested", "text only",
                     "| a |\n| - |\n| > b |", "> q\n\n```\n> not\n```\n\n> [!TIP] Title\n> y"]
        for text in texts {
            let (walked, reference) = MarkdownParser.blockQuotesByBothWalks(text)
            #expect(walked == reference, "\(text.debugDescription)")
        }
        #expect(MarkdownParser.blockQuotesByBothWalks("> a\n\n- > b\n  > > c").reference.count == 3)
    }

    // MARK: ADR-0043

    /// A view model's values classified from the existential's buffer give what the runtime's
    /// casts give (`Mustache.Value.init(casting:)`), for every type read that way and a few that are not.
    @Test func valuesClassifiedAsByCasts() {
        let long = String(repeating: "a long string on the heap, ", count: 5) + "é"
        let values: [Any] = ["", "title", long, "e\u{301}", 0, -7, Int.max, Int.min, true, false,
                             ["title": "x", "n": 3] as [String: Any], [String: Any](),
                             [["url": "u"], ["url": long, "current": true]] as [[String: Any]], [[String: Any]](),
                             ["a", long, ""], [String](), 2.5, [1, "x"] as [Any], NSNull(), Optional<String>.some("x") as Any,
                             Optional<Int>.none as Any, UInt8(3)]
        for value in values {
            let byBuffer = Mustache.Value(value), byCasts = Mustache.Value(casting: value)
            #expect(Self.describe(byBuffer) == Self.describe(byCasts), "\(value)")
        }
    }

    /// ADR-0066: names looked up at the bucket where they were last found (`LookupHints`) give
    /// what the dictionaries give. Random templates (sections, inverted sections, dotted names,
    /// names in several frames) over random models whose rows are copies of a few prototypes
    /// (`RowKeys`: one table, the hints found) with other keys added or not, of other prototypes
    /// with the same keys in another order, or of none; short keys and long ones, and keys equal
    /// but not in their bits (`é` composed and not). Rendered with hints kept from model to model
    /// (stale, from other dictionaries), through a run's row memo, and fresh, each is the page
    /// rendered with every look-up asked of the dictionaries (`LookupHints(0)`).
    @Test func hintedLookUpsAsPlain() throws {
        #expect(DictionaryTable.readable, "the hints are used")
        var generator = ShapeAccumulatorTests.Generator(state: 66)
        func next(_ bound: Int) -> Int { generator.next(bound) }
        // Names longer than a small string: the template's and the model's are two strings on the heap.
        let long = "aNameLongerThanFifteenBytes"
        let names = ["a", "b", "c", "d", "id", "title", long + "1", long + "2"], keys = names + ["\u{E9}", "e\u{301}", "a long key, 1"]
        let prototypes = [RowKeys(["a", "b", "id"]), RowKeys(["id", "b", "a"]), RowKeys(["title", "a", long + "1", "\u{E9}", "a long key, 1"]),
                          RowKeys(["a", "b", "id"], minimumCapacity: 12), RowKeys((0..<20).map { "k\($0)" } + ["a", "title"])]
        var pool: [[String: Any]] = []
        func value(_ depth: Int) -> Any {
            switch depth <= 0 ? next(3) : next(9) {
            case 0: return "v\(next(5))"
            case 1: return next(3)
            case 2: return next(3) == 0
            case 3, 4: return row(depth - 1)
            case 5: return (0..<next(4)).map { _ in "s\(next(3))" }
            case 6:
                // Rows of the round's pool are the same dictionaries from page to page: the memo
                // copies those that read nothing outside themselves.
                let rows = (0..<next(5)).map { _ in pool.isEmpty || next(4) == 0 ? row(depth - 1) : pool[next(pool.count)] }
                return next(3) == 0 ? Mustache.MadeRows(count: rows.count) { rows[$0] } : rows
            default: return ShapeAccumulatorTests.randomValue(&generator, depth: depth - 1)
            }
        }
        func row(_ depth: Int) -> [String: Any] {
            var row: [String: Any]
            if next(4) == 0 {
                row = [:]
            } else {
                let keys = prototypes[next(prototypes.count)]
                row = keys.prototype
                for index in keys.keys.indices { keys.set(&row, index, value(depth - 1)) }
            }
            for _ in 0..<next(3) { row[keys[next(keys.count)]] = value(depth - 1) }
            if next(8) == 0, let key = row.keys.first { row[key] = nil }
            return row
        }
        // The partial (`part`) includes none, else it would recurse as deep as its names are found.
        func template(_ depth: Int, partials: Bool = true) -> String {
            (0..<(1 + next(4))).map { _ -> String in
                let name = names[next(names.count)]
                switch depth <= 0 ? next(2) : next(partials ? 6 : 5) {
                case 0: return "<{{\(name)}}>"
                case 1: return "[{{{\(name)}}}|{{\(names[next(names.count)]).\(names[next(names.count)])}}|{{.\(name)}}]"
                case 2, 3: return "{{#\(name)}}(\(template(depth - 1, partials: partials))){{/\(name)}}"
                case 4: return "{{^\(name)}}!\(template(depth - 1, partials: partials)){{/\(name)}}"
                default: return "{{#\(name)}}{{.}}{{> part}}{{/\(name)}}"
                }
            }.joined()
        }
        var copied = 0
        for round in 0..<40 {
            var library = Mustache.Library()
            try library.register(template(3), named: "page")
            try library.register(template(2, partials: false), named: "part")
            let kept = Mustache.LookupHints(library.slots), memo = Mustache.RowMemo()
            pool = []
            // Rows with every name but the long ones read nothing outside themselves unless they
            // read those (which the page has or not).
            let every = RowKeys(names.dropLast(2).reversed())
            pool = (0..<4).map { _ in
                var row = every.prototype
                for index in every.keys.indices { every.set(&row, index, value(1)) }
                return row
            }
            for page in 0..<25 {
                var model = row(4)
                for _ in 0..<3 { model[keys[next(keys.count)]] = value(3) }
                func render(_ hints: Mustache.LookupHints?, rows: Mustache.RowMemo? = nil) -> String {
                    do { return String(decoding: try library.render(model, withTemplate: "page", rows: rows, hints: hints), as: UTF8.self) }
                    catch { return "error: \(error)" }
                }
                let plain = render(Mustache.LookupHints(0))
                #expect(render(kept) == plain, "round \(round), page \(page)")
                #expect(render(nil, rows: memo) == plain, "round \(round), page \(page), with the memo")
                #expect(render(nil) == plain, "round \(round), page \(page), fresh")
            }
            copied += memo.copied
        }
        #expect(copied > 10, "\(copied) rows copied by the memo")
    }

    /// Pages whose paths give one `TimelineRows.folder` have the same link to every page, so they
    /// may share the sidebar timeline's rows.
    @Test func pagesOfOneTimelineFolderLinkAlike() {
        let pages = ["decisions/a.html", "decisions/b c.html", "decisions/x/y.html", "decisions/x/z.html", "a.html", "b.html",
                     "/", "/x", "/y", "x/", "x/a", "é/a.html", "é/b.html", "decisions/é.html", "d/../a.html", "d/../b.html",
                     "//a", "//b", "a//b.html", "a//c.html", "files/src/main.swift.html", "files/src/other.html"]
        let targets = ["decisions/z.html", "a.html", "é/b.html", "decisions/x/y.html", "files/a/b.html", "/abs", "", "x/", "d/../c.html"]
        var shared = 0
        for first in pages {
            for second in pages where first != second {
                guard let folder = TimelineRows.folder(first), folder == TimelineRows.folder(second) else { continue }
                shared += 1
                for target in targets {
                    #expect(Path.relativeURL(from: first, to: target) == Path.relativeURL(from: second, to: target), "\(first) \(second) \(target)")
                }
            }
        }
        #expect(shared >= 16)
    }

    /// ADR-0046: a file's kind found by bytes as by Characters, and the word `template` found by a
    /// plain scan as by `firstRange(of:)`.
    @Test func fileKindsByBytesAsByCharacters() {
        let paths = ["decisions/0001-a.md", "decisions/README.md", "decisions/Index.MD", "decisions/adr-template.md",
                     "decisions/0005-templates.md", "landmines/x.md", "landmines/README.md", "pages/a.md", "decisions",
                     "decisions/", "/decisions/x.md", "decisions//x.md", "decisions/x/", "a/decisions/x.md", "landmines//",
                     "decisions/\u{301}x.md", "decisions/\u{301}/x.md", "e\u{301}/x.md", "decisions/é.md", "\u{600}/x.md",
                     "decisionsx/y.md", "decision/y.md", "landmine/y.md", "Decisions/0001-a.md", "decisions/ADR-Template.md",
                     "decisions/0000-template.md", "decisions/x/0000-template.md", "decisions/template.md", "", "/", "//"]
        for path in Self.texts + paths {
            #expect(ParseStage.kind(of: path) == ParseStage.characterKind(of: path), "\(path.debugDescription)")
        }
        let names = ["template", "templat", "templatx", "xtemplat", "xtemplatex", "ttemplate", "temtemplate", "TEMPLATE", "te-mplate", "tmplate",
                     "0000-template", "adr-template-x", "templatetemplate", "émplate", "é-template", "t", ""]
        for name in Self.texts + names + paths {
            #expect(ParseStage.containsTemplate(name) == (name.utf8.firstRange(of: "template".utf8) != nil), "\(name.debugDescription)")
        }
    }

    /// ADR-0046: a record's heading and a header line cleaned by bytes as by Characters.
    @Test func headingsAndCleanLinesByBytesAsByCharacters() {
        let lines = ["## Status", "#Status", "# ", "#", "####### x", "###### x", "## Status ##", "## a # b ##  ", "##\tTab\t#",
                     "## # #", "##  ## ", "- **Status:** Accepted", "* __Deciders:__ a, b", "+ - * x", "- - x", "_x_", "__x__", "_x",
                     "*a*", "**", "*_*", "x_y_", "  - Status: ✅ Accepted", "✅ Accepted", "... [link](x.md)", "!!! 12 ok", "- ",
                     "-  x", "* ", "#\r", "## Status\r", "- x\r\n", "\u{7F}x", "## e\u{301}", "- \u{301}x", "## Statut", "",
                     "   ", "\t- x", "- [ ] y", "* * *", "_ _ _", "a**b**c__d__", "**Date**: 2024", "## 日付", "a\u{0}b"]
        for line in Self.texts + lines {
            let heading = RecordHeader.heading(line), expected = RecordHeader.characterHeading(line)
            #expect(heading?.0 == expected?.0 && heading?.1 == expected?.1, "\(line.debugDescription)")
            #expect(RecordHeader.clean(line) == RecordHeader.characterClean(line), "\(line.debugDescription)")
        }
    }

    /// ADR-0046: a record's number read by bytes as by Characters, in an id and in a file name.
    @Test func recordNumbersByBytesAsByCharacters() {
        let texts = ["ADR-0007", "adr_7", "adr 7", "Adr7", "0007", "7", "", "adr", "adr-", "ADR--7", "adr-123456789", "adr-1234567890",
                     "12a", "１２", "ADR-0007\r\n", "e\u{301}1", "1\u{301}", "0007-split-billing.md", "adr-007-x.md", "adr007-x.md",
                     "ADR-0007-x.md", "007-X.md", "20200925-slug.md", "20201340-x.md", "ODH-ADR-0005-x.md", "odh_adr_5.md", "o-adr-5.md",
                     "abcdefghi-adr-5.md", "ab1-adr-5.md", "ab-adrx5.md", "adrx-5.md", "adr 12 x.md", "12.md", "12x.md", "12_x", "adr-12",
                     "adr-x.md", "X-ADR-0005", "ADR-0007 ", "\tadr-1", "1234567890-x.md", "00000000-x.md", "19900101.md", "é-adr-1.md"]
        for text in Self.texts + texts {
            #expect(IDKey.number(in: text) == IDKey.characterNumber(in: text), "\(text.debugDescription)")
            let name = IDKey.number(inFileName: text), expected = IDKey.characterNumber(inFileName: text)
            #expect(name?.number == expected?.number && name?.digits == expected?.digits, "\(text.debugDescription)")
        }
    }

    /// ADR-0046: the blocks' texts gathered as bytes give what Strings appended gave (links, headings
    /// and plain text too), on ASCII, on text beyond it and on what cmark-gfm makes of entities and NUL.
    @Test func blockTextsByBytesAsByStrings() {
        let texts = ["# Title\n\nA *b* `c` [d **e**](x.md) f\nsoft line  \nhard\n\n- one\n- two [[ADR-1]] #12\n  - nested é\n\n> quote e\u{301}\n",
                     "Caf\u{E9} &amp; &#233; &#xD800; &#0; a\u{0}b \u{301}x\n\n```\ncode é\n```\n\n| a | b |\n|---|---|\n| é | [x](y) |\n",
                     "## H *é* [l](u)\n\n1. a\n\n2. b\n\n![img é](p.png) www.example.com ~~del~~\n", "", "x", "\u{1F600} [\u{1F600}](a) `\u{1F600}`\n",
                     "- [x] done\n- [ ] todo *é*\n\n<div>html é</div>\n\nText <b>in</b> line\n"]
        for text in texts {
            for options in [MarkdownOptions(plainText: false), MarkdownOptions(unsafeHTML: true, pullRequestReferences: true, plainText: true)] {
                let bytes = MarkdownParser.parse(text, options: options, textByBytes: true)
                let strings = MarkdownParser.parse(text, options: options, textByBytes: false)
                #expect(bytes.blocks == strings.blocks, "\(text.debugDescription)")
                #expect(bytes.blocks.map { Array($0.text.utf8) } == strings.blocks.map { Array($0.text.utf8) }, "\(text.debugDescription)")
                #expect("\(bytes.links)" == "\(strings.links)" && "\(bytes.headings)" == "\(strings.headings)", "\(text.debugDescription)")
                #expect(bytes.plainText == strings.plainText && bytes.html == strings.html, "\(text.debugDescription)")
            }
        }
    }

    // MARK: ADR-0048

    /// Every page's model made alone and made in a run sharing `GovernanceRows`, expected equal;
    /// with the rows the run shared, and the rows and file pages the pages show (files on decision,
    /// landmine and file pages; decisions on file pages).
    static func sharedGovernanceModelsAsAlone(_ handbook: Handbook, _ options: BuildOptions)
        -> (rows: GovernanceRows, fileRows: Int, decisionRows: Int, filePages: Int) {
        let alone = RenderStage.PageList(handbook: handbook, options: options)
        var run = alone
        let rows = GovernanceRows()
        run.models.governanceRows = rows
        var fileRows = 0, decisionRows = 0, filePages = 0
        for number in 0..<alone.count {
            let mine = alone.job(number), shared = run.job(number)
            #expect(mine.outputPath == shared.outputPath)
            #expect(Self.describe(Mustache.Value(mine.model)) == Self.describe(Mustache.Value(shared.model)), "\(mine.outputPath)")
            let fields = mine.model["file"] as? [String: Any] ?? mine.model["decision"] as? [String: Any] ?? mine.model["landmine"] as? [String: Any]
            fileRows += (fields?["files"] as? [[String: Any]])?.count ?? 0
            if mine.template == "file" {
                filePages += 1
                decisionRows += (fields?["decisions"] as? [[String: Any]])?.count ?? 0
            }
        }
        return (rows, fileRows, decisionRows, filePages)
    }

    /// The governance rows a run of pages shares (`GovernanceRows`) give every page the model it
    /// makes alone: file pages at several depths and in several folders governed by the same
    /// decisions (one of them no longer in force), decision and landmine pages' files.
    /// A governed handbook: four decisions and a landmine over `extra` files and eight at several
    /// depths, in several folders.
    static func governedHandbook(extra: [String] = []) throws -> (Handbook, BuildOptions) {
        let options = BuildOptions(contentDirectory: "/r/content", outputDirectory: "/r/public", rootDirectory: "/r",
                                   workingDirectory: "/r", today: "2025-01-01")
        var files: [String: String] = [:]
        for (number, status, governs) in [(1, "accepted", "src/**"), (2, "superseded", "src/**/*.swift"), (3, "proposed", "src/x/**"),
                                          (4, "accepted", "lib/**")] {
            files["/r/content/decisions/000\(number)-d.md"] = "---\nstatus: \(status)\ndate: 2024-01-0\(number)\ntags: [t\(number)]\ngoverns: [\"\(governs)\"]\n---\n# D\(number)\n\nText.\n"
        }
        files["/r/content/landmines/l.md"] = "---\nseverity: high\npaths: [\"src/x/**\"]\n---\n# L\n\n## Why it exists\nA.\n"
        for path in ["src/a.swift", "src/b.txt", "src/x/c.swift", "src/x/d.swift", "src/y/e.swift", "src/x/z/f.swift", "lib/g.swift", "lib/q/h.swift"] + extra {
            files["/r/" + path] = ""
        }
        let handbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(files), git: NoGit(), diagnostics: DiagnosticEngine()))
        return (handbook, options)
    }

    /// The governance rows a run of pages shares (`GovernanceRows`) give every page the model it
    /// makes alone: file pages at several depths and in several folders governed by the same
    /// decisions (one of them no longer in force), decision and landmine pages' files.
    @Test func governanceRowsSharedAsEachPageMakesThem() throws {
        let (handbook, options) = try Self.governedHandbook()
        #expect(handbook.governance.governedFiles.count == 8)
        let (rows, fileRows, decisionRows, _) = Self.sharedGovernanceModelsAsAlone(handbook, options)
        // Shared: fewer rows made than shown.
        #expect(decisionRows > 12 && rows.decisions.count < decisionRows, "\(rows.decisions.count) of \(decisionRows)")
        #expect(fileRows > 12 && rows.files.count < fileRows, "\(rows.files.count) of \(fileRows)")
    }

    /// The render lets go of a page's model at once when its template renders no other page (the
    /// home page's rows for every decision, held while the decisions index was made, were 67 MB at
    /// 100,000 records): `repeatsTemplate` must tell those pages from the ones whose template repeats.
    @Test func pagesWhoseTemplateRepeatsAreTheOnesThatRepeat() throws {
        let (handbook, options) = try Self.governedHandbook()
        let pages = RenderStage.PageList(handbook: handbook, options: options)
        var counts: [String: Int] = [:]
        let templates = (0..<pages.count).map { pages.job($0).template }
        for template in templates { counts[template, default: 0] += 1 }
        #expect(counts["decision"] == 4 && counts["tag"] == 4 && (counts["file"] ?? 0) > 1)
        for (number, template) in templates.enumerated() {
            let repeats = ["decision", "landmine", "page", "file", "contract", "tag"].contains(template)
            let said = pages.repeatsTemplate(number)
            #expect(said == repeats, "page \(number), \(template)")
            if counts[template]! > 1 { #expect(said, "page \(number), \(template)") }
        }
    }

    /// `handbook.json`'s files made in parts on every core, a block at a time, are the bytes of
    /// the one-pass writer (the loop it replaced, written out again here).
    @Test func handbookJSONFilesInPartsAsInOnePass() throws {
        let (handbook, _) = try Self.governedHandbook(extra: (0..<40).map { "src/n/f\($0).swift" })
        let context = HandbookJSON.Context(handbook)
        #expect(context.governedFiles.count == 48)
        func head() -> JSONWriter {
            var json = JSONWriter()
            json.beginObject()
            json.key("files")
            json.beginArray()
            return json
        }
        var whole = head()
        for file in context.governedFiles.map(context.file) {
            whole.element()
            whole.beginObject()
            whole.member("path", file.path)
            whole.member("decisions", strings: file.decisions)
            whole.member("landmines", strings: file.landmines)
            whole.member("contracts", strings: file.contracts)
            whole.member("owners", strings: file.owners)
            whole.endObject()
        }
        whole.endArray()
        for block in [1, 5, 32, 33, 512] {
            var parted = head(), flushed: [UInt8] = []
            HandbookJSON.writeFiles(context, to: &parted, block: block) { flushed += $0 }
            parted.endArray()
            #expect(flushed + parted.bytes == whole.bytes, "block \(block)")
        }
    }

    // MARK: ADR-0051

    /// Runs' postings joined by bytes (`AllPostings`) give the terms and lists the writer's
    /// `[String: [Int32]]` of every word's String gave (the keys sorted as Strings): canonically
    /// equivalent spellings in one run and across runs, non-ASCII beside ASCII, prefixes. Every distinct word is one term of its run, whether its hash was made while
    /// reading (a whole word) or after (a camel-case part).
    @Test func postingsJoinedByBytesAsByStrings() {
        let runs: [[String]] = [
            ["Café cafe\u{301} zebra", "UnsafeOutputTests unsafe output x", "a ab a1 a_b A"],
            ["e\u{301}t\u{e9} été caf\u{e9}", "", "zebra Zebra ZEBRA z", "ü u\u{308} \u{212B} \u{c5} Å"],
            ["v2Beta beta v2 tests Tests", String(repeating: "word ", count: 40) + "ｗｏｒｄ"],
            (0..<300).map { "w\($0) n\($0 % 7)x" },
            ["cafe\u{301} unsafe a", "f é e ea ez e\u{301}z"],
        ]
        var all = SearchIndex.AllPostings()
        var expected: [String: [Int32]] = [:]
        var entry: Int32 = 0
        for texts in runs {
            var postings = SearchIndex.Postings()
            var words = Set<[UInt8]>()
            for text in texts {
                SearchIndex.post(text, entry: entry, into: &postings)
                // Every word in text order, as a String-keyed table added them.
                for word in Self.wordsInOrder(text) {
                    words.insert(Array(word.utf8))
                    if expected[word, default: []].last != entry { expected[word, default: []].append(entry) }
                }
                entry += 1
            }
            #expect(postings.count == words.count)
            all.join(postings)
        }
        let sorted = all.sorted()
        #expect(sorted.map { Array($0.term.utf8) } == expected.keys.sorted().map { Array($0.utf8) })
        #expect(sorted.map { Array($0.list) } == expected.keys.sorted().map { expected[$0]! })
    }

    /// A document's part of the index made block by block is the part of its blocks' text joined
    /// (`text(of:)`): the same row, escaped text and words (U+2028 and U+2029, quotes, `<`, empty
    /// blocks, words at blocks' ends).
    @Test func searchPartOfBlocksAsOfTheJoinedText() throws {
        var files = SearchIndexTests.files
        files["content/decisions/0002-second.md"] = "---\nstatus: accepted\n---\n# Second\n\nline\u{2028}sep\u{2029}para \"q\" <b> & 'x'\n\n- item One\n- itemTwo\n\n```\ncode\\n\tTab\n```\n\n<div></div>\n\nend…\n"
        files["content/empty.md"] = "# Empty\n"
        let build = TestBuild.run(files)
        let handbook = try #require(build.result.handbook)
        for index in handbook.documents.indices {
            let entry = SearchIndex.documentEntry(index, in: handbook)
            var postings = SearchIndex.Postings()
            let part = SearchIndex.part(of: entry, number: index, in: handbook, postings: &postings)
            // The part as it was made from the joined text.
            var expectedPostings = SearchIndex.Postings()
            let text = SearchIndex.text(of: entry, in: handbook)
            for field in [entry.label, entry.title, entry.keys, text] { SearchIndex.post(field, entry: Int32(index), into: &expectedPostings) }
            var escaped: [UInt8] = []
            ViewModels.appendJSONString(text, to: &escaped)
            #expect(part.text == escaped, "\(text.debugDescription)")
            #expect(postings.byTerm() == expectedPostings.byTerm())
            #expect(postings.pairs == expectedPostings.pairs)
        }
    }

    /// JSON strings' escapes found by a look-up table, and a text written in parts without its
    /// quotes: the bytes of the escaper written out byte by byte.
    @Test func jsonEscapesLookedUpAsClassed() {
        for value in 0..<256 { #expect((ViewModels.jsonEscapes[value] != 0) == ViewModels.needsEscape(UInt8(value)), "\(value)") }
        let texts = Self.texts + [String(decoding: Array(0..<128), as: UTF8.self), "a\u{2028}b\u{2029}c\u{2026}\u{2027}\u{20AC}é",
                                  "\u{2028}", "x\u{2029}", "<script>'&'</script>", String(repeating: "é\"", count: 40)]
        for text in texts {
            var expected: [UInt8] = [0x22]
            let bytes = Array(text.utf8)
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case 0x22: expected += Array("\\\"".utf8)
                case 0x5C: expected += Array("\\\\".utf8)
                case 0x0A: expected += Array("\\n".utf8)
                case 0x0D: expected += Array("\\r".utf8)
                case 0x09: expected += Array("\\t".utf8)
                case 0x3C, 0x3E, 0x26, 0x27, 0..<0x20: expected += Array(String(format: "\\u%04x", byte).utf8)
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    expected += Array(String(format: "\\u%04x", bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029).utf8)
                    i += 2
                default: expected.append(byte)
                }
                i += 1
            }
            expected.append(0x22)
            var out: [UInt8] = []
            ViewModels.appendJSONString(text, to: &out)
            #expect(out == expected, "\(text.debugDescription)")
            var bare: [UInt8] = [7]
            ViewModels.appendJSONString(text, to: &bare, quoted: false)
            #expect(bare == [7] + expected.dropFirst().dropLast(), "\(text.debugDescription)")
        }
    }

    /// Front matter written from its nodes is what its `HandbookJSON.Value` wrote: keys sorted, a
    /// key met again taking the later value and keeping the first spelling (canonically equivalent
    /// spellings too), few keys and many, booleans, nulls, quoted words, nesting.
    @Test func handbookJSONFieldsFromNodesAsFromValues() {
        func node(_ value: YAMLNode.Value) -> YAMLNode { YAMLNode(value: value, line: 1, column: 1) }
        func plain(_ text: String) -> YAMLNode { node(.scalar(text, plain: true)) }
        func quoted(_ text: String) -> YAMLNode { node(.scalar(text, plain: false)) }
        func mapping(_ pairs: [(YAMLNode, YAMLNode)]) -> YAMLNode { node(.mapping(pairs.map { YAMLNode.Entry(key: $0.0, value: $0.1) })) }
        let inner = mapping([(plain("z"), plain("1")), (plain("a"), node(.sequence([plain("yes"), quoted("true"), plain("~"), plain("Off")])))])
        var many: [(YAMLNode, YAMLNode)] = (0..<40).map { (plain("k\($0 % 23)"), plain("v\($0)")) }
        many += [(plain("é"), plain("1")), (plain("e\u{301}"), plain("2")), (plain("null"), plain("3")), (quoted("null"), plain("4"))]
        let mappings = [
            mapping([]),
            mapping([(plain("title"), plain("T")), (plain("status"), plain("accepted")), (plain("tags"), node(.sequence([plain("a"), plain("b")])))]),
            mapping([(plain("b"), plain("1")), (plain("a"), plain("2")), (plain("b"), plain("3")), (plain("B"), plain("true"))]),
            mapping([(plain("e\u{301}"), plain("first")), (plain("é"), inner), (plain("f"), plain("no")), (plain("Z"), node(.sequence([])))]),
            mapping([(plain("~"), plain("x")), (quoted("~"), plain("y")), (plain("n"), plain("")), (plain("o"), inner)]),
            mapping(many),
            mapping(many.reversed()),
        ]
        for mapping in mappings {
            var fromValue = JSONWriter(), fromNode = JSONWriter()
            HandbookJSON.write(HandbookJSON.Value(mapping), to: &fromValue)
            HandbookJSON.writeMapping(mapping.entries ?? [], to: &fromNode)
            #expect(fromNode.bytes == fromValue.bytes, "\(String(decoding: fromValue.bytes, as: UTF8.self))")
        }
    }

    /// Base-36 numbers, one digit or more, as `String(_:radix:)` writes them.
    @Test func base36AsStringRadix() {
        for number in Array(0..<2000) + [36 * 36 - 1, 36 * 36, 1 << 31 - 1, Int(Int32.max)] {
            var out: [UInt8] = []
            SearchIndex.appendBase36(number, to: &out)
            #expect(out == Array(String(number, radix: 36).utf8), "\(number)")
        }
    }

    // MARK: ADR-0052

    /// Everything a parse gives, byte for byte.
    static func whole(_ parsed: ParsedMarkdown) -> [UInt8] {
        Array("\(parsed.html)\n\(parsed.links)\n\(parsed.headings)\n\(parsed.blocks)\n\(parsed.leadingTitle ?? "-")\n\(parsed.plainText)".utf8)
    }

    /// Documents for the arena: every kind of node and extension, callouts, references split out
    /// of text, headings rendered on their own, footnotes, reference links, and documents past the
    /// arena's first block (buffers that grow in place, and those moved when they cannot).
    static var arenaDocuments: [String] {
        let mixed = "# Title\n\nA *b* `c` [d **e**](x.md \"t\") f ~~del~~ ~one~ www.example.com a@b.org https://x.org/p\nsoft  \nhard\n\n"
            + "- one\n- two [[ADR-1]] #12 and [[ADR-2#part]]\n  - nested \u{E9}\n\n> [!WARNING] Mind\n> quote e\u{301}\n\n> [!NOTE]\n> plain\n\n"
            + "| a | b \\| c |\n|:--|--:|\n| \u{E9} | [x](y) ~~z~~ |\n\n```swift\ncode <x>\n```\n\n    indented\n\n"
            + "Footnote[^n] and [ref][r] ![img](p.png \"i\").\n\n[^n]: The note *here*.\n\n[r]: https://r.example/ \"R\"\n\n"
            + "- [x] done\n- [ ] todo *\u{E9}*\n\n<div>html</div>\n\nText <b>in</b> line &amp; &#233; a\u{0}b\n\n***\n\n## Again\n\n## Again\n\n"
        let wide = String(repeating: "word ~~x~~ [l](u) ", count: 4_000)
        let many = (0..<3_000).map { "## Heading \($0)\n\nParagraph \($0) with [[ADR-\($0)]] and #\($0).\n" }.joined(separator: "\n")
        return ["", "x", "# Only a title\n", mixed, String(repeating: mixed, count: 400), wide + "\n\n" + mixed, many,
                "```\n" + String(repeating: "line of code\n", count: 60_000) + "```\n"]
    }

    /// cmark-gfm's memory from a per-thread arena, given back at once (ADR-0052), parses every
    /// document as cmark-gfm's own allocator with the tree freed node by node does, with every option
    /// set; after each parse the arena holds its one block again (a large document's blocks are freed).
    @Test func arenaParsesAsTheLibraryAllocatorParses() throws {
        var documents = Self.arenaDocuments
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        if let walker = FileManager.default.enumerator(atPath: fixtures.path) {
            for case let path as String in walker where path.hasSuffix(".md") {
                documents.append(try String(contentsOfFile: fixtures.appendingPathComponent(path).path, encoding: .utf8))
            }
        }
        #expect(documents.count > 50)
        let optionSets = [MarkdownOptions(), MarkdownOptions(unsafeHTML: true, pullRequestReferences: true, plainText: true),
                          MarkdownOptions(references: false, extractLeadingTitle: false)]
        for text in documents {
            for options in optionSets {
                let arena = MarkdownParser.parse(text, options: options, textByBytes: true, arena: true)
                #expect(Arena.usage.blocks == 1, "\(text.prefix(80).debugDescription)")
                let library = MarkdownParser.parse(text, options: options, textByBytes: true, arena: false)
                #expect(Self.whole(arena) == Self.whole(library), "\(text.prefix(80).debugDescription)")
            }
        }
    }

    /// Each thread has an arena of its own (a C `_Thread_local`, ADR-0073): a thread that never
    /// parsed holds none, however many blocks another thread's holds, and parsing on it makes its
    /// own one block, leaving the other's as it was; a thread's `begin` is not another's.
    @Test func everyThreadHasAnArenaOfItsOwn() {
        _ = MarkdownParser.parse(String(repeating: "Paragraph with [a link](x.md) and ~~struck~~ text.\n\n", count: 5_000))
        let here = Arena.usage
        #expect(here.blocks == 1)
        Arena.begin()
        defer { Arena.reset() }
        _ = Arena.memory.pointee.calloc(1, 300_000)
        #expect(Arena.usage.blocks == 2)
        final class Seen: @unchecked Sendable {
            var before = (blocks: -1, bytesInBlock: -1), after = (blocks: -1, bytesInBlock: -1)
            var currentIsTheArena = true
        }
        let seen = Seen()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            seen.before = Arena.usage
            seen.currentIsTheArena = Arena.current == Arena.memory
            _ = MarkdownParser.parse("# Title\n\nText.\n")
            seen.after = Arena.usage
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(seen.before.blocks == 0 && seen.before.bytesInBlock == 0, "\(seen.before)")
        #expect(!seen.currentIsTheArena, "another thread's begin is not this one's")
        #expect(seen.after.blocks == 1 && seen.after.bytesInBlock == 0, "\(seen.after)")
        #expect(Arena.usage.blocks == 2 && Arena.current == Arena.memory)
    }

    /// A body's bytes in the spill written in place as they were appended (ADR-0052).
    @Test func spilledBodyWrittenInPlaceAsAppended() {
        let blocks: [[MarkdownBlock]] = [
            [],
            [MarkdownBlock(kind: .paragraph, text: "", line: 0, linkIndices: [])],
            [MarkdownBlock(kind: .heading(2), text: "T\u{E9}tle e\u{301}", line: 3, linkIndices: [0, 1, 70_000]),
             MarkdownBlock(kind: .list, text: "one\ntwo \u{1F600}", line: 1_000_000, linkIndices: [2]),
             MarkdownBlock(kind: .other, text: String(repeating: "x", count: 70_000), line: 5, linkIndices: Array(3..<300)),
             MarkdownBlock(kind: .heading(6), text: "h", line: -1, linkIndices: [-2])],
        ]
        for html in ["", "<p>a</p>\n", "<h2 id=\"x\">\u{E9}</h2>" + String(repeating: "<p>b</p>", count: 5_000)] {
            for body in blocks {
                #expect(BodySpill.encode(html: html, blocks: body) == BodySpill.referenceEncode(html: html, blocks: body))
            }
        }
    }

    // MARK: ADR-0059

    /// Markdown that goes where the parse's shortcuts could go wrong: bytes that were not UTF-8 (as
    /// the load stage repairs them), NUL, CRLF and lone CR, tabs, deep nesting, HTML blocks and raw
    /// checkboxes, emphasis and strikethrough edge cases, task lists (and what only looks like one),
    /// autolinks and e-mail addresses (which cmark-gfm's post-processing splits out of text),
    /// references and pull requests, headings of every kind with non-ASCII text and raw HTML.
    static var hostileMarkdown: [String] {
        let invalid = String(decoding: [0x61, 0xFF, 0x62, 0xC3, 0x28, 0xE2, 0x82, 0x20, 0xF0, 0x9F, 0x98, 0x0A] as [UInt8], as: UTF8.self)
        var texts = [
            "# T\u{FFFD}tle " + invalid + "\n\n" + invalid + " [[ADR-1]] #7\n",
            "a\u{0}b\r\n# Heading\r\n\r\n- [ ] task\r\n- [x] done\r\n\rlone CR\r\n",
            "\t# not a heading\n\n#\tTab heading\t#\n\n-\tone\n\t-\ttwo\n\n\tcode\tblock\n",
            String(repeating: "> ", count: 300) + "deep [[ADR-2]] a@b.org\n\n" + String(repeating: "  ", count: 0)
                + (0..<60).map { String(repeating: "  ", count: $0) + "- level \($0) [ ] x\n" }.joined(),
            String(repeating: "*", count: 200) + "x" + String(repeating: "*", count: 200) + "\n\n" + String(repeating: "[", count: 300) + "a" + String(repeating: "]", count: 300) + "\n",
            "<div>\n<input type=\"checkbox\" disabled=\"\" />\n</div>\n\nText <input type=\"checkbox\" checked=\"\" disabled=\"\" /> inline\n\n<!-- c -->\n\n<script>x</script>\n",
            "## Raw <input type=\"checkbox\" disabled=\"\" /> heading\n\n### <b>bold</b> é\n\nSetext é\n===\n\nSetext two\n---\n\n####### seven\n\n# Trailing #s ##\n\n#\n\n## \n",
            "`<input type=\"checkbox\" disabled=\"\" />` and\n\n```\n<input type=\"checkbox\" disabled=\"\" />\n```\n\n[<input type=\"checkbox\" disabled=\"\" />](u \"<input type=\\\"checkbox\\\" disabled=\\\"\\\" />\")\n",
            "*a **b* c** _a_b_ ***x*** **unclosed *x_ __a__b ~a~ ~~b~~ ~~~c~~~ ~~d~ a~~e~~f *é*é **\u{301}**\n",
            "- [ ] a\n- [x] b\n- [X] c\n* [ ]\n1. [ ] ordered\n2. [x]\u{301} mark\n\n[ ] not a task\n\n- [ ]not one\n- [y] nor\n\n> - [ ] quoted task\n",
            "| a | [ ] b |\n|---|---|\n| - [ ] c | d@e.org www.f.org |\n\nfoo@bar.com.www.x.org http://a.b/c?d=e&f=g <http://x.y> a@b a@b.c@d.e\n\nwww.ex.com/\u{E9} x@y.z_ mailto:a@b.c\n",
            "# [[ADR-1]] and #12 in a heading\n\nText#12 [[a]] [[ [[b]] ]] [[c#part]] [[]] #0 #99999999999 &#35;12\n\n[x]: http://r\n[x] [y][x] ![i](p \"t\")\n",
            "Footnote[^1] and[^é].\n\n[^1]: Note *é*\n    - [ ] task in a note\n\n[^é]: Other\n",
            "> [!NOTE]\n> - [ ] callout task\n\n> [!WARNING]\n> ## heading in a callout\n",
            "&amp; &#233; &#xD800; &#0; &nbsp; &lt;input type=&quot;checkbox&quot; disabled=&quot;&quot; /&gt;\n",
            "# Heading\n\n# Heading\n\n## heading\n\n## Heading-1\n\n## \u{1F600} emoji\n\n## e\u{301}\n\n## Ünïcödé\n\n## a_b-c d\n",
        ]
        texts += arenaDocuments.filter { $0.utf8.count < 200_000 }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        if let walker = FileManager.default.enumerator(atPath: fixtures.path) {
            for case let path as String in walker where path.hasSuffix(".md") {
                if let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent(path).path) {
                    texts.append(String(decoding: data, as: UTF8.self))
                }
            }
        }
        return texts
    }

    static let parseOptionSets = [MarkdownOptions(), MarkdownOptions(unsafeHTML: true, pullRequestReferences: true, plainText: true),
                                  MarkdownOptions(pullRequestReferences: true, references: false, extractLeadingTitle: false),
                                  MarkdownOptions(unsafeHTML: false, pullRequestReferences: true, references: true, extractLeadingTitle: true, plainText: false)]

    /// ADR-0059: the parse without the second consolidation, labelling checkboxes only where a task
    /// item or raw HTML can have put one, and headings' anchors put in as bytes, gives everything
    /// the old path gave, byte for byte; each shortcut also on its own.
    @Test func parseAsBeforeADR0059() {
        let texts = Self.hostileMarkdown
        #expect(texts.count > 60)
        for text in texts {
            for options in Self.parseOptionSets {
                let new = Self.whole(MarkdownParser.parse(text, options: options, textByBytes: true))
                let old = MarkdownParser.parse(text, options: options, textByBytes: false,
                                               consolidateAgain: true, labelAlways: true, headingsByStrings: true)
                let same = new == Self.whole(old)  // a Bool: the arrays of a failure would fill the log
                #expect(same, "\(text.prefix(80).debugDescription) \(options)")
                for (again, always, strings) in [(true, false, false), (false, true, false), (false, false, true)] {
                    let one = MarkdownParser.parse(text, options: options, textByBytes: true,
                                                   consolidateAgain: again, labelAlways: always, headingsByStrings: strings)
                    let alike = new == Self.whole(one)
                    #expect(alike, "\(again) \(always) \(strings) \(text.prefix(80).debugDescription)")
                }
            }
        }
    }

    /// ADR-0059: the tree walk's ASCII test eight bytes at a time answers as the byte-by-byte test,
    /// whatever the length, the alignment and where the first byte above 0x7F is.
    @Test func asciiEightAtATimeAsByteByByte() {
        let storage = [UInt8](repeating: 0x61, count: 80)
        for start in 0..<9 {
            for count in 0...(80 - start) {
                for high in [-1] + Array(0..<count) {
                    var bytes = storage
                    if high >= 0 { bytes[start + high] = high % 2 == 0 ? 0x80 : 0xFF }
                    bytes.withUnsafeBytes { all in
                        let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + count)])
                        let alike = ByteSearch.isASCII(slice) == ByteSearch.isASCIIByByte(slice)
                        #expect(alike, "\(start) \(count) \(high)")
                    }
                }
            }
        }
        #expect(ByteSearch.isASCII(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    /// ADR-0059: a status text read through the parse stage's memo (met for the first time, then
    /// again, in both orders) gives what reading it alone gives, byte for byte, and so does whether
    /// its links name relations; canonically equivalent spellings keep their own bytes; a memo for
    /// other statuses answers by them. Then whole records read with and without the memo.
    @Test func statusesThroughTheMemoAsReadAlone() throws {
        let texts = ["accepted", "Accepted", "accepted.", " Accepted ", "ACCEPTED", "accepted, then deprecated", "proposed",
                     "deprecated", "superseded", "Superseded by [ADR-0005](0005-example.md)", "superseded by ADR-0007",
                     "superseded by [ADR-5](https://github.com/o/r/blob/main/docs/adr/0005-x.md)", "Amended by [2](0002-b.md)",
                     "relates to [x](0003-c.md) and [y](0004-d.md)", "[![Generic badge](https://badgen.net/badge/ADR/approved/green/)](x)",
                     "In Review", "in review", "", " ", "\t", "draft", "Revis\u{E9}", "Revise\u{301}", "remplac\u{E9} par [ADR-1](0001-a.md)",
                     "remplace\u{301} par [ADR-1](0001-a.md)", "propos\u{E9}", "\u{63A1}\u{7528}", "accepted\r", "superseded\u{2028}by [a](b.md)",
                     "Reverted by [discussion #1198](https://x.org/1198)", "obsolete", "replaced by 0012", "~~accepted~~ rejected"]
        for known in [SiteConfig().statuses, ["draft", "in review", "done"], ["accepted"]] {
            for order in [texts, texts.reversed()] {
                let memo = StatusMemo(known: known)
                for text in order + order {
                    let alone = StatusText.read(text, known: known)
                    let memoized = memo.read(text)
                    let alike = Array(memoized.status.utf8) == Array(alone.status.utf8) && memoized.known == alone.known
                    #expect(alike, "\(text.debugDescription) \(known)")
                    var header = RecordHeader(body: "")
                    header.addStatusLinks(line: text, at: 3)
                    #expect(memo.hasNoStatusLinks(text) == header.relations.isEmpty, "\(text.debugDescription)")
                }
            }
        }
        // Whole records: the stage's reader with its memo and a reader without one.
        let stage = ParseStage(config: SiteConfig(), diagnostics: DiagnosticEngine())
        for (number, text) in texts.enumerated() {
            for form in ["---\nstatus: \"\(text.replacingOccurrences(of: "\"", with: "\\\""))\"\ndate: 2020-01-02\n---\n# \(number). T\n\nBody\n",
                         "# \(number). T\n\nDate: 2020-01-02\n\n## Status\n\n\(text)\n\n## Context\n\nx\n"] {
                let split = FrontMatterSplit.split(form)
                let (front, body): (YAMLNode?, String) = try {
                    switch split {
                    case .success(let found):
                        let node = try found.yaml.flatMap { try YAMLReader.parse($0, lineOffset: found.yamlFirstLine - 1) }
                        return (node, found.body)
                    case .failure: return (nil, form)
                    }
                }()
                func read(memo: StatusMemo?) -> String {
                    let source = SourceFile(path: "decisions/\(String(format: "%04d", number + 1))-t.md", displayPath: "t.md", repositoryPath: nil)
                    var document = Document(kind: .decision, source: source, markdown: MarkdownParser.parse(body), bodyLineOffset: 0, title: "", outputPath: "")
                    let header = RecordHeader.scan(body)
                    let diagnostics = DiagnosticEngine()
                    DecisionReader(config: SiteConfig(), diagnostics: diagnostics, statusMemo: memo).read(&document, front: front, header: header)
                    return "\(document.decision.map { "\($0)" } ?? "-") \(document.title) \(diagnostics.diagnostics)"
                }
                let alike = Array(read(memo: stage.statusMemo).utf8) == Array(read(memo: nil).utf8)
                #expect(alike, "\(form.debugDescription)")
                let again = Array(read(memo: stage.statusMemo).utf8) == Array(read(memo: nil).utf8)
                #expect(again, "\(form.debugDescription)")
            }
        }
    }

    /// ADR-0059: a name the key sketch says a mapping lacks is never one of its keys (Strings compare
    /// by canonical equivalence: the Kelvin sign is `K`, `é` is `e` and a combining accent), and
    /// records read with the sketch are read as with every field looked up: the front matter of
    /// every Markdown file of `content/` and the fixtures, and hostile mappings.
    @Test func frontMatterLookUpsSketchedAsAsked() throws {
        func node(_ value: YAMLNode.Value) -> YAMLNode { YAMLNode(value: value, line: 2, column: 1) }
        func plain(_ text: String) -> YAMLNode { node(.scalar(text, plain: true)) }
        func mapping(_ pairs: [(YAMLNode, YAMLNode)]) -> YAMLNode { node(.mapping(pairs.map { YAMLNode.Entry(key: $0.0, value: $0.1) })) }
        var fronts: [YAMLNode] = [
            mapping([(plain("\u{212A}ey"), plain("kelvin")), (plain("status"), plain("accepted"))]),
            mapping([(plain("de\u{301}cideurs"), plain("a")), (plain("statut"), plain("accepté")), (plain("date"), plain("2020-01-02"))]),
            mapping([(plain("d\u{E9}cideurs"), node(.sequence([plain("a"), plain("b")]))), (plain("consulted"), plain("c"))]),
            mapping([(plain("~"), plain("null key")), (plain("null"), plain("x")), (plain("status"), plain("superseded by ADR-1")), (plain("1"), plain("one"))]),
            mapping([(node(.sequence([plain("status")])), plain("list key")), (plain("tags"), plain("t"))]),
            mapping([(mapping([(plain("a"), plain("b"))]), plain("map key")), (plain("prs"), plain("#12"))]),
            mapping([(plain("deciders"), plain("a")), (plain("deciders"), plain("b")), (plain("informed"), node(.mapping([]))), (plain("review_by"), plain("soon"))]),
            mapping([(plain("status"), plain("accepted")), (plain("supersedes"), plain("ADR-2")), (plain("superseded-by"), plain("ADR-3")),
                     (plain("amended_by"), plain("ADR-4")), (plain("relates"), node(.sequence([plain("ADR-5"), plain("ADR-6")]))), (plain("governs"), plain("a/**"))]),
            mapping([]), node(.sequence([plain("status")])), plain("status"),
        ]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for folder in [root.appendingPathComponent("Fixtures"), root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")] {
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".md") {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path),
                      case .success(let split) = FrontMatterSplit.split(String(decoding: data, as: UTF8.self)),
                      let yaml = split.yaml, let front = try? YAMLReader.parse(yaml, lineOffset: 1) else { continue }
                fronts.append(front)
            }
        }
        #expect(fronts.count > 100)
        let names = Array(DecisionReader.fields) + Array(RecordHeader.frenchNames.keys)
            + ["Key", "K\u{301}ey", "key", "status ", "Status", "parent", "1", "~", "null", "", "\u{212A}ey", "décideurs", "de\u{301}cideurs"]
        var lacked = 0
        for front in fronts {
            let sketch = KeySketch(front)
            for name in names where sketch.lacks(name) {
                lacked += 1
                #expect(front[name] == nil, "\(name.debugDescription) \(front)")
            }
            func read(sketched: Bool) -> String {
                let source = SourceFile(path: "decisions/0007-t.md", displayPath: "t.md", repositoryPath: nil)
                var document = Document(kind: .decision, source: source, markdown: MarkdownParser.parse("# 7. T\n"), bodyLineOffset: 0, title: "", outputPath: "")
                let diagnostics = DiagnosticEngine()
                var reader = DecisionReader(config: SiteConfig(), diagnostics: diagnostics)
                reader.sketchKeys = sketched
                reader.read(&document, front: front, header: RecordHeader.scan("# 7. T\n\n## Status\n\nAccepted\n"))
                return "\(document.decision.map { "\($0)" } ?? "-") \(document.title) \(document.extraFields) \(diagnostics.diagnostics)"
            }
            let alike = Array(read(sketched: true).utf8) == Array(read(sketched: false).utf8)
            #expect(alike, "\(front)")
        }
        #expect(lacked > 1_000, "the sketch answers: \(lacked)")
    }

    /// ADR-0059: a spilled body's HTML, blocks and raw text read on their own, without zeroing,
    /// are what reading the whole body into a zeroed array gave; a range cut through a character
    /// is repaired alike.
    @Test func spilledBodiesReadInPlaceAsReadWhole() throws {
        let spill = try #require(BodySpill())
        let options = MarkdownOptions(references: true, extractLeadingTitle: true)
        for text in Self.hostileMarkdown.prefix(40) + ["", "x", "# Only\n"] {
            var document = Document(kind: .page, source: SourceFile(path: "a.md", displayPath: "content/a.md", repositoryPath: nil),
                                    markdown: MarkdownParser.parse(text, options: options), bodyLineOffset: 0, title: "A", outputPath: "a.html")
            let (html, blocks) = (document.markdown.html, document.markdown.blocks)
            spill.take(&document)
            let spilled = try #require(document.spilled)
            let label = text.prefix(60).debugDescription
            let htmlAlike = spilled.html == spilled.referenceHTML && spilled.html == html
            #expect(htmlAlike, "\(label)")
            let blocksAlike = spilled.blocks == spilled.referenceBlocks && spilled.blocks == blocks
                && spilled.blocks.map { Array($0.text.utf8) } == blocks.map { Array($0.text.utf8) }
            #expect(blocksAlike, "\(label)")
            let kept = try #require(spill.keep(text))
            let textAlike = Array(spill.text(kept).utf8) == Array(text.utf8)
            #expect(textAlike, "\(label)")
            let whole = try #require(spill.referenceRead(kept))
            let bytesAlike = spill.read(kept) == whole
            #expect(bytesAlike, "\(label)")
        }
        let kept = try #require(spill.keep("a\u{E9}\u{1F600}b"))
        for start in 0..<7 {
            for count in 0...(7 - start) {
                let cut = BodySpill.Location(offset: kept.offset + start, htmlCount: count, count: count)
                let reference = String(decoding: try #require(spill.referenceRead(cut)), as: UTF8.self)
                let alike = Array(spill.text(cut).utf8) == Array(reference.utf8)
                #expect(alike, "\(start) \(count)")
            }
        }
        #expect(spill.failure == nil)
    }

    static func describe(_ value: Mustache.Value) -> String {
        switch value {
        case .string(let text): return "string \(Array(text.utf8))"
        case .int(let number): return "int \(number)"
        case .double(let number): return "double \(number.bitPattern)"
        case .bool(let flag): return "bool \(flag)"
        case .object(let object): return "object \(object.keys.sorted()) \(object.keys.sorted().map { describe(Mustache.Value(object[$0]!)) })"
        case .list(let items): return "list \(items.count) \((0..<items.count).map { describe(items.value(at: $0)) })"
        case .null: return "null"
        case .other(let any): return "other \(any)"
        case .text(let made): return "string \(Array(made.whole.utf8))"
        case .lambda: return "lambda"
        }
    }

    // MARK: ADR-0065

    /// A link made by `Path.UpLink` (`"../"` per folder and the target) is `relativeURL`'s, and
    /// the Character reference's, wherever `UpLink` makes one: pages and targets at the root, in
    /// one folder and in several, with empty parts, sharing their first part, with bytes to
    /// encode, with combining marks and other non-ASCII, empty.
    @Test func upLinksAsRelativeURLs() {
        let parts = ["files", "decisions", "d", "a", "", "x y", "é", "e\u{301}", "a%b", "~u_-.", "..", "f.html", "\u{301}files"]
        var generator = ShapeAccumulatorTests.Generator(state: 65)
        func path() -> String {
            (0..<(1 + generator.next(4))).map { _ in parts[generator.next(parts.count)] }.joined(separator: "/")
        }
        var paths = ["index.html", "/", "", "files/a.html", "decisions/ADR-1.html", "files/decisions/x.html", "/files/a/b.html",
                     "decisions/files/x.html", "files//a/b.html", "x.html", "files/x y.html", "a/b/c/d/e.html"]
        for _ in 0..<300 { paths.append(path()) }
        var made = 0, sameUps = 0
        for from in paths {
            guard let link = Path.UpLink(page: from) else { continue }
            for to in paths {
                guard let url = link.url(to: to, head: Path.upLinkHead(to)) else { continue }
                made += 1
                if link.ups > 0 { sameUps += 1 }
                #expect(url == Path.relativeURL(from: from, to: to), "\(from) -> \(to)")
                #expect(url == URLEncoding.path(Path.characterRelativeURL(from: from, to: to)), "\(from) -> \(to)")
            }
        }
        #expect(made > 10_000 && sameUps > 5_000, "\(made) \(sameUps)")
        #expect(Path.UpLink(page: "files/a/b/c.html") == Path.UpLink(page: "files/x/y/z.html"))
        #expect(Path.UpLink(page: "files/é/c.html") == nil && Path.upLinkHead("décisions/a.html") == nil && Path.upLinkHead("d/a b.html") == nil)
    }

    /// File pages' decision lists shared by what governs them and their `UpLink`, their rows by
    /// `ups`, and decision and landmine pages' rows of files made once for the build
    /// (`GovernedFileRows`) give every page the model it makes alone (ADR-0065): file pages
    /// governed alike in one folder and in others at the same depth, at other depths, with
    /// names to encode (made as before), a decision no longer in force, landmines.
    @Test func governanceListsSharedByUpLinkAsEachPageMakesThem() throws {
        let extra = ["src/w/k.swift", "src/w/l.swift", "src/v/m.swift", "src/x/a b.swift", "src/x/é.swift", "src/x/z/q.swift",
                     "lib/r/s/t.swift", "lib/r/u/v.swift", "lib/w.swift"]
        let (handbook, options) = try Self.governedHandbook(extra: extra)
        let (rows, fileRows, decisionRows, filePages) = Self.sharedGovernanceModelsAsAlone(handbook, options)
        // Lists shared: fewer lists than file pages; rows by `ups` but for the names to encode.
        #expect(filePages == 17 && rows.decisionLists.count < filePages - 4, "\(rows.decisionLists.count) lists")
        #expect(rows.decisionsByUps.count < decisionRows / 2 && rows.decisions.count == 3, "\(rows.decisionsByUps.count) \(rows.decisions.count) of \(decisionRows)")
        // The files' rows are the build's but for the two to encode.
        #expect(fileRows > 20 && rows.files.count == 2, "\(rows.files.count) of \(fileRows)")
    }
}
