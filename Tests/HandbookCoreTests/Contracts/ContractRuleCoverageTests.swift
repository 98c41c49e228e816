import HandbookCore
import Testing

/// The rules of issue #10, one case per keyword: the old spec, a new one the rule must catch, and a
/// close new one it must not (run by `ContractRuleTests.ruleCatchesItsCaseAndOnlyIt`).
extension RuleCases {
    /// A request body whose property `a` has the schema given.
    static func request(_ a: String, version: String = "3.1.0") -> String {
        SpecPair.post(request: "{type: object, properties: {a: \(a)}}", version: version)
    }

    /// A response whose property `a` has the schema given.
    static func response(_ a: String) -> String { SpecPair.post(response: "{type: object, properties: {a: \(a)}}") }

    /// A query parameter `q` with the schema given.
    static func parameter(_ schema: String) -> String { SpecPair.post(parameters: "[{name: q, in: query, schema: \(schema)}]") }

    static func narrowed(_ label: String, _ old: String, _ caught: String, _ notCaught: String) -> RuleCase {
        RuleCase(rule: .requestConstraintNarrowed, old: request(old), caught: request(caught), notCaught: request(notCaught), label: label)
    }

    static func widened(_ label: String, _ old: String, _ caught: String, _ notCaught: String) -> RuleCase {
        RuleCase(rule: .responseConstraintWidened, old: response(old), caught: response(caught), notCaught: response(notCaught), label: label)
    }

    static func webhooks(_ hooks: String) -> String {
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: \(hooks)\n"
    }

    static let sunsetPolicy = ContractDiffOptions(sunsetPolicy: true, today: "2026-11-21")

