/// Constraint keywords, `oneOf`/`anyOf`/`allOf`, tuples and the JSON Schema 2019-09/2020-12 subschema
/// keywords. The principle: on the request side a constraint added or tightened is breaking (a request
/// that passed may now fail); on the response side one removed or loosened is (a consumer may now
/// receive what it never did). The README's rule table lists each keyword with oasdiff's ids.
extension SchemaDiff {
    /// How a constraint moved between the old schema and the new one.
    enum Movement { case tightened, loosened, added, removed }

    mutating func constraint(_ movement: Movement, side: Side, _ a: SchemaRef, _ b: SchemaRef, operation: String, _ text: String) {
        switch (side, movement) {
        case (.request, .tightened): add(.requestConstraintNarrowed, operation, old: a, new: b, text)
        case (.request, .added): add(.requestConstraintAdded, operation, old: a, new: b, text)
        case (.request, .loosened), (.request, .removed): add(.requestConstraintWidened, operation, old: a, new: b, text)
        case (.response, .loosened), (.response, .removed): add(.responseConstraintWidened, operation, old: a, new: b, text)
        case (.response, .tightened), (.response, .added): add(.responseConstraintNarrowed, operation, old: a, new: b, text)
        }
    }

    /// A keyword whose presence alone restricts values (a subschema, `uniqueItems`): added is tightened.
    mutating func presence(_ key: String, before: Bool, after: Bool, side: Side, _ a: SchemaRef, _ b: SchemaRef, operation: String) {
        guard before != after else { return }
        constraint(after ? .tightened : .loosened, side: side, a, b, operation: operation, "'\(key)' \(after ? "added" : "removed")")
    }

