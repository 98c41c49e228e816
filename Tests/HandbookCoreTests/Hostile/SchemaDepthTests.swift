import Foundation
@testable import HandbookCore
import Testing

/// No recursion on input depth, no quadratic `$ref` chains (issue 14).
@Suite struct SchemaDepthTests {
    /// `S0.next -> S1.next -> ... -> S(n-1)`: schemas chained by property `$ref`s, or `S0 -> S1 -> ...` plain `$ref`s.
    static func spec(_ count: Int, byProperty: Bool) -> String {
        var schemas: [String] = []
        for index in 0..<count {
            let last = index + 1 == count
            if byProperty {
                schemas.append("\"S\(index)\": {\"type\": \"object\", \"properties\": "
                               + (last ? "{\"leaf\": {\"type\": \"string\"}}" : "{\"next\": {\"$ref\": \"#/components/schemas/S\(index + 1)\"}}") + "}")
            } else {
                schemas.append("\"S\(index)\": " + (last ? "{\"type\": \"object\"}" : "{\"$ref\": \"#/components/schemas/S\(index + 1)\"}"))
            }
        }
        return "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/S0\"}}}}}}}}, \"components\": {\"schemas\": {"
            + schemas.joined(separator: ", ") + "}}}"
    }

    /// 4,000 schemas nested by property `$ref`: the diff walked them by recursion and died with SIGSEGV.
    @Test func fourThousandSchemasChainedByPropertyRefsDiffWithoutCrashing() {
        let old = Self.spec(4000, byProperty: true)
        let new = old.replacingOccurrences(of: "\"leaf\": {\"type\": \"string\"}", with: "\"leaf\": {\"type\": \"integer\"}")
        let result = SpecPair.diff(old, new, oldName: "old.json", newName: "new.json")
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        #expect(result.findings.contains { $0.path == "/components/schemas/S3999/properties/leaf" }, "\(result.findings.prefix(3))")
    }

    /// A plain `$ref` chain through 10,000 schemas: every hop scanned `components.schemas` (74 s).
    /// Main's component index (SpecDocument.buildIndex) answers each hop by pointer now. This
    /// checks the chain is followed to its end and compared, and that the work of resolving it
    /// (SpecDocument's lookup count: one per indexed pointer, the entries walked otherwise) grows
    /// linearly: ten times the links, about ten times the steps (a scan per hop made it a hundred).
    @Test func plainRefChainsAreFollowedToTheirEnd() throws {
        let small = try Self.resolvingSteps(links: 1_000), large = try Self.resolvingSteps(links: 10_000)
        #expect(small >= 1_000, "the counter counts every hop: \(small) steps for 1,000 links")
        #expect(Double(large) / Double(small) < 20, "1,000 links: \(small) steps; 10,000 links: \(large) steps")
    }

    /// The steps of reading and comparing a chain of `links` plain `$ref`s whose last schema changed type.
    static func resolvingSteps(links: Int) throws -> Int {
        let old = spec(links, byProperty: false)
        let new = old.replacingOccurrences(of: "\"S\(links - 1)\": {\"type\": \"object\"}", with: "\"S\(links - 1)\": {\"type\": \"string\"}")
        #expect(new != old)
        let diagnostics = DiagnosticEngine()
        var models: [APIModel] = [], counters: [LookupCounter] = []
        for (name, text) in [("old.json", old), ("new.json", new)] {
            var document = try #require(SpecReader.read(Data(text.utf8), file: name, diagnostics: diagnostics))
            let counter = LookupCounter()
            document.lookups = counter
            models.append(APIModelBuilder(document: document, diagnostics: diagnostics).build())
            counters.append(counter)
        }
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.diagnostics.map(\.formatted))")
        let findings = ContractDiff.compare(old: models[0], new: models[1])
        #expect(findings.map(\.id) == ["response-property-type-changed"], "\(findings.map(\.summary))")
        return counters.map(\.steps).reduce(0, +)
    }
}
