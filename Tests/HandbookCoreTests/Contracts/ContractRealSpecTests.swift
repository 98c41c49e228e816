import Foundation
import HandbookCore
import Testing

/// Changes made to real public specs that the diff judged wrongly (session 9's probe, ADR-0114): each
/// pair is reduced from the repository named in its folder's SOURCES.txt, with its licence.
struct ContractRealSpecTests {
    static func pair(_ folder: String, _ old: String, _ new: String,
                     options: ContractDiffOptions = ContractDiffOptions(today: "2026-12-01")) throws -> SpecComparison.Result {
        let directory = TestFiles.fixtures.appendingPathComponent("real-specs/" + folder)
        let before = try String(contentsOf: directory.appendingPathComponent(old), encoding: .utf8)
        let after = try String(contentsOf: directory.appendingPathComponent(new), encoding: .utf8)
        let result = SpecPair.diff(before, after, oldName: old, newName: new, options: options)
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        return result
    }

    /// compose-spec: `gpus` became `oneOf: ["all", the old array]` (the array's `additionalProperties` and
    /// `patternProperties` moved from its items, where they restricted, to the array, where they do nothing).
    /// Every old document is still valid: a widening, not `schema-wrapped-in-one-of`.
    @Test func aSchemaWrappedInOneOfWithItselfAndADisjointAlternativeIsAWidening() throws {
        let result = try Self.pair("compose-spec", "compose-spec-17cfce5.json", "compose-spec-b2835e8.json")
        #expect(!result.hasBreaking, "\(result.findings.map(\.summary))")
        #expect(result.findings.allSatisfy { $0.level == .info }, "\(result.findings.map(\.summary))")
        let wrap = result.findings.first { $0.id == "request-alternative-added" }
        #expect(wrap?.path == "/definitions/gpus", "\(result.findings.map(\.summary))")
        #expect(wrap?.text.contains("alternative 2 accepts everything it accepted") == true)
        #expect(result.findings.contains { $0.id == "request-constraint-widened" && $0.path == "/definitions/gpus/oneOf/1/items"
            && $0.text == "additionalProperties false → none" }, "\(result.findings.map(\.summary))")
        // Read forward (consumers on the old schema read new documents), "all" is new to them.
        let forward = try Self.pair("compose-spec", "compose-spec-17cfce5.json", "compose-spec-b2835e8.json",
                                    options: ContractDiffOptions(compatibility: .forward, today: "2026-12-01"))
        #expect(forward.findings.contains { $0.id == "response-alternative-added" && $0.text.contains("alternative 1") },
                "\(forward.findings.map(\.summary))")
    }

    /// When the alternatives may overlap, a `oneOf` may refuse a value that matches two: a warning, not breaking.
    @Test func aOneOfWrappingWithOverlappingAlternativesIsAWarning() {
        let property = { (schema: String) in SpecPair.post(request: "{type: object, properties: {a: \(schema)}}") }
        let old = property("{type: string}")
        let overlapping = SpecPair.diff(old, property("{oneOf: [{type: string}, {type: string, format: uuid}]}"))
        #expect(overlapping.findings.map(\.id) == ["schema-wrapped-in-one-of-original-preserved"], "\(overlapping.findings.map(\.summary))")
        let disjoint = SpecPair.diff(old, property("{oneOf: [{type: string}, {type: integer}]}"))
        #expect(disjoint.findings.map(\.id) == ["request-alternative-added"], "\(disjoint.findings.map(\.summary))")
        let lost = SpecPair.diff(old, property("{oneOf: [{type: string, maxLength: 3}, {type: integer}]}"))
        #expect(lost.findings.map(\.id).contains("schema-wrapped-in-one-of"), "\(lost.findings.map(\.summary))")
        // On the response side a new alternative is breaking; alternatives all within the old schema are a narrowing.
        let response = { (schema: String) in SpecPair.post(response: "{type: object, properties: {a: \(schema)}}") }
        let widened = SpecPair.diff(response("{type: string}"), response("{oneOf: [{type: string}, {type: integer}]}"))
        #expect(widened.findings.map(\.id) == ["response-alternative-added"], "\(widened.findings.map(\.summary))")
        let narrowed = SpecPair.diff(response("{type: object}"),
                                     response("{oneOf: [{type: object, properties: {k: {const: a}}}, {type: object, properties: {k: {const: b}}}]}"))
        #expect(!narrowed.hasBreaking && narrowed.findings.contains { $0.id == "response-type-narrowed" }, "\(narrowed.findings.map(\.summary))")
    }

    /// ris-backend-service: allOf members swapped, a schema's properties moved into an allOf member, `marker` made
    /// optional. The bodies accepted are the same but for `marker`, reported once, under the operation that returns it.
    @Test func allOfIsComparedByWhatItsMembersMeanTogether() throws {
        let reduced = try Self.pair("ris-backend-service", "reduced-baed8bd84.yaml", "reduced-ae707935d.yaml")
        #expect(reduced.findings.filter { $0.level == .breaking }.map(\.summary)
                == ["[breaking] response-property-became-optional GET /norms/{guid} (#/components/schemas/ParagraphWithoutGuid/properties/marker): property 'marker' became optional: it may be missing"],
                "\(reduced.findings.map(\.summary))")
        #expect(reduced.findings.allSatisfy { !$0.operation.isEmpty }, "\(reduced.findings.map(\.summary))")
        #expect(!reduced.findings.contains { $0.id.contains("all-of") }, "\(reduced.findings.map(\.summary))")

        let real = try Self.pair("ris-backend-service", "backend-api.baed8bd84.yaml", "backend-api.ae707935d.yaml")
        #expect(real.findings.filter { $0.level != .info }.map(\.summary)
                == ["[breaking] response-property-became-optional GET /norms/{guid} (#/components/schemas/ParagraphWithoutGuid/properties/marker): property 'marker' became optional: it may be missing"],
                "\(real.findings.filter { $0.level != .info }.map(\.summary))")
        #expect(real.findings.allSatisfy { !$0.operation.isEmpty }, "\(real.findings.filter { $0.operation.isEmpty }.map(\.summary))")
        #expect(!real.findings.contains { $0.id.contains("all-of") }, "\(real.findings.map(\.summary))")
        let keys = real.findings.map { "\($0.id)|\($0.path)|\($0.text)" }
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }
        #expect(real.findings.filter { $0.level != .info }.count == 1 && repeated.filter { $0.key.hasPrefix("response-property-became-optional") }.isEmpty)
    }

    /// openai-openapi: a property that became `anyOf: [$ref Annotation, null]` is reported where it is written,
    /// not in Annotation (which did not change); a union no operation uses is a note; x-oaiMeta is not contract.
    @Test func findingsAreAboutWhatOperationsUse() throws {
        let result = try Self.pair("openai-openapi", "reduced-old.yaml", "reduced-new.yaml")
        let summaries = result.findings.map(\.summary)
        #expect(result.findings.filter { $0.level == .breaking }.map(\.id) == ["response-property-became-nullable"], "\(summaries)")
        #expect(result.findings.first { $0.level == .breaking }?.path == "/components/schemas/AnnotationAddedEvent/properties/annotation")
        #expect(!result.findings.contains { $0.path.hasPrefix("/components/schemas/Annotation/") || $0.path == "/components/schemas/Annotation" },
                "\(summaries)")
        #expect(result.findings.contains { $0.id == "response-type-narrowed"
            && $0.path == "/components/schemas/AnnotationAddedEvent/properties/annotation/anyOf/0" }, "\(summaries)")
        #expect(result.findings.filter { $0.level == .warning }.isEmpty, "\(summaries)")
        let unused = result.findings.filter { $0.id == "unused-schema-changed" }
        #expect(unused.map(\.path) == ["/components/schemas/ServerEvent"], "\(summaries)")
        #expect(unused.first?.text.contains("anyOf alternative 'AudioWsDelta' added") == true, "\(summaries)")
        let extensions = result.findings.filter { $0.id == "extension-changed" }
        #expect(extensions.count == 1 && extensions.first?.level == .info && extensions.first?.text.hasPrefix("'x-oaiMeta' changed") == true,
                "\(summaries)")
    }

    /// A warning the lint meets in every schema of a spec is given once, with a count.
    @Test func aToleratedFormMetManyTimesIsSaidOnce() {
        let schemas = (1...9).map { "    S\($0): {type: string, nullable: true}\n" }.joined()
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + schemas
        let result = SpecPair.diff(spec, spec)
        let tolerated = result.diagnostics.filter { $0.id == "contract-spec-tolerated" }
        #expect(tolerated.count == 2, "\(tolerated.map(\.formatted))")
        #expect(tolerated.allSatisfy { $0.message.hasSuffix("read as nullable (9 times in this spec: here, and at lines 7, 8, 9, 10, 11 and 3 more)") && $0.line == 6 },
                "\(tolerated.map(\.formatted))")
    }
}
