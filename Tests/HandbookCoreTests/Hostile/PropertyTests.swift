import Foundation
@testable import HandbookCore
import PropertyBased
import Testing

/// Issue 14: property-based fuzz targets (x-sheep/swift-property-based) for the readers that take
/// input from a repository: the front-matter splitter, the adr-tools/MADR record readers, the glob
/// matcher and its index, the CSV reader and the contract diff. Inputs are soups of the tokens each
/// format is made of, so the generator reaches the interesting states quickly. `make test` runs a
/// few hundred cases each; `make fuzz` sets HANDBOOK_FUZZ_COUNT for a long run. A failure prints
/// the input and a seed (`.fixedSeed(...)`) that reproduces it.
@Suite struct PropertyTests {
    static let count = Int(ProcessInfo.processInfo.environment["HANDBOOK_FUZZ_COUNT"] ?? "") ?? 200

    /// Strings made of `tokens`, 0 to `length` of them.
    static func soup(_ tokens: [String], length: Int = 24) -> Generator<String, some Sequence> {
        token(tokens).array(of: 0...length).map { $0.joined() }
    }

    static func token(_ tokens: [String]) -> Generator<String, some Sequence> {
        Gen<String?>.element(of: tokens).map { $0 ?? "" }
    }

    // MARK: Front matter

    static let frontMatterTokens = ["---", "---\n", "\n", "\na: 1\n---\n", "\n---\n", "\r\n", "...", "+++", "\u{FEFF}", "a: b", " ", "\t", "é", "#",
                                    "- x", "\"", ":", "{", "[", "&a", "*a", "|", "\u{2028}", "---  ", "\0"]

