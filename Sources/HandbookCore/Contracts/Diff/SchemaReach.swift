/// Which places of a spec its operations lead to through `$ref`s, followed to any depth (ADR-0114): the
/// contract is what operations and webhooks use. Each place a `$ref` names keeps the first operation that
/// reaches it on each side (parameters and request bodies are the request side; responses the response side).
/// Every node is walked once per side, so the cost is linear in the size of the spec.
struct SchemaReach {
    /// Target pointer → the first operation reaching it from its request side and from its response side.
    private(set) var request: [String: String] = [:]
    private(set) var response: [String: String] = [:]

    init(_ model: APIModel) {
        let document = model.document
        for operation in model.operations {
            var requestRoots: [(YAMLNode, String)] = operation.parameters.map { ($0.node, $0.pointer) }
            if let body = operation.requestBody { requestRoots.append((body.node, body.pointer)) }
            // Callbacks and anything else on the operation: both sides.
            var responseRoots: [(YAMLNode, String)] = operation.responses.map { ($0.node, $0.pointer) }
            for entry in operation.node.entries ?? [] {
                guard let key = entry.key.string, !["parameters", "requestBody", "responses"].contains(key) else { continue }
                requestRoots.append((entry.value, JSONPointer.appending(operation.pointer, key)))
                responseRoots.append((entry.value, JSONPointer.appending(operation.pointer, key)))
            }
            Self.walk(requestRoots, document: document, operation: operation.title, into: &request)
            Self.walk(responseRoots, document: document, operation: operation.title, into: &response)
        }
    }

    private static func walk(_ roots: [(YAMLNode, String)], document: SpecDocument, operation: String, into reached: inout [String: String]) {
        var pending = roots
        while let (node, pointer) = pending.popLast() {
            switch node.value {
            case .mapping(let entries):
                if let reference = node["$ref"]?.string, let target = document.target(of: reference, from: pointer),
                   reached[target] == nil, let resolved = document.node(at: target) {
                    reached[target] = operation
                    pending.append((resolved, target))
                }
                for entry in entries where entry.key.string != "$ref" {
                    pending.append((entry.value, JSONPointer.appending(pointer, entry.key.string ?? "")))
                }
            case .sequence(let items):
                for (index, item) in items.enumerated() { pending.append((item, JSONPointer.appending(pointer, String(index)))) }
            case .scalar:
                continue
            }
        }
    }

    /// The first operation reaching `pointer` (or a place inside it) on the side, if any does.
    func operation(reaching pointer: String, side: SchemaDiff.Side) -> String? {
        let reached = side == .request ? request : response
        if let operation = reached[pointer] { return operation }
        let prefix = pointer + "/"
        return reached.filter { $0.key.hasPrefix(prefix) }.map(\.value).min()
    }

    func isReached(_ pointer: String) -> Bool {
        operation(reaching: pointer, side: .request) != nil || operation(reaching: pointer, side: .response) != nil
    }
}
