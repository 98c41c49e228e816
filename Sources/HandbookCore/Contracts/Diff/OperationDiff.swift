/// Compares operations matched by method and path (parameter names blanked), then their parameters,
/// request bodies and responses.
struct OperationDiff {
    var diff: SchemaDiff

    static let comparedOperationKeywords: Set<String> = ["parameters", "requestBody", "responses", "deprecated", "operationId"]
    static let documentationOperationKeywords: Set<String> = ["summary", "description", "tags", "externalDocs"]

    mutating func run() {
        let before = Dictionary(diff.old.operations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(diff.new.operations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for operation in diff.old.operations where after[operation.key] == nil {
            diff.add(.operationRemoved, operation.title, old: place(operation.node, operation.pointer), new: nil, "operation removed")
        }
        for operation in diff.new.operations {
            guard let previous = before[operation.key] else {
                diff.add(.operationAdded, operation.title, old: nil, new: place(operation.node, operation.pointer), "new operation")
                continue
            }
            compare(previous, operation)
        }
    }

    private func place(_ node: YAMLNode, _ pointer: String) -> SchemaRef { SchemaRef(node: node, pointer: pointer) }

    private mutating func compare(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        if !a.deprecated, b.deprecated {
            diff.add(.operationDeprecated, name, old: nil, new: place(b.node, b.pointer), "operation deprecated")
        }
        if a.operationID != b.operationID {
            diff.add(.unchecked, name, old: nil, new: place(b.node, b.pointer),
                     "operationId changed from \(a.operationID ?? "none") to \(b.operationID ?? "none") (generated clients may rename the call)")
        }
        compareParameters(a, b)
        compareBodies(a, b)
        compareResponses(a, b)
        diff.compareKeywords(old: a.node, new: b.node, pointer: b.pointer, operation: name,
                             compared: Self.comparedOperationKeywords, documentation: Self.documentationOperationKeywords)
    }

    private mutating func compareParameters(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        // Path parameters pair by position: the path template, already matched, decides them.
        let oldPath = a.parameters.filter { $0.location == "path" }, newPath = b.parameters.filter { $0.location == "path" }
        for (before, after) in zip(oldPath, newPath) { compareParameter(before, after, operation: name) }
        let before = a.parameters.filter { $0.location != "path" }, after = b.parameters.filter { $0.location != "path" }
        for parameter in before where !after.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
            diff.add(.parameterRemoved, name, old: place(parameter.node, parameter.pointer), new: nil,
                     "\(parameter.location) parameter '\(parameter.name)' removed")
        }
        for parameter in after {
            guard let previous = before.first(where: { $0.name == parameter.name && $0.location == parameter.location }) else {
                diff.add(parameter.required ? .parameterAddedRequired : .parameterAddedOptional, name, old: nil,
                         new: place(parameter.node, parameter.pointer),
                         "new \(parameter.required ? "required" : "optional") \(parameter.location) parameter '\(parameter.name)'")
                continue
            }
            compareParameter(previous, parameter, operation: name)
        }
    }

    private mutating func compareParameter(_ a: APIParameter, _ b: APIParameter, operation: String) {
        let label = "\(b.location) parameter '\(b.name)'"
        if !a.required, b.required {
            diff.add(.parameterBecameRequired, operation, old: nil, new: place(b.node, b.pointer), "\(label) became required")
        } else if a.required, !b.required {
            diff.add(.parameterBecameOptional, operation, old: nil, new: place(b.node, b.pointer), "\(label) became optional")
        }
        if let oldSchema = a.schema, let newSchema = b.schema {
            diff.compare(oldSchema, newSchema, side: .request, role: .parameter, operation: operation)
        }
        diff.compareKeywords(old: a.node, new: b.node, pointer: b.pointer, operation: operation,
                             compared: ["name", "in", "required", "schema", "content"],
                             documentation: ["description", "example", "examples", "deprecated"])
    }

    private mutating func compareBodies(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        switch (a.requestBody, b.requestBody) {
        case (nil, nil): return
        case (nil, let body?):
            diff.add(body.required ? .requestBodyBecameRequired : .requestBodyAdded, name, old: nil, new: place(body.node, body.pointer),
                     body.required ? "a request body is now required" : "an optional request body was added")
        case (let body?, nil):
            diff.add(.requestBodyRemoved, name, old: place(body.node, body.pointer), new: nil, "the request body was removed")
        case (let before?, let after?):
            if !before.required, after.required {
                diff.add(.requestBodyBecameRequired, name, old: nil, new: place(after.node, after.pointer), "the request body became required")
            } else if before.required, !after.required {
                diff.add(.requestBodyBecameOptional, name, old: nil, new: place(after.node, after.pointer), "the request body became optional")
            }
            compareContent(before.content, after.content, side: .request, operation: name, owner: place(after.node, after.pointer))
            diff.compareKeywords(old: before.node, new: after.node, pointer: after.pointer, operation: name,
                                 compared: ["required", "content"], documentation: ["description"])
        }
    }

    private mutating func compareResponses(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        for response in a.responses where !b.responses.contains(where: { $0.status == response.status }) {
            diff.add(response.isSuccess ? .successResponseRemoved : .responseRemoved, name, old: place(response.node, response.pointer), new: nil,
                     "response \(response.status) removed")
        }
        for response in b.responses {
            guard let previous = a.responses.first(where: { $0.status == response.status }) else {
                diff.add(.responseAdded, name, old: nil, new: place(response.node, response.pointer), "new response \(response.status)")
                continue
            }
            compareContent(previous.content, response.content, side: .response, operation: name, owner: place(response.node, response.pointer))
            diff.compareKeywords(old: previous.node, new: response.node, pointer: response.pointer, operation: name,
                                 compared: ["content"], documentation: ["description"])
        }
    }

    private mutating func compareContent(_ before: [APIMedia], _ after: [APIMedia], side: SchemaDiff.Side, operation: String, owner: SchemaRef) {
        for media in before where !after.contains(where: { $0.type == media.type }) {
            diff.add(side == .request ? .requestMediaTypeRemoved : .responseMediaTypeRemoved, operation,
                     old: place(media.node, media.pointer), new: nil, "media type \(media.type) removed")
        }
        for media in after {
            guard let previous = before.first(where: { $0.type == media.type }) else {
                diff.add(.mediaTypeAdded, operation, old: nil, new: place(media.node, media.pointer), "new media type \(media.type)")
                continue
            }
            if let oldSchema = previous.schema, let newSchema = media.schema {
                diff.compare(oldSchema, newSchema, side: side, role: .body, operation: operation)
            }
            diff.compareKeywords(old: previous.node, new: media.node, pointer: media.pointer, operation: operation,
                                 compared: ["schema"], documentation: ["example", "examples"])
        }
    }
}
