import HandbookCore
import Testing

/// For every rule: an old spec, a new one the rule must catch, and a close new one it must not.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: ContractRule
    var old: String
    var caught: String
    var notCaught: String
    /// What the case shows, when a rule has several (one per keyword).
    var label = ""
    var options = ContractDiffOptions(today: "2026-11-21")
    var testDescription: String { label.isEmpty ? rule.rawValue : "\(rule.rawValue): \(label)" }
}

enum RuleCases {
    typealias S = SpecPair
    static let ok = "{description: ok}"
    static let objectAB = "{type: object, properties: {a: {type: string}, b: {type: string}}}"

    static let all: [RuleCase] = [
        RuleCase(rule: .operationRemoved,
                 old: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}"),
                 caught: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}}}"),
                 notCaught: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}, post: {description: now documented, responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .successResponseRemoved,
                 old: S.openAPI("{/items: {get: {responses: {'200': \(ok), '404': \(ok)}}}}"),
                 caught: S.openAPI("{/items: {get: {responses: {'404': \(ok)}}}}"),
                 notCaught: S.openAPI("{/items: {get: {responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .parameterAddedRequired,
                 old: S.post(),
                 caught: S.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]"),
                 notCaught: S.post(parameters: "[{name: q, in: query, required: false, schema: {type: string}}]")),
        RuleCase(rule: .parameterBecameRequired,
                 old: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]"),
                 caught: S.post(parameters: "[{name: q, in: query, required: true, schema: {type: string}}]"),
                 notCaught: S.post(parameters: "[{name: q, in: query, description: Query, schema: {type: string}}]")),
        RuleCase(rule: .parameterTypeChanged,
                 old: S.post(parameters: "[{name: q, in: query, schema: {type: integer}}]"),
                 caught: S.post(parameters: "[{name: q, in: query, schema: {type: string}}]"),
                 notCaught: S.post(parameters: "[{name: q, in: query, schema: {type: number}}]")),
        RuleCase(rule: .requestEnumValueRemoved,
                 old: S.post(request: "{type: object, properties: {a: {type: string, enum: [x, y]}}}"),
                 caught: S.post(request: "{type: object, properties: {a: {type: string, enum: [x]}}}"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: string, enum: [x, y, z]}}}")),
        RuleCase(rule: .requestBodyBecameRequired,
                 old: S.post(bodyRequired: false),
                 caught: S.post(bodyRequired: true),
                 notCaught: S.post(request: "{type: object, description: The item}", bodyRequired: false)),
        RuleCase(rule: .requestMediaTypeRemoved,
                 old: S.openAPI("{/items: {post: {requestBody: {content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}, responses: {'200': \(ok)}}}}"),
                 caught: S.openAPI("{/items: {post: {requestBody: {content: {application/json: {schema: {type: object}}}}, responses: {'200': \(ok)}}}}"),
                 notCaught: S.openAPI("{/items: {post: {requestBody: {content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}, text/csv: {}}}, responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .requestPropertyAddedRequired,
                 old: S.post(request: "{type: object, properties: {a: {type: string}}}"),
                 caught: S.post(request: "{type: object, required: [b], properties: {a: {type: string}, b: {type: string}}}"),
                 notCaught: S.post(request: objectAB)),
        RuleCase(rule: .requestPropertyBecameRequired,
                 old: S.post(request: "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}"),
                 caught: S.post(request: "{type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}"),
                 notCaught: S.post(request: objectAB)),
        RuleCase(rule: .requestPropertyTypeChanged,
                 old: S.post(request: "{type: object, properties: {a: {type: integer}}}"),
                 caught: S.post(request: "{type: object, properties: {a: {type: string}}}"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: number}}}")),
        RuleCase(rule: .responseRequiredPropertyRemoved,
                 old: S.post(response: "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}"),
                 caught: S.post(response: "{type: object, properties: {b: {type: string}}}"),
                 notCaught: S.post(response: "{type: object, required: [a], properties: {a: {type: string}}}")),
        RuleCase(rule: .responsePropertyBecameOptional,
                 old: S.post(response: "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}"),
                 caught: S.post(response: objectAB),
                 notCaught: S.post(response: "{type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}")),
        RuleCase(rule: .responsePropertyBecameNullable,
                 old: S.post(response: "{type: object, properties: {a: {type: string}}}"),
                 caught: S.post(response: "{type: object, properties: {a: {type: [string, 'null']}}}"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: [string, 'null']}}}",
                                   response: "{type: object, properties: {a: {type: string}}}")),
        RuleCase(rule: .responsePropertyTypeChanged,
                 old: S.post(response: "{type: object, properties: {a: {type: [integer, string]}}}"),
                 caught: S.post(response: "{type: object, properties: {a: {type: boolean}}}"),
                 notCaught: S.post(response: "{type: object, properties: {a: {type: integer}}}")),
        RuleCase(rule: .responseMediaTypeRemoved,
                 old: S.openAPI("{/items: {get: {responses: {'200': {description: ok, content: {application/json: {}, application/xml: {}}}}}}}"),
                 caught: S.openAPI("{/items: {get: {responses: {'200': {description: ok, content: {application/json: {}}}}}}}"),
                 notCaught: S.openAPI("{/items: {get: {responses: {'200': {description: ok, content: {application/json: {}, application/xml: {}, text/csv: {}}}}}}}")),
        RuleCase(rule: .requestPropertyBecameNonNullable,
                 old: S.post(request: "{type: object, properties: {a: {type: string, nullable: true}}}", version: "3.0.3"),
                 caught: S.post(request: "{type: object, properties: {a: {type: string}}}", version: "3.0.3"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: [string, 'null']}}}")),
        RuleCase(rule: .unchecked,
                 old: S.post(request: "{type: object, properties: {a: {type: string, kind: a}}}"),
                 caught: S.post(request: "{type: object, properties: {a: {type: string, kind: b}}}"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: string, kind: a, x-kind: b, description: A}}}")),
        RuleCase(rule: .extensionChanged,
                 old: S.post(request: "{type: object, properties: {a: {type: string, x-kind: a}}}"),
                 caught: S.post(request: "{type: object, properties: {a: {type: string, x-kind: b}}}"),
                 notCaught: S.post(request: "{type: object, properties: {a: {type: string, x-kind: a, description: A}}}")),
        RuleCase(rule: .responseEnumValueAdded,
                 old: S.post(response: "{type: object, properties: {a: {type: string, enum: [x]}}}"),
                 caught: S.post(response: "{type: object, properties: {a: {type: string, enum: [x, y]}}}"),
                 notCaught: S.post(response: "{type: object, properties: {a: {type: string, enum: ['x']}}}")),
        RuleCase(rule: .responsePropertyRemoved,
                 old: S.post(response: objectAB),
                 caught: S.post(response: "{type: object, properties: {a: {type: string}}}"),
                 notCaught: S.post(response: "{type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}}}")),
    ]
}

