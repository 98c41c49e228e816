/// Reads a schema's keywords the same way for OpenAPI 3.0 (`nullable: true`), 3.1 and JSON Schema
/// (`type: [string, "null"]`), following `$ref`s lazily and `allOf` members for properties.
struct SchemaReader {
    let document: SpecDocument

    /// The schema a `$ref` chain ends at (itself when it is no reference); nil when a reference names nothing.
    func resolve(_ schema: SchemaRef) -> SchemaRef? {
        var current = schema
        var hops = 0
        while let reference = current.node["$ref"]?.string {
            guard hops < 64, let target = document.target(of: reference, from: current.pointer),
                  let node = document.node(at: target) else { return nil }
            current = SchemaRef(node: node, pointer: target)
            hops += 1
        }
        return current
    }

    /// The `$ref` a schema is, if it is one.
    func reference(_ schema: SchemaRef) -> String? { schema.node["$ref"]?.string }

    /// The last token of a local reference: `#/components/schemas/User` gives `User`.
    static func referenceName(_ reference: String) -> String {
        JSONPointer.unescape(String(reference.split(separator: "/").last ?? Substring(reference)))
    }

    /// The types, without `null`, in written order (empty: any type). A schema that gives no `type` has the
    /// one its single non-null `oneOf`/`anyOf` member or its `allOf` members give.
    func types(_ schema: SchemaRef, depth: Int = 0) -> [String] {
        // `A: {oneOf: [{$ref: A}, {type: null}]}` refers to itself: stop following after a few steps.
        guard depth < 16 else { return [] }
        let node = schema.node["type"]
        let written = node?.string.map { [$0] } ?? node?.items?.compactMap(\.string) ?? []
        if !written.isEmpty { return written.filter { $0 != "null" } }
        for key in ["oneOf", "anyOf"] {
            let members = (schema.node[key]?.items ?? []).map { SchemaRef(node: $0, pointer: schema.pointer) }
            let nonNull = members.filter { $0.node["type"]?.string != "null" }
            if nonNull.count == 1, nonNull.count < members.count, let only = resolve(nonNull[0]) { return types(only, depth: depth + 1) }
        }
        for member in schema.node["allOf"]?.items ?? [] {
            if let resolved = resolve(SchemaRef(node: member, pointer: schema.pointer)) {
                let found = types(resolved, depth: depth + 1)
                if !found.isEmpty { return found }
            }
        }
        return []
    }

    /// Whether the schema says what it is by `oneOf`, `anyOf` or `allOf` rather than by `type`.
    func isComposed(_ schema: SchemaRef) -> Bool {
        schema.node["type"] == nil && (schema.node["oneOf"] != nil || schema.node["anyOf"] != nil || schema.node["allOf"] != nil)
    }

    /// A numeric keyword (`maxLength`, `minimum`, ...) as a number; integers beyond 64 bits read as decimals.
    func number(_ schema: SchemaRef, _ key: String) -> Double? {
        guard let node = schema.node[key], case .scalar(let text, _) = node.value, node.bool == nil else { return nil }
        return Double(text)
    }

    /// The lower (or upper) bound with its exclusiveness, read alike from 3.0's `minimum` plus boolean
    /// `exclusiveMinimum` and 3.1's numeric `exclusiveMinimum`; the tighter one when both are given.
    func bound(_ schema: SchemaRef, lower: Bool) -> (value: Double, exclusive: Bool)? {
        let plainKey = lower ? "minimum" : "maximum", exclusiveKey = lower ? "exclusiveMinimum" : "exclusiveMaximum"
        var result = number(schema, plainKey).map { (value: $0, exclusive: schema.node[exclusiveKey]?.bool == true) }
        if let exclusive = number(schema, exclusiveKey) {
            if let current = result {
                let tighter = lower ? exclusive >= current.value : exclusive <= current.value
                if tighter { result = (exclusive, true) }
            } else {
                result = (exclusive, true)
            }
        }
        return result
    }

    /// Whether a property's schema (resolved) says `readOnly: true` or `writeOnly: true`.
    func flag(_ schema: SchemaRef, _ key: String) -> Bool {
        (resolve(schema) ?? schema).node[key]?.bool == true
    }

    /// Whether `null` is allowed: 3.0's `nullable: true`, a `null` type, a `null` enum value, or a `null` member of oneOf/anyOf.
    func nullable(_ schema: SchemaRef) -> Bool {
        let node = schema.node
        if node["nullable"]?.bool == true { return true }
        if node["type"]?.items?.contains(where: { $0.string == "null" }) == true || node["type"]?.string == "null" { return true }
        if node["enum"]?.items?.contains(where: { $0.isNull }) == true { return true }
        for key in ["oneOf", "anyOf"] where node[key]?.items?.contains(where: { $0["type"]?.string == "null" }) == true {
            return true
        }
        return false
    }