    static func show(_ value: Double?) -> String {
        guard let value else { return "none" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    mutating func compareConstraints(_ a: SchemaRef, _ b: SchemaRef, side: Side, role: Role, operation: String) {
        for key in ["minLength", "minItems", "minProperties", "minContains", "maxLength", "maxItems", "maxProperties", "maxContains"] {
            let before = oldReader.number(a, key), after = newReader.number(b, key)
            guard before != after else { continue }
            let text = "\(key) \(Self.show(before)) → \(Self.show(after))"
            let isMinimum = key.hasPrefix("min")
            switch (before, after) {
            case (nil, _): constraint(.added, side: side, a, b, operation: operation, text)
            case (_, nil): constraint(.removed, side: side, a, b, operation: operation, text)
            case (let x?, let y?): constraint((y > x) == isMinimum ? .tightened : .loosened, side: side, a, b, operation: operation, text)
            }
        }
        for lower in [true, false] {
            let before = oldReader.bound(a, lower: lower), after = newReader.bound(b, lower: lower)
            func describe(_ bound: (value: Double, exclusive: Bool)?) -> String {
                guard let bound else { return "none" }
                return (lower ? (bound.exclusive ? "> " : "≥ ") : (bound.exclusive ? "< " : "≤ ")) + Self.show(bound.value)
            }
            guard before?.value != after?.value || before?.exclusive != after?.exclusive else { continue }
            let text = "\(lower ? "minimum" : "maximum") \(describe(before)) → \(describe(after))"
            switch (before, after) {
            case (nil, _): constraint(.added, side: side, a, b, operation: operation, text)
            case (_, nil): constraint(.removed, side: side, a, b, operation: operation, text)
            case (let x?, let y?):
                let tighter = lower ? (y.value > x.value || (y.value == x.value && y.exclusive && !x.exclusive))
                                    : (y.value < x.value || (y.value == x.value && y.exclusive && !x.exclusive))
                constraint(tighter ? .tightened : .loosened, side: side, a, b, operation: operation, text)
            }
        }
        let oldMultiple = oldReader.number(a, "multipleOf"), newMultiple = newReader.number(b, "multipleOf")
        if oldMultiple != newMultiple {
            let text = "multipleOf \(Self.show(oldMultiple)) → \(Self.show(newMultiple))"
            switch (oldMultiple, newMultiple) {
            case (nil, _): constraint(.added, side: side, a, b, operation: operation, text)
            case (_, nil): constraint(.removed, side: side, a, b, operation: operation, text)
            case (let x?, let y?):
                // Every multiple of x is a multiple of y when x is a multiple of y: then the new one accepts more.
                let ratio = x / y
                constraint(ratio == ratio.rounded() ? .loosened : .tightened, side: side, a, b, operation: operation, text)
            }
        }
        presence("uniqueItems", before: a.node["uniqueItems"]?.bool == true, after: b.node["uniqueItems"]?.bool == true,
                 side: side, a, b, operation: operation)
        let oldPattern = a.node["pattern"]?.string, newPattern = b.node["pattern"]?.string
        if oldPattern != newPattern {
            let text = "pattern \(oldPattern.map { "'\($0)'" } ?? "none") → \(newPattern.map { "'\($0)'" } ?? "none")"
            switch (side, oldPattern, newPattern) {
            case (.request, nil, _): add(.requestConstraintNarrowed, operation, old: a, new: b, text)
            case (.request, _, nil): add(.requestConstraintWidened, operation, old: a, new: b, text)
            case (.request, _, _): add(.requestPatternChanged, operation, old: a, new: b, text + " (check that every value the old pattern accepted still matches)")
            case (.response, _, _): add(.responsePatternChanged, operation, old: a, new: b, text)
            }
        }
        let oldConst = a.node["const"].map(SchemaReader.canonical), newConst = b.node["const"].map(SchemaReader.canonical)
        if oldConst != newConst {
            let text = "const \(oldConst ?? "none") → \(newConst ?? "none")"
            switch (oldConst, newConst) {
            case (nil, _): constraint(.tightened, side: side, a, b, operation: operation, text)
            case (_, nil): constraint(.loosened, side: side, a, b, operation: operation, text)
            default:
                add(side == .request ? .requestConstraintNarrowed : .responseConstraintWidened, operation, old: a, new: b, text)
            }
        }
        for key in ["contentMediaType", "contentEncoding"] {
            let before = a.node[key]?.string, after = b.node[key]?.string
            guard before != after else { continue }
            add(side == .request ? .requestConstraintNarrowed : .responseConstraintWidened, operation, old: a, new: b,
                "\(key) \(before ?? "none") → \(after ?? "none")")
        }
        let oldDefault = a.node["default"].map(SchemaReader.canonical), newDefault = b.node["default"].map(SchemaReader.canonical)
        if oldDefault != newDefault {
            let text = "default \(oldDefault ?? "none") → \(newDefault ?? "none")"
            // A parameter's default is what the provider assumes when a consumer leaves it out.
            add(role == .parameter && side == .request ? .parameterDefaultChanged : .defaultChanged, operation, old: a, new: b, text)
        }
    }

    /// `prefixItems` (or draft-07's tuple `items`) position by position.
    mutating func compareTuples(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = oldReader.tuple(a), after = newReader.tuple(b)
        guard !before.isEmpty || !after.isEmpty else { return }
        for (x, y) in zip(before, after) { compare(x, y, side: side, role: .property, operation: operation) }
        if before.count > after.count {
            // The positions left are now checked by `items` (or anything goes).
            add(side == .request ? .requestConstraintNarrowed : .responseConstraintWidened, operation, old: a, new: b,
                "prefixItems \(before.count) → \(after.count) positions")
        } else if after.count > before.count {
            constraint(.tightened, side: side, a, b, operation: operation, "prefixItems \(before.count) → \(after.count) positions")
        }
    }

    /// `not`, `if`/`then`/`else`, `contains`, `propertyNames`, `unevaluated*`, `contentSchema`,
    /// `patternProperties`, `dependentSchemas` and `dependentRequired`.
    mutating func compareSubschemas(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        for key in ["not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"] {
            let before = a.node[key], after = b.node[key]
            switch (before, after) {
            case (nil, nil): continue
            case (nil, _?), (_?, nil):
                // `unevaluatedProperties: true` adds nothing.
                let restricts = { (node: YAMLNode) in node.bool != true }
                presence(key, before: before.map(restricts) ?? false, after: after.map(restricts) ?? false, side: side, a, b, operation: operation)
            case (let x?, let y?):
                if x.bool != nil || y.bool != nil {
                    if x.bool != y.bool {
                        constraint(y.bool == false || (x.bool == true) ? .tightened : .loosened, side: side, a, b, operation: operation,
                                   "'\(key)' \(SchemaReader.canonical(x)) → \(SchemaReader.canonical(y))")
                    }
                    continue
                }
                // Inside `not` too the schema's own side applies, as oasdiff does (adding or removing `not` is judged above).
                compare(SchemaRef(node: x, pointer: JSONPointer.appending(a.pointer, key)), SchemaRef(node: y, pointer: JSONPointer.appending(b.pointer, key)),
                        side: side, role: .property, operation: operation)
            }
        }
        for key in ["patternProperties", "dependentSchemas"] {
            let before = a.node[key]?.entries ?? [], after = b.node[key]?.entries ?? []
            for entry in before {
                guard let name = entry.key.string else { continue }
                if let match = after.first(where: { $0.key.string == name }) {
                    compare(SchemaRef(node: entry.value, pointer: JSONPointer.appending(a.pointer, key, name)),
                            SchemaRef(node: match.value, pointer: JSONPointer.appending(b.pointer, key, name)),
                            side: side, role: .property, operation: operation)
                } else {
                    constraint(.loosened, side: side, a, b, operation: operation, "\(key) '\(name)' removed")
                }
            }
            for entry in after where !before.contains(where: { $0.key.string == entry.key.string }) {
                constraint(.tightened, side: side, a, b, operation: operation, "\(key) '\(entry.key.string ?? "")' added")
            }
        }
        let oldDependent = a.node["dependentRequired"]?.entries ?? [], newDependent = b.node["dependentRequired"]?.entries ?? []
        var names: [String] = []
        for entry in oldDependent + newDependent {
            if let name = entry.key.string, !names.contains(name) { names.append(name) }
        }
        for name in names {
            let before = oldDependent.first(where: { $0.key.string == name }).map { Set(($0.value.items ?? []).compactMap(\.string)) }
            let after = newDependent.first(where: { $0.key.string == name }).map { Set(($0.value.items ?? []).compactMap(\.string)) }
            guard before != after else { continue }
            let text = "dependentRequired '\(name)': \(before.map { $0.sorted().joined(separator: ", ") } ?? "none") → \(after.map { $0.sorted().joined(separator: ", ") } ?? "none")"
            switch (before, after) {
            case (nil, _): constraint(.tightened, side: side, a, b, operation: operation, text)
            case (_, nil): constraint(.loosened, side: side, a, b, operation: operation, text)
            case (let x?, let y?):
                if !y.isSubset(of: x) { constraint(.tightened, side: side, a, b, operation: operation, text) }
                if !x.isSubset(of: y) { constraint(.loosened, side: side, a, b, operation: operation, text) }
            }
        }
    }

    /// How a member of `oneOf`/`anyOf`/`allOf` is recognised across versions: its `$ref`, its title, or its text.
    private func memberKey(_ node: YAMLNode) -> String {
        if let reference = node["$ref"]?.string { return "ref:" + SchemaReader.referenceName(reference) }
        if let title = node["title"]?.string { return "title:" + title }
        return "text:" + SchemaReader.canonical(node)
    }

    mutating func compareComposition(_ a: SchemaRef, _ b: SchemaRef, side: Side, role: Role, operation: String) {
        for key in ["oneOf", "anyOf"] {
            let before = a.node[key]?.items, after = b.node[key]?.items
            switch (before, after) {
            case (nil, nil): continue
            case (nil, let members?):
                let nonNull = members.enumerated().filter { $0.element["type"]?.string != "null" }
                if nonNull.count <= 1 {
                    // `oneOf: [X, {type: 'null'}]` only makes X nullable: compared as X (nullability is compared above).
                    if let only = nonNull.first {
                        compare(a, SchemaRef(node: only.element, pointer: JSONPointer.appending(b.pointer, key, String(only.offset))),
                                side: side, role: role, operation: operation)
                    }
                    continue
                }
                // A schema wrapped in oneOf/anyOf, itself one of the members (the same $ref, or the same text).
                let wrapped = members.enumerated().first { _, member in
                    (member["$ref"] != nil && newReader.resolve(SchemaRef(node: member, pointer: b.pointer))?.pointer == a.pointer)
                        || SchemaReader.canonical(member) == SchemaReader.canonical(a.node)
                }
                if let wrapped {
                    compare(a, SchemaRef(node: wrapped.element, pointer: JSONPointer.appending(b.pointer, key, String(wrapped.offset))),
                            side: side, role: role, operation: operation)
                }
                if key == "oneOf" {
                    // A value that matches two alternatives of a oneOf is refused, and a consumer reading one must tell them apart.
                    add(.schemaWrappedInOneOf, operation, old: a, new: b, "the schema became one of \(members.count) alternatives (oneOf)")
                } else if a.node.entries?.isEmpty ?? true {
                    constraint(.tightened, side: side, a, b, operation: operation, "any value → anyOf of \(members.count) alternatives")
                } else if wrapped != nil {
                    add(side == .request ? .requestAlternativeAdded : .responseAlternativeAdded, operation, old: a, new: b,
                        "the schema became one of \(members.count) alternatives (anyOf)")
                } else {
                    add(side == .request ? .requestAlternativeRemoved : .responseAlternativeAdded, operation, old: a, new: b,
                        "the schema → anyOf of \(members.count) alternatives, none of them the old schema")
                }
                continue
            case (let members?, nil):
                add(side == .request ? .requestAlternativeRemoved : .responseAlternativeRemoved, operation, old: a, new: b,
                    "\(key) of \(members.count) alternatives → a single schema")
                continue
            case (let x?, let y?):
                compareMembers(key, x, y, a, b, side: side, operation: operation)
            }
        }
        let before = a.node["allOf"]?.items ?? [], after = b.node["allOf"]?.items ?? []
        let oldKeys = before.map(memberKey), newKeys = after.map(memberKey)
        // Members are recognised by $ref, title or text; inline members edited in place pair by position.
        // Their properties are compared through the merged properties of the schema.
        var addedIndices = after.indices.filter { !oldKeys.contains(newKeys[$0]) }
        var removedIndices = before.indices.filter { !newKeys.contains(oldKeys[$0]) }
        let inlineAdded = addedIndices.filter { !newKeys[$0].hasPrefix("ref:") }, inlineRemoved = removedIndices.filter { !oldKeys[$0].hasPrefix("ref:") }
        for (x, y) in zip(inlineRemoved, inlineAdded) {
            removedIndices.removeAll { $0 == x }
            addedIndices.removeAll { $0 == y }
        }
        for index in addedIndices {
            let member = after[index]
            let annotationOnly = (member.entries ?? []).allSatisfy { Self.documentationKeywords.contains($0.key.string ?? "") }
            let place = SchemaRef(node: member, pointer: JSONPointer.appending(b.pointer, "allOf", String(index)))
            if side == .request, !annotationOnly {
                add(.requestAllOfAdded, operation, old: nil, new: place, "allOf member \(Self.label(newKeys[index])) added: a request must now match it too")
            } else {
                add(annotationOnly ? .documentationChanged : .responseAllOfChanged, operation, old: nil, new: place,
                    "allOf member \(Self.label(newKeys[index])) added")
            }
        }
        for index in removedIndices {
            let place = SchemaRef(node: before[index], pointer: JSONPointer.appending(a.pointer, "allOf", String(index)))
            add(side == .request ? .requestAllOfRemoved : .responseAllOfChanged, operation, old: place, new: nil,
                "allOf member \(Self.label(oldKeys[index])) removed")
        }
    }

    static func label(_ key: String) -> String {
        if key.hasPrefix("ref:") || key.hasPrefix("title:") { return "'" + key.split(separator: ":", maxSplits: 1)[1] + "'" }
        return "(inline)"
    }

    private mutating func compareMembers(_ key: String, _ before: [YAMLNode], _ after: [YAMLNode], _ a: SchemaRef, _ b: SchemaRef,
                                         side: Side, operation: String) {
        let oldKeys = before.map(memberKey), newKeys = after.map(memberKey)
        var unmatchedOld: [Int] = [], matchedNew: Set<Int> = []
        for (index, memberKey) in oldKeys.enumerated() {
            if let match = newKeys.indices.first(where: { newKeys[$0] == memberKey && !matchedNew.contains($0) }) {
                matchedNew.insert(match)
                compare(SchemaRef(node: before[index], pointer: JSONPointer.appending(a.pointer, key, String(index))),
                        SchemaRef(node: after[match], pointer: JSONPointer.appending(b.pointer, key, String(match))),
                        side: side, role: .property, operation: operation)
            } else {
                unmatchedOld.append(index)
            }
        }
        var unmatchedNew = newKeys.indices.filter { !matchedNew.contains($0) }
        // Inline members changed in place: paired by position among the unmatched ones, when neither is a $ref.
        for index in unmatchedOld {
            if let pair = unmatchedNew.first, !oldKeys[index].hasPrefix("ref:"), !newKeys[pair].hasPrefix("ref:"),
               before.count == after.count {
                unmatchedNew.removeFirst()
                compare(SchemaRef(node: before[index], pointer: JSONPointer.appending(a.pointer, key, String(index))),
                        SchemaRef(node: after[pair], pointer: JSONPointer.appending(b.pointer, key, String(pair))),
                        side: side, role: .property, operation: operation)
                continue
            }
            let place = SchemaRef(node: before[index], pointer: JSONPointer.appending(a.pointer, key, String(index)))
            add(side == .request ? .requestAlternativeRemoved : .responseAlternativeRemoved, operation, old: place, new: nil,
                "\(key) alternative \(Self.label(oldKeys[index])) removed")
        }
        for index in unmatchedNew {
            let place = SchemaRef(node: after[index], pointer: JSONPointer.appending(b.pointer, key, String(index)))
            add(side == .request ? .requestAlternativeAdded : .responseAlternativeAdded, operation, old: nil, new: place,
                "\(key) alternative \(Self.label(newKeys[index])) added")
        }
    }
}