struct ContractRuleTests {
    @Test(arguments: RuleCases.all + RuleCases.coverage)
    func ruleCatchesItsCaseAndOnlyIt(_ rule: RuleCase) {
        let caught = SpecPair.diff(rule.old, rule.caught, options: rule.options)
        #expect(caught.compared, "\(caught.diagnostics.map(\.formatted))")
        #expect(caught.findings.contains { $0.id == rule.rule.rawValue }, "\(caught.findings.map(\.summary))")
        let quiet = SpecPair.diff(rule.old, rule.notCaught, options: rule.options)
        #expect(quiet.compared, "\(quiet.diagnostics.map(\.formatted))")
        #expect(!quiet.findings.contains { $0.id == rule.rule.rawValue }, "\(quiet.findings.map(\.summary))")
        if rule.rule.level == .breaking {
            #expect(!quiet.hasBreaking, "\(quiet.findings.map(\.summary))")
        }
    }

    @Test func everyBreakingRuleHasACase() {
        let covered = Set((RuleCases.all + RuleCases.coverage).map(\.rule))
        let missing = ContractRule.allCases.filter { $0.level == .breaking && !covered.contains($0) }
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test func identicalSpecsHaveNoFindings() {
        let spec = SpecPair.post(request: RuleCases.objectAB, response: RuleCases.objectAB)
        #expect(SpecPair.diff(spec, spec).findings.isEmpty)
    }
}
