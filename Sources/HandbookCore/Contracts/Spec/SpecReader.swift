import Foundation

/// Reads a spec file: text, then a located YAML tree (JSON is YAML), then its kind, then OpenAPIKit's
/// check of the structure. Every problem is a diagnostic at the spec's line.
enum SpecReader {
    /// Parses `data` (the content of `file`, as diagnostics name it). Nil after reporting when it cannot be used.
    static func read(_ data: Data, file: String, diagnostics: DiagnosticEngine) -> SpecDocument? {
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.error("contract-spec-encoding", "the spec is not valid UTF-8 text", file: file)
            return nil
        }
        let root: YAMLNode
        do {
            guard let node = try YAMLReader.parse(text) else {
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
        guard root.entries != nil else {
            diagnostics.error("contract-spec-invalid", "the spec must be a mapping (an OpenAPI document or a JSON Schema), not \(root.kindName)",
                              at: SourceLocation(file: file, line: root.line, column: root.column))
            return nil
        }
        guard let kind = kind(of: root, file: file, diagnostics: diagnostics) else { return nil }
        var document = SpecDocument(kind: kind, root: root, file: file)
        guard let summary = OpenAPIKitCheck.summary(data: data, text: text, document: document, diagnostics: diagnostics) else {
            return nil
        }
        document.title = summary.title
        document.apiVersion = summary.version
        return document
    }

    private static func kind(of root: YAMLNode, file: String, diagnostics: DiagnosticEngine) -> SpecDocument.Kind? {
        if let node = root["openapi"] {
            let version = node.string ?? ""
            if version.hasPrefix("3.0") || version.hasPrefix("3.1") || version.hasPrefix("3.2") {
                return .openAPI(version: version)
            }
            diagnostics.error("contract-spec-version", "OpenAPI version '\(version)' is not supported (3.0.x, 3.1.x or 3.2.x)",
                              at: SourceLocation(file: file, line: node.line, column: node.column))
            return nil
        }
        if let node = root["swagger"] {
            diagnostics.error("contract-spec-version", "Swagger 2.0 is not supported; convert the spec to OpenAPI 3",
                              at: SourceLocation(file: file, line: node.line, column: node.column))
            return nil
        }
        let dialect = root["$schema"]?.string ?? ""
        let schemaKeys: Set<String> = ["type", "properties", "$ref", "allOf", "oneOf", "anyOf", "$defs", "definitions", "enum", "items"]
        if !dialect.isEmpty || root.entries!.contains(where: { schemaKeys.contains($0.key.string ?? "") }) {
            if !dialect.isEmpty, !dialect.contains("draft-07"), !dialect.contains("2020-12") {
                let node = root["$schema"]!
                diagnostics.warning("contract-spec-version", "JSON Schema dialect '\(dialect)' is read as 2020-12 (draft-07 and 2020-12 are supported)",
                                    at: SourceLocation(file: file, line: node.line, column: node.column))
            }
            return .jsonSchema(dialect: dialect)
        }
        diagnostics.error("contract-spec-kind", "the spec is neither an OpenAPI document (no 'openapi:' field) nor a JSON Schema",
                          at: SourceLocation(file: file, line: root.line, column: root.column))
        return nil
    }
}
