/// What the OpenAPI and JSON Schema specifications say that published descriptions often break, and
/// tools tolerate: each is a `contract-spec-tolerated` warning at its line, and the diff reads the spec
/// anyway (ADR-0111). Missing `info`, `responses` or `description`; path parameters not marked
/// `required` or not declared; security requirements naming no declared scheme; 3.0 keywords in a 3.1
/// document and 3.1 ones in 3.0 (boolean `exclusiveMinimum`, `nullable`, `type` lists, `const`...);
/// integer bounds beyond 64 bits; boolean subschemas in 3.0; draft-07 tuple `items` in 2020-12 dialects.
/// One pass over the tree, without following `$ref`s, so its cost is linear in the size of the spec. A warning
/// met many times (`nullable` in every schema of a 3.1 spec) is given once, at its first place, with a count.
struct SpecLint {
    let document: SpecDocument
    let diagnostics: DiagnosticEngine

    private var is30: Bool {
        if case .openAPI(let version) = document.kind { return version.hasPrefix("3.0") }
        return false
    }

    /// Draft-07 and older dialects (a standalone schema's `$schema`): tuple `items` is theirs.
    private var isDraft07: Bool {
        if case .jsonSchema(let dialect) = document.kind {
            return dialect.contains("draft-07") || dialect.contains("draft-06") || dialect.contains("draft-04")
        }
        return false
    }

    /// The warnings found, emitted at the end: the same one met many times is said once, with a count (ADR-0114).
    private final class Found {
        var order: [String] = []
        var places: [String: [YAMLNode]] = [:]
    }
    private let found = Found()

    init(document: SpecDocument, diagnostics: DiagnosticEngine) {
        self.document = document
        self.diagnostics = diagnostics
    }

    func warn(_ node: YAMLNode, _ message: String) {
        if found.places[message] == nil { found.order.append(message) }
        found.places[message, default: []].append(node)
    }

    func run() {
        lint()
        for message in found.order {
            let nodes = (found.places[message] ?? []).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            guard let first = nodes.first else { continue }
            var lines: [Int] = []
            for node in nodes.dropFirst() where !lines.contains(node.line) { lines.append(node.line) }
            let listed = lines.prefix(5).map(String.init).joined(separator: ", ") + (lines.count > 5 ? " and \(lines.count - 5) more" : "")
            let text = nodes.count == 1 ? message
                : message + " (\(nodes.count) times in this spec: here, and at line\(lines.count > 1 ? "s" : "") \(listed))"
            diagnostics.warning("contract-spec-tolerated", text, at: SourceLocation(file: document.file, line: first.line, column: first.column))
        }
    }

    private func lint() {
        let root = document.root
        if document.isJSONSchema {
            if root["$schema"] == nil, !(root.entries ?? []).isEmpty {
                warn(root, "the schema gives no '$schema'; read as JSON Schema 2020-12")
            }
            schemas([(root, "")])
            return
        }
        if let info = root["info"] {
            for key in ["title", "version"] where info[key] == nil { warn(info, "'info' has no '\(key)'") }
        } else {
            warn(root, "the document has no 'info'")
        }
        let paths = root["paths"]
        if paths == nil, is30 { warn(root, "an OpenAPI 3.0 document must have 'paths'") }
        if let paths, paths.entries == nil, !paths.isNull { warn(paths, "'paths' is not a mapping; no operations read") }
        let declaredSchemes = Set((root["components"]?["securitySchemes"]?.entries ?? []).compactMap(\.key.string))
        security(root["security"], declared: declaredSchemes)
        var pending: [(YAMLNode, String)] = []
        for entry in paths?.entries ?? [] {
            guard let path = entry.key.string else { continue }
            if !path.hasPrefix("/") { warn(entry.key, "path '\(path)' does not start with '/'") }
            pathItem(entry.value, path: path, declared: declaredSchemes, schemas: &pending)
        }
        for entry in root["webhooks"]?.entries ?? [] {
            if is30 { warn(entry.key, "'webhooks' is OpenAPI 3.1; read anyway") }
            pathItem(entry.value, path: nil, declared: declaredSchemes, schemas: &pending)
        }
        let components = root["components"]
        for entry in components?["schemas"]?.entries ?? [] { pending.append((entry.value, "schema")) }
        for entry in components?["parameters"]?.entries ?? [] { parameter(entry.value, schemas: &pending) }
        for entry in components?["requestBodies"]?.entries ?? [] { content(entry.value["content"], schemas: &pending) }
        for entry in components?["responses"]?.entries ?? [] { response(entry.value, status: entry.key.string ?? "", schemas: &pending) }
        for entry in components?["headers"]?.entries ?? [] { parameter(entry.value, schemas: &pending) }
        schemas(pending)
    }

