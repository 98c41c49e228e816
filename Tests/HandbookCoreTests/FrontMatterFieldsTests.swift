import Foundation
@testable import HandbookCore
import Testing

/// ADR-0055: a document keeps its front matter as `FrontMatterFields` (bytes), not as YAML nodes.
/// What it gives must be what the nodes gave: `handbook.json`'s `fields` written from the nodes
/// (`HandbookJSON.writeMapping`) and their `HandbookJSON.Value`s (`Value(node)` of each entry).
@Suite struct FrontMatterFieldsTests {
    /// Front matter no fixture has: anchors and aliases, block and folded strings, nested maps,
    /// keys that are no strings (numbers, nulls, booleans, lists, maps), equivalent spellings,
    /// booleans and null words in every spelling, escapes, long strings, many keys.
    static let hostile: [String] = [
        "a: &x [1, 2, {b: c}]\nb: *x\nc: &y\n  d: e\n  f: *x\nd: *y\n",
        "base: &base\n  k: v\n  n: ~\nmerged:\n  <<: *base\n  k: w\n",
        "text: |\n  line one\n  line \"two\"\n\n  \ttab\nfolded: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\n",
        "outer:\n  inner:\n    deeper:\n      - [a, {b: [c, d]}]\n      - {}\n      - []\n    z: 1\n  a: 2\n",
        "1: one\n2.5: two\n~: nothing\nnull: again\ntrue: yes\n[a, b]: list\n{k: v}: map\n\"\": empty\n",
        "é: 1\nb: 3\nB: 4\n\"~\": 5\n'null': 6\n",
        "t: true\nT: True\ny: yes\nY: YES\no: on\nO: Off\nn: no\nN: No\nf: false\nq: \"true\"\nr: 'no'\ns: ~\nu: null\nv: Null\nw: NULL\nx:\n",
        "esc: \"tab\\there\\nnew \\\"q\\\" back\\\\ \\u0001 \\u2028 \\u2029 \\x7f\"\nunicode: \"日本語 😀 \\u00e9\"\n",
        "long: \(String(repeating: "abcdefghij", count: 40))\nlonger: \(String(repeating: "é", count: 9000))\n",
        (0..<40).map { "k\($0 % 23)_\(39 - $0): v\($0)\n" }.joined(),
        (0..<200).map { "key\($0): [\($0), x\($0)]\n" }.joined(),
        "list:\n  - a\n  - - b\n    - c\n  - d: e\n    f: [g, {h: i}]\nempty_list: []\nempty_map: {}\n",
        "title: T\nstatus: accepted\ndate: 2024-01-02\ndeciders: [a, b]\ntags: [x]\nprs: [1, 22, 333]\ngoverns:\n  - \"src/**\"\n",
        "? complex key\n: value\n? [x, y]\n: seq\n",
        "a: !!str 1\nb: !!int 2\nc: !custom tagged\nd: 0x1F\ne: 1e3\nf: .inf\n",
        "- just\n- a list\n",
        "just a scalar\n",
        "",
    ]