    /// The split never loses or invents text: the body is the input's tail (after a byte-order
    /// mark), its line offset counts the lines before it, and an error means an opening `---`.
    /// (A first version of this test found nothing wrong in the splitter, only in itself: an empty
    /// YAML block, and CRLF, which the load stage normalises before splitting.)
    @Test func frontMatterSplitKeepsEveryLine() async {
        // Half the inputs open a block, so closed blocks with YAML in them are common.
        let opened = Gen.bool.map { $0 ? "---\n" : "" }
        await propertyCheck(count: Self.count, input: opened, Self.soup(Self.frontMatterTokens)) { opening, raw in
            // As the load stage does: line ends are normalised before the split.
            let text = (opening + raw).normalizingLineEnds
            let input = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            switch FrontMatterSplit.split(text) {
            case .success(let split):
                #expect(input.hasSuffix(split.body))
                let before = input.dropLast(split.body.count)
                if let yaml = split.yaml {
                    #expect(before.hasPrefix("---"))
                    #expect(yaml.isEmpty || before.contains(yaml))
                    #expect(split.bodyLineOffset == before.filter { $0 == "\n" || $0 == "\r\n" }.count
                            + (before.last == "\n" || before.last == "\r\n" ? 0 : 1))
                } else {
                    #expect(split.body == input && split.bodyLineOffset == 0)
                }
            case .failure(.unclosed):
                #expect(input.hasPrefix("---"))
            case .failure(.toml):
                #expect(input.hasPrefix("+++"))
            }
        }
    }

    // MARK: Decision records

    static let recordTokens = ["# 1. Title\n", "## Status\n", "Accepted\n", "Superseded by [2. Y](0002-y.md)\n",
                               "Date: 2020-01-01\n", "Date: 12/02/2016\n", "Date: February 30, 2016\n", "* Status: proposed\n",
                               "- Deciders: a, b\n", "Technical Story: x\n", "---\n", "status: accepted\n", "id: adr-1\n",
                               "\n", "\n\n", ":::note T\n", ":::\n", "> [!WARNING]\n", "[[ADR-2]]", "[[ADR-9]]", "[x](0002-y.md)",
                               "**", "`", "<script>", "&", "é", "\t", "|a|b|\n|-|-|\n", "## Links\n", "- Supersedes [2](0002-y.md)\n",
                               "Amends [[ADR-2]]\n", "✅ ", "⌛️ ", "title: 'ADR013: X'\n", "date: 2016-02-12T10:00:00Z\n"]

    /// Any text as an adr-tools or MADR record: no crash; every diagnostic points at a line of a file
    /// that exists; a build that succeeds writes the record's page, one that fails says why.
    @Test func anyRecordBuildsOrSaysWhy() async {
        let other = "# 2. Y\n\n## Status\n\nAccepted\n"
        await propertyCheck(count: max(20, Self.count / 4), input: Self.soup(Self.recordTokens)) { text in
            let build = TestBuild.run(["docs/adr/0001-x.md": text, "docs/adr/0002-y.md": other])
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count + 1
            for diagnostic in build.diagnostics where diagnostic.file == "docs/adr/0001-x.md" {
                #expect(diagnostic.line >= 0 && diagnostic.line <= lines, "\(diagnostic.formatted)")
            }
            if build.result.succeeded {
                let pages = build.output.files.keys.filter { $0.hasPrefix("decisions/") && $0.hasSuffix(".html") }
                #expect(pages.count >= 3, "two records and the index: \(pages.sorted())")
            } else {
                #expect(!build.errors.isEmpty)
            }
        }
    }

    // MARK: Globs

    static let globTokens = ["*", "**", "/", "a", "b", ".", "?", "[ab]", "[!a]", "\\*", ".md", "-", " ", "é", "a/", "/a", "a/b"]
    static let pathTokens = ["a", "b", "a.md", "b.md", ".x", "é", "a b", "[ab]", "*"]

    /// The file index finds exactly what matching every path one by one finds (GlobPatternTests
    /// pins CODEOWNERS' rules; this pins the index against the matcher on any pattern).
    @Test func globIndexAgreesWithAFullScan() async {
        let paths = Self.token(Self.pathTokens).array(of: 1...4).map { $0.joined(separator: "/") }.array(of: 1...30)
        await propertyCheck(count: Self.count, input: Self.soup(Self.globTokens, length: 8), paths) { text, paths in
            guard case .success(let glob) = GlobPattern.compile(text) else { return }
            let files = RepositoryFiles(paths)
            let scanned = files.paths.indices.filter { glob.matches(files.paths[$0]) }
            #expect(files.matches(glob).sorted() == scanned, "pattern \(text)")
        }
    }

    // MARK: CSV

    static let cellTokens = ["a", "1", "2.5", " ", "\"", ",", "\n", "\r\n", "é", "\t", "-", "#"]

    /// Cells written as RFC 4180 (every field quoted, quotes doubled) read back as written.
    @Test func csvRoundTrips() async {
        let cell = Self.soup(Self.cellTokens, length: 6)
        let table = cell.array(of: 1...5).array(of: 1...6)
        await propertyCheck(count: Self.count, input: table) { rows in
            // A record of one empty field is a blank line, which the reader skips by design.
            let rows = rows.filter { $0 != [""] }
            let text = rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
                .joined(separator: "\r\n")
            let read = CSVReader.read(text)
            #expect(read.problems.isEmpty, "\(read.problems)")
            #expect(read.records.map { $0.fields.map(\.text) } == rows)
        }
    }

    /// Any text: no crash, and every field and problem has a place inside the text.
    @Test func csvPlacesAreInsideTheText() async {
        await propertyCheck(count: Self.count, input: Self.soup(Self.cellTokens + ["\"\"", "\"a\"b"], length: 30)) { text in
            let read = CSVReader.read(text)
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
            for record in read.records {
                #expect(record.line >= 1 && record.line <= lines)
                for field in record.fields { #expect(field.line >= 1 && field.line <= lines && field.column >= 1) }
            }
            for problem in read.problems { #expect(problem.line >= 1 && problem.line <= lines + 1) }
        }
    }

    // MARK: Contract diff

    static let schemaTokens = ["{type: string}", "{type: integer, minimum: 1}", "{type: [string, 'null']}", "{enum: [a, b]}",
                               "{type: array, items: {type: string}}", "{oneOf: [{type: string}, {type: integer}]}", "{}", "true",
                               "{not: {type: string}}", "{type: string, maxLength: 3}", "{$ref: '#/components/schemas/A'}",
                               "{type: object, required: [a], properties: {a: {type: string}}}", "{nullable: true, type: string}",
                               "{allOf: [{type: object}]}", "{type: number, exclusiveMinimum: true, minimum: 0}"]

    static func spec(_ picks: [String]) -> String {
        let properties = picks.enumerated().map { "p\($0.offset): \($0.element)" }.joined(separator: ", ")
        let required = picks.indices.filter { $0 % 2 == 0 }.map { "p\($0)" }.joined(separator: ", ")
        let schema = "{type: object, required: [\(required)], properties: {\(properties)}}"
        return SpecPair.post(request: schema, response: schema).replacingOccurrences(
            of: "components: {schemas: {}}", with: "components: {schemas: {A: \(picks.first ?? "{}")}}")
    }

    /// A spec compared with itself has no finding; any two specs compare without a crash, and the
    /// exit code says breaking exactly when a finding is breaking.
    @Test func contractDiffOfASpecWithItselfIsEmpty() async {
        let picks = Self.token(Self.schemaTokens).array(of: 0...6)
        await propertyCheck(count: max(20, Self.count / 2), input: picks, picks) { old, new in
            let same = SpecPair.diff(Self.spec(old), Self.spec(old))
            #expect(same.compared && same.findings.isEmpty, "\(same.findings.map(\.id)) \(same.diagnostics.map(\.formatted))")
            let result = SpecPair.diff(Self.spec(old), Self.spec(new))
            #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
            #expect(result.exitCode == (result.findings.contains { $0.level == .breaking } ? 1 : 0))
        }
    }

    /// Text that is half YAML, half nonsense, as a spec: read, or refused with exit code 2 and a
    /// diagnostic; never a crash, never a silent empty comparison.
    @Test func anyTextAsASpecIsReadOrRefused() async {
        let tokens = ["openapi: 3.1.0\n", "swagger: '2.0'\n", "paths:\n", "  /a:\n", "    get: {}\n", "{", "}", "[", "]",
                      ":", "- ", "\n", "  ", "$ref: '#/x'\n", "info: {title: T, version: '1'}\n", "&a ", "*a", "9223372036854776000",
                      "é", "\"", "components: {schemas: {A: {$ref: '#/components/schemas/A'}}}\n"]
        await propertyCheck(count: Self.count, input: Self.soup(tokens, length: 16)) { text in
            let result = SpecPair.diff(text, SpecPair.post())
            if result.compared {
                #expect(!result.diagnostics.contains { $0.severity == .error })
            } else {
                #expect(result.exitCode == 2 && result.diagnostics.contains { $0.severity == .error })
            }
        }
    }

    // MARK: YAML

    static let yamlTokens = ["a", "b: ", "- ", "\n", "\n  ", "\n    ", ": ", ":", "? ", "[", "]", "{", "}", ", ", "'", "\"", "\\", "|", "|-",
                             ">", ">+", "&x ", "*x", "!!str ", "!t ", "! ", "!!int ", "!u ", "#", " # c", "---\n", "...\n", "%YAML 1.2\n", "é", "😀", "\t",
                             "\r\n", "\u{FEFF}", "\u{0}", "\u{85}", "~", "null", "9223372036854776000", "@", "`", "%"]

    /// Any YAML-ish text: the reader of libyaml's events gives exactly what the Yams path gave (the
    /// tree with its lines and columns, or the error with its place), but for a duplicate key, which
    /// both refuse (ADR-0112).
    @Test func yamlEventsAnswerAsYams() async {
        await propertyCheck(count: Self.count * 5, input: Self.soup(Self.yamlTokens, length: 30), Gen.int(in: 0...3)) { text, offset in
            let ours = YAMLEventsTests.events(text, lineOffset: offset), reference = YAMLEventsTests.yams(text, lineOffset: offset)
            #expect(ours == reference, "\(text.debugDescription)")
        }
    }

    /// Keys are the same key when their text AND their resolved tag are (Yams' `Node.Scalar ==`, with
    /// the basic resolver the reference reads with: no tag, `!` and `!!str` are all `str`; a collection's
    /// default is `seq` or `map`). Fixed cases next to the soup, each answered as Yams answers, and
    /// what Yams answers written down (true: refused as a duplicate key). The first one is the input
    /// `yamlEventsAnswerAsYams` once failed on in CI, a one-in-many draw.
    static let duplicateKeyCases: [(text: String, duplicate: Bool)] = [
        ("!!str : \u{FEFF}%YAML 1.2\n!t :", false),
        ("!!str a: 1\n!t a: 2\n", false), ("!t a: 1\n!t a: 2\n", true), ("!t a: 1\n!u a: 2\n", false),
        ("!!str a: 1\na: 2\n", true), ("! a: 1\na: 2\n", true), ("!!int 1: a\n1: b\n", false),
        ("\"1\": a\n1: b\n", true), ("'1': a\n!!str 1: b\n", true), ("!!int 1: a\n!!int 1: b\n", true),
        ("~: a\nnull: b\n", false), ("null: a\n\"null\": b\n", true), ("null: a\nnull: b\n", true), ("~: a\n~: b\n", true),
        ("true: a\n\"true\": b\n", true), ("!!bool true: a\ntrue: b\n", false), (": a\n!!null : b\n", false),
        ("title: A\ntitle: B\n", true), ("{a: 1, a: 2}", true), ("{!x a: 1, a: 2}", false),
        ("[a]: 1\n[a]: 2\n", true), ("[!t a]: 1\n[a]: 2\n", false), ("!!seq [a]: 1\n[a]: 2\n", true),
        ("!s [a]: 1\n[a]: 2\n", false), ("{a: !t b}: 1\n{a: b}: 2\n", false), ("{a: b}: 1\n!!map {a: b}: 2\n", true),
        ("x: &k !t a\n*k : 1\n!t a: 2\n", true), ("x: &k !t a\n*k : 1\na: 2\n", false),
        ("x: &k [!t a]\n*k : 1\n[a]: 2\n", false), ("x: &k [a]\ny: !t b\n*k : 1\n[a]: 2\n", true),
        ("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\nl: 12\n!t a: 13\n", false),
        ("!t a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\nl: 12\n!t a: 13\n", true),
        ("%TAG !e! tag:e.org,2000:\n---\n!e!a k: 1\n!<tag:e.org,2000:a> k: 2\n", true),
        ("!<tag:yaml.org,2002:str> k: 1\nk: 2\n", true),
    ]

    @Test func yamlDuplicateKeysAnswerAsYams() {
        for (text, duplicate) in Self.duplicateKeyCases {
            let ours = YAMLEventsTests.events(text), reference = YAMLEventsTests.yams(text)
            #expect(ours == reference, "\(text.debugDescription)")
            #expect((reference == .duplicate) == duplicate, "Yams: \(reference) for \(text.debugDescription)")
        }
    }
}
