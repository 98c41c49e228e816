/// The neutral model of an API that pages and the diff read, whatever the spec's format: OpenAPI 3.0,
/// 3.1, or a standalone JSON Schema (which has no operations, only its root and named schemas).
/// Every part keeps its JSON pointer and node, so a finding or a problem can name its line.
public struct APIModel: Sendable {
    public var document: SpecDocument
    public var operations: [APIOperation]
    /// `components/schemas` (OpenAPI) or `$defs` / `definitions` (JSON Schema), in written order.
    public var namedSchemas: [NamedSchema]
    /// A standalone JSON Schema's root.
    public var rootSchema: SchemaRef?
}

public struct NamedSchema: Sendable {
    public var name: String
    public var schema: SchemaRef
}

/// A schema where it was written. Its `$ref`s are resolved lazily, when something reads them.
public struct SchemaRef: Sendable {
    public var node: YAMLNode
    public var pointer: String
}

public struct APIOperation: Sendable {
    public var method: String
    public var path: String
    /// Method and path with parameter names blanked (`GET /users/{}`): how operations are matched across versions.
    public var key: String
    public var pointer: String
    public var node: YAMLNode
    public var operationID: String?
    public var summary: String?
    public var tags: [String]
    public var deprecated: Bool
    public var parameters: [APIParameter]
    public var requestBody: APIBody?
    public var responses: [APIResponse]
    /// A 3.1 webhook (`path` is then the webhook's name).
    public var isWebhook = false

    /// `GET /users/{id}`, or `webhook NAME POST` for a webhook.
    public var title: String { isWebhook ? "webhook \(path) \(method.uppercased())" : "\(method.uppercased()) \(path)" }
}

public struct APIParameter: Sendable {
    public var name: String
    /// `path`, `query`, `header` or `cookie`.
    public var location: String
    public var required: Bool
    public var deprecated: Bool
    public var description: String?
    public var schema: SchemaRef?
    public var pointer: String
    public var node: YAMLNode
}

public struct APIBody: Sendable {
    public var required: Bool
    public var description: String?
    public var content: [APIMedia]
    public var pointer: String
    public var node: YAMLNode
}

public struct APIMedia: Sendable {
    public var type: String
    public var schema: SchemaRef?
    public var pointer: String
    public var node: YAMLNode
}

public struct APIResponse: Sendable {
    public var status: String
    public var description: String?
    public var content: [APIMedia]
    /// Response headers, by name as written.
    public var headers: [APIParameter] = []
    public var pointer: String
    public var node: YAMLNode

    /// 2xx, `2XX`: a response a client counts on.
    public var isSuccess: Bool { status.hasPrefix("2") }
}
