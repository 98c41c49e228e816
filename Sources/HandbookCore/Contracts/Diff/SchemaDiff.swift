/// Compares schemas pairwise, by the side they are on: a request schema is what consumers send (the
/// provider may not demand more), a response schema what they read (the provider may not give less).
/// `$ref`s are followed lazily; a pair already compared is not compared again, so cycles end.
struct SchemaDiff {
    enum Side { case request, response }
    /// Which rule names a change: a parameter's own schema, a body's root, or a property below.
    enum Role { case parameter, body, property }

    let old: APIModel
    let new: APIModel
    let oldReader: SchemaReader
    let newReader: SchemaReader
    private(set) var findings: [ContractFinding] = []
    private var visited: Set<String> = []
    private(set) var visitedNew: Set<String> = []

    init(old: APIModel, new: APIModel) {
        self.old = old
        self.new = new
        oldReader = SchemaReader(document: old.document)
        newReader = SchemaReader(document: new.document)
    }

    /// Records a finding at the new place (or the old one for what is gone).
    mutating func add(_ rule: ContractRule, _ operation: String, old oldPlace: SchemaRef?, new newPlace: SchemaRef?, _ text: String) {
        if let place = newPlace {
            findings.append(ContractFinding(rule: rule, operation: operation, path: place.pointer, file: new.document.file,
                                            line: place.node.line, text: text))
        } else if let place = oldPlace {
            findings.append(ContractFinding(rule: rule, operation: operation, path: place.pointer, file: old.document.file,
                                            line: place.node.line, text: text + " (in the old spec)"))
        }
    }

    mutating func compare(_ oldSchema: SchemaRef, _ newSchema: SchemaRef, side: Side, role: Role, operation: String) {
        guard let a = oldReader.resolve(oldSchema), let b = newReader.resolve(newSchema) else {
            let before = oldReader.reference(oldSchema) ?? "", after = newReader.reference(newSchema) ?? ""
            if before != after || before.isEmpty {
                add(.unresolvedReference, operation, old: oldSchema, new: newSchema,
                    "a reference cannot be followed ('\(before)' to '\(after)'), so this schema was not compared")
            }
            return
        }
        let key = "\(a.pointer)|\(b.pointer)|\(side)|\(role == .parameter)"
        guard visited.insert(key).inserted else { return }
        visitedNew.insert(b.pointer)
        compareTypes(a, b, side: side, role: role, operation: operation)
        compareNullability(a, b, side: side, operation: operation)
        if oldReader.format(a) != newReader.format(b) {
            add(.formatChanged, operation, old: a, new: b,
                "format changed from \(oldReader.format(a) ?? "none") to \(newReader.format(b) ?? "none")")
        }
        compareEnums(a, b, side: side, operation: operation)
        compareProperties(a, b, side: side, operation: operation)
        if let oldItems = oldReader.items(a), let newItems = newReader.items(b) {
            compare(oldItems, newItems, side: side, role: role == .parameter ? .parameter : .property, operation: operation)
        }
        if let oldExtra = a.node["additionalProperties"], let newExtra = b.node["additionalProperties"],
           oldExtra.entries != nil, newExtra.entries != nil {
            compare(SchemaRef(node: oldExtra, pointer: JSONPointer.appending(a.pointer, "additionalProperties")),
                    SchemaRef(node: newExtra, pointer: JSONPointer.appending(b.pointer, "additionalProperties")),
                    side: side, role: .property, operation: operation)
        }
        var compared = Self.comparedSchemaKeywords
        if a.node["additionalProperties"]?.entries != nil, b.node["additionalProperties"]?.entries != nil {
            compared.insert("additionalProperties")
        }
        compareKeywords(old: a.node, new: b.node, pointer: b.pointer, operation: operation,
                        compared: compared, documentation: Self.documentationKeywords)
    }

    static let comparedSchemaKeywords: Set<String> = ["type", "nullable", "format", "enum", "const", "properties", "required",
                                                      "items", "$ref", "allOf", "$schema", "$id", "$defs", "definitions"]
    static let documentationKeywords: Set<String> = ["description", "title", "example", "examples", "deprecated", "externalDocs",
                                                     "$comment", "summary"]

    private mutating func compareTypes(_ a: SchemaRef, _ b: SchemaRef, side: Side, role: Role, operation: String) {
        let before = Set(oldReader.types(a)), after = Set(newReader.types(b))
        guard before != after else { return }
        let text = "type changed from \(Self.describe(before)) to \(Self.describe(after))"
        switch side {
        case .request:
            let widened = after.isEmpty || (!before.isEmpty && before.isSubset(of: after))
                || (before == ["integer"] && after.contains("number"))
            if widened {
                add(.requestTypeWidened, operation, old: a, new: b, text)
            } else {
                add(role == .parameter ? .parameterTypeChanged : .requestPropertyTypeChanged, operation, old: a, new: b, text)
            }
        case .response:
            if !after.isEmpty, before.isEmpty || after.isSubset(of: before) {
                add(.responseTypeNarrowed, operation, old: a, new: b, text)
            } else {
                add(role == .parameter ? .parameterTypeChanged : .responsePropertyTypeChanged, operation, old: a, new: b, text)
            }
        }
    }

    private mutating func compareNullability(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = oldReader.nullable(a), after = newReader.nullable(b)
        guard before != after else { return }
        switch (side, after) {
        case (.request, true): add(.requestPropertyBecameNullable, operation, old: a, new: b, "now accepts null")
        case (.request, false): add(.requestPropertyBecameNonNullable, operation, old: a, new: b, "no longer accepts null")
        case (.response, true): add(.responsePropertyBecameNullable, operation, old: a, new: b, "may now be null")
        case (.response, false): add(.responsePropertyBecameNonNullable, operation, old: a, new: b, "is no longer null")
        }
    }

    private mutating func compareEnums(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = oldReader.enumValues(a), after = newReader.enumValues(b)
        guard before != after else { return }
        let removed = before.map { values in values.filter { !(after ?? values).contains($0) } } ?? []
        let added = after.map { values in values.filter { !(before ?? values).contains($0) } } ?? []
        switch side {
        case .request:
            if before == nil, let after {
                add(.requestEnumValueRemoved, operation, old: a, new: b, "now limited to the values \(after.joined(separator: ", "))")
            }
            if !removed.isEmpty {
                add(.requestEnumValueRemoved, operation, old: a, new: b, "enum value\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", ")) no longer accepted")
            }
            if !added.isEmpty || (after == nil) {
                add(.requestEnumValueAdded, operation, old: a, new: b, after == nil ? "enum removed: any value accepted" : "enum value\(added.count == 1 ? "" : "s") \(added.joined(separator: ", ")) added")
            }
        case .response:
            if !added.isEmpty || after == nil {
                add(.responseEnumValueAdded, operation, old: a, new: b, after == nil ? "enum removed: any value may now be returned" : "enum value\(added.count == 1 ? "" : "s") \(added.joined(separator: ", ")) may now be returned")
            }
            if !removed.isEmpty || before == nil {
                add(.responseEnumValueRemoved, operation, old: a, new: b, before == nil ? "now limited to an enum" : "enum value\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", ")) no longer returned")
            }
        }
    }

    static func describe(_ types: Set<String>) -> String {
        types.isEmpty ? "any" : types.sorted().joined(separator: " or ")
    }
}
