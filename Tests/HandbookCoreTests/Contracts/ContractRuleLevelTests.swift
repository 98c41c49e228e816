import HandbookCore
import Testing

/// Every contract rule's level, written out here (never read back from `ContractRule.level`), with
/// the smallest pair of specs that triggers it. Demoting a breaking rule fails its row.
struct RuleLevelRow: Sendable, CustomTestStringConvertible {
    var id: String
    var level: String
    var old: String
    var new: String
    var testDescription: String { "\(id) is \(level)" }
}

enum RuleLevelTable {
    typealias S = SpecPair
    static let ok = "{description: ok}"
    static let objectA = "{type: object, properties: {a: {type: string}}}"
    static let objectAB = "{type: object, properties: {a: {type: string}, b: {type: string}}}"
    static let requiredA = "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}"
    static func property(_ schema: String) -> String { "{type: object, properties: {a: \(schema)}}" }
    static func get(_ operation: String) -> String { S.openAPI("{/items: {get: \(operation)}}") }
    static func postBody(_ body: String) -> String { S.openAPI("{/items: {post: {\(body)responses: {'200': \(ok)}}}}") }
    static let json = "{content: {application/json: {schema: {type: object}}}}"

    static let rows: [RuleLevelRow] = [
        // Breaking
        RuleLevelRow(id: "operation-removed", level: "breaking",
                     old: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}"),
                     new: get("{responses: {'200': \(ok)}}")),
        RuleLevelRow(id: "success-response-removed", level: "breaking",
                     old: get("{responses: {'200': \(ok), '404': \(ok)}}"), new: get("{responses: {'404': \(ok)}}")),
        RuleLevelRow(id: "new-required-parameter", level: "breaking",
                     old: S.post(), new: S.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]")),
        RuleLevelRow(id: "parameter-became-required", level: "breaking",
                     old: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]"),
                     new: S.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]")),
        RuleLevelRow(id: "parameter-type-changed", level: "breaking",
                     old: S.post(parameters: "[{name: q, in: query, schema: {type: integer}}]"),
                     new: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]")),
        RuleLevelRow(id: "request-enum-value-removed", level: "breaking",
                     old: S.post(request: property("{type: string, enum: [x, y]}")), new: S.post(request: property("{type: string, enum: [x]}"))),
        RuleLevelRow(id: "request-body-became-required", level: "breaking",
                     old: S.post(bodyRequired: false), new: S.post(bodyRequired: true)),
        RuleLevelRow(id: "request-media-type-removed", level: "breaking",
                     old: postBody("requestBody: {content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}, "),
                     new: postBody("requestBody: \(json), ")),
        RuleLevelRow(id: "new-required-request-property", level: "breaking",
                     old: S.post(request: objectA), new: S.post(request: "{type: object, required: [b], properties: {a: {type: string}, b: {type: string}}}")),
        RuleLevelRow(id: "request-property-became-required", level: "breaking",
                     old: S.post(request: objectAB), new: S.post(request: requiredA)),
        RuleLevelRow(id: "request-property-type-changed", level: "breaking",
                     old: S.post(request: property("{type: integer}")), new: S.post(request: property("{type: string}"))),
        RuleLevelRow(id: "request-property-became-non-nullable", level: "breaking",
                     old: S.post(request: property("{type: string, nullable: true}"), version: "3.0.3"),
                     new: S.post(request: property("{type: string}"), version: "3.0.3")),
        RuleLevelRow(id: "response-required-property-removed", level: "breaking",
                     old: S.post(response: requiredA), new: S.post(response: "{type: object, properties: {b: {type: string}}}")),
        RuleLevelRow(id: "response-property-became-optional", level: "breaking",
                     old: S.post(response: requiredA), new: S.post(response: objectAB)),
        RuleLevelRow(id: "response-property-became-nullable", level: "breaking",
                     old: S.post(response: objectA), new: S.post(response: property("{type: [string, 'null']}"))),
        RuleLevelRow(id: "response-property-type-changed", level: "breaking",
                     old: S.post(response: property("{type: integer}")), new: S.post(response: property("{type: boolean}"))),
        RuleLevelRow(id: "response-media-type-removed", level: "breaking",
                     old: get("{responses: {'200': {description: ok, content: {application/json: {}, application/xml: {}}}}}"),
                     new: get("{responses: {'200': {description: ok, content: {application/json: {}}}}}")),
        // Warnings
        RuleLevelRow(id: "unchecked", level: "warning",
                     old: S.post(request: property("{type: string, pattern: '^a'}")), new: S.post(request: property("{type: string, pattern: '^b'}"))),
        RuleLevelRow(id: "response-removed", level: "warning",
                     old: get("{responses: {'200': \(ok), '404': \(ok)}}"), new: get("{responses: {'200': \(ok)}}")),
        RuleLevelRow(id: "response-property-removed", level: "warning",
                     old: S.post(response: objectAB), new: S.post(response: objectA)),
        RuleLevelRow(id: "response-enum-value-added", level: "warning",
                     old: S.post(response: property("{type: string, enum: [x]}")), new: S.post(response: property("{type: string, enum: [x, y]}"))),
        RuleLevelRow(id: "request-property-removed", level: "warning",
                     old: S.post(request: objectAB), new: S.post(request: objectA)),
        RuleLevelRow(id: "parameter-removed", level: "warning",
                     old: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]"), new: S.post()),
        RuleLevelRow(id: "request-body-removed", level: "warning",
                     old: postBody("requestBody: \(json), "), new: postBody("")),
        RuleLevelRow(id: "format-changed", level: "warning",
                     old: S.post(request: property("{type: string, format: date}")), new: S.post(request: property("{type: string, format: date-time}"))),
        RuleLevelRow(id: "operation-deprecated", level: "warning",
                     old: get("{responses: {'200': \(ok)}}"), new: get("{deprecated: true, responses: {'200': \(ok)}}")),
        RuleLevelRow(id: "unresolved-reference", level: "warning",
                     old: S.post(request: objectA), new: S.post(request: "{$ref: 'other.yml#/Item'}")),
        // Information
        RuleLevelRow(id: "operation-added", level: "info",
                     old: get("{responses: {'200': \(ok)}}"),
                     new: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}")),
        RuleLevelRow(id: "response-added", level: "info",
                     old: get("{responses: {'200': \(ok)}}"), new: get("{responses: {'200': \(ok), '404': \(ok)}}")),
        RuleLevelRow(id: "new-optional-parameter", level: "info",
                     old: S.post(), new: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]")),
        RuleLevelRow(id: "parameter-became-optional", level: "info",
                     old: S.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]"),
                     new: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]")),
        RuleLevelRow(id: "request-body-became-optional", level: "info",
                     old: S.post(bodyRequired: true), new: S.post(bodyRequired: false)),
        RuleLevelRow(id: "request-body-added", level: "info",
                     old: postBody(""), new: postBody("requestBody: \(json), ")),
        RuleLevelRow(id: "media-type-added", level: "info",
                     old: postBody("requestBody: \(json), "),
                     new: postBody("requestBody: {content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}, ")),
        RuleLevelRow(id: "new-optional-request-property", level: "info",
                     old: S.post(request: objectA), new: S.post(request: objectAB)),
        RuleLevelRow(id: "request-property-became-optional", level: "info",
                     old: S.post(request: requiredA), new: S.post(request: objectAB)),
        RuleLevelRow(id: "request-property-became-nullable", level: "info",
                     old: S.post(request: objectA), new: S.post(request: property("{type: [string, 'null']}"))),
        RuleLevelRow(id: "request-type-widened", level: "info",
                     old: S.post(request: property("{type: integer}")), new: S.post(request: property("{type: number}"))),
        RuleLevelRow(id: "request-enum-value-added", level: "info",
                     old: S.post(request: property("{type: string, enum: [x]}")), new: S.post(request: property("{type: string, enum: [x, y]}"))),
        RuleLevelRow(id: "response-property-added", level: "info",
                     old: S.post(response: objectA), new: S.post(response: objectAB)),
        RuleLevelRow(id: "response-property-became-required", level: "info",
                     old: S.post(response: objectAB), new: S.post(response: requiredA)),
        RuleLevelRow(id: "response-property-became-non-nullable", level: "info",
                     old: S.post(response: property("{type: [string, 'null']}")), new: S.post(response: objectA)),
        RuleLevelRow(id: "response-enum-value-removed", level: "info",
                     old: S.post(response: property("{type: string, enum: [x, y]}")), new: S.post(response: property("{type: string, enum: [x]}"))),
        RuleLevelRow(id: "response-type-narrowed", level: "info",
                     old: S.post(response: property("{type: [integer, string]}")), new: S.post(response: property("{type: integer}"))),
        RuleLevelRow(id: "documentation-changed", level: "info",
                     old: get("{responses: {'200': \(ok)}}"), new: get("{description: Lists the items, responses: {'200': \(ok)}}")),
    ]
}

struct ContractRuleLevelTests {
    @Test(arguments: RuleLevelTable.rows)
    func ruleFiresAtItsLevel(_ row: RuleLevelRow) {
        let result = SpecPair.diff(row.old, row.new)
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        let matching = result.findings.filter { $0.id == row.id }
        #expect(!matching.isEmpty, "\(row.id) not found in \(result.findings.map(\.summary))")
        #expect(matching.map(\.level.rawValue) == Array(repeating: row.level, count: matching.count), "\(matching.map(\.summary))")
        // The level travels to reports: breaking findings make the comparison breaking, others do not.
        if row.level != "breaking" {
            #expect(!result.hasBreaking, "\(result.findings.map(\.summary))")
        } else {
            #expect(result.hasBreaking)
        }
    }

    @Test func everyRuleIsInTheTable() {
        let table = RuleLevelTable.rows.map(\.id)
        #expect(Set(table).count == table.count, "a rule listed twice")
        #expect(Set(table) == Set(ContractRule.allCases.map(\.rawValue)),
                "not in the table: \(Set(ContractRule.allCases.map(\.rawValue)).subtracting(table).sorted()); not a rule: \(Set(table).subtracting(ContractRule.allCases.map(\.rawValue)).sorted())")
    }
}
