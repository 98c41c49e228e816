/// Properties, keywords the diff does not compare, and named schemas no operation reached.
extension SchemaDiff {
    mutating func compareProperties(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = oldReader.properties(a), after = newReader.properties(b)
        guard !before.isEmpty || !after.isEmpty else { return }
        let oldRequired = oldReader.required(a), newRequired = newReader.required(b)
        // A property several allOf members define (rare): every definition counts.
        let oldDefinitions = a.node["allOf"] == nil ? [:] : oldReader.propertyDefinitions(a)
        let newDefinitions = b.node["allOf"] == nil ? [:] : newReader.propertyDefinitions(b)
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
            compareDefinitions(of: name, oldProperty, newProperty, oldDefinitions, newDefinitions, side: side, operation: operation)
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

    /// A property compared across versions. When allOf members define it more than once, a value must match every
    /// definition: definitions are paired by their text, then in order, and a definition left over is compared with the
    /// other version's first.
    private mutating func compareDefinitions(of name: String, _ oldProperty: SchemaRef, _ newProperty: SchemaRef,
                                             _ oldDefinitions: [String: [SchemaRef]], _ newDefinitions: [String: [SchemaRef]],
                                             side: Side, operation: String) {
        let olds = oldDefinitions[name] ?? [oldProperty], news = newDefinitions[name] ?? [newProperty]
        guard olds.count > 1 || news.count > 1 else {
            compare(oldProperty, newProperty, side: side, role: .property, operation: operation)
            return
        }
        var leftOld = Array(olds.indices), leftNew = Array(news.indices)
        var pairs: [(Int, Int)] = []
        for x in olds.indices {
            let text = SchemaReader.canonical(olds[x].node)
            if let y = leftNew.first(where: { SchemaReader.canonical(news[$0].node) == text }) {
                pairs.append((x, y))
                leftOld.removeAll { $0 == x }
                leftNew.removeAll { $0 == y }
            }
        }
        while let x = leftOld.first, let y = leftNew.first {
            pairs.append((x, y))
            leftOld.removeFirst()
            leftNew.removeFirst()
        }
        pairs += leftOld.map { ($0, 0) } + leftNew.map { (0, $0) }
        for (x, y) in pairs { compare(olds[x], news[y], side: side, role: .property, operation: operation) }
    }

    /// Every keyword outside `compared`: a documentation one that changed is `documentation-changed`, a vendor
    /// extension (`x-...`) is counted for one `extension-changed` note, any other that changed is `unchecked`.
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
            if key.hasPrefix("x-"), !documentation.contains(key) {
                // A vendor extension is not contract: counted, and named once (`reportExtensions`).
                extensionChanges.append((key, place, operation))
                continue
            }
            if documentation.contains(key) {
                add(.documentationChanged, operation, old: nil, new: place, "'\(key)' \(what)")
            } else {
                add(.unchecked, operation, old: nil, new: place, "'\(key)' \(what); the diff does not compare this keyword, review it by hand")
            }
        }
    }

    /// Named schemas the comparison of operations did not visit (ADR-0114). A standalone JSON Schema's are compared
    /// by the sides its compatibility gives. In an OpenAPI document the contract is what operations use: a schema
    /// an operation reaches (through `$ref`s) but the comparison did not visit is compared on the sides it is reached
    /// from, under the first operation reaching it; one no operation reaches, in either version, gets one
    /// `unused-schema-changed` note listing what changed. A change already reported under an operation is not
    /// reported again.
    mutating func compareUnvisitedNamedSchemas(sides: [Side] = [.response], operations: Bool = false) {
        let before = Dictionary(old.namedSchemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        let afterNames = Set(new.namedSchemas.map(\.name))
        let reach = operations ? (old: SchemaReach(old), new: SchemaReach(new)) : nil
        for named in new.namedSchemas {
            guard let oldSchema = before[named.name], !visitedNew.contains(named.schema.pointer) else { continue }
            guard let reach else {
                for side in sides { compareAlone(oldSchema, named.schema, side: side, operation: "") }
                continue
            }
            var reached = false
            for side in [Side.request, .response] {
                guard let operation = reach.new.operation(reaching: named.schema.pointer, side: side)
                        ?? reach.old.operation(reaching: oldSchema.pointer, side: side) else { continue }
                reached = true
                compareAlone(oldSchema, named.schema, side: side, operation: operation)
            }
            if reached { continue }
            let changes = compareAlone(oldSchema, named.schema, side: .response, operation: "", keep: false)
            guard !changes.isEmpty else { continue }
            let listed = changes.prefix(3).map { "\($0.id): \($0.text)" }.joined(separator: "; ")
            add(.unusedSchemaChanged, "", old: oldSchema, new: named.schema,
                "schema '\(named.name)' changed, and no operation uses it: \(listed)" + (changes.count > 3 ? "; and \(changes.count - 3) more" : ""))
        }
        for named in old.namedSchemas where !afterNames.contains(named.name) {
            if let reach, !reach.old.isReached(named.schema.pointer) {
                add(.unusedSchemaChanged, "", old: named.schema, new: nil, "schema '\(named.name)' removed; no operation used it")
            } else {
                add(.unchecked, "", old: named.schema, new: nil, "schema '\(named.name)' removed from the spec; review what used it by hand")
            }
        }
    }

    /// Compares a pair outside any operation's walk and keeps (or, with `keep` false, takes back) what it finds that
    /// was not already reported under some operation; returns those findings.
    @discardableResult
    private mutating func compareAlone(_ oldSchema: SchemaRef, _ newSchema: SchemaRef, side: Side, operation: String,
                                       keep: Bool = true) -> [ContractFinding] {
        let start = findings.count
        compare(oldSchema, newSchema, side: side, role: .body, operation: operation)
        let earlier = Set(findings[..<start].map { "\($0.id)|\($0.path)|\($0.text)" })
        let found = findings[start...].filter { !earlier.contains("\($0.id)|\($0.path)|\($0.text)") }
        findings.removeSubrange(start...)
        if keep { findings.append(contentsOf: found) }
        return Array(found)
    }

    /// One note for every vendor extension that changed (ADR-0114): `x-...` keywords are the vendor's (documentation
    /// generators, gateways), not the contract, and are not compared.
    mutating func reportExtensions() {
        guard let first = extensionChanges.first else { return }
        let names = extensionChanges.reduce(into: [String]()) { names, change in if !names.contains(change.key) { names.append(change.key) } }
        let more = extensionChanges.count - 1
        add(.extensionChanged, first.operation, old: nil, new: first.place,
            "'\(first.key)' changed" + (more > 0 ? ", and \(more) more vendor extension change\(more == 1 ? "" : "s") (\(names.joined(separator: ", ")))" : "")
                + ": x- extensions are not part of the contract and are not compared")
    }
}
