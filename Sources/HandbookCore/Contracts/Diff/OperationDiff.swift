/// Compares operations matched by method and path (parameter names blanked), then their parameters,
/// request bodies and responses.
struct OperationDiff {
    var diff: SchemaDiff
    var options = ContractDiffOptions()

    static let comparedOperationKeywords: Set<String> = ["parameters", "requestBody", "responses", "deprecated", "operationId"]
    static let documentationOperationKeywords: Set<String> = ["summary", "description", "tags", "externalDocs", "x-sunset"]

    mutating func run() {
        let before = Dictionary(diff.old.operations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(diff.new.operations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for operation in diff.old.operations where after[operation.key] == nil {
            let where_ = place(operation.node, operation.pointer)
            if operation.isWebhook {
                diff.add(.webhookRemoved, operation.title, old: where_, new: nil, "webhook removed")
            } else if let (rule, text) = removal(deprecated: operation.deprecated, node: operation.node, what: "operation",
                                                 after: .operationRemovedAfterDeprecation, before: .operationRemovedBeforeSunset) {
                diff.add(rule, operation.title, old: where_, new: nil, text)
            } else {
                diff.add(.operationRemoved, operation.title, old: where_, new: nil, "operation removed")
            }
        }
        for operation in diff.new.operations {
            guard let previous = before[operation.key] else {
                diff.add(operation.isWebhook ? .webhookAdded : .operationAdded, operation.title, old: nil,
                         new: place(operation.node, operation.pointer), operation.isWebhook ? "new webhook" : "new operation")
                continue
            }
            compare(previous, operation)
        }
    }

    private func place(_ node: YAMLNode, _ pointer: String) -> SchemaRef { SchemaRef(node: node, pointer: pointer) }

    /// With the sunset policy on, the rule for removing something that was deprecated: information once its
    /// `x-sunset` date has passed (or when it gives none), breaking before. Nil: an ordinary removal.
    private func removal(deprecated: Bool, node: YAMLNode, what: String, after: ContractRule, before: ContractRule) -> (ContractRule, String)? {
        guard options.sunsetPolicy, deprecated else { return nil }
        let sunset = (node["x-sunset"] ?? node["x-sunset-date"])?.string.map { String($0.prefix(10)) }
        let today = options.currentDate
        if let sunset, sunset > today {
            return (before, "\(what) removed before its sunset date \(sunset) (today \(today))")
        }
        return (after, "deprecated \(what) removed" + (sunset.map { " after its sunset date \($0)" } ?? ""))
    }

    private mutating func compare(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        if options.sunsetPolicy {
            diff.checkDeprecationPolicy(a.node, b.node, what: "operation", operation: name, place: place(b.node, b.pointer))
        }
        if !a.deprecated, b.deprecated {
            diff.add(.operationDeprecated, name, old: nil, new: place(b.node, b.pointer), "operation deprecated")
        }
        if a.operationID != b.operationID {
            diff.add(.unchecked, name, old: nil, new: place(b.node, b.pointer),
                     "operationId \(a.operationID ?? "none") → \(b.operationID ?? "none") (generated clients may rename the call)")
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
        for (before, after) in zip(oldPath, newPath) {
            if before.name != after.name {
                diff.add(.pathParameterRenamed, name, old: nil, new: place(after.node, after.pointer),
                         "path parameter '\(before.name)' → '\(after.name)' (the URL is the same)")
            }
            compareParameter(before, after, operation: name)
        }
        for parameter in newPath.dropFirst(oldPath.count) {
            diff.add(.parameterAddedRequired, name, old: nil, new: place(parameter.node, parameter.pointer), "new path parameter '\(parameter.name)'")
        }
        let before = a.parameters.filter { $0.location != "path" }, after = b.parameters.filter { $0.location != "path" }
        for parameter in before where !after.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
            let where_ = place(parameter.node, parameter.pointer)
            let label = "\(parameter.location) parameter '\(parameter.name)'"
            if let (rule, text) = removal(deprecated: parameter.deprecated, node: parameter.node, what: label,
                                          after: .parameterRemovedAfterDeprecation, before: .parameterRemovedBeforeSunset) {
                diff.add(rule, name, old: where_, new: nil, text)
            } else {
                diff.add(.parameterRemoved, name, old: where_, new: nil, "\(label) removed")
            }
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
        if options.sunsetPolicy, a.node["name"] != nil, b.node["name"] != nil {
            diff.checkDeprecationPolicy(a.node, b.node, what: label, operation: operation, place: place(b.node, b.pointer))
        }
        if !a.required, b.required {
            diff.add(.parameterBecameRequired, operation, old: nil, new: place(b.node, b.pointer), "\(label) became required")
        } else if a.required, !b.required {
            diff.add(.parameterBecameOptional, operation, old: nil, new: place(b.node, b.pointer), "\(label) became optional")
        }
        if let oldSchema = a.schema, let newSchema = b.schema {
            diff.compare(oldSchema, newSchema, side: .request, role: .parameter, operation: operation)
        }
        // An undeclared path parameter stands on its operation's node: nothing more to compare.
        guard a.node["name"] != nil, b.node["name"] != nil else { return }
        diff.compareKeywords(old: a.node, new: b.node, pointer: b.pointer, operation: operation,
                             compared: ["name", "in", "required", "schema", "content"],
                             documentation: ["description", "example", "examples", "deprecated", "x-sunset"])
    }

    private mutating func compareBodies(_ a: APIOperation, _ b: APIOperation) {
        let name = b.title
        switch (a.requestBody, b.requestBody) {
        case (nil, nil): return
        case (nil, let body?):
            diff.add(body.required ? .requestBodyBecameRequired : .requestBodyAdded, name, old: nil, new: place(body.node, body.pointer),
                     body.required ? "a request body is now required" : "an optional request body was added")
        case (let body?, nil):
            diff.add(.requestBodyRemoved, name, old: place(body.node, body.pointer), new: nil,
                     "the request body was removed: a consumer that sends one may be refused")
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
            compareHeaders(previous, response, operation: name)
            diff.compareKeywords(old: previous.node, new: response.node, pointer: response.pointer, operation: name,
                                 compared: ["content", "headers"], documentation: ["description", "links"])
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
            switch (previous.schema, media.schema) {
            case (let oldSchema?, let newSchema?):
                diff.compare(oldSchema, newSchema, side: side, role: .body, operation: operation)
            case (nil, let newSchema?):
                diff.add(side == .request ? .requestMediaTypeSchemaAdded : .mediaTypeSchemaChanged, operation, old: nil, new: newSchema,
                         "media type \(media.type): schema none → given" + (side == .request ? ": a body that was accepted may now be refused" : ""))
            case (let oldSchema?, nil):
                diff.add(side == .request ? .mediaTypeSchemaChanged : .responseMediaTypeSchemaRemoved, operation, old: oldSchema, new: nil,
                         "media type \(media.type): schema given → none")
            case (nil, nil): break
            }
            diff.compareKeywords(old: previous.node, new: media.node, pointer: media.pointer, operation: operation,
                                 compared: ["schema"], documentation: ["example", "examples"])
        }
    }

    /// Response headers by name (case-insensitive, as HTTP has them): a consumer may count on them.
    private mutating func compareHeaders(_ a: APIResponse, _ b: APIResponse, operation: String) {
        let label = "response \(b.status) header"
        for header in a.headers where !b.headers.contains(where: { $0.name.lowercased() == header.name.lowercased() }) {
            diff.add(header.required ? .responseHeaderRemoved : .optionalResponseHeaderRemoved, operation,
                     old: place(header.node, header.pointer), new: nil,
                     "\(label) '\(header.name)'\(header.required ? ", which was required," : "") removed")
        }
        for header in b.headers {
            guard let previous = a.headers.first(where: { $0.name.lowercased() == header.name.lowercased() }) else {
                diff.add(.responseHeaderAdded, operation, old: nil, new: place(header.node, header.pointer),
                         "new \(header.required ? "required" : "optional") \(label) '\(header.name)'")
                continue
            }
            if previous.required, !header.required {
                diff.add(.responseHeaderBecameOptional, operation, old: nil, new: place(header.node, header.pointer),
                         "\(label) '\(header.name)' required → optional: it may be missing")
            } else if !previous.required, header.required {
                diff.add(.responseHeaderBecameRequired, operation, old: nil, new: place(header.node, header.pointer),
                         "\(label) '\(header.name)' optional → required")
            }
            if let oldSchema = previous.schema, let newSchema = header.schema {
                diff.compare(oldSchema, newSchema, side: .response, role: .property, operation: operation)
            }
        }
    }
}
