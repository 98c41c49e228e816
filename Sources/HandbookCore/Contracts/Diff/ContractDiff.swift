/// Compares two versions of a spec through the neutral model: operations, parameters, bodies and
/// responses here, schemas in `SchemaDiff`. One engine for OpenAPI 3.0, 3.1 and JSON Schema.
public enum ContractDiff {
    /// Every difference, breaking first (see `ContractFinding.ordered`).
    public static func compare(old: APIModel, new: APIModel) -> [ContractFinding] {
        var diff = SchemaDiff(old: old, new: new)
        if old.document.isJSONSchema != new.document.isJSONSchema {
            diff.add(.unchecked, "", old: nil, new: SchemaRef(node: new.document.root, pointer: ""),
                     "the spec changed from \(old.document.kindName) to \(new.document.kindName); the two cannot be compared")
            return diff.findings.sorted(by: ContractFinding.ordered)
        }
        if let oldRoot = old.rootSchema, let newRoot = new.rootSchema {
            // A standalone schema describes what consumers read: judged by the response-side rules.
            diff.compare(oldRoot, newRoot, side: .response, role: .body, operation: "")
            diff.compareUnvisitedNamedSchemas()
            return diff.findings.sorted(by: ContractFinding.ordered)
        }
        var compared = OperationDiff(diff: diff)
        compared.run()
        diff = compared.diff
        diff.compareUnvisitedNamedSchemas()
        diff.compareKeywords(old: old.document.root, new: new.document.root, pointer: "", operation: "",
                             compared: ["openapi", "paths", "components", "$schema", "$id", "$defs", "definitions", "type",
                                        "properties", "required", "items", "enum", "const", "nullable", "format", "allOf",
                                        "additionalProperties"],
                             documentation: ["info", "tags", "externalDocs", "description", "title", "examples", "example"])
        let componentsOld = old.document.root["components"], componentsNew = new.document.root["components"]
        if componentsOld != nil || componentsNew != nil {
            diff.compareKeywords(old: componentsOld ?? YAMLNode.emptyMapping, new: componentsNew ?? YAMLNode.emptyMapping,
                                 pointer: "/components", operation: "",
                                 compared: ["schemas", "parameters", "requestBodies", "responses"], documentation: ["examples"])
        }
        return diff.findings.sorted(by: ContractFinding.ordered)
    }
}

extension YAMLNode {
    static let emptyMapping = YAMLNode(value: .mapping([]), line: 0, column: 0)
}
