/// Turns a schema into the rows of a nested property table. A `$ref` is always a link to the named
/// schema's table, never expanded, so reference cycles end at a link; inline objects and arrays of
/// inline objects are expanded one level deeper each.
struct SchemaTable {
    let reader: SchemaReader
    /// Named schemas' pointers to their anchors on the page.
    let anchors: [String: String]

    typealias Model = [String: Any]

    static let maxDepth = 12
    static let maxRows = 2_000

    /// The schema's own line: its type (with a link when it is a reference).
    func summary(_ schema: SchemaRef) -> Model {
        var model: Model = ["schemaType": typeText(schema)]
        if let link = link(schema) { model["schemaRef"] = link }
        return model
    }

    /// The rows of the schema's properties (and its items' properties, for an array of inline objects).
    func rows(_ schema: SchemaRef) -> [Model] {
        var rows: [Model] = []
        appendChildren(of: schema, depth: 0, into: &rows)
        return rows
    }

    private func appendChildren(of schema: SchemaRef, depth: Int, into rows: inout [Model]) {
        guard depth < Self.maxDepth, reader.reference(schema) == nil, let resolved = reader.resolve(schema) else { return }
        var target = resolved
        if reader.types(resolved) == ["array"], let items = reader.items(resolved), reader.reference(items) == nil {
            target = items
        }
        let required = reader.required(target)
        for (name, property) in reader.properties(target) {
            guard rows.count < Self.maxRows else { return }
            rows.append(row(name: name, schema: property, required: required.contains(name), depth: depth))
            appendChildren(of: property, depth: depth + 1, into: &rows)
        }
        appendAlternatives(of: target, depth: depth, into: &rows)
    }

    /// Each member of `oneOf`/`anyOf`/`allOf` as a row of its own ("one of, 2"), its properties
    /// beneath it; a `$ref` member is a link, never expanded. `allOf` members' properties are
    /// already the schema's own (listed above), so an `allOf` member's row names it only.
    private func appendAlternatives(of schema: SchemaRef, depth: Int, into rows: inout [Model]) {
        for (key, word) in [("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")] {
            guard let members = schema.node[key]?.items, !members.isEmpty else { continue }
            for (offset, member) in members.enumerated() {
                guard rows.count < Self.maxRows else { return }
                let alternative = SchemaRef(node: member, pointer: JSONPointer.appending(schema.pointer, key, String(offset)))
                var model = row(name: "\(word), \(offset + 1) of \(members.count)", schema: alternative, required: false, depth: depth)
                model["alternative"] = true
                if model["propType"] as? String == "", reader.reference(alternative) == nil { model["propType"] = "any" }
                rows.append(model)
                if key != "allOf" { appendChildren(of: alternative, depth: depth + 1, into: &rows) }
            }
        }
    }

    private func row(name: String, schema: SchemaRef, required: Bool, depth: Int) -> Model {
        let node = reader.resolve(schema)?.node ?? schema.node
        let resolved = SchemaRef(node: node, pointer: schema.pointer)
        var model: Model = ["prop": name, "depth": depth, "propType": typeText(schema), "propRequired": required,
                            "propNullable": reader.nullable(resolved), "alternative": false]
        if let format = reader.format(resolved) { model["propFormat"] = format }
        if let values = reader.enumValues(resolved) { model["propEnum"] = values.joined(separator: ", ") }
        if let description = schema.node["description"]?.string ?? node["description"]?.string {
            model["propDescription"] = DescriptionMarkdown.html(description)
        }
        if let link = link(schema) { model["propRef"] = link }
        return model
    }

    /// `string`, `integer or string`, `array of`, `object`, `any`; with a reference, the word before its link.
    func typeText(_ schema: SchemaRef) -> String {
        if reader.reference(schema) != nil { return "" }
        let types = reader.types(schema)
        if types == ["array"], let items = reader.items(schema) {
            if reader.reference(items) != nil { return "array of" }
            let inner = reader.types(items)
            return "array of " + (inner.isEmpty ? (items.node["properties"] != nil ? "object" : "any") : inner.joined(separator: " or "))
        }
        if types.isEmpty {
            // Compositions name their alternatives; an enum without a type is typed by its values.
            for (key, word) in [("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")] {
                if let alternatives = schema.node[key]?.items, !alternatives.isEmpty {
                    let names = alternatives.prefix(8).map { alternative -> String in
                        if let reference = alternative["$ref"]?.string { return SchemaReader.referenceName(reference) }
                        let inner = typeText(SchemaRef(node: alternative, pointer: schema.pointer))
                        return inner.isEmpty ? "any" : inner
                    }
                    return word + ": " + names.joined(separator: " | ") + (alternatives.count > 8 ? " | …" : "")
                }
            }
            if schema.node["properties"] != nil { return "object" }
            if let values = schema.node["enum"]?.items, !values.isEmpty {
                let numeric = values.allSatisfy { $0.string.map { Double($0) != nil } ?? false }
                let boolean = values.allSatisfy { $0.bool != nil }
                return (boolean ? "boolean" : numeric ? "number" : "string") + " (enum)"
            }
            if schema.node["const"] != nil { return "constant" }
            return "any"
        }
        return types.joined(separator: " or ")
    }

    /// The link a reference (or an array of references) shows: the named schema's anchor on this page.
    private func link(_ schema: SchemaRef) -> Model? {
        var reference = reader.reference(schema)
        if reference == nil, reader.types(schema) == ["array"], let items = reader.items(schema) {
            reference = reader.reference(items)
        }
        guard let reference else { return nil }
        var model: Model = ["refName": SchemaReader.referenceName(reference)]
        if reference.hasPrefix("#"), let anchor = anchors[String(reference.dropFirst())] { model["refURL"] = "#" + anchor }
        return model
    }
}
