/// Compares schemas pairwise, by the side they are on: a request schema is what consumers send (the
/// provider may not demand more), a response schema what they read (the provider may not give less).
/// A schema is a set of constraints: on the request side one added or tightened is breaking, on the
/// response side one removed or loosened is. `$ref`s are followed lazily; a pair already compared is
/// not compared again, so cycles end and a shared schema's change is reported once.
struct SchemaDiff {
    enum Side { case request, response }
    /// Which rule names a change: a parameter's own schema, a body's root, or a property below. An `allOf`
    /// member is compared without its properties and required names: those are its schema's (`compareProperties`
    /// reads them merged, own and of every member).
    enum Role { case parameter, body, property, member }

    let old: APIModel
    let new: APIModel
    let oldReader: SchemaReader
    let newReader: SchemaReader
    /// The pointers of the named schemas (`components/schemas`, `$defs`...) of each version.
    let oldNamed: Set<String>
    let newNamed: Set<String>
    /// What was found; the pass over unvisited named schemas takes back what it had found before (`compareAlone`).
    var findings: [ContractFinding] = []
    private var seen: Set<String> = []
    private var visited: Set<String> = []
    private(set) var visitedNew: Set<String> = []

    /// A schema of the new spec whose meaning a comparison covered without visiting it (an `allOf` member read merged).
    mutating func coverNew(_ pointer: String) { visitedNew.insert(pointer) }
    /// The sunset policy of `ContractDiffOptions`: deprecations must carry a valid `x-sunset` date.
    var sunsetPolicy = false
    /// How deep inside trial comparisons (`probe`) this diff is: 0 for the real one.
    var probeDepth = 0
    /// Vendor extensions that changed, in the order met (`reportExtensions`).
    var extensionChanges: [(key: String, place: SchemaRef, operation: String)] = []
    /// While a pair that crosses to a named schema is compared: its findings at that schema go to the `$ref`.
    private var relocation: (from: String, to: SchemaRef)?

    init(old: APIModel, new: APIModel) {
        self.old = old
        self.new = new
        oldReader = SchemaReader(document: old.document)
        newReader = SchemaReader(document: new.document)
        oldNamed = Set(old.namedSchemas.map(\.schema.pointer))
        newNamed = Set(new.namedSchemas.map(\.schema.pointer))
    }

    /// A trial comparison one level deeper (`probe`): the readers and the named schemas' sets are
    /// the parent's (shared, not built again from every named schema for each alternative tried).
    init(trialOf parent: SchemaDiff) {
        old = parent.old
        new = parent.new
        oldReader = parent.oldReader
        newReader = parent.newReader
        oldNamed = parent.oldNamed
        newNamed = parent.newNamed
        probeDepth = parent.probeDepth + 1
    }

    /// Records a finding at the new place (or the old one for what is gone); the same finding once.
    mutating func add(_ rule: ContractRule, _ operation: String, old oldPlace: SchemaRef?, new newPlace: SchemaRef?, _ text: String) {
        let finding: ContractFinding
        if let relocation, newPlace?.pointer == relocation.from {
            let place = relocation.to
            finding = ContractFinding(rule: rule, operation: operation, path: place.pointer, file: new.document.file(for: place.pointer),
                                      line: place.node.line, text: text)
        } else if let place = newPlace {
            finding = ContractFinding(rule: rule, operation: operation, path: place.pointer, file: new.document.file(for: place.pointer),
                                      line: place.node.line, text: text)
        } else if let place = oldPlace {
            finding = ContractFinding(rule: rule, operation: operation, path: place.pointer, file: old.document.file(for: place.pointer),
                                      line: place.node.line, text: text + " (in the old spec)")
        } else {
            return
        }
        guard seen.insert("\(finding.id)|\(finding.operation)|\(finding.path)|\(finding.text)").inserted else { return }
        findings.append(finding)
    }

    /// Pairs waiting to be compared: nested schemas are queued, not recursed into, so a spec with
    /// thousands of schemas nested by property `$ref`s cannot overflow the stack (findings are sorted after).
    private var pending: [(old: SchemaRef, new: SchemaRef, side: Side, role: Role, operation: String)] = []
    private var draining = false

    mutating func compare(_ oldSchema: SchemaRef, _ newSchema: SchemaRef, side: Side, role: Role, operation: String) {
        pending.append((oldSchema, newSchema, side, role, operation))
        guard !draining else { return }
        draining = true
        while let next = pending.popLast() {
            compareOne(next.old, next.new, side: next.side, role: next.role, operation: next.operation)
        }
        draining = false
    }

