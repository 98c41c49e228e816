/// Builds the neutral model from a spec's located tree. Parameters, bodies, responses and headers given
/// by `$ref` are resolved here (a `$ref` that names nothing is a warning at its line, and what it stood
/// for is left out); schemas stay as written and are resolved lazily by their readers.
struct APIModelBuilder {
    let document: SpecDocument
    let diagnostics: DiagnosticEngine

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]

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
        var firstByKey: [String: (path: String, node: YAMLNode)] = [:]
        for entry in root["paths"]?.entries ?? [] {
            guard let path = entry.key.string else { continue }
            guard let (item, itemPointer) = resolve(entry.value, pointer: JSONPointer.appending("", "paths", path)), item.entries != nil else { continue }
            let shared = parameters(item["parameters"], pointer: JSONPointer.appending(itemPointer, "parameters"))
            for operationEntry in item.entries ?? [] {
                // An operation may be a `$ref` too (to another file, as digitalocean/openapi writes them).
                guard let method = operationEntry.key.string?.lowercased(), Self.methods.contains(method),
                      let (operationNode, pointer) = resolve(operationEntry.value, pointer: JSONPointer.appending(itemPointer, method)),
                      operationNode.entries != nil else { continue }
                let built = operation(method: method, path: path, node: operationNode, pointer: pointer, shared: shared)
                // `/users/{id}` and `/users/{userId}` are the same path to a server: two operations on it cannot be told apart.
                if let first = firstByKey[built.key] {
                    diagnostics.error("contract-spec-duplicate-path",
                                      "paths '\(first.path)' (line \(first.node.line)) and '\(path)' are equivalent templated paths, and both have \(method.uppercased()); the spec must keep one",
                                      at: SourceLocation(file: document.file, line: entry.key.line, column: entry.key.column))
                    continue
                }
                firstByKey[built.key] = (path, entry.key)
                model.operations.append(built)
            }
        }
        for entry in root["webhooks"]?.entries ?? [] {
            guard let name = entry.key.string,
                  let (item, itemPointer) = resolve(entry.value, pointer: JSONPointer.appending("", "webhooks", name)) else { continue }
            let shared = parameters(item["parameters"], pointer: JSONPointer.appending(itemPointer, "parameters"))
            for operationEntry in item.entries ?? [] {
                guard let method = operationEntry.key.string?.lowercased(), Self.methods.contains(method),
                      let (operationNode, pointer) = resolve(operationEntry.value, pointer: JSONPointer.appending(itemPointer, method)),
                      operationNode.entries != nil else { continue }
                var built = operation(method: method, path: name, node: operationNode, pointer: pointer, shared: shared)
                built.isWebhook = true
                built.key = "WEBHOOK \(name) \(method.uppercased())"
                model.operations.append(built)
            }
        }
        return model
    }

    private func operation(method: String, path: String, node: YAMLNode, pointer: String, shared: [APIParameter]) -> APIOperation {
        var own = parameters(node["parameters"], pointer: JSONPointer.appending(pointer, "parameters"))
        for parameter in shared where !own.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
            own.append(parameter)
        }
        // Path parameters in the order of the template; one the spec forgot to declare is a required string.
        var ordered: [APIParameter] = []
        for name in SpecLint.templateNames(path) {
            if let declared = own.first(where: { $0.location == "path" && $0.name == name }) {
                ordered.append(declared)
            } else {
                ordered.append(APIParameter(name: name, location: "path", required: true, deprecated: false, description: nil,
                                            schema: nil, pointer: pointer, node: node))
            }
        }
        // Path parameters the template does not name still count (and are compared by position after the others).
        let extra = own.filter { parameter in parameter.location == "path" && !ordered.contains { $0.name == parameter.name } }
        own = ordered + extra + own.filter { $0.location != "path" }
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
            var response = APIResponse(status: status, description: resolved["description"]?.string,
                                       content: content(resolved["content"], pointer: JSONPointer.appending(responsePointer, "content")),
                                       pointer: responsePointer, node: resolved)
            for header in resolved["headers"]?.entries ?? [] {
                guard let name = header.key.string,
                      let (headerNode, headerPointer) = resolve(header.value, pointer: JSONPointer.appending(responsePointer, "headers", name))
                else { continue }
                response.headers.append(parameter(headerNode, name: name, location: "header", pointer: headerPointer))
            }
            responses.append(response)
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
            return parameter(node, name: name, location: node["in"]?.string ?? "query", pointer: itemPointer)
        }
    }

    private func parameter(_ node: YAMLNode, name: String, location: String, pointer: String) -> APIParameter {
        var schema = node["schema"].map { SchemaRef(node: $0, pointer: JSONPointer.appending(pointer, "schema")) }
        if schema == nil, let media = content(node["content"], pointer: JSONPointer.appending(pointer, "content")).first {
            schema = media.schema
        }
        return APIParameter(name: name, location: location, required: location == "path" || node["required"]?.bool == true,
                            deprecated: node["deprecated"]?.bool ?? false, description: node["description"]?.string,
                            schema: schema, pointer: pointer, node: node)
    }

    private func content(_ node: YAMLNode?, pointer: String) -> [APIMedia] {
        (node?.entries ?? []).compactMap { entry in
            guard let type = entry.key.string else { return nil }
            let mediaPointer = JSONPointer.appending(pointer, type)
            return APIMedia(type: type, schema: entry.value["schema"].map { SchemaRef(node: $0, pointer: JSONPointer.appending(mediaPointer, "schema")) },
                            pointer: mediaPointer, node: entry.value)
        }
    }

    /// Follows `$ref`s (in the spec, or to the files `SpecFiles` read) to the object they name; a warning
    /// for one that loops. One that names nothing was reported by `checkReferences`, one to a file that
    /// was not read by `SpecFiles.load`.
    func resolve(_ node: YAMLNode, pointer: String) -> (YAMLNode, String)? {
        var current = node, currentPointer = pointer
        var seen: Set<String> = []
        while let reference = current["$ref"]?.string {
            guard let target = document.target(of: reference, from: currentPointer) else { return nil }
            let cycle = !seen.insert(target).inserted
            guard !cycle, let next = document.node(at: target) else {
                if cycle {
                    diagnostics.warning("contract-spec-ref", "'\(reference)' is part of a cycle of references; left out",
                                        at: SourceLocation(file: document.file(for: currentPointer), line: current.line, column: current.column))
                }
                return nil
            }
            current = next
            currentPointer = target
        }
        return (current, currentPointer)
    }

    /// Every `$ref` of the spec and of the files it names should name something: a warning at its line,
    /// once, here. (A reference to a file that was not read was reported when reading: `SpecFiles`.)
    private func checkReferences(_ root: YAMLNode) {
        var files: [(key: String?, root: YAMLNode, display: String)] = [(nil, root, document.file)]
        for key in document.externals.keys.sorted() {
            if let external = document.externals[key] { files.append((key, external.root, external.display)) }
        }
        for (key, fileRoot, display) in files {
            var pending = [fileRoot]
            while let node = pending.popLast() {
                switch node.value {
                case .scalar: continue
                case .sequence(let items): pending.append(contentsOf: items)
                case .mapping(let entries):
                    for entry in entries {
                        if entry.key.string == "$ref", let reference = entry.value.string,
                           let target = document.target(of: reference, from: key.map { $0 + "#" } ?? ""),
                           SpecDocument.split(target).map({ document.externals[String($0.file)] != nil }) ?? true,
                           document.node(at: target) == nil {
                            let what = SpecDocument.split(target).map { _ in "names nothing in \(document.file(for: target))" } ?? "names nothing in the spec"
                            diagnostics.warning("contract-spec-ref", "'\(reference)' \(what); what it stands for is not compared",
                                                at: SourceLocation(file: display, line: entry.value.line, column: entry.value.column))
                        }
                        pending.append(entry.value)
                    }
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