    static let coverage: [RuleCase] = [
        // Request constraints narrowed.
        narrowed("maxLength decreased", "{type: string, maxLength: 10}", "{type: string, maxLength: 5}", "{type: string, maxLength: 20}"),
        narrowed("minLength increased", "{type: string, minLength: 2}", "{type: string, minLength: 5}", "{type: string, minLength: 1}"),
        narrowed("maximum decreased", "{type: integer, maximum: 10}", "{type: integer, maximum: 5}", "{type: integer, maximum: 20}"),
        narrowed("minimum increased", "{type: integer, minimum: 1}", "{type: integer, minimum: 5}", "{type: integer, minimum: 0}"),
        narrowed("exclusiveMinimum (3.1) increased", "{type: integer, exclusiveMinimum: 1}", "{type: integer, exclusiveMinimum: 5}",
                 "{type: integer, exclusiveMinimum: 0}"),
        narrowed("minimum became exclusive", "{type: integer, exclusiveMinimum: 1}", "{type: integer, exclusiveMinimum: 1, minimum: 2}",
                 "{type: integer, minimum: 1}"),
        RuleCase(rule: .requestConstraintNarrowed, old: request("{type: integer, maximum: 10}", version: "3.0.3"),
                 caught: request("{type: integer, maximum: 10, exclusiveMaximum: true}", version: "3.0.3"),
                 notCaught: request("{type: integer, maximum: 11, exclusiveMaximum: true}", version: "3.0.3"), label: "exclusiveMaximum (3.0 boolean)"),
        narrowed("pattern added", "{type: string}", "{type: string, pattern: '^a'}", "{type: string, description: A}"),
        narrowed("maxItems decreased", "{type: array, items: {type: string}, maxItems: 5}", "{type: array, items: {type: string}, maxItems: 3}",
                 "{type: array, items: {type: string}, maxItems: 9}"),
        narrowed("minItems increased", "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}",
                 "{type: array, items: {type: string}, minItems: 0}"),
        narrowed("multipleOf changed", "{type: integer, multipleOf: 2}", "{type: integer, multipleOf: 3}", "{type: integer, multipleOf: 1}"),
        narrowed("uniqueItems added", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, uniqueItems: true}",
                 "{type: array, items: {type: string}, uniqueItems: false}"),
        narrowed("const added", "{type: string}", "{type: string, const: x}", "{type: string, title: A}"),
        narrowed("prefixItems added", "{type: array}", "{type: array, prefixItems: [{type: string}]}", "{type: array, title: A}"),
        narrowed("contains added", "{type: array}", "{type: array, contains: {type: string}}", "{type: array, title: A}"),
        narrowed("dependentRequired added", "{type: object}", "{type: object, dependentRequired: {a: [b]}}", "{type: object, title: A}"),
        narrowed("dependentSchemas added", "{type: object}", "{type: object, dependentSchemas: {a: {required: [b]}}}", "{type: object, title: A}"),
        narrowed("unevaluatedProperties false", "{type: object}", "{type: object, unevaluatedProperties: false}",
                 "{type: object, unevaluatedProperties: true}"),
        narrowed("unevaluatedItems false", "{type: array}", "{type: array, unevaluatedItems: false}", "{type: array, unevaluatedItems: true}"),
        narrowed("patternProperties added", "{type: object}", "{type: object, patternProperties: {'^x-': {type: string}}}", "{type: object, title: A}"),
        narrowed("propertyNames added", "{type: object}", "{type: object, propertyNames: {maxLength: 3}}", "{type: object, title: A}"),
        narrowed("not added", "{type: string}", "{type: string, not: {const: x}}", "{type: string, title: A}"),
        narrowed("property inside then", "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 5}}}}",
                 "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 3}}}}",
                 "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 9}}}}"),
        narrowed("property inside else", "{type: object, if: {required: [k]}, else: {properties: {b: {type: integer, minimum: 1}}}}",
                 "{type: object, if: {required: [k]}, else: {properties: {b: {type: integer, minimum: 2}}}}",
                 "{type: object, if: {required: [k]}, else: {properties: {b: {type: integer, minimum: 0}}}}"),
        narrowed("contentMediaType changed", "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/gif}",
                 "{type: string, contentMediaType: image/png, title: A}"),
        RuleCase(rule: .requestConstraintNarrowed, old: parameter("{type: string, maxLength: 10}"), caught: parameter("{type: string, maxLength: 5}"),
                 notCaught: parameter("{type: string, maxLength: 20}"), label: "parameter maxLength decreased"),
        RuleCase(rule: .requestConstraintNarrowed, old: parameter("{type: string}"), caught: parameter("{type: string, pattern: '^[a-z]+$'}"),
                 notCaught: parameter("{type: string, description: Q}"), label: "parameter pattern added"),
        // Response constraints widened.
        widened("maxLength increased", "{type: string, maxLength: 10}", "{type: string, maxLength: 20}", "{type: string, maxLength: 5}"),
        widened("maxLength removed", "{type: string, maxLength: 10}", "{type: string}", "{type: string, maxLength: 5}"),
        widened("minLength decreased", "{type: string, minLength: 5}", "{type: string, minLength: 1}", "{type: string, minLength: 9}"),
        widened("maximum increased", "{type: integer, maximum: 10}", "{type: integer, maximum: 20}", "{type: integer, maximum: 5}"),
        widened("minimum decreased", "{type: integer, minimum: 5}", "{type: integer, minimum: 1}", "{type: integer, minimum: 9}"),
        widened("exclusiveMaximum increased", "{type: integer, exclusiveMaximum: 5}", "{type: integer, exclusiveMaximum: 9}",
                "{type: integer, exclusiveMaximum: 3}"),
        widened("maxItems increased", "{type: array, maxItems: 3}", "{type: array, maxItems: 5}", "{type: array, maxItems: 2}"),
        widened("minItems decreased", "{type: array, minItems: 2}", "{type: array, minItems: 1}", "{type: array, minItems: 3}"),
        widened("const removed", "{type: string, const: x}", "{type: string}", "{type: string, const: x, title: A}"),
        widened("contains removed", "{type: array, contains: {type: string}}", "{type: array}", "{type: array, contains: {type: string}, title: A}"),
        widened("dependentRequired removed", "{type: object, dependentRequired: {a: [b]}}", "{type: object}",
                "{type: object, dependentRequired: {a: [b, c]}}"),
        widened("dependentSchemas removed", "{type: object, dependentSchemas: {a: {required: [b]}}}", "{type: object}",
                "{type: object, dependentSchemas: {a: {required: [b]}}, title: A}"),
        widened("unevaluatedProperties removed", "{type: object, unevaluatedProperties: false}", "{type: object}",
                "{type: object, unevaluatedProperties: false, title: A}"),
        widened("unevaluatedItems removed", "{type: array, unevaluatedItems: false}", "{type: array}", "{type: array, unevaluatedItems: false, title: A}"),
        widened("patternProperties removed", "{type: object, patternProperties: {'^x-': {type: string}}}", "{type: object}",
                "{type: object, patternProperties: {'^x-': {type: string}, '^y-': {type: string}}}"),
        widened("propertyNames removed", "{type: object, propertyNames: {maxLength: 3}}", "{type: object}",
                "{type: object, propertyNames: {maxLength: 2}}"),
        widened("prefixItems removed", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "{type: array, prefixItems: [{type: string}]}",
                "{type: array, prefixItems: [{type: string}, {type: integer}, {type: boolean}]}"),
        widened("then removed", "{type: object, if: {required: [k]}, then: {required: [b]}}", "{type: object, if: {required: [k]}}",
                "{type: object, if: {required: [k]}, then: {required: [b]}, title: A}"),
        widened("property inside then", "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 5}}}}",
                "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 9}}}}",
                "{type: object, if: {required: [k]}, then: {properties: {b: {type: string, maxLength: 3}}}}"),
        // Alternatives.
        RuleCase(rule: .requestAlternativeRemoved, old: request("{anyOf: [{type: string}, {type: integer}]}"),
                 caught: request("{anyOf: [{type: string}]}"), notCaught: request("{anyOf: [{type: string}, {type: integer}, {type: boolean}]}"),
                 label: "anyOf"),
        RuleCase(rule: .requestAlternativeRemoved, old: request("{oneOf: [{type: string}, {type: integer}]}"),
                 caught: request("{oneOf: [{type: integer}]}"), notCaught: request("{oneOf: [{type: string}, {type: integer}, {type: boolean}]}"),
                 label: "oneOf"),
        RuleCase(rule: .responseAlternativeAdded, old: response("{oneOf: [{type: string}, {type: integer}]}"),
                 caught: response("{oneOf: [{type: string}, {type: integer}, {type: boolean}]}"), notCaught: response("{oneOf: [{type: string}]}"),
                 label: "oneOf"),
        RuleCase(rule: .responseAlternativeAdded, old: response("{anyOf: [{type: string}, {type: integer}]}"),
                 caught: response("{anyOf: [{type: string}, {type: integer}, {type: boolean}]}"), notCaught: response("{anyOf: [{type: integer}]}"),
                 label: "anyOf"),
        RuleCase(rule: .requestAllOfAdded, old: request("{allOf: [{title: A, type: object}]}"),
                 caught: request("{allOf: [{title: A, type: object}, {title: B, type: object, required: [x]}]}"),
                 notCaught: request("{allOf: [{title: A, type: object}, {description: Only words}]}")),
        RuleCase(rule: .schemaWrappedInOneOf, old: request("{type: string}"), caught: request("{oneOf: [{type: string, maxLength: 3}, {type: integer}]}"),
                 notCaught: request("{oneOf: [{type: string}, {type: integer}]}")),
        RuleCase(rule: .schemaWrappedInOneOfOriginalPreserved, old: request("{type: string}"),
                 caught: request("{oneOf: [{type: string}, {type: string, format: uuid}]}"), notCaught: request("{oneOf: [{type: string}, {type: integer}]}")),
        RuleCase(rule: .responseAlternativeAdded, old: response("{type: string}"), caught: response("{oneOf: [{type: string}, {type: integer}]}"),
                 notCaught: response("{oneOf: [{type: string, maxLength: 3}, {type: string, enum: [a]}]}")),
        // Headers, bodies, media types, webhooks, parameters.
        RuleCase(rule: .responseHeaderRemoved, old: SpecPair.headers("{X-Rate: {required: true, schema: {type: integer}}}"),
                 caught: SpecPair.headers("{}"),
                 notCaught: SpecPair.headers("{X-Rate: {required: true, schema: {type: integer}}, X-New: {schema: {type: string}}}")),
        RuleCase(rule: .responseHeaderBecameOptional, old: SpecPair.headers("{X-Rate: {required: true, schema: {type: integer}}}"),
                 caught: SpecPair.headers("{X-Rate: {required: false, schema: {type: integer}}}"),
                 notCaught: SpecPair.headers("{X-Rate: {required: true, description: Calls left, schema: {type: integer}}}")),
        RuleCase(rule: .requestBodyRemoved, old: SpecPair.post(),
                 caught: SpecPair.openAPI("{/items: {post: {responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}}}}"),
                 notCaught: SpecPair.post(request: "{type: object, description: An item}")),
        RuleCase(rule: .requestMediaTypeSchemaAdded,
                 old: SpecPair.openAPI("{/items: {post: {requestBody: {content: {application/json: {}}}, responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {post: {requestBody: {content: {application/json: {schema: {type: object}}}}, responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {post: {requestBody: {content: {application/json: {example: {}}}}, responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .webhookRemoved, old: webhooks("{newPet: {post: {responses: {'200': \(ok)}}}}"), caught: webhooks("{}"),
                 notCaught: webhooks("{newPet: {post: {responses: {'200': \(ok)}}}, oldPet: {post: {responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .parameterDefaultChanged, old: parameter("{type: string, default: a}"), caught: parameter("{type: string, default: b}"),
                 notCaught: parameter("{type: string, default: a, description: Q}")),
        RuleCase(rule: .operationRemovedBeforeSunset,
                 old: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2027-01-01', responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {post: {responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2027-01-01', summary: S, responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}"),
                 options: sunsetPolicy),
        RuleCase(rule: .operationRemovedAfterDeprecation,
                 old: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2026-01-01', responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {post: {responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2026-01-01', responses: {'200': \(ok)}}}}"),
                 options: sunsetPolicy),
        RuleCase(rule: .parameterRemovedBeforeSunset,
                 old: SpecPair.post(parameters: "[{name: q, in: query, deprecated: true, x-sunset: '2027-01-01', schema: {type: string}}]"),
                 caught: SpecPair.post(), notCaught: SpecPair.post(parameters: "[{name: q, in: query, deprecated: true, x-sunset: '2027-01-01', schema: {type: string}, description: Q}]"),
                 options: sunsetPolicy),
        RuleCase(rule: .deprecationPolicyViolated,
                 old: SpecPair.openAPI("{/items: {get: {responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {get: {deprecated: true, responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2027-06-01', responses: {'200': \(ok)}}}}"),
                 label: "deprecated without a sunset date", options: sunsetPolicy),
        RuleCase(rule: .deprecationPolicyViolated,
                 old: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2027-06-01', responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: 'next June', responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2027-07-01', responses: {'200': \(ok)}}}}"),
                 label: "sunset not a date", options: sunsetPolicy),
        RuleCase(rule: .deprecationPolicyViolated,
                 old: SpecPair.openAPI("{/items: {get: {x-stability-level: stable, responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{/items: {get: {x-stability-level: beta, responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{/items: {get: {x-stability-level: stable, summary: S, responses: {'200': \(ok)}}}}"),
                 label: "stability decreased", options: sunsetPolicy),
        // Compatible changes reported as such.
        RuleCase(rule: .pathParameterRenamed,
                 old: SpecPair.openAPI("{'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': \(ok)}}}}"),
                 caught: SpecPair.openAPI("{'/items/{itemId}': {get: {parameters: [{name: itemId, in: path, required: true, schema: {type: string}}], responses: {'200': \(ok)}}}}"),
                 notCaught: SpecPair.openAPI("{'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, description: The id, schema: {type: string}}], responses: {'200': \(ok)}}}}")),
        RuleCase(rule: .responseTypeNarrowed, old: response("{type: number}"), caught: response("{type: integer}"), notCaught: response("{type: number, title: A}")),
        RuleCase(rule: .requestConstraintAdded, old: request("{type: string}"), caught: request("{type: string, maxLength: 5}"),
                 notCaught: request("{type: string, title: A}")),
        RuleCase(rule: .requestPatternChanged, old: request("{type: string, pattern: '^a'}"), caught: request("{type: string, pattern: '^b'}"),
                 notCaught: request("{type: string, pattern: '^a', title: A}")),
        RuleCase(rule: .responseHeaderAdded, old: SpecPair.headers("{}"), caught: SpecPair.headers("{X-Id: {required: true, schema: {type: string}}}"),
                 notCaught: SpecPair.headers("{}")),
    ]
}