    private mutating func compareOne(_ oldSchema: SchemaRef, _ newSchema: SchemaRef, side: Side, role: Role, operation: String) {
        guard let a = oldReader.resolve(oldSchema), let b = newReader.resolve(newSchema) else {
            let before = oldReader.reference(oldSchema) ?? "", after = newReader.reference(newSchema) ?? ""
            if before != after || before.isEmpty {
                add(.unresolvedReference, operation, old: oldSchema, new: newSchema,
                    "a reference cannot be followed ('\(before)' → '\(after)'), so this schema was not compared")
            }
            return
        }
        let key = "\(a.pointer)|\(b.pointer)|\(side)|\(role == .parameter)|\(role == .member)"
        guard visited.insert(key).inserted else { return }
        visitedNew.insert(b.pointer)
        // A pair that crosses to another schema (an inline schema became a `$ref`, or a `$ref` names another schema):
        // what differs at its top is reported where the reference is written, not in the named schema, which did not
        // change; and the two schemas' annotations describe different things (ADR-0114).
        let oldTarget = oldSchema.node["$ref"] != nil || oldNamed.contains(a.pointer) ? a.pointer : nil
        let newTarget = newSchema.node["$ref"] != nil || newNamed.contains(b.pointer) ? b.pointer : nil
        let retargeted = oldTarget != newTarget
        if retargeted {
            if newTarget != nil { relocation = (from: b.pointer, to: newSchema) }
            let name = { (pointer: String?) in pointer.map { "'" + SchemaReader.referenceName($0) + "'" } ?? "an inline schema" }
            add(.documentationChanged, operation, old: oldSchema, new: newSchema, "\(name(oldTarget)) → \(name(newTarget))")
        }
        defer { relocation = nil }
        if sunsetPolicy, role == .property {
            checkDeprecationPolicy(a.node, b.node, what: "property", operation: operation, place: b)
        }
        compareTypes(a, b, side: side, role: role, operation: operation)
        compareNullability(a, b, side: side, operation: operation)
        let oldFormat = oldReader.format(a), newFormat = newReader.format(b)
        if oldFormat != newFormat {
            add(.formatChanged, operation, old: a, new: b, "format \(oldFormat ?? "none") → \(newFormat ?? "none")")
        }
        compareEnums(a, b, side: side, operation: operation)
        if side == .request, let before = a.node["x-extensible-enum"]?.items?.map(SchemaReader.canonical),
           let after = b.node["x-extensible-enum"]?.items?.map(SchemaReader.canonical) {
            let removed = before.filter { !after.contains($0) }
            if !removed.isEmpty {
                add(.requestEnumValueRemoved, operation, old: a, new: b,
                    "x-extensible-enum value\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", ")) no longer accepted")
            }
        }
        // Most schemas have none of these keywords: skip the many lookups for them.
        let aKeys = Set((a.node.entries ?? []).compactMap(\.key.string)), bKeys = Set((b.node.entries ?? []).compactMap(\.key.string))
        let keys = aKeys.union(bKeys)
        if !keys.isDisjoint(with: Self.constraintKeywords) {
            compareConstraints(a, b, side: side, role: role, operation: operation)
        }
        if role != .member { compareProperties(a, b, side: side, operation: operation) }
        if let oldItems = oldReader.items(a), let newItems = newReader.items(b) {
            compare(oldItems, newItems, side: side, role: role == .parameter ? .parameter : .property, operation: operation)
        }
        if keys.contains("prefixItems") || keys.contains("items") { compareTuples(a, b, side: side, operation: operation) }
        if keys.contains("additionalProperties") { compareAdditionalProperties(a, b, side: side, operation: operation) }
        if keys.contains("oneOf") || keys.contains("anyOf") || keys.contains("allOf") {
            compareComposition(a, b, side: side, role: role, operation: operation)
        }
        if !keys.isDisjoint(with: Self.subschemaKeywords) { compareSubschemas(a, b, side: side, operation: operation) }
        compareKeywords(old: a.node, new: b.node, pointer: b.pointer, operation: operation,
                        compared: retargeted ? Self.comparedSchemaKeywords.union(Self.documentationKeywords) : Self.comparedSchemaKeywords,
                        documentation: Self.documentationKeywords)
    }

    static let comparedSchemaKeywords: Set<String> = [
        "type", "nullable", "format", "enum", "const", "properties", "required", "items", "prefixItems", "$ref", "allOf",
        "anyOf", "oneOf", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
        "dependentRequired", "dependentSchemas", "patternProperties", "contentSchema", "contentMediaType", "contentEncoding",
        "$schema", "$id", "id", "$defs", "definitions", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains",
        "uniqueItems", "pattern", "default", "$anchor", "x-extensible-enum", "additionalProperties",
    ]
    static let constraintKeywords: Set<String> = [
        "minLength", "minItems", "minProperties", "minContains", "maxLength", "maxItems", "maxProperties", "maxContains",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "pattern", "const",
        "contentMediaType", "contentEncoding", "default",
    ]
    static let subschemaKeywords: Set<String> = [
        "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
        "patternProperties", "dependentSchemas", "dependentRequired",
    ]
    /// Annotations: a change is `documentation-changed` (readOnly and writeOnly are read by `compareProperties`).
    static let documentationKeywords: Set<String> = ["description", "title", "example", "examples", "deprecated", "externalDocs",
                                                     "$comment", "summary", "readOnly", "writeOnly", "discriminator", "xml"]

