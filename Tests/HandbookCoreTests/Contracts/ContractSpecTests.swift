import Foundation
import HandbookCore
import Testing

/// Spec formats (OpenAPI 3.0 and 3.1, YAML and JSON, JSON Schema draft-07 and 2020-12), broken specs,
/// reference cycles and the report formats.
struct ContractSpecTests {
    @Test func openAPI30And31DescribeTheSameThing() {
        let v30 = SpecPair.post(request: "{type: object, properties: {a: {type: string, nullable: true}}}", version: "3.0.3")
        let v31 = SpecPair.post(request: "{type: object, properties: {a: {type: [string, 'null']}}}", version: "3.1.0")
        let result = SpecPair.diff(v30, v31)
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        #expect(!result.hasBreaking, "\(result.findings.map(\.summary))")
    }

    @Test func openAPI30IsDiffedLike31() {
        let old = SpecPair.post(response: "{type: object, required: [a], properties: {a: {type: string}}}", version: "3.0.3")
        let new = SpecPair.post(response: "{type: object, properties: {a: {type: string, nullable: true}}}", version: "3.0.3")
        let ids = SpecPair.ids(old, new)
        #expect(ids.contains("response-property-became-optional"))
        #expect(ids.contains("response-property-became-nullable"))
    }

    @Test func jsonSpecsReadLikeYAML() {
        let old = #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#
        let new = #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#
        let result = SpecPair.diff(old, new, oldName: "old.json", newName: "new.json")
        #expect(result.findings.map(\.id) == ["operation-removed"])
        #expect(result.findings.first?.source == "old.json:1")
    }

