import Foundation

/// Reads a spec file as teams publish it: text, then a located YAML tree (JSON is YAML), then its kind,
/// then `SpecLint`'s checks of what the specifications say. Only text that is not YAML/JSON, or not an
/// API description or schema at all, is unreadable (an error, nil); every violation that tools tolerate
/// is a warning at its line, and the spec is read (ADR-0111).
enum SpecReader {
    /// Parses `data` (the content of `file`, as diagnostics name it). Nil after reporting when it cannot be used.
    static func read(_ data: Data, file: String, diagnostics: DiagnosticEngine) -> SpecDocument? {
        guard let text = String(validating: data, as: UTF8.self) else {
            let problem = InvalidUTF8.error("the spec", data: data, file: file)
            diagnostics.error("contract-spec-encoding", problem.message, at: problem.at)
            return nil
        }
        let root: YAMLNode
        let json = data.withUnsafeBytes { raw -> YAMLNode? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") else { return nil }
            return JSONTreeReader.parse(bytes)
        }
        if let json {
            root = json
        } else {
            do {
                // A spec without aliases holds fewer values than bytes: the budget grows with the text, so a
                // 3 MB description reads, and alias bombs still stop.
                guard let node = try YAMLReader.parse(text, nodeBudget: max(YAMLReader.nodeBudget, data.count)) else {
                    diagnostics.error("contract-spec-invalid", "the spec is empty", file: file)
                    return nil
                }
                root = node
            } catch {
                if case .syntax(let message, let line, let column) = error {
                    diagnostics.error("contract-spec-syntax", "invalid YAML/JSON in the spec: \(message)",
                                      at: SourceLocation(file: file, line: line, column: column))
                }
                return nil
            }
        }
        guard root.entries != nil else {
            diagnostics.error("contract-spec-invalid", "the spec must be a mapping (an OpenAPI document or a JSON Schema), not \(root.kindName)",
                              at: SourceLocation(file: file, line: root.line, column: root.column))
            return nil
        }
        guard let kind = kind(of: root, file: file, diagnostics: diagnostics) else { return nil }
        var document = SpecDocument(kind: kind, root: root, file: file)
        document.buildIndex()
        SpecLint(document: document, diagnostics: diagnostics).run()
        switch kind {
        case .openAPI:
            document.title = root["info"]?["title"]?.string
            document.apiVersion = root["info"]?["version"]?.string
        case .jsonSchema:
            document.title = root["title"]?.string
        }
        return document
    }

    /// Keywords that make a mapping without `$schema` a JSON Schema (`{}` is one too: it accepts anything).
    static let schemaKeywords: Set<String> = [
        "type", "properties", "$ref", "allOf", "oneOf", "anyOf", "not", "$defs", "definitions", "enum", "const", "items",
        "prefixItems", "if", "then", "else", "required", "additionalProperties", "patternProperties", "$id", "$anchor",
        "format", "pattern", "minimum", "maximum", "minLength", "maxLength", "contains", "dependentRequired",
        "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "title", "description",
    ]

    private static func kind(of root: YAMLNode, file: String, diagnostics: DiagnosticEngine) -> SpecDocument.Kind? {
        if let node = root["openapi"] {
            let version = node.string ?? ""
            if version.hasPrefix("3.0") || version.hasPrefix("3.1") || version.hasPrefix("3.2") {
                return .openAPI(version: version)
            }
            if version.hasPrefix("2") || version.hasPrefix("1") {
                diagnostics.error("contract-spec-version", "OpenAPI version '\(version)' is not supported (3.0.x, 3.1.x or 3.2.x)",
                                  at: SourceLocation(file: file, line: node.line, column: node.column))
                return nil
            }
            diagnostics.warning("contract-spec-tolerated", "OpenAPI version '\(version)' is not 3.0.x, 3.1.x or 3.2.x; read as 3.1",
                                at: SourceLocation(file: file, line: node.line, column: node.column))
            return .openAPI(version: "3.1.0")
        }
        if let node = root["swagger"] {
            diagnostics.error("contract-spec-version", "Swagger 2.0 is not supported; convert the spec to OpenAPI 3",
                              at: SourceLocation(file: file, line: node.line, column: node.column))
            return nil
        }
        let dialect = root["$schema"]?.string ?? ""
        let entries = root.entries ?? []
        if !dialect.isEmpty || entries.isEmpty || entries.contains(where: { schemaKeywords.contains($0.key.string ?? "") }) {
            if let node = root["$schema"], SpecDocument.dialectName(dialect) == nil {
                diagnostics.warning("contract-spec-version", "JSON Schema dialect '\(dialect)' is read as 2020-12 (draft-04, draft-06, draft-07, 2019-09 and 2020-12 are supported)",
                                    at: SourceLocation(file: file, line: node.line, column: node.column))
            }
            return .jsonSchema(dialect: dialect)
        }
        diagnostics.error("contract-spec-kind", "the spec is neither an OpenAPI document (no 'openapi:' field) nor a JSON Schema",
                          at: SourceLocation(file: file, line: root.line, column: root.column))
        return nil
    }
}
