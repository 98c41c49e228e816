/// Properties, keywords the diff does not compare, and named schemas no operation reached.
extension SchemaDiff {
    mutating func compareProperties(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = oldReader.properties(a), after = newReader.properties(b)
        guard !before.isEmpty || !after.isEmpty else { return }
        let oldRequired = oldReader.required(a), newRequired = newReader.required(b)
        let afterByName = Dictionary(after.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        let beforeByName = Dictionary(before.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        // A readOnly property is never sent, a writeOnly one never returned: neither counts on that side.
        let ignoredFlag = side == .request ? "readOnly" : "writeOnly"
        func ignored(_ oldProperty: SchemaRef?, _ newProperty: SchemaRef?) -> Bool {
            (oldProperty.map { oldReader.flag($0, ignoredFlag) } ?? false) || (newProperty.map { newReader.flag($0, ignoredFlag) } ?? false)
        }
        // Said once, as information, when a change was left out for that reason (a reviewer sees why).
        func reportIgnored(_ name: String, _ oldProperty: SchemaRef?, _ newProperty: SchemaRef?) {
            let changed = oldProperty == nil || newProperty == nil || oldRequired.contains(name) != newRequired.contains(name)
                || SchemaReader.canonical(oldProperty!.node) != SchemaReader.canonical(newProperty!.node)
            guard changed else { return }
            let what = oldProperty == nil ? "added" : newProperty == nil ? "removed" : "changed"
            let direction = side == .request ? "clients never send it" : "servers never return it"
            add(.readOnlyWriteOnlyIgnored, operation, old: oldProperty, new: newProperty,
                "property '\(name)' \(what), not compared: it is \(ignoredFlag), so \(direction)")
        }
        for (name, oldProperty) in before {
            if ignored(oldProperty, afterByName[name]) {
                reportIgnored(name, oldProperty, afterByName[name])
                continue
            }
            guard let newProperty = afterByName[name] else {
                let wasRequired = oldRequired.contains(name)
                switch side {
                case .request: add(.requestPropertyRemoved, operation, old: oldProperty, new: nil, "property '\(name)' removed")
                case .response:
                    add(wasRequired ? .responseRequiredPropertyRemoved : .responsePropertyRemoved, operation, old: oldProperty, new: nil,
                        "property '\(name)'\(wasRequired ? ", which was required," : "") removed")
                }
                continue
            }
            switch (side, oldRequired.contains(name), newRequired.contains(name)) {
            case (.request, false, true):
                add(.requestPropertyBecameRequired, operation, old: oldProperty, new: newProperty, "property '\(name)' became required")
            case (.request, true, false):
                add(.requestPropertyBecameOptional, operation, old: oldProperty, new: newProperty, "property '\(name)' became optional")
            case (.response, true, false):
                add(.responsePropertyBecameOptional, operation, old: oldProperty, new: newProperty, "property '\(name)' became optional: it may be missing")
            case (.response, false, true):
                add(.responsePropertyBecameRequired, operation, old: oldProperty, new: newProperty, "property '\(name)' became required")
            default: break
            }
            compare(oldProperty, newProperty, side: side, role: .property, operation: operation)
        }
        for (name, newProperty) in after where beforeByName[name] == nil {
            if ignored(nil, newProperty) {
                reportIgnored(name, nil, newProperty)
                continue
            }
            let required = newRequired.contains(name)
            switch side {
            case .request:
                add(required ? .requestPropertyAddedRequired : .requestPropertyAddedOptional, operation, old: nil, new: newProperty,
                    "new \(required ? "required" : "optional") property '\(name)'")
            case .response:
                add(.responsePropertyAdded, operation, old: nil, new: newProperty, "new property '\(name)'")
            }
        }
    }

    /// Every keyword outside `compared`: a documentation one that changed is `documentation-changed`,
    /// any other that changed is `unchecked` (never silently ignored).
    mutating func compareKeywords(old a: YAMLNode, new b: YAMLNode, pointer: String, operation: String,
                                  compared: Set<String>, documentation: Set<String>) {
        var keys: [String] = []
        for entry in (a.entries ?? []) + (b.entries ?? []) {
            if let key = entry.key.string, !compared.contains(key), !keys.contains(key) { keys.append(key) }
        }
        for key in keys {
            let before = a[key], after = b[key]
            let same = before.map(SchemaReader.canonical) == after.map(SchemaReader.canonical)
            guard !same else { continue }
            let place = SchemaRef(node: after ?? b, pointer: JSONPointer.appending(pointer, key))
            let what = before == nil ? "added" : after == nil ? "removed" : "changed"
            if documentation.contains(key) {
                add(.documentationChanged, operation, old: nil, new: place, "'\(key)' \(what)")
            } else {
                add(.unchecked, operation, old: nil, new: place, "'\(key)' \(what); the diff does not compare this keyword, review it by hand")
            }
        }
    }

    /// Named schemas no operation led to are still compared (by default by the response-side rules:
    /// someone reads them; a standalone schema's by the sides its compatibility gives).
    mutating func compareUnvisitedNamedSchemas(sides: [Side] = [.response]) {
        let before = Dictionary(old.namedSchemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        let afterNames = Set(new.namedSchemas.map(\.name))
        for named in new.namedSchemas {
            guard let oldSchema = before[named.name] else { continue }
            if !visitedNew.contains(named.schema.pointer) {
                for side in sides { compare(oldSchema, named.schema, side: side, role: .body, operation: "") }
            }
        }
        for named in old.namedSchemas where !afterNames.contains(named.name) {
            add(.unchecked, "", old: named.schema, new: nil,
                "schema '\(named.name)' removed from the spec; review what used it by hand")
        }
    }
}