    private func pathItem(_ item: YAMLNode, path: String?, declared: Set<String>, schemas: inout [(YAMLNode, String)]) {
        guard item.entries != nil else {
            if !item.isNull { warn(item, "a path item must be a mapping; skipped") }
            return
        }
        let shared = item["parameters"]?.items ?? []
        for parameter in shared { self.parameter(parameter, schemas: &schemas) }
        for method in APIModelBuilder.methods {
            // An operation given by `$ref` is read from where it points (ADR-0113); the lint reads the spec's own text.
            guard let operation = item[method], operation["$ref"] == nil else { continue }
            guard operation.entries != nil else {
                warn(operation, "operation '\(method)' must be a mapping; skipped")
                continue
            }
            let own = operation["parameters"]?.items ?? []
            for parameter in own { self.parameter(parameter, schemas: &schemas) }
            if let path {
                let names = Self.templateNames(path)
                let declaredPath = Set((own + shared).filter { $0["in"]?.string == "path" }.compactMap { $0["name"]?.string })
                let viaReference = (own + shared).contains { $0["$ref"] != nil }
                for name in names where !declaredPath.contains(name) && !viaReference {
                    warn(operation, "path parameter '{\(name)}' of \(method.uppercased()) \(path) is not declared; read as a required string")
                }
                for parameter in own + shared where parameter["in"]?.string == "path" {
                    if let name = parameter["name"]?.string, !names.contains(name) {
                        warn(parameter, "path parameter '\(name)' is not in the path \(path)")
                    }
                }
            }
            if let body = operation["requestBody"] { content(body["content"], schemas: &schemas) }
            if let responses = operation["responses"] {
                if responses.entries == nil {
                    warn(responses, "'responses' must be a mapping of status codes")
                }
                for entry in responses.entries ?? [] {
                    response(entry.value, status: entry.key.string ?? "", schemas: &schemas)
                }
            } else {
                warn(operation, "operation \(method.uppercased())\(path.map { " " + $0 } ?? "") has no 'responses'")
            }
            security(operation["security"], declared: declared)
            for entry in operation["callbacks"]?.entries ?? [] {
                for callback in entry.value.entries ?? [] {
                    pathItem(callback.value, path: nil, declared: declared, schemas: &schemas)
                }
            }
        }
    }

    private func parameter(_ node: YAMLNode, schemas: inout [(YAMLNode, String)]) {
        guard node["$ref"] == nil else { return }
        if node["in"]?.string == "path", node["required"]?.bool != true {
            warn(node, "path parameter '\(node["name"]?.string ?? "")' is not marked 'required: true'; read as required")
        }
        if let schema = node["schema"] { schemas.append((schema, "schema")) }
        content(node["content"], schemas: &schemas)
    }

    private func response(_ node: YAMLNode, status: String, schemas: inout [(YAMLNode, String)]) {
        guard node["$ref"] == nil else { return }
        guard node.entries != nil else {
            warn(node, "response \(status) must be a mapping; read as an empty response")
            return
        }
        if node["description"] == nil { warn(node, "response \(status) has no 'description'") }
        content(node["content"], schemas: &schemas)
        for entry in node["headers"]?.entries ?? [] { parameter(entry.value, schemas: &schemas) }
    }

    private func content(_ node: YAMLNode?, schemas: inout [(YAMLNode, String)]) {
        guard let node else { return }
        guard let entries = node.entries else {
            warn(node, "'content' must be a mapping of media types; read as none")
            return
        }
        for entry in entries {
            if let schema = entry.value["schema"] { schemas.append((schema, "schema")) }
        }
    }

    private func security(_ node: YAMLNode?, declared: Set<String>) {
        for requirement in node?.items ?? [] {
            for entry in requirement.entries ?? [] {
                guard let name = entry.key.string, !declared.contains(name) else { continue }
                warn(entry.key, "security scheme '\(name)' is not declared in components.securitySchemes")
            }
        }
    }

    /// Keywords whose value is one schema, a list of schemas, or a mapping of names to schemas.
    static let singleSchemaKeys: Set<String> = ["not", "if", "then", "else", "contains", "propertyNames", "additionalItems",
                                                "unevaluatedItems", "unevaluatedProperties", "contentSchema"]
    static let listSchemaKeys: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    static let mapSchemaKeys: Set<String> = ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"]

