import HandbookCore
import Testing

/// Every contract rule's level, written out here (never read back from `ContractRule.level`), with
/// the smallest pair of specs that triggers it. Demoting a breaking rule fails its row.
struct RuleLevelRow: Sendable, CustomTestStringConvertible {
    var id: String
    var level: String
    var old: String
    var new: String
    var options = ContractDiffOptions(today: "2026-11-21")
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

    /// Every rule id and its level, written out.
    static let levels: [String: String] = [
        "operation-removed": "breaking",
        "operation-removed-before-sunset": "breaking",
        "webhook-removed": "breaking",
        "success-response-removed": "breaking",
        "new-required-parameter": "breaking",
        "parameter-became-required": "breaking",
        "parameter-type-changed": "breaking",
        "parameter-default-changed": "breaking",
        "parameter-removed-before-sunset": "breaking",
        "deprecation-policy-violated": "breaking",
        "request-enum-value-removed": "breaking",
        "request-body-became-required": "breaking",
        "request-body-removed": "breaking",
        "request-media-type-removed": "breaking",
        "request-media-type-schema-added": "breaking",
        "new-required-request-property": "breaking",
        "request-property-became-required": "breaking",
        "request-property-type-changed": "breaking",
        "request-property-became-non-nullable": "breaking",
        "request-constraint-narrowed": "breaking",
        "request-alternative-removed": "breaking",
        "request-all-of-added": "breaking",
        "schema-wrapped-in-one-of": "breaking",
        "response-required-property-removed": "breaking",
        "response-property-became-optional": "breaking",
        "response-property-became-nullable": "breaking",
        "response-property-type-changed": "breaking",
        "response-media-type-removed": "breaking",
        "response-constraint-widened": "breaking",
        "response-alternative-added": "breaking",
        "response-header-removed": "breaking",
        "response-header-became-optional": "breaking",
        "unchecked": "warning",
        "schema-wrapped-in-one-of-original-preserved": "warning",
        "response-removed": "warning",
        "response-property-removed": "warning",
        "response-enum-value-added": "warning",
        "request-property-removed": "warning",
        "parameter-removed": "warning",
        "format-changed": "warning",
        "operation-deprecated": "warning",
        "unresolved-reference": "warning",
        "request-constraint-added": "warning",
        "request-pattern-changed": "warning",
        "request-all-of-removed": "warning",
        "optional-response-header-removed": "warning",
        "response-media-type-schema-removed": "warning",
        "operation-added": "info",
        "operation-removed-after-deprecation": "info",
        "parameter-removed-after-deprecation": "info",
        "webhook-added": "info",
        "response-added": "info",
        "new-optional-parameter": "info",
        "parameter-became-optional": "info",
        "path-parameter-renamed": "info",
        "request-body-became-optional": "info",
        "request-body-added": "info",
        "media-type-added": "info",
        "media-type-schema-changed": "info",
        "new-optional-request-property": "info",
        "request-property-became-optional": "info",
        "request-property-became-nullable": "info",
        "request-type-widened": "info",
        "request-enum-value-added": "info",
        "request-constraint-widened": "info",
        "request-alternative-added": "info",
        "response-property-added": "info",
        "response-property-became-required": "info",
        "response-property-became-non-nullable": "info",
        "response-enum-value-removed": "info",
        "response-type-narrowed": "info",
        "response-constraint-narrowed": "info",
        "response-pattern-changed": "info",
        "response-alternative-removed": "info",
        "response-all-of-changed": "info",
        "response-header-added": "info",
        "response-header-became-required": "info",
        "default-changed": "info",
        "read-only-write-only-ignored": "info",
        "documentation-changed": "info",
        "unused-schema-changed": "info",
        "extension-changed": "info",
    ]