    func format(_ schema: SchemaRef) -> String? { schema.node["format"]?.string }

    /// The enum's values as canonical text (`null` left out: it is nullability), or nil without an enum.
    func enumValues(_ schema: SchemaRef) -> [String]? {
        if let constant = schema.node["const"] { return [Self.canonical(constant)] }
        return schema.node["enum"]?.items?.filter { !$0.isNull }.map(Self.canonical)
    }

    /// The `enum` alone (`const` is compared as a constraint by the diff).
    func enumList(_ schema: SchemaRef) -> [String]? {
        schema.node["enum"]?.items?.filter { !$0.isNull }.map(Self.canonical)
    }

    /// Properties in written order, own first, then those of `allOf` members (resolved).
    func properties(_ schema: SchemaRef) -> [(name: String, schema: SchemaRef)] {
        var result: [(name: String, schema: SchemaRef)] = []
        var names: Set<String> = []
        var visited: Set<String> = []
        collect(schema, into: &result, names: &names, visited: &visited)
        return result
    }

    /// Every definition of each property, own and of `allOf` members, in written order: a property two members
    /// define must match both (the diff pairs them across versions, `compareProperties`).
    func propertyDefinitions(_ schema: SchemaRef) -> [String: [SchemaRef]] {
        var result: [(name: String, schema: SchemaRef)] = []
        var names: Set<String> = []
        var visited: Set<String> = []
        collect(schema, into: &result, names: &names, visited: &visited, everyDefinition: true)
        return Dictionary(grouping: result, by: \.name).mapValues { $0.map(\.schema) }
    }

    private func collect(_ schema: SchemaRef, into result: inout [(name: String, schema: SchemaRef)], names: inout Set<String>,
                         visited: inout Set<String>, everyDefinition: Bool = false) {
        guard let resolved = resolve(schema), visited.insert(resolved.pointer).inserted else { return }
        for entry in resolved.node["properties"]?.entries ?? [] {
            guard let name = entry.key.string, names.insert(name).inserted || everyDefinition else { continue }
            result.append((name, SchemaRef(node: entry.value, pointer: JSONPointer.appending(resolved.pointer, "properties", name))))
        }
        for (index, member) in (resolved.node["allOf"]?.items ?? []).enumerated() {
            collect(SchemaRef(node: member, pointer: JSONPointer.appending(resolved.pointer, "allOf", String(index))),
                    into: &result, names: &names, visited: &visited, everyDefinition: everyDefinition)
        }
    }

    /// Required property names, own and those of `allOf` members.
    func required(_ schema: SchemaRef) -> Set<String> {
        var result: Set<String> = []
        var pending = [schema]
        var visited: Set<String> = []
        while let next = pending.popLast() {
            guard let resolved = resolve(next), visited.insert(resolved.pointer).inserted else { continue }
            for item in resolved.node["required"]?.items ?? [] { if let name = item.string { result.insert(name) } }
            for (index, member) in (resolved.node["allOf"]?.items ?? []).enumerated() {
                pending.append(SchemaRef(node: member, pointer: JSONPointer.appending(resolved.pointer, "allOf", String(index))))
            }
        }
        return result
    }

    /// `items` as one schema (draft-07's tuple form is read by `tuple`).
    func items(_ schema: SchemaRef) -> SchemaRef? {
        guard let node = schema.node["items"], node.items == nil else { return nil }
        return SchemaRef(node: node, pointer: JSONPointer.appending(schema.pointer, "items"))
    }

    /// Positional item schemas: `prefixItems`, or draft-07's `items` given as a list.
    func tuple(_ schema: SchemaRef) -> [SchemaRef] {
        if let list = schema.node["prefixItems"]?.items {
            return list.enumerated().map { SchemaRef(node: $1, pointer: JSONPointer.appending(schema.pointer, "prefixItems", String($0))) }
        }
        if let list = schema.node["items"]?.items {
            return list.enumerated().map { SchemaRef(node: $1, pointer: JSONPointer.appending(schema.pointer, "items", String($0))) }
        }
        return []
    }

    /// A value as text independent of layout and key order: for equality, and enum values.
    static func canonical(_ node: YAMLNode) -> String {
        switch node.value {
        case .scalar(let text, let plain):
            if node.isNull { return "null" }
            return plain && (Double(text) != nil || node.bool != nil) ? text : "\"" + text + "\""
        case .sequence(let items):
            return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .mapping(let entries):
            let pairs = entries.map { (canonical($0.key), canonical($0.value)) }.sorted { $0.0 < $1.0 }
            return "{" + pairs.map { "\($0.0):\($0.1)" }.joined(separator: ",") + "}"
        }
    }
}