struct ContractRuleSideTests {
    /// A response type narrowed from number to integer, a new required readOnly property in a request and a
    /// writeOnly property gone from a response break nothing.
    @Test func compatibleChangesAreNotBreaking() {
        let narrowed = SpecPair.diff(RuleCases.response("{type: number}"), RuleCases.response("{type: integer}"))
        #expect(narrowed.compared && !narrowed.hasBreaking, "\(narrowed.findings.map(\.summary))")
        let readOnly = SpecPair.diff(SpecPair.post(request: "{type: object, properties: {a: {type: string}}}"),
                                     SpecPair.post(request: "{type: object, required: [id], properties: {a: {type: string}, id: {type: string, readOnly: true}}}"))
        #expect(readOnly.compared && !readOnly.hasBreaking, "\(readOnly.findings.map(\.summary))")
        let writeOnly = SpecPair.diff(SpecPair.post(response: "{type: object, required: [password], properties: {password: {type: string, writeOnly: true}}}"),
                                      SpecPair.post(response: "{type: object}"))
        #expect(writeOnly.compared && !writeOnly.hasBreaking, "\(writeOnly.findings.map(\.summary))")
        // Each says why, once, as information.
        #expect(readOnly.findings.map { "\($0.id) \($0.level.rawValue): \($0.text)" }
                == ["read-only-write-only-ignored info: property 'id' added, not compared: it is readOnly, so clients never send it"])
        #expect(writeOnly.findings.map { "\($0.id) \($0.level.rawValue): \($0.text)" }
                == ["read-only-write-only-ignored info: property 'password' removed, not compared: it is writeOnly, so servers never return it (in the old spec)"])
        // The same changes on the other side do break.
        let readOnlyResponse = SpecPair.diff(SpecPair.post(response: "{type: object, required: [id], properties: {id: {type: string, readOnly: true}}}"),
                                             SpecPair.post(response: "{type: object}"))
        #expect(readOnlyResponse.findings.map(\.id) == ["response-required-property-removed"], "\(readOnlyResponse.findings.map(\.summary))")
    }

    /// Without the sunset policy, removing a deprecated operation is an ordinary breaking removal.
    @Test func sunsetPolicyIsOffByDefault() {
        let old = SpecPair.openAPI("{/items: {get: {deprecated: true, x-sunset: '2026-01-01', responses: {'200': {description: ok}}}, post: {responses: {'200': {description: ok}}}}}")
        let new = SpecPair.openAPI("{/items: {post: {responses: {'200': {description: ok}}}}}")
        #expect(SpecPair.ids(old, new) == ["operation-removed"])
    }

    /// A standalone JSON Schema: backward (default) judges the new schema as a reader of old data,
    /// forward as a writer for old readers, full as both.
    @Test func jsonSchemaCompatibilityDirections() {
        let old = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"#
        let newRequired = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["id", "at"], "properties": {"id": {"type": "string"}, "at": {"type": "string"}}}"#
        let dropped = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"note": {"type": "string"}}}"#
        func breaking(_ new: String, _ compatibility: ContractDiffOptions.Compatibility) -> [String] {
            SpecPair.diff(old, new, oldName: "a.json", newName: "b.json", options: ContractDiffOptions(compatibility: compatibility))
                .findings.filter { $0.level == .breaking }.map(\.id)
        }
        #expect(breaking(newRequired, .backward) == ["new-required-request-property"])
        #expect(breaking(newRequired, .forward) == [])
        #expect(breaking(dropped, .backward) == [])
        #expect(breaking(dropped, .forward) == ["response-required-property-removed"])
        #expect(Set(breaking(newRequired, .full) + breaking(dropped, .full)) == ["new-required-request-property", "response-required-property-removed"])
    }

    /// Findings name the operation, the JSON path and the old and new values, each change once.
    @Test func findingsNameOperationPathAndValues() {
        let result = SpecPair.diff(SpecPair.post(request: "{type: object, properties: {a: {type: string, maxLength: 10}}}"),
                                   SpecPair.post(request: "{type: object, properties: {a: {type: integer, maxLength: 5}}}"))
        let texts = result.findings.map { "\($0.id) \($0.operation) \($0.path) \($0.text)" }
        #expect(texts.contains("request-property-type-changed POST /items /paths/~1items/post/requestBody/content/application~1json/schema/properties/a type string → integer"), "\(texts)")
        #expect(texts.contains("request-constraint-narrowed POST /items /paths/~1items/post/requestBody/content/application~1json/schema/properties/a maxLength 10 → 5"), "\(texts)")
        #expect(Set(texts).count == texts.count)
        // A schema shared by two properties is one change per place, not one per path to it.
        let shared = { (max: Int) in
            SpecPair.openAPI("{/items: {post: {requestBody: {content: {application/json: {schema: {type: object, properties: {a: {$ref: '#/components/schemas/S'}, b: {$ref: '#/components/schemas/S'}}}}}}, responses: {'200': {description: ok}}}}}",
                             schemas: "{S: {type: string, maxLength: \(max)}}")
        }
        let once = SpecPair.diff(shared(10), shared(5)).findings.filter { $0.id == "request-constraint-narrowed" }
        #expect(once.count == 1, "\(once.map(\.summary))")
        #expect(once.first?.path == "/components/schemas/S")
    }
}