    /// A minimal pair per rule: the rows below, else the first case of the rule tests' lists
    /// (`RuleCases.all`, `RuleCases.coverage`), with the level always from `levels`.
    static var all: [RuleLevelRow] {
        var result = rows.map { row in
            RuleLevelRow(id: row.id, level: levels[row.id] == row.level ? row.level : "the row says \(row.level), levels says \(levels[row.id] ?? "nothing")",
                         old: row.old, new: row.new, options: row.options)
        }
        var covered = Set(rows.map(\.id))
        for rule in RuleCases.all + RuleCases.coverage where !covered.contains(rule.rule.rawValue) {
            covered.insert(rule.rule.rawValue)
            result.append(RuleLevelRow(id: rule.rule.rawValue, level: levels[rule.rule.rawValue] ?? "missing from levels", old: rule.old,
                                       new: rule.caught, options: rule.options))
        }
        return result
    }

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
        RuleLevelRow(id: "request-body-removed", level: "breaking",
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
        RuleLevelRow(id: "unused-schema-changed", level: "info",
                     old: S.openAPI("{}", schemas: "{A: {type: object, required: [a], properties: {a: {type: string}}}}"),
                     new: S.openAPI("{}", schemas: "{A: {type: object, properties: {a: {type: integer}}}}")),
        RuleLevelRow(id: "documentation-changed", level: "info",
                     old: get("{responses: {'200': \(ok)}}"), new: get("{description: Lists the items, responses: {'200': \(ok)}}")),
        // Rules no other test triggers.
        RuleLevelRow(id: "default-changed", level: "info",
                     old: S.post(request: property("{type: string, default: a}")), new: S.post(request: property("{type: string, default: b}"))),
        RuleLevelRow(id: "media-type-schema-changed", level: "info",
                     old: postBody("requestBody: \(json), "), new: postBody("requestBody: {content: {application/json: {}}}, ")),
        RuleLevelRow(id: "response-media-type-schema-removed", level: "warning",
                     old: get("{responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}}"),
                     new: get("{responses: {'200': {description: ok, content: {application/json: {}}}}}")),
        RuleLevelRow(id: "optional-response-header-removed", level: "warning",
                     old: get("{responses: {'200': {description: ok, headers: {X-Rate: {schema: {type: integer}}}}}}"),
                     new: get("{responses: {'200': \(ok)}}")),
        RuleLevelRow(id: "response-header-became-required", level: "info",
                     old: get("{responses: {'200': {description: ok, headers: {X-Rate: {schema: {type: integer}}}}}}"),
                     new: get("{responses: {'200': {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}}}}")),
        RuleLevelRow(id: "parameter-removed-after-deprecation", level: "info",
                     old: S.post(parameters: "[{name: q, in: query, deprecated: true, schema: {type: string}}]"), new: S.post(),
                     options: ContractDiffOptions(sunsetPolicy: true, today: "2026-11-21")),
        RuleLevelRow(id: "request-all-of-removed", level: "warning",
                     old: S.post(request: "{allOf: [{type: object}, {required: [a]}]}"), new: S.post(request: "{allOf: [{type: object}]}")),
        RuleLevelRow(id: "response-all-of-changed", level: "info",
                     old: S.post(response: "{allOf: [{type: object}, {required: [a]}]}"), new: S.post(response: "{allOf: [{type: object}]}")),
        RuleLevelRow(id: "request-alternative-added", level: "info",
                     old: S.post(request: property("{oneOf: [{type: string}, {type: boolean}]}")),
                     new: S.post(request: property("{oneOf: [{type: string}, {type: boolean}, {type: integer}]}"))),
        RuleLevelRow(id: "response-alternative-removed", level: "info",
                     old: S.post(response: property("{oneOf: [{type: string}, {type: boolean}, {type: integer}]}")),
                     new: S.post(response: property("{oneOf: [{type: string}, {type: boolean}]}"))),
        RuleLevelRow(id: "request-constraint-widened", level: "info",
                     old: S.post(request: property("{type: string, maxLength: 5}")), new: S.post(request: property("{type: string, maxLength: 10}"))),
        RuleLevelRow(id: "response-constraint-narrowed", level: "info",
                     old: S.post(response: property("{type: string, maxLength: 10}")), new: S.post(response: property("{type: string, maxLength: 5}"))),
        RuleLevelRow(id: "response-pattern-changed", level: "info",
                     old: S.post(response: property("{type: string, pattern: '^a'}")), new: S.post(response: property("{type: string, pattern: '^b'}"))),
        RuleLevelRow(id: "read-only-write-only-ignored", level: "info",
                     old: S.post(request: "{type: object, properties: {id: {type: string, readOnly: true}}}"),
                     new: S.post(request: "{type: object, required: [id], properties: {id: {type: integer, readOnly: true}}}")),
        RuleLevelRow(id: "webhook-added", level: "info",
                     old: "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: {}\n",
                     new: "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: {newPet: {post: {responses: {'200': {description: ok}}}}}\n"),
    ]
}

struct ContractRuleLevelTests {
    @Test(arguments: RuleLevelTable.all)
    func ruleFiresAtItsLevel(_ row: RuleLevelRow) {
        let result = SpecPair.diff(row.old, row.new, options: row.options)
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
        let rules = Set(ContractRule.allCases.map(\.rawValue))
        let levels = Set(RuleLevelTable.levels.keys)
        #expect(levels == rules, "not in the table: \(rules.subtracting(levels).sorted()); not a rule: \(levels.subtracting(rules).sorted())")
        let paired = Set(RuleLevelTable.all.map(\.id))
        #expect(paired == rules, "no triggering pair: \(rules.subtracting(paired).sorted())")
        #expect(RuleLevelTable.levels.values.filter { $0 == "breaking" }.count == 32, "the count of breaking rules, written out")
    }
}
