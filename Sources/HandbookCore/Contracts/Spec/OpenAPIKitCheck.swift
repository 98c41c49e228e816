import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// Has OpenAPIKit parse the spec: OpenAPI 3.1/3.2 with `OpenAPIKit`, 3.0 with `OpenAPIKit30` converted to
/// 3.1 through `OpenAPIKitCompat`, a standalone schema as OpenAPIKit's `JSONSchema`. A decoding error (or
/// warning) carries a coding path, not a line: the path is walked down the located tree to find the line.
enum OpenAPIKitCheck {
    /// What OpenAPIKit read: the facts the contract page shows in its header.
    struct Summary: Sendable {
        var title: String?
        var version: String?
        var operationCount: Int
    }

    /// Reports every problem OpenAPIKit finds; nil when the spec cannot be used.
    static func summary(data: Data, text: String, document: SpecDocument, diagnostics: DiagnosticEngine) -> Summary? {
        let isJSON = text.first(where: { !$0.isWhitespace }) == "{"
        do {
            switch document.kind {
            case .openAPI(let version) where version.hasPrefix("3.0"):
                let old = try decode(OpenAPIKit30.OpenAPI.Document.self, data: data, text: text, isJSON: isJSON, root: document.root)
                let converted = old.convert(to: .v3_1_1)
                return Summary(title: converted.info.title, version: converted.info.version,
                               operationCount: operationCount(converted))
            case .openAPI:
                let new = try decode(OpenAPIKit.OpenAPI.Document.self, data: data, text: text, isJSON: isJSON, root: document.root)
                report(new.warnings.map { ($0.localizedDescription, $0.codingPath ?? []) }, document, diagnostics)
                return Summary(title: new.info.title, version: new.info.version, operationCount: operationCount(new))
            case .jsonSchema:
                let schema = try decode(OpenAPIKit.JSONSchema.self, data: data, text: text, isJSON: isJSON, root: document.root)
                report(schema.warnings.map { ($0.localizedDescription, $0.codingPath ?? []) }, document, diagnostics)
                return Summary(title: schema.title, version: document.version, operationCount: 0)
            }
        } catch {
            var wrapped = OpenAPIKit.OpenAPI.Error(from: error)
            // OpenAPIKitCore's EitherDecodeNoTypesMatchedError (not a public product, so read by reflection):
            // neither alternative decoded, and the one that got furthest says the most.
            if let failures = Mirror(reflecting: error).children.first(where: { $0.label == "individualTypeFailures" })?.value as? [Any] {
                let errors = failures.compactMap { failure in
                    Mirror(reflecting: failure).children.first(where: { $0.label == "error" })?.value as? DecodingError
                }.map { OpenAPIKit.OpenAPI.Error(from: $0) }
                if let deepest = errors.max(by: { $0.codingPath.count < $1.codingPath.count }) { wrapped = deepest }
            }
            let node = JSONPointer.deepest(wrapped.codingPath, in: document.root)
            let place = wrapped.codingPath.isEmpty ? "" : " (at \(wrapped.codingPathString))"
            diagnostics.error("contract-spec-invalid", "OpenAPIKit cannot read the spec: \(wrapped.localizedDescription)\(place)",
                              at: SourceLocation(file: document.file, line: node.line, column: node.column))
            return nil
        }
    }

    /// JSON text as it is; YAML first as JSON written from the tree already parsed (fast), and only when
    /// that fails (a number where OpenAPIKit wants a string, like `version: 1.0`) with Yams' decoder,
    /// whose error is then the one reported.
    private static func decode<T: Decodable>(_ type: T.Type, data: Data, text: String, isJSON: Bool, root: YAMLNode) throws -> T {
        if isJSON { return try JSONDecoder().decode(type, from: data) }
        if let decoded = try? JSONDecoder().decode(type, from: YAMLJSON.data(root)) { return decoded }
        return try YAMLDecoder().decode(type, from: text)
    }

    private static func operationCount(_ document: OpenAPIKit.OpenAPI.Document) -> Int {
        document.paths.values.reduce(0) { count, item in count + (item.pathItemValue?.endpoints.count ?? 0) }
    }

    private static func report(_ warnings: [(String, [CodingKey])], _ document: SpecDocument, _ diagnostics: DiagnosticEngine) {
        for (message, path) in warnings {
            let node = JSONPointer.deepest(path, in: document.root)
            diagnostics.warning("contract-spec-warning", "OpenAPIKit: \(message)",
                                at: SourceLocation(file: document.file, line: node.line, column: node.column))
        }
    }
}