    /// Walks schemas (and every subschema) without recursion: deep nesting cannot exhaust the stack.
    private func schemas(_ start: [(YAMLNode, String)]) {
        var pending = start
        var count = 0
        while let (node, _) = pending.popLast() {
            count += 1
            if count > 2_000_000 { return }
            if let flag = node.bool {
                if is30 { warn(node, "a boolean schema ('\(flag)') is JSON Schema, not OpenAPI 3.0; read as \(flag ? "any value" : "no value")") }
                continue
            }
            guard let entries = node.entries else {
                if !node.isNull { warn(node, "a schema must be a mapping or a boolean, not \(node.kindName); read as any value") }
                continue
            }
            schemaKeywords(node)
            for entry in entries {
                guard let key = entry.key.string else { continue }
                let value = entry.value
                if Self.singleSchemaKeys.contains(key) {
                    pending.append((value, key))
                } else if key == "items" {
                    if let tuple = value.items {
                        if !isDraft07 { warn(value, "'items' as a list is draft-07's tuple form; read as 'prefixItems'") }
                        for item in tuple { pending.append((item, key)) }
                    } else {
                        pending.append((value, key))
                    }
                } else if key == "additionalProperties" {
                    if value.bool == nil { pending.append((value, key)) }
                } else if Self.listSchemaKeys.contains(key) {
                    for item in value.items ?? [] { pending.append((item, key)) }
                } else if Self.mapSchemaKeys.contains(key) {
                    for item in value.entries ?? [] { pending.append((item.value, key)) }
                }
            }
        }
    }

    private func schemaKeywords(_ node: YAMLNode) {
        let openAPI = !document.isJSONSchema
        if let type = node["type"] {
            if let list = type.items {
                if is30 { warn(type, "'type' as a list is OpenAPI 3.1 / JSON Schema; read anyway") }
                for item in list where !Self.types.contains(item.string ?? "") { warn(item, "unknown type '\(item.string ?? item.kindName)'") }
            } else if !Self.types.contains(type.string ?? "") || (type.string == "null" && is30) {
                warn(type, "unknown type '\(type.string ?? type.kindName)'\(type.string == "null" && is30 ? " in OpenAPI 3.0" : "")")
            }
        }
        if node["nullable"] != nil, openAPI, !is30 {
            warn(node["nullable"]!, "'nullable' is OpenAPI 3.0; in 3.1 write type: [..., 'null']; read as nullable")
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            guard let value = node[key] else { continue }
            if value.bool != nil, !is30, !isDraft04 {
                warn(value, "boolean '\(key)' is the OpenAPI 3.0 form; in 3.1 it is a number; read as the 3.0 form")
            } else if value.bool == nil, is30 {
                warn(value, "numeric '\(key)' is the OpenAPI 3.1 form; read anyway")
            }
        }
        if is30 {
            for key in ["const", "prefixItems", "$defs", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
                        "unevaluatedItems", "if", "then", "else", "contains", "propertyNames", "patternProperties", "examples"]
            where node[key] != nil {
                warn(node[key]!, "'\(key)' is not an OpenAPI 3.0 schema keyword; read as in 3.1")
            }
        }
        for entry in node.entries ?? [] {
            guard case .scalar(let text, _) = entry.value.value, text.utf8.count > 18, let key = entry.key.string,
                  Self.numericKeywords.contains(key), Self.isBeyond64Bits(text) else { continue }
            warn(entry.value, "'\(key)' \(text) is an integer beyond 64 bits; compared as a decimal number")
        }
        if let required = node["required"], required.bool != nil {
            warn(required, "'required: \(required.bool!)' on a schema is not JSON Schema (list the property in its object's 'required'); ignored")
        }
        if let values = node["enum"], values.items == nil {
            warn(values, "'enum' must be a list; read as one value")
        }
    }

    private var isDraft04: Bool {
        if case .jsonSchema(let dialect) = document.kind { return dialect.contains("draft-04") }
        return false
    }

    static let numericKeywords: Set<String> = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
                                                "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]

    static let types: Set<String> = ["string", "number", "integer", "boolean", "array", "object", "null"]

    /// An integer literal outside Int64 (`9223372036854776000`).
    static func isBeyond64Bits(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        return Int64(text) == nil
    }

    /// `/users/{id}/posts/{postId}` gives `["id", "postId"]`.
    static func templateNames(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" { current = "" } else if character == "}" {
                if let name = current { names.append(name) }
                current = nil
            } else if current != nil { current?.append(character) }
        }
        return names
    }
}