    @Test(arguments: ["http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2020-12/schema"])
    func standaloneJSONSchemaIsJudgedAsAResponseWhenForward(dialect: String) {
        let defs = dialect.contains("draft-07") ? "definitions" : "$defs"
        func schema(_ properties: String, required: String) -> String {
            #"{"$schema": "\#(dialect)", "type": "object", "required": \#(required), "properties": \#(properties), "\#(defs)": {"Id": {"type": "string"}}}"#
        }
        let reference = "{\"$ref\": \"#/\(defs)/Id\"}"
        let old = schema("{\"id\": \(reference), \"note\": {\"type\": \"string\"}}", required: #"["id"]"#)
        let removed = schema(#"{"note": {"type": "string"}}"#, required: "[]")
        let added = schema("{\"id\": \(reference), \"note\": {\"type\": \"string\"}, \"extra\": {\"type\": \"integer\"}}", required: #"["id"]"#)
        let forward = ContractDiffOptions(compatibility: .forward)
        let caught = SpecPair.diff(old, removed, oldName: "a.json", newName: "b.json", options: forward)
        #expect(caught.compared, "\(caught.diagnostics.map(\.formatted))")
        #expect(caught.findings.map(\.id).contains("response-required-property-removed"))
        let fine = SpecPair.diff(old, added, oldName: "a.json", newName: "b.json", options: forward)
        #expect(fine.compared && !fine.hasBreaking, "\(fine.findings.map(\.summary))")
        #expect(fine.findings.map(\.id) == ["response-property-added"])
    }

    /// Draft-04 and draft-06 are read as written, without a warning (SchemaStore's catalogue holds
    /// 180 draft-04 schemas, each warned before as "read as 2020-12"): a boolean `exclusiveMinimum`
    /// qualifies `minimum`, and the kind is named.
    @Test(arguments: ["http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#"])
    func olderDraftsAreReadAsWritten(dialect: String) {
        // Draft-04's `exclusiveMinimum` is a flag on `minimum`; from draft-06 on, a bound of its own.
        func schema(_ exclusive: Bool) -> String {
            let bound = dialect.contains("draft-04") ? #""minimum": 0, "exclusiveMinimum": \#(exclusive)"# : (exclusive ? #""exclusiveMinimum": 0"# : #""minimum": 0"#)
            return #"{"$schema": "\#(dialect)", "type": "object", "properties": {"n": {"type": "integer", \#(bound)}}}"#
        }
        let result = SpecPair.diff(schema(false), schema(true), oldName: "a.json", newName: "b.json")
        #expect(result.compared && result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.findings.map(\.id) == ["request-constraint-narrowed"], "\(result.findings.map(\.summary))")
        #expect(SpecDocument.dialectName(dialect) == (dialect.contains("04") ? "draft-04" : "draft-06"))
        #expect(SpecDocument.dialectName("https://json-schema.org/draft/2019-09/schema") == "2019-09")
        #expect(SpecDocument.dialectName("http://json-schema.org/schema#") == nil)
        #expect(SpecDocument.dialectName("https://docs.renovatebot.com/renovate-schema.json") == nil)
    }

    /// A real change to a public draft-04 schema (SchemaStore's `global.json`, Apache-2.0, see
    /// Fixtures/real-specs/schemastore/SOURCES.txt): "semver pattern validation" narrows what the
    /// SDK version accepts, which is breaking for whoever writes the file, and nothing else differs.
    @Test func aRealDraft04SchemaChangeIsFound() throws {
        let folder = TestFiles.fixtures.appendingPathComponent("real-specs/schemastore")
        let old = try String(contentsOf: folder.appendingPathComponent("global-834eacb25.json"), encoding: .utf8)
        let new = try String(contentsOf: folder.appendingPathComponent("global-910ab0e40.json"), encoding: .utf8)
        let result = SpecPair.diff(old, new, oldName: "global-834eacb25.json", newName: "global-910ab0e40.json")
        #expect(result.compared && result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.findings.map(\.id) == ["request-constraint-narrowed"], "\(result.findings.map(\.summary))")
        #expect(result.findings.first?.path == "/properties/sdk/properties/version")
        #expect(result.findings.first?.source == "global-910ab0e40.json:13")
        #expect(result.hasBreaking)
    }

    @Test func numbersWhereStringsAreDueStillRead() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: 1.0}\npaths: {/a: {get: {responses: {'200': {description: 200}}}}}\n"
        let result = SpecPair.diff(spec, spec.replacingOccurrences(of: "3.0.3", with: "3.1.0"))
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        #expect(!result.hasBreaking)
    }

    @Test func referenceCyclesEndAndChangesInsideThemAreFound() {
        let node = { (extra: String) in
            SpecPair.openAPI("{/n: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}}}}}",
                             schemas: "{Node: {type: object, required: [id], properties: {id: {type: string}, next: {$ref: '#/components/schemas/Node'}, kids: {type: array, items: {$ref: '#/components/schemas/Node'}}\(extra)}}}")
        }
        #expect(SpecPair.diff(node(""), node("")).findings.isEmpty)
        let ids = SpecPair.ids(node(""), node(", id2: {type: string}"))
        #expect(ids == ["response-property-added"])
    }

    /// Only text that is not YAML/JSON, or not an API description or schema at all, cannot be read;
    /// and two equivalent templated paths that share a method, which the diff cannot tell apart.
    @Test func unreadableSpecsGiveDiagnosticsWithFileAndLine() {
        let good = SpecPair.post()
        let cases: [(String, String, Int)] = [
            ("openapi: 3.1.0\ninfo: {title: T, version: '1'\npaths: {}\n", "contract-spec-syntax", 3),
            ("swagger: '2.0'\n", "contract-spec-version", 1),
            ("- a\n- b\n", "contract-spec-invalid", 1),
            ("services:\n  web: {image: nginx}\n", "contract-spec-kind", 1),
            ("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}: {get: {responses: {'200': {description: ok}}}}\n  /a/{name}: {get: {responses: {'200': {description: ok}}}}\n",
             "contract-spec-duplicate-path", 5),
        ]
        for (text, id, line) in cases {
            let result = SpecPair.diff(good, text)
            #expect(!result.compared)
            #expect(result.exitCode == 2)
            let diagnostic = result.diagnostics.first { $0.severity == .error }
            #expect(diagnostic?.id == id, "\(result.diagnostics.map(\.formatted))")
            #expect(diagnostic?.file == "new.yml")
            #expect(diagnostic?.line == line, "\(result.diagnostics.map(\.formatted))")
        }
        let duplicate = SpecPair.diff(good, cases[4].0).diagnostics.first { $0.severity == .error }
        #expect(duplicate?.message.contains("'/a/{id}' (line 4) and '/a/{name}'") == true, "\(duplicate?.message ?? "")")
    }

    /// What tools tolerate is a warning at its line, and the spec is read and compared.
    @Test(arguments: [
        ("info has no title", "openapi: 3.0.3\ninfo:\n  version: '1'\npaths: {}\n", 3),
        ("no responses", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      summary: S\n", 6),
        ("no description", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {content: {}}\n", 7),
        ("path parameter not required", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /x/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, schema: {type: string}}\n      responses: {'200': {description: ok}}\n", 7),
        ("undeclared security scheme", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nsecurity:\n  - api_key: []\npaths: {}\n", 4),
        ("nullable in 3.1", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, nullable: true}\n", 6),
        ("boolean exclusiveMinimum in 3.1", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: integer\n      minimum: 0\n      exclusiveMinimum: true\n", 9),
        ("type list in 3.0", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: [string, integer]\n", 7),
        ("integer beyond 64 bits", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: integer\n      maximum: 9223372036854776000\n", 8),
        ("boolean subschema in 3.0", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        a: true\n", 9),
        ("draft-07 tuple items in 3.1", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: array\n      items: [{type: string}, {type: integer}]\n", 8),
        ("schema without $schema", "{\"not\": {\"type\": \"null\"}}\n", 1),
        ("content not a mapping", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: 7\n", 9),
        ("unknown type", "{\n  \"type\": \"object\",\n  \"properties\": {\"b\": {\"type\": 5}}\n}\n", 3),
    ])
    func toleratedViolationsAreWarningsAtTheirLine(_ label: String, _ text: String, _ line: Int) {
        let result = SpecPair.diff(text, text)
        #expect(result.compared, "\(label): \(result.diagnostics.map(\.formatted))")
        #expect(result.exitCode == 0)
        #expect(result.diagnostics.allSatisfy { $0.severity != .error }, "\(label): \(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.contains { $0.file == "new.yml" && $0.line == line && $0.severity == .warning && $0.id == "contract-spec-tolerated" },
                "\(label): \(result.diagnostics.map(\.formatted))")
    }

    /// Read without a word: enums of objects, a `{}` schema, a reference that names nothing (a warning, the diff goes on).
    @Test func quirksThatAreNotViolationsRead() {
        let enums = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {enum: [{a: 1}, {b: [2]}]}\n"
        let enumsResult = SpecPair.diff(enums, enums.replacingOccurrences(of: "{b: [2]}", with: "{b: [3]}"))
        #expect(enumsResult.compared && enumsResult.diagnostics.isEmpty, "\(enumsResult.diagnostics.map(\.formatted))")
        // A, which no operation uses, is one note listing what changed (ADR-0114).
        #expect(enumsResult.findings.map(\.id) == ["unused-schema-changed"], "\(enumsResult.findings.map(\.summary))")
        #expect(enumsResult.findings.first?.text.contains("response-enum-value-added") == true
                    && enumsResult.findings.first?.text.contains("response-enum-value-removed") == true, "\(enumsResult.findings.map(\.summary))")
        let empty = SpecPair.diff("{}", "{}", oldName: "a.json", newName: "b.json")
        #expect(empty.compared && empty.diagnostics.isEmpty && empty.findings.isEmpty)
        let dangling = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
        let danglingResult = SpecPair.diff(dangling, dangling)
        #expect(danglingResult.compared)
        #expect(danglingResult.diagnostics.map(\.id) == ["contract-spec-ref", "contract-spec-ref"])
        #expect(danglingResult.diagnostics.allSatisfy { $0.severity == .warning && $0.line == 6 })
    }

    @Test func reportFormats() throws {
        let result = SpecPair.diff(SpecPair.post(parameters: "[{name: q, in: query, schema: {type: string}}]"),
                                   SpecPair.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]"))
        let json = ContractDiffFormat.json.render(result.findings, old: "old.yml", new: "new.yml")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        #expect(objects.first.map { Set($0.keys) } == ["id", "level", "operation", "path", "source", "text"])
        #expect(objects.first?["id"] == "parameter-became-required")
        #expect(objects.first?["operation"] == "POST /items")
        #expect(objects.first?["path"] == "/paths/~1items/post/parameters/0")
        #expect(objects.first?["source"] == "new.yml:3")
        let text = ContractDiffFormat.text.render(result.findings, old: "old.yml", new: "new.yml")
        #expect(text.hasPrefix("new.yml:3: [breaking] parameter-became-required POST /items"))
        let markdown = ContractDiffFormat.markdown.render(result.findings, old: "old.yml", new: "new.yml")
        #expect(markdown.contains("| breaking | `parameter-became-required` | `POST /items` |"))
    }
}

/// The fast JSON reader gives exactly the tree Yams gives for the same text, lines and columns included.
struct JSONTreeReaderTests {
    @Test(arguments: [
        #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
        "{\n  \"a\": [1, -2.5, 3e10, 0, -0.0e-3, true, false, null],\n  \"b\": {\"c\": \"\\u00e9\\n\\t\\\"x\\\" \\/\"},\n  \"d\": []\n}\n",
        "  {\"nested\": {\"deep\": [[{\"x\": {}}], [\"é ü\", \"\"]]}, \"big\": 9223372036854776000}  ",
        "{\"k\":1,\n\"l\":\n  [\n    {\"m\": \"n\"}\n  ]\n}",
    ])
    func sameTreeAsYams(_ text: String) throws {
        let fast = try #require(JSONTreeReader.parse(text))
        let yams = try YAMLReader.parse(text, nodeBudget: 1_000_000)
        #expect(fast == yams)
    }

    /// Yams refuses surrogate pairs; JSON writes characters beyond the BMP that way.
    @Test func surrogatePairs() {
        #expect(JSONTreeReader.parse(#"{"a": "\ud83d\ude00"}"#)?["a"]?.string == "😀")
    }

    @Test(arguments: ["{\"a\": 1,}", "{\"a\" 1}", "{\"a\": 01}", "{\"a\": \"x\"} y", "{\"a\": 1, \"a\": 2}", "{\"a\": tru}", "{\"a\": \"\\q\"}"])
    func declinesWhatItDoesNotRead(_ text: String) {
        #expect(JSONTreeReader.parse(text) == nil)
    }
}
