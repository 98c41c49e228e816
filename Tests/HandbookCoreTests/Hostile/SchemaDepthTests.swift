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

    /// How many mapping entries resolving every `$ref` of a diff looks at, for a chain of `count` schemas.
    static func entriesScanned(_ count: Int) -> Int {
        let diagnostics = DiagnosticEngine()
        let data = Data(Self.spec(count, byProperty: false).utf8)
        guard let old = SpecComparison.model(data, file: "old.json", diagnostics: diagnostics),
              let new = SpecComparison.model(data, file: "new.json", diagnostics: diagnostics) else { return -1 }
        _ = ContractDiff.compare(old: old, new: new)
        return old.document.index.entriesScanned + new.document.index.entriesScanned
    }

    /// A plain `$ref` chain through n schemas: every hop scanned `components.schemas` (10,000 links: 74 s).
    @Test func plainRefChainsResolveInLinearWork() {
        let small = Self.entriesScanned(1000), large = Self.entriesScanned(2000)
        #expect(small > 0 && large > 0)
        #expect(Double(large) / Double(small) < 2.5, "1000 schemas: \(small) entries looked at; 2000: \(large)")
    }
}
