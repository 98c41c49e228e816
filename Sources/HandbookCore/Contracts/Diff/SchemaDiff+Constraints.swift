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

    /// `additionalProperties`: absent or `true` allows any other property, a schema allows those it accepts, `false`
    /// none; two schemas are compared as subschemas. On a schema that cannot be an object it has no effect.
    mutating func compareAdditionalProperties(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = SchemaDiff.objectKeyword(oldReader, a, "additionalProperties")
        let after = SchemaDiff.objectKeyword(newReader, b, "additionalProperties")
        if let x = before, let y = after, x.entries != nil, y.entries != nil {
            compare(SchemaRef(node: x, pointer: JSONPointer.appending(a.pointer, "additionalProperties")),
                    SchemaRef(node: y, pointer: JSONPointer.appending(b.pointer, "additionalProperties")),
                    side: side, role: .property, operation: operation)
            return
        }
        func strictness(_ node: YAMLNode?) -> Int {
            guard let node else { return 0 }
            if let flag = node.bool { return flag ? 0 : 2 }
            return node.entries?.isEmpty == false ? 1 : 0
        }
        func show(_ node: YAMLNode?) -> String {
            guard let node else { return "none" }
            return node.bool.map(String.init) ?? (node.entries?.isEmpty == false ? "a schema" : "{}")
        }
        let x = strictness(before), y = strictness(after)
        guard x != y else { return }
        constraint(y > x ? .tightened : .loosened, side: side, a, b, operation: operation,
                   "additionalProperties \(show(before)) → \(show(after))")
    }

    /// A keyword that only applies to objects, or nil when the schema cannot be an object (its types exclude it).
    static func objectKeyword(_ reader: SchemaReader, _ schema: SchemaRef, _ key: String) -> YAMLNode? {
        guard let node = schema.node[key] else { return nil }
        let types = reader.types(schema)
        return types.isEmpty || types.contains("object") ? node : nil
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
            let objectOnly = key == "propertyNames" || key == "unevaluatedProperties"
            let before = objectOnly ? Self.objectKeyword(oldReader, a, key) : a.node[key]
            let after = objectOnly ? Self.objectKeyword(newReader, b, key) : b.node[key]
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
            let before = Self.objectKeyword(oldReader, a, key)?.entries ?? [], after = Self.objectKeyword(newReader, b, key)?.entries ?? []
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
                wrapped(in: key, members, a, b, side: side, role: role, operation: operation)
                continue
            case (let members?, nil):
                add(side == .request ? .requestAlternativeRemoved : .responseAlternativeRemoved, operation, old: a, new: b,
                    "\(key) of \(members.count) alternatives → a single schema")
                continue
            case (let x?, let y?):
                compareMembers(key, x, y, a, b, side: side, operation: operation)
            }
        }
        compareAllOf(a, b, side: side, operation: operation)
    }

    /// `allOf` by what the members mean together (ADR-0114). Members are paired by `$ref`, title or text, then inline
    /// ones in order, and each pair compared without its properties (read merged with the schema's own). A member
    /// added or removed that only lists properties and required names (and annotations) changes nothing the merged
    /// properties do not show: properties moved into or out of members, or members reordered, are not reported.
    mutating func compareAllOf(_ a: SchemaRef, _ b: SchemaRef, side: Side, operation: String) {
        let before = a.node["allOf"]?.items ?? [], after = b.node["allOf"]?.items ?? []
        guard !before.isEmpty || !after.isEmpty else { return }
        let oldKeys = before.map(memberKey), newKeys = after.map(memberKey)
        var unmatchedOld: [Int] = [], matchedNew: Set<Int> = []
        var pairs: [(Int, Int)] = []
        for (index, key) in oldKeys.enumerated() {
            if let match = newKeys.indices.first(where: { newKeys[$0] == key && !matchedNew.contains($0) }) {
                matchedNew.insert(match)
                pairs.append((index, match))
            } else {
                unmatchedOld.append(index)
            }
        }
        var unmatchedNew = newKeys.indices.filter { !matchedNew.contains($0) }
        // Inline members edited in place pair in order.
        for index in unmatchedOld where !oldKeys[index].hasPrefix("ref:") {
            guard let pair = unmatchedNew.first(where: { !newKeys[$0].hasPrefix("ref:") }) else { break }
            unmatchedNew.removeAll { $0 == pair }
            unmatchedOld.removeAll { $0 == index }
            pairs.append((index, pair))
        }
        for (x, y) in pairs {
            compare(SchemaRef(node: before[x], pointer: JSONPointer.appending(a.pointer, "allOf", String(x))),
                    SchemaRef(node: after[y], pointer: JSONPointer.appending(b.pointer, "allOf", String(y))),
                    side: side, role: .member, operation: operation)
        }
        for index in unmatchedNew {
            let member = after[index]
            let place = SchemaRef(node: member, pointer: JSONPointer.appending(b.pointer, "allOf", String(index)))
            let annotationOnly = (member.entries ?? []).allSatisfy { Self.documentationKeywords.contains($0.key.string ?? "") }
            if annotationOnly {
                add(.documentationChanged, operation, old: nil, new: place, "allOf member \(Self.label(newKeys[index])) added")
            } else if listsPropertiesOnly(place, of: b, reader: newReader) {
                markCovered(place, reader: newReader)
            } else if side == .request {
                add(.requestAllOfAdded, operation, old: nil, new: place, "allOf member \(Self.label(newKeys[index])) added: a request must now match it too")
            } else {
                add(.responseAllOfChanged, operation, old: nil, new: place, "allOf member \(Self.label(newKeys[index])) added")
            }
        }
        for index in unmatchedOld {
            let place = SchemaRef(node: before[index], pointer: JSONPointer.appending(a.pointer, "allOf", String(index)))
            if listsPropertiesOnly(place, of: a, reader: oldReader) { continue }
            add(side == .request ? .requestAllOfRemoved : .responseAllOfChanged, operation, old: place, new: nil,
                "allOf member \(Self.label(oldKeys[index])) removed")
        }
    }

    /// Whether an `allOf` member (resolved) says nothing but `type: object`, properties, required names and annotations,
    /// each property being the one the schema's merged properties hold and each required name one of them: then the
    /// merged comparison of `schema` covers all it means.
    private func listsPropertiesOnly(_ member: SchemaRef, of schema: SchemaRef, reader: SchemaReader, depth: Int = 0) -> Bool {
        guard depth < 8, let resolved = reader.resolve(member) else { return false }
        let merged = Dictionary(reader.properties(schema).map { ($0.name, SchemaReader.canonical($0.schema.node)) }, uniquingKeysWith: { x, _ in x })
        for entry in resolved.node.entries ?? [] {
            guard let key = entry.key.string else { return false }
            switch key {
            case "type":
                guard entry.value.string == "object" else { return false }
            case "properties":
                for property in entry.value.entries ?? [] {
                    guard let name = property.key.string, merged[name] == SchemaReader.canonical(property.value) else { return false }
                }
            case "required":
                guard (entry.value.items ?? []).allSatisfy({ merged[$0.string ?? ""] != nil }) else { return false }
            case "allOf":
                for (index, nested) in (entry.value.items ?? []).enumerated() {
                    let place = SchemaRef(node: nested, pointer: JSONPointer.appending(resolved.pointer, "allOf", String(index)))
                    guard listsPropertiesOnly(place, of: schema, reader: reader, depth: depth + 1) else { return false }
                }
            default:
                guard Self.documentationKeywords.contains(key) else { return false }
            }
        }
        return true
    }

    /// A member whose meaning the merged comparison covers: named schemas it is are not compared again on their own.
    private mutating func markCovered(_ member: SchemaRef, reader: SchemaReader) {
        guard let resolved = reader.resolve(member) else { return }
        coverNew(resolved.pointer)
        for (index, nested) in (resolved.node["allOf"]?.items ?? []).enumerated() {
            markCovered(SchemaRef(node: nested, pointer: JSONPointer.appending(resolved.pointer, "allOf", String(index))), reader: reader)
        }
    }

    /// A schema that became `oneOf`/`anyOf` alternatives, judged by what they accept (ADR-0114). Request side: when
    /// an alternative accepts every value the old schema did, nothing sent before is refused by `anyOf`, nor by
    /// `oneOf` when the other alternatives cannot match those values (their types or constants do not meet);
    /// otherwise a `oneOf` may refuse a value that now matches two alternatives (a warning, as oasdiff's
    /// `-original-preserved`). Response side: a response may now be an alternative the old schema did not
    /// allow (breaking), unless every alternative stays within it (a narrowing).
    mutating func wrapped(in key: String, _ members: [YAMLNode], _ a: SchemaRef, _ b: SchemaRef, side: Side, role: Role, operation: String) {
        let places = members.enumerated().map { SchemaRef(node: $1, pointer: JSONPointer.appending(b.pointer, key, String($0))) }
        let count = "\(members.count) alternatives (\(key))"
        if a.node.entries?.isEmpty ?? true {
            // Any value became a choice among alternatives.
            if key == "oneOf", side == .request {
                add(.schemaWrappedInOneOf, operation, old: a, new: b, "any value → one of \(count)")
            } else {
                constraint(.tightened, side: side, a, b, operation: operation, "any value → one of \(count)")
            }
            return
        }
        // The alternative that carries the old schema on: it accepts everything the old one did.
        let kept = places.indices.first { accepts(places[$0], everything: a) }
        switch side {
        case .request:
            guard let kept else {
                if key == "oneOf" {
                    add(.schemaWrappedInOneOf, operation, old: a, new: b, "the schema became one of \(count), none of them accepting all it accepted")
                } else {
                    add(.requestAlternativeRemoved, operation, old: a, new: b, "the schema → anyOf of \(members.count) alternatives, none of them the old schema")
                }
                return
            }
            compare(a, places[kept], side: side, role: role, operation: operation)
            let others = places.indices.filter { $0 != kept }
            if key == "anyOf" || others.allSatisfy({ disjoint(places[kept], places[$0]) }) {
                add(.requestAlternativeAdded, operation, old: a, new: b,
                    "the schema became one of \(count); alternative \(kept + 1) accepts everything it accepted"
                        + (key == "oneOf" ? " and no other alternative matches those values" : ""))
            } else {
                add(.schemaWrappedInOneOfOriginalPreserved, operation, old: a, new: b,
                    "the schema became one of \(count); alternative \(kept + 1) accepts everything it accepted, but oneOf refuses a value that matches another alternative too: check that they cannot overlap")
            }
        case .response:
            // A `null` alternative is nullability, compared on its own.
            let outside = places.indices.filter { places[$0].node["type"]?.string != "null" && !within(places[$0], a) }
            if outside.isEmpty {
                add(.responseTypeNarrowed, operation, old: a, new: b, "the schema became one of \(count), each within the old schema")
                return
            }
            if let kept { compare(a, places[kept], side: side, role: role, operation: operation) }
            if key == "oneOf", kept == nil {
                add(.schemaWrappedInOneOf, operation, old: a, new: b, "the schema became one of \(count), none of them the old schema")
            } else {
                add(.responseAlternativeAdded, operation, old: a, new: b,
                    "the schema became one of \(count): a response may now be " + outside.map { "alternative \($0 + 1)" }.joined(separator: ", ")
                        + ", which the old schema did not allow")
            }
        }
    }

    /// Whether `wide` (in the new spec) accepts every value `narrow` (in the old) did: the request-side comparison of
    /// the two finds nothing breaking or worth a warning. Deep inside such a check only the same schema counts.
    private func accepts(_ wide: SchemaRef, everything narrow: SchemaRef) -> Bool {
        probe(narrow, wide, side: .request)
    }

    /// Whether every value `narrow` (in the new spec) allows, `wide` (in the old) allowed: the response-side comparison finds
    /// nothing breaking or worth a warning.
    private func within(_ narrow: SchemaRef, _ wide: SchemaRef) -> Bool {
        probe(wide, narrow, side: .response)
    }

    private func probe(_ oldSchema: SchemaRef, _ newSchema: SchemaRef, side: Side) -> Bool {
        guard probeDepth < 2 else {
            guard let x = oldReader.resolve(oldSchema), let y = newReader.resolve(newSchema) else { return false }
            return SchemaReader.canonical(x.node) == SchemaReader.canonical(y.node)
        }
        var trial = SchemaDiff(trialOf: self)
        trial.compare(oldSchema, newSchema, side: side, role: .property, operation: "")
        return trial.findings.allSatisfy { $0.level == .info }
    }

    /// Whether no value can match both alternatives (of the new spec): their types do not meet (an integer is a
    /// number; `null` counts), or both are lists of constants with none in common. Unknown is not disjoint.
    func disjoint(_ x: SchemaRef, _ y: SchemaRef) -> Bool {
        guard let x = newReader.resolve(x), let y = newReader.resolve(y) else { return false }
        func kinds(_ schema: SchemaRef) -> Set<String>? {
            let types = newReader.types(schema)
            guard schema.node["type"] != nil || !types.isEmpty else { return nil }
            var kinds = Set(types.map { $0 == "integer" ? "number" : $0 })
            if newReader.nullable(schema) { kinds.insert("null") }
            return kinds
        }
        if let left = kinds(x), let right = kinds(y), left.isDisjoint(with: right) { return true }
        if let left = newReader.enumValues(x), let right = newReader.enumValues(y), Set(left).isDisjoint(with: right),
           !newReader.nullable(x) || !newReader.nullable(y) {
            return true
        }
        return false
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