    /// Every front matter this repository holds: its handbook's and every fixture's Markdown files.
    static func fixtureFrontMatters() throws -> [(String, String)] {
        var found: [(String, String)] = []
        for root in [TestFiles.packageRoot.appendingPathComponent("content"), TestFiles.fixtures, TestFiles.golden] {
            for path in try DiskFileSystem().files(under: root.path, skipping: []) where path.hasSuffix(".md") || path.hasSuffix(".markdown") {
                guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8),
                      case .success(let split) = FrontMatterSplit.split(text), let yaml = split.yaml else { continue }
                found.append((root.lastPathComponent + "/" + path, yaml))
            }
        }
        return found
    }

    /// Fixtures whose front matter is not YAML on purpose.
    static let refused: Set<String> = ["Fixtures/broken/yaml-syntax/content/decisions/0001-a.md",
                                       "Fixtures/real-logs/backstage/docs/architecture-decisions/adr000-template.md",
                                       "Fixtures/real-logs/zero-logement-vacant/docs/decisions/TEMPLATE.md"]

    /// The fields written from the compact form, inside a document part as `documentPart` writes
    /// them, against the same written from the nodes.
    static func written(_ node: YAMLNode?, compact: Bool) -> [UInt8] {
        var json = JSONWriter(elementOfArrayAt: 2, first: false)
        json.element()
        json.beginObject()
        json.member("id", "x")
        json.key("fields")
        if compact {
            FrontMatterFields(node).write(to: &json)
        } else {
            HandbookJSON.writeMapping(node?.entries ?? [], to: &json)
        }
        json.member("governs", strings: ["a"])
        json.endObject()
        return json.bytes
    }

    static func check(_ name: String, _ yaml: String) -> Bool {
        let node: YAMLNode?
        do { node = try YAMLReader.parse(yaml, lineOffset: 1) } catch {
            Issue.record("\(name): \(error)")
            return false
        }
        // The load stage keeps a mapping only (anything else is reported and dropped).
        let front = node?.entries == nil ? nil : node
        let fromNodes = written(front, compact: false), fromBytes = written(front, compact: true)
        #expect(fromBytes == fromNodes, "\(name): \(String(decoding: fromBytes, as: UTF8.self)) against \(String(decoding: fromNodes, as: UTF8.self))")
        var values: [String: HandbookJSON.Value] = [:]
        for entry in front?.entries ?? [] { values[entry.key.string ?? ""] = HandbookJSON.Value(entry.value) }
        #expect(FrontMatterFields(front).values == values, "\(name)")
        #expect(FrontMatterFields(front).values.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                    == values.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }, "\(name): the keys' spellings")
        return true
    }

    @Test func fieldsFromBytesAsFromNodesForEveryFixture() throws {
        let fixtures = try Self.fixtureFrontMatters()
        #expect(fixtures.count > 60)
        let parsed = fixtures.filter { !Self.refused.contains($0.0) }.filter { Self.check($0.0, $0.1) }.count
        #expect(parsed > 60)
    }

    @Test func fieldsFromBytesAsFromNodesForHostileYAML() {
        let parsed = Self.hostile.enumerated().filter { Self.check("hostile \($0.offset)", $0.element) }.count
        #expect(parsed == Self.hostile.count, "every hostile text is YAML")
    }

    /// Mappings YAML refuses (a key written twice) but the writer handles: the later value, the
    /// first spelling of canonically equivalent keys, more than 16 keys (found by a table).
    @Test func fieldsFromBytesAsFromNodesForRepeatedKeys() {
        func node(_ value: YAMLNode.Value) -> YAMLNode { YAMLNode(value: value, line: 1, column: 1) }
        func plain(_ text: String) -> YAMLNode { node(.scalar(text, plain: true)) }
        func mapping(_ pairs: [(YAMLNode, YAMLNode)]) -> YAMLNode { node(.mapping(pairs.map { YAMLNode.Entry(key: $0.0, value: $0.1) })) }
        let inner = mapping([(plain("z"), plain("1")), (plain("z"), plain("2")), (plain("e\u{301}"), plain("3")), (plain("é"), plain("4"))])
        var many: [(YAMLNode, YAMLNode)] = (0..<40).map { (plain("k\($0 % 23)"), plain("v\($0)")) }
        many += [(plain("é"), inner), (plain("e\u{301}"), plain("2")), (plain("null"), plain("3")), (node(.scalar("null", plain: false)), plain("4"))]
        for front in [mapping([(plain("b"), plain("1")), (plain("a"), inner), (plain("b"), plain("3"))]), mapping(many), mapping(many.reversed())] {
            #expect(Self.written(front, compact: true) == Self.written(front, compact: false))
            var values: [String: HandbookJSON.Value] = [:]
            for entry in front.entries ?? [] { values[entry.key.string ?? ""] = HandbookJSON.Value(entry.value) }
            #expect(FrontMatterFields(front).values == values)
        }
    }

    /// No front matter, and front matter that is no mapping, are no bytes, written `{}`.
    @Test func noFrontMatterIsNoBytes() throws {
        #expect(FrontMatterFields(nil).isEmpty)
        #expect(try FrontMatterFields(YAMLReader.parse("a\n")).isEmpty)
        #expect(try FrontMatterFields(YAMLReader.parse("[a]\n")).isEmpty)
        var json = JSONWriter()
        FrontMatterFields(nil).write(to: &json)
        #expect(json.bytes == Array("{}".utf8))
    }

    /// Through the pipeline: `handbook.json`'s fields of a record and a page with hostile front
    /// matter are those written from their nodes, and a future `date` is reported where it is
    /// written (the check stage reads the record's location, not the nodes).
    @Test func handbookJSONFieldsThroughThePipeline() throws {
        let record = "---\nstatus: accepted\nextra: &a {k: [1, 2]}\nagain: *a\n\"é\": x\ne: y\n1: n\ndate:    2027-01-02\n---\n# A\n"
        let page = "---\ntitle: P\nnote: |\n  two\n  lines\nflag: Yes\n---\nbody\n"
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/decisions/0001-a.md": record, "content/p.md": page])
        #expect(build.messages == ["content/decisions/0001-a.md:8:10: warning: ADR-0001 is dated 2027-01-02, after today (2026-11-21) [future-date]"])
        let json = build.page("handbook.json")
        for text in [record, page] {
            guard case .success(let split) = FrontMatterSplit.split(text), let yaml = split.yaml else { Issue.record("no front matter"); continue }
            var writer = JSONWriter(elementOfArrayAt: 2, first: false)
            writer.element()
            writer.beginObject()
            writer.key("fields")
            HandbookJSON.writeMapping(try YAMLReader.parse(yaml)?.entries ?? [], to: &writer)
            let fields = String(decoding: writer.bytes, as: UTF8.self).components(separatedBy: "\"fields\": ").last ?? ""
            #expect(json.contains("\"fields\": " + fields), "\(fields)")
        }
    }
}
