import Foundation

/// A contract's spec file, parsed into a located tree: OpenAPI 3.0 / 3.1 or a standalone JSON Schema.
public struct SpecDocument: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `openapi: 3.0.3`, `3.1.0`, ...
        case openAPI(version: String)
        /// A standalone JSON Schema; `dialect` is its `$schema` (empty when it gives none).
        case jsonSchema(dialect: String)
    }

    public var kind: Kind
    public var root: YAMLNode
    /// As diagnostics name the file.
    public var file: String
    /// The title and version OpenAPIKit read (`info.title`, `info.version`; a schema's `title`).
    public var title: String?
    public var apiVersion: String?
    /// Pointer lookups, memoised (shared by copies of this document).
    let index = PointerIndex()

    public var isJSONSchema: Bool {
        if case .jsonSchema = kind { return true }
        return false
    }

    /// `OpenAPI 3.1.0`, `JSON Schema draft-07`, ...
    public var kindName: String {
        switch kind {
        case .openAPI(let version): return "OpenAPI \(version)"
        case .jsonSchema(let dialect):
            if dialect.contains("draft-07") { return "JSON Schema draft-07" }
            if dialect.contains("2020-12") { return "JSON Schema 2020-12" }
            return dialect.isEmpty ? "JSON Schema" : "JSON Schema (\(dialect))"
        }
    }

    /// The API's own version (`info.version`, or a schema's `version`), when given.
    public var version: String? {
        apiVersion ?? root["info"]?["version"]?.string ?? root["version"]?.string
    }

    /// Every mapping on the way indexed once (a `$ref` chain through 10,000 schemas scanned
    /// `components.schemas` at each hop: quadratic, 74 s), and every pointer resolved once.
    func node(at pointer: String) -> YAMLNode? { index.resolve(pointer, in: root) }

    /// `file:line` of a node, for reports.
    func source(of node: YAMLNode?) -> String {
        guard let node else { return file }
        return "\(file):\(node.line)"
    }
}

/// `JSONPointer.resolve` with memory: each mapping's keys indexed the first time a pointer passes
/// through it, each pointer's answer kept. Linear in the spec's size however references chain.
final class PointerIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: YAMLNode?] = [:]
    private var mappings: [String: [String: YAMLNode]] = [:]
    /// Mapping entries looked at so far (for the test that resolution stays linear).
    private(set) var entriesScanned = 0

    func resolve(_ pointer: String, in root: YAMLNode) -> YAMLNode? {
        lock.lock()
        defer { lock.unlock() }
        if let known = answers[pointer] { return known }
        let answer = walk(pointer, in: root)
        answers[pointer] = answer
        return answer
    }

    private func walk(_ pointer: String, in root: YAMLNode) -> YAMLNode? {
        guard !pointer.isEmpty else { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var node = root
        var prefix = ""
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = JSONPointer.unescape(URLEncoding.decode(String(raw)) ?? String(raw))
            if let items = node.items {
                guard let position = Int(token), items.indices.contains(position) else { return nil }
                node = items[position]
            } else if let entries = node.entries {
                let keys: [String: YAMLNode]
                if let known = mappings[prefix] {
                    keys = known
                } else {
                    var built: [String: YAMLNode] = [:]
                    for entry in entries {
                        // The first of repeated keys, as `YAMLNode`'s subscript answers.
                        if let key = entry.key.string, built[key] == nil { built[key] = entry.value }
                    }
                    entriesScanned += entries.count
                    mappings[prefix] = built
                    keys = built
                }
                guard let child = keys[token] else { return nil }
                node = child
            } else {
                return nil
            }
            prefix += "/" + raw
        }
        return node
    }
}
