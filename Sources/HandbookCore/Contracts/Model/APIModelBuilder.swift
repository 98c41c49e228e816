/// Builds the neutral model from a spec's located tree. Parameters, bodies and responses given by
/// `$ref` are resolved here (a `$ref` that names nothing is reported at its line); schemas stay as
/// written and are resolved lazily by their readers.
struct APIModelBuilder {
    let document: SpecDocument
    let diagnostics: DiagnosticEngine

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    func build() -> APIModel {
        let root = document.root
        checkReferences(root)
        var model = APIModel(document: document, operations: [], namedSchemas: [], rootSchema: nil)
        if document.isJSONSchema {
            model.rootSchema = SchemaRef(node: root, pointer: "")
            for key in ["$defs", "definitions"] {
                for entry in root[key]?.entries ?? [] {
                    guard let name = entry.key.string else { continue }
                    model.namedSchemas.append(NamedSchema(name: name, schema: SchemaRef(node: entry.value, pointer: JSONPointer.appending("", key, name))))
                }
            }
            return model
        }
        for entry in root["components"]?["schemas"]?.entries ?? [] {
            guard let name = entry.key.string else { continue }
            model.namedSchemas.append(NamedSchema(name: name, schema: SchemaRef(node: entry.value, pointer: JSONPointer.appending("", "components", "schemas", name))))
        }
        for entry in root["paths"]?.entries ?? [] {
            guard let path = entry.key.string else { continue }
            guard let (item, itemPointer) = resolve(entry.value, pointer: JSONPointer.appending("", "paths", path)) else { continue }
            let shared = parameters(item["parameters"], pointer: JSONPointer.appending(itemPointer, "parameters"))
            for operationEntry in item.entries ?? [] {
                guard let method = operationEntry.key.string?.lowercased(), Self.methods.contains(method) else { continue }
                let pointer = JSONPointer.appending(itemPointer, method)
                model.operations.append(operation(method: method, path: path, node: operationEntry.value, pointer: pointer, shared: shared))
            }
        }
        return model
    }

    private func operation(method: String, path: String, node: YAMLNode, pointer: String, shared: [APIParameter]) -> APIOperation {
        var own = parameters(node["parameters"], pointer: JSONPointer.appending(pointer, "parameters"))
        for parameter in shared where !own.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
            own.append(parameter)
        }
        var body: APIBody?
        if let raw = node["requestBody"], let (resolved, bodyPointer) = resolve(raw, pointer: JSONPointer.appending(pointer, "requestBody")) {
            body = APIBody(required: resolved["required"]?.bool ?? false, description: resolved["description"]?.string,
                           content: content(resolved["content"], pointer: JSONPointer.appending(bodyPointer, "content")),
                           pointer: bodyPointer, node: resolved)
        }
        var responses: [APIResponse] = []
        for entry in node["responses"]?.entries ?? [] {
            guard let status = entry.key.string,
                  let (resolved, responsePointer) = resolve(entry.value, pointer: JSONPointer.appending(pointer, "responses", status))
            else { continue }
            responses.append(APIResponse(status: status, description: resolved["description"]?.string,
                                         content: content(resolved["content"], pointer: JSONPointer.appending(responsePointer, "content")),
                                         pointer: responsePointer, node: resolved))
        }
        let key = method.uppercased() + " " + Self.blankParameters(path)
        return APIOperation(method: method, path: path, key: key, pointer: pointer, node: node,
                            operationID: node["operationId"]?.string, summary: node["summary"]?.string,
                            tags: node["tags"]?.stringList?.compactMap(\.string) ?? [],
                            deprecated: node["deprecated"]?.bool ?? false, parameters: own,
                            requestBody: body, responses: responses)
    }

    private func parameters(_ list: YAMLNode?, pointer: String) -> [APIParameter] {
        guard let items = list?.items else { return [] }
        return items.enumerated().compactMap { index, raw in
            guard let (node, itemPointer) = resolve(raw, pointer: JSONPointer.appending(pointer, String(index))),
                  let name = node["name"]?.string else { return nil }
            let location = node["in"]?.string ?? "query"
            var schema = node["schema"].map { SchemaRef(node: $0, pointer: JSONPointer.appending(itemPointer, "schema")) }
            if schema == nil, let media = content(node["content"], pointer: JSONPointer.appending(itemPointer, "content")).first {
                schema = media.schema
            }
            return APIParameter(name: name, location: location, required: location == "path" || node["required"]?.bool == true,
                                deprecated: node["deprecated"]?.bool ?? false, description: node["description"]?.string,
                                schema: schema, pointer: itemPointer, node: node)
        }
    }

    private func content(_ node: YAMLNode?, pointer: String) -> [APIMedia] {
        (node?.entries ?? []).compactMap { entry in
            guard let type = entry.key.string else { return nil }
            let mediaPointer = JSONPointer.appending(pointer, type)
            return APIMedia(type: type, schema: entry.value["schema"].map { SchemaRef(node: $0, pointer: JSONPointer.appending(mediaPointer, "schema")) },
                            pointer: mediaPointer, node: entry.value)
        }
    }

    /// Follows `$ref`s (local ones) to the object they name; reports one that names nothing.
    func resolve(_ node: YAMLNode, pointer: String) -> (YAMLNode, String)? {
        var current = node, currentPointer = pointer
        var seen: Set<String> = []
        while let reference = current["$ref"]?.string {
            guard reference.hasPrefix("#") else {
                diagnostics.warning("contract-spec-ref", "'\(reference)' points outside the spec; external references are not followed",
                                    at: SourceLocation(file: document.file, line: current.line, column: current.column))
                return nil
            }
            let target = String(reference.dropFirst())
            let cycle = !seen.insert(target).inserted
            guard !cycle, let next = document.node(at: target) else {
                diagnostics.error("contract-spec-ref", cycle ? "'\(reference)' is part of a cycle of references" : "'\(reference)' names nothing in the spec",
                                  at: SourceLocation(file: document.file, line: current.line, column: current.column))
                return nil
            }
            current = next
            currentPointer = target
        }
        return (current, currentPointer)
    }

    /// Every local `$ref` of the spec must name something: reported at its line, once, here.
    private func checkReferences(_ root: YAMLNode) {
        var pending = [root]
        while let node = pending.popLast() {
            switch node.value {
            case .scalar: continue
            case .sequence(let items): pending.append(contentsOf: items)
            case .mapping(let entries):
                for entry in entries {
                    if entry.key.string == "$ref", let reference = entry.value.string, reference.hasPrefix("#"),
                       document.node(at: String(reference.dropFirst())) == nil {
                        diagnostics.error("contract-spec-ref", "'\(reference)' names nothing in the spec",
                                          at: SourceLocation(file: document.file, line: entry.value.line, column: entry.value.column))
                    }
                    pending.append(entry.value)
                }
            }
        }
    }

    /// `/users/{id}/posts/{postId}` gives `/users/{}/posts/{}`.
    static func blankParameters(_ path: String) -> String {
        var result = ""
        var inside = false
        for character in path {
            if character == "{" { inside = true; result.append("{") } else if character == "}" { inside = false; result.append("}") } else if !inside { result.append(character) }
        }
        return result
    }
}
