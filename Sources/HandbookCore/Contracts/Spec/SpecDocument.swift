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
    /// The title and version the spec gives (`info.title`, `info.version`; a schema's `title`).
    public var title: String?
    public var apiVersion: String?
    /// The files its relative `$ref`s name (`resources/team.yml`), each read once, by their path from the
    /// spec's folder (normalized; the spec itself is `mainName`). A node of one has the pointer
    /// `resources/team.yml#/properties/id`; the spec's own nodes keep plain pointers (ADR-0113).
    public var externals: [String: ExternalFile] = [:]
    /// The spec's file name, as its own `$ref`s (`api.yaml#/components/...`) name it.
    public var mainName = ""
    /// What was not read, each a sentence naming the file and line of the `$ref` (outside the repository,
    /// a URL, missing, unreadable): a diff must not claim "no differences" when this is not empty.
    public var unread: [String] = []

    /// A file a `$ref` named, as diagnostics name it, and its tree.
    public struct ExternalFile: Sendable {
        public var display: String
        public var root: YAMLNode
    }

    public var isJSONSchema: Bool {
        if case .jsonSchema = kind { return true }
        return false
    }

    /// `OpenAPI 3.1.0`, `JSON Schema draft-07`, ...
    public var kindName: String {
        switch kind {
        case .openAPI(let version): return "OpenAPI \(version)"
        case .jsonSchema(let dialect):
            if let name = Self.dialectName(dialect) { return "JSON Schema " + name }
            return dialect.isEmpty ? "JSON Schema" : "JSON Schema (\(dialect))"
        }
    }

    /// The JSON Schema dialects read as written: draft-04 (SchemaStore's catalogue has 180 such
    /// schemas), draft-06 and draft-07 (boolean `exclusiveMinimum` with `minimum`, tuple `items`)
    /// and 2019-09 and 2020-12; their meta-schema URIs, with or without `#` or `https`.
    static let dialects = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"]

    /// `draft-07` for `http://json-schema.org/draft-07/schema#`; nil for another dialect or none.
    public static func dialectName(_ uri: String) -> String? {
        guard uri.contains("json-schema.org/") else { return nil }
        return dialects.first { uri.contains("/" + $0 + "/") || uri.contains("/draft/" + $0 + "/") }
    }

    /// The API's own version (`info.version`, or a schema's `version`), when given.
    public var version: String? {
        apiVersion ?? root["info"]?["version"]?.string ?? root["version"]?.string
    }

    /// Named schemas and components by pointer (`/components/schemas/User`, `/$defs/Id`): a `$ref` names one
    /// of them nearly always, and a mapping finds a key by walking its entries, so a large spec's thousands of
    /// references would otherwise each walk a thousand names.
    var index: [String: YAMLNode] = [:]

    /// When set, counts the work of `node(at:)`: one for an indexed pointer, and for each token
    /// walked by hand the entries of the mapping (or items of the list) it is looked up in. Tests
    /// read it to hold `$ref` resolution linear (SchemaDepthTests).
    var lookups: LookupCounter?

    /// Fills `index` (the mappings two levels below `components`, and `$defs` / `definitions`).
    mutating func buildIndex() {
        var index: [String: YAMLNode] = [:]
        for section in root["components"]?.entries ?? [] {
            guard let sectionName = section.key.string else { continue }
            for entry in section.value.entries ?? [] {
                guard let name = entry.key.string else { continue }
                index[JSONPointer.appending("", "components", sectionName, name)] = entry.value
            }
        }
        for key in ["$defs", "definitions"] {
            for entry in root[key]?.entries ?? [] {
                guard let name = entry.key.string else { continue }
                index[JSONPointer.appending("", key, name)] = entry.value
            }
        }
        self.index = index
    }

    func node(at pointer: String) -> YAMLNode? {
        if let (key, fragment) = Self.split(pointer) {
            guard let external = externals[String(key)] else { return nil }
            return JSONPointer.resolve(fragment, in: external.root, counting: lookups)
        }
        if let hit = index[pointer] {
            lookups?.add(1)
            return hit
        }
        // `/components/schemas/User/properties/id`: the indexed part, then the rest.
        let tokens = pointer.split(separator: "/", maxSplits: 4, omittingEmptySubsequences: false)
        for depth in [3, 2] where tokens.count > depth + 1 {
            let prefix = tokens.prefix(depth + 1).joined(separator: "/")
            if let base = index[prefix] {
                let rest = pointer.dropFirst(prefix.count)
                lookups?.add(1)
                return JSONPointer.resolve(String(rest), in: base, counting: lookups)
            }
        }
        return JSONPointer.resolve(pointer, in: root, counting: lookups)
    }

    /// `resources/team.yml#/properties` gives the file's key and the pointer in it; nil for the spec's own pointers.
    static func split(_ pointer: String) -> (file: Substring, fragment: String)? {
        guard let first = pointer.utf8.first, first != UInt8(ascii: "/"),
              let hash = pointer.firstIndex(of: "#") else { return nil }
        return (pointer[..<hash], String(pointer[pointer.index(after: hash)...]))
    }

    /// The file a pointer is in, as diagnostics name it.
    func file(for pointer: String) -> String {
        guard let (key, _) = Self.split(pointer) else { return file }
        return externals[String(key)]?.display ?? String(key)
    }

    /// The pointer a `$ref` written at `pointer` names: `#/x` in the same file, `other.yml#/x` relative to
    /// that file's folder (`x.yml#/...` pointers), the spec itself when it names the spec's own file. Nil
    /// for a URL. The file need not have been read (`node(at:)` then answers nil).
    func target(of reference: String, from pointer: String) -> String? {
        let base = Self.split(pointer).map { String($0.file) }
        if reference.hasPrefix("#") {
            let fragment = String(reference.dropFirst())
            return base.map { $0 + "#" + fragment } ?? fragment
        }
        guard let key = Self.fileKey(of: reference, from: base ?? mainName) else { return nil }
        let fragment = reference.firstIndex(of: "#").map { String(reference[reference.index(after: $0)...]) } ?? ""
        return key == mainName ? fragment : key + "#" + fragment
    }

    /// The normalized path, from the spec's folder, of the file a reference names (`../a.yml` written in
    /// `resources/b.yml` gives `a.yml`); nil for a URL or an empty file part.
    static func fileKey(of reference: String, from file: String) -> String? {
        let filePart = reference.firstIndex(of: "#").map { String(reference[..<$0]) } ?? reference
        guard !filePart.isEmpty, !filePart.contains("://"), !filePart.hasPrefix("//") else { return nil }
        let decoded = filePart.contains("%") ? URLEncoding.decode(filePart) ?? filePart : filePart
        if decoded.hasPrefix("/") { return Path.normalize(decoded) }
        return Path.join(Path.directory(file), decoded)
    }

    /// `file:line` of a node, for reports.
    func source(of node: YAMLNode?) -> String {
        guard let node else { return file }
        return "\(file):\(node.line)"
    }
}

/// A count shared by the threads that resolve pointers in one document.
final class LookupCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    var steps: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }

    func add(_ count: Int) {
        lock.lock()
        total += count
        lock.unlock()
    }
}
