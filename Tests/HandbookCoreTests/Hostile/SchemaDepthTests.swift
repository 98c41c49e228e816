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
    /// Main's component index (SpecDocument.buildIndex) answers each hop by pointer now; this
    /// checks the chain is followed to its end and compared.
    @Test func plainRefChainsAreFollowedToTheirEnd() {
        let old = Self.spec(10000, byProperty: false)
        let new = old.replacingOccurrences(of: "\"S9999\": {\"type\": \"object\"}", with: "\"S9999\": {\"type\": \"string\"}")
        let result = SpecPair.diff(old, new, oldName: "old.json", newName: "new.json")
        #expect(result.compared, "\(result.diagnostics.map(\.formatted))")
        #expect(!result.findings.isEmpty)
    }
}