    private mutating func compareTypes(_ a: SchemaRef, _ b: SchemaRef, side: Side, role: Role, operation: String) {
        let before = Set(oldReader.types(a)), after = Set(newReader.types(b))
        guard before != after else { return }
        // A schema that says what it is through oneOf/anyOf/allOf is compared member by member.
        if (before.isEmpty && oldReader.isComposed(a)) || (after.isEmpty && newReader.isComposed(b)) { return }
        let text = "type \(Self.describe(before)) → \(Self.describe(after))"
        // Integers are numbers: a set of types covers another when each type is in it or is an integer under number.
        func covers(_ wide: Set<String>, _ narrow: Set<String>) -> Bool {
            wide.isEmpty || (!narrow.isEmpty && narrow.allSatisfy { wide.contains($0) || ($0 == "integer" && wide.contains("number")) })
        }
        switch side {
        case .request:
            if covers(after, before) {
                add(.requestTypeWidened, operation, old: a, new: b, text)
            } else {
                add(role == .parameter ? .parameterTypeChanged : .requestPropertyTypeChanged, operation, old: a, new: b, text)
            }
        case .response:
            if !after.isEmpty, covers(before, after) {
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
        let before = oldReader.enumList(a), after = newReader.enumList(b)
        guard before != after else { return }
        let removed = before.map { values in values.filter { !(after ?? values).contains($0) } } ?? []
        let added = after.map { values in values.filter { !(before ?? values).contains($0) } } ?? []
        switch side {
        case .request:
            if before == nil, let after {
                add(.requestEnumValueRemoved, operation, old: a, new: b, "enum none → \(after.joined(separator: ", ")): now limited to these values")
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

    /// With the sunset policy: a deprecation needs a valid `x-sunset` date (YYYY-MM-DD, or RFC 3339), a
    /// sunset may not be removed or moved earlier, and `x-stability-level` (draft, alpha, beta, stable)
    /// may not decrease or be invalid. Each breach is `deprecation-policy-violated`.
    mutating func checkDeprecationPolicy(_ a: YAMLNode, _ b: YAMLNode, what: String, operation: String, place: SchemaRef) {
        func sunset(_ node: YAMLNode) -> (text: String, valid: Bool)? {
            guard let value = node["x-sunset"] ?? node["x-sunset-date"] else { return nil }
            let text = value.string ?? ""
            return (text, Self.isDate(text))
        }
        let before = sunset(a), after = sunset(b)
        let wasDeprecated = a["deprecated"]?.bool == true, isDeprecated = b["deprecated"]?.bool == true
        if let after, !after.valid {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-sunset '\(after.text)' is not a date (YYYY-MM-DD)")
        } else if let before, !before.valid, after != nil {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-sunset '\(before.text)' → '\(after?.text ?? "")': the old date was not a date (YYYY-MM-DD)")
        }
        // Draft and alpha APIs may go without notice (as in oasdiff's deprecation policy).
        let early = ["draft", "alpha"].contains(b["x-stability-level"]?.string ?? "")
        if isDeprecated, !wasDeprecated, after == nil, !early {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what) deprecated without an x-sunset date")
        }
        if wasDeprecated, isDeprecated, before != nil, after == nil {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-sunset '\(before!.text)' → none while still deprecated")
        }
        if let before, let after, before.valid, after.valid, after.text.prefix(10) < before.text.prefix(10) {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-sunset \(before.text) → \(after.text), earlier than announced")
        }
        let levels = ["draft", "alpha", "beta", "stable"]
        let oldLevel = a["x-stability-level"].map { $0.string ?? SchemaReader.canonical($0) }
        let newLevel = b["x-stability-level"].map { $0.string ?? SchemaReader.canonical($0) }
        for level in [oldLevel, newLevel].compactMap({ $0 }) where !levels.contains(level) {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-stability-level '\(level)' is not draft, alpha, beta or stable")
        }
        if let oldLevel, let newLevel, let x = levels.firstIndex(of: oldLevel), let y = levels.firstIndex(of: newLevel), y < x {
            add(.deprecationPolicyViolated, operation, old: nil, new: place, "\(what): x-stability-level \(oldLevel) → \(newLevel)")
        }
    }

    /// `2026-11-21`, or an RFC 3339 time that starts with one.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 || (bytes.count > 10 && bytes[10] == UInt8(ascii: "T")) else { return false }
        for (index, byte) in bytes.prefix(10).enumerated() {
            let isDash = index == 4 || index == 7
            if isDash ? byte != UInt8(ascii: "-") : !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return false }
        }
        let month = Int(text.dropFirst(5).prefix(2)) ?? 0, day = Int(text.dropFirst(8).prefix(2)) ?? 0
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
