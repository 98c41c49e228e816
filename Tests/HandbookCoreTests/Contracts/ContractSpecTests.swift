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
    func standaloneJSONSchemaIsJudgedAsAResponse(dialect: String) {
        let defs = dialect.contains("draft-07") ? "definitions" : "$defs"
        func schema(_ properties: String, required: String) -> String {
            #"{"$schema": "\#(dialect)", "type": "object", "required": \#(required), "properties": \#(properties), "\#(defs)": {"Id": {"type": "string"}}}"#
        }
        let reference = "{\"$ref\": \"#/\(defs)/Id\"}"
        let old = schema("{\"id\": \(reference), \"note\": {\"type\": \"string\"}}", required: #"["id"]"#)
        let removed = schema(#"{"note": {"type": "string"}}"#, required: "[]")
        let added = schema("{\"id\": \(reference), \"note\": {\"type\": \"string\"}, \"extra\": {\"type\": \"integer\"}}", required: #"["id"]"#)
        let caught = SpecPair.diff(old, removed, oldName: "a.json", newName: "b.json")
        #expect(caught.compared, "\(caught.diagnostics.map(\.formatted))")
        #expect(caught.findings.map(\.id).contains("response-required-property-removed"))
        let fine = SpecPair.diff(old, added, oldName: "a.json", newName: "b.json")
        #expect(fine.compared && !fine.hasBreaking, "\(fine.findings.map(\.summary))")
        #expect(fine.findings.map(\.id) == ["response-property-added"])
    }

    @Test func numbersWhereOpenAPIKitWantsStringsStillRead() {
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

    @Test func brokenSpecsGiveDiagnosticsWithFileAndLine() {
        let good = SpecPair.post()
        let cases: [(String, String, Int)] = [
            ("openapi: 3.1.0\ninfo: {title: T, version: '1'\npaths: {}\n", "contract-spec-syntax", 3),
            ("openapi: 3.0.3\ninfo:\n  version: '1'\npaths: {}\n", "contract-spec-invalid", 3),
            ("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: 7\n", "contract-spec-invalid", 8),
            ("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n", "contract-spec-ref", 6),
            ("swagger: '2.0'\n", "contract-spec-version", 1),
            ("- a\n- b\n", "contract-spec-invalid", 1),
            ("{\n  \"type\": \"object\",\n  \"properties\": {\"b\": {\"type\": 5}}\n}\n", "contract-spec-invalid", 3),
        ]
        for (text, id, line) in cases {
            let result = SpecPair.diff(good, text)
            #expect(!result.compared)
            let diagnostic = result.diagnostics.first { $0.severity == .error }
            #expect(diagnostic?.id == id, "\(result.diagnostics.map(\.formatted))")
            #expect(diagnostic?.file == "new.yml")
            #expect(diagnostic?.line == line, "\(result.diagnostics.map(\.formatted))")
        }
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
