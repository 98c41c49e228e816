/// The shape of a view model: which names a template may use where.
indirect enum ViewShape: Equatable {
    case value
    case object([String: ViewShape])
    /// A list, with the shape of its elements (nil when no element was ever seen).
    case list(ViewShape?)

    static func of(_ value: Any) -> ViewShape {
        switch value {
        case let dictionary as [String: Any]:
            return .object(dictionary.mapValues(ViewShape.of))
        case let array as [Any]:
            return .list(array.reduce(nil as ViewShape?) { partial, element in
                let shape = ViewShape.of(element)
                return partial.map { $0.merged(with: shape) } ?? shape
            })
        default:
            return .value
        }
    }

    func merged(with other: ViewShape) -> ViewShape {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            return .object(a.merging(b) { $0.merged(with: $1) })
        case (.list(let a), .list(let b)):
            switch (a, b) {
            case (nil, _): return .list(b)
            case (_, nil): return .list(a)
            case (let x?, let y?): return .list(x.merged(with: y))
            }
        case (.value, _): return other
        default: return self
        }
    }

    var keys: [String] {
        if case .object(let fields) = self { return fields.keys.sorted() }
        return []
    }
}

/// The shapes of many view models folded into one, in place and in parallel: the same result as
/// folding `ViewShape.of` of each with `merged(with:)` from left to right, but associative, so
/// contiguous runs of pages can be folded on different threads and joined in order.
///
/// `merged(with:)` keeps the first kind it meets (an object stays an object when a list follows),
/// which is not associative once kinds disagree; so this keeps every kind's part, and which kind
/// came first, and `shape` picks the first kind's part at every level.
final class ShapeAccumulator {
    enum Kind { case object, list }
    private var first: Kind?
    private var fields: FieldTable?
    /// The elements of every list seen; nil when no list had an element.
    private var element: ShapeAccumulator?

    init() {}

    /// Folds in the shape of one more view model (after everything added before). True when the
    /// value is a String, an Int or a Bool, which adds nothing.
    @discardableResult
    func add(_ value: Any) -> Bool {
        // The types view models are made of, by their type alone: a failing cast, or one from
        // `[[String: Any]]` to `[Any]` (a new array of boxed elements), costs far more.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.string || type == Self.int || type == Self.bool { return true }
        if type == Self.models {
            let array = Mustache.Value.inline(value, as: [[String: Any]].self)
            if isLast(array) { return false }
            if first == nil { first = .list }
            guard !array.isEmpty else { return false }
            if array.count == 1, let element {
                // One row is folded straight into the elements (ADR-0047): a list's own fold prunes a
                // row's parts against the rows before it in that list, and a lone row has none, so
                // its fold, pruned and joined, adds exactly what adding it here adds.
                let item = array[0]
                let address = Self.addressable ? Self.address(item) : nil
                if let address, plainRows[address] != nil { return false }
                if element.add(fieldsOf: item), let address { plainRows[address] = item }
                return false
            }
            let local = ShapeAccumulator()
            for item in array {
                // A row of plain values folded into this list's elements before adds nothing again
                // (below).
                let address = Self.addressable ? Self.address(item) : nil
                if let address, plainRows[address] != nil { continue }
                if local.add(fieldsOf: item), let address { plainRows[address] = item }
            }
            local.prune()
            if let element { element.add(contentsOf: local) } else { element = local }
            return false
        }
        if type == Self.strings {
            // Each element's shape is `.value`: the list's element shape is at least that.
            if first == nil { first = .list }
            if !Mustache.Value.inline(value, as: [String].self).isEmpty, element == nil { element = ShapeAccumulator() }
            return false
        }
        if type == Self.object {
            let dictionary = Mustache.Value.inline(value, as: [String: Any].self)
            if isLast(dictionary) { return false }
            add(fieldsOf: dictionary)
            return false
        }
        switch value {
        case let dictionary as [String: Any]:
            add(fieldsOf: dictionary)
        case let array as [Any]:
            if first == nil { first = .list }
            guard !array.isEmpty else { return false }
            // `ViewShape.of` folds each list's elements on their own first: fold them apart, keep
            // only what that fold keeps, then join.
            let local = ShapeAccumulator()
            for item in array { local.add(item) }
            local.prune()
            if let element { element.add(contentsOf: local) } else { element = local }
        default:
            break
        }
        return false
    }

    private static let string = ObjectIdentifier(String.self), int = ObjectIdentifier(Int.self), bool = ObjectIdentifier(Bool.self)
    private static let models = ObjectIdentifier([[String: Any]].self), strings = ObjectIdentifier([String].self)
    private static let object = ObjectIdentifier([String: Any].self)

    /// The last dictionary or list of rows added here, kept alive so that no other can take its
    /// storage's address. Adding what was added before adds nothing (an accumulator only grows:
    /// its first kind is fixed and its fields and elements are unions), so the rows pages share
    /// (`SharedRows`: the site, the navigation, the sidebar's sections) are folded once a run of
    /// pages, not once a page (ADR-0042).
    private var last: (address: UInt, value: Any)?

    /// The rows of lists of rows (`[[String: Any]]`) folded into this list's elements whose fields
    /// are all Strings, Ints and Bools, by their storage's address, kept alive for the run as
    /// `last` is (ADR-0043). Such a row adds its keys and the object kind and nothing else, in
    /// whatever order the rows around it come (a plain value fixes no field's kind, so no other
    /// row's part is pruned for it); the accumulator only grows, so adding it again adds nothing.
    /// Pages share rows (`TimelineRows`), so most of a sidebar's timeline is folded once a run.
    private var plainRows: [UInt: [String: Any]] = [:]

    private static func address(_ value: [String: Any]) -> UInt {
        withUnsafeBytes(of: value) { $0.load(as: UInt.self) }
    }

    /// Lets go of the values kept for the skip, here and below: a run of pages calls it when it
    /// ends, so that no page's model outlives its run (they would add up to a page per run, until
    /// the end of the render).
    func forgetLast() {
        last = nil
        plainRows = [:]
        if let fields { fields.values.forEach { $0.forgetLast() } }
        element?.forgetLast()
    }

    private func isLast<T>(_ value: T) -> Bool {
        guard Self.addressable else { return false }
        let address = withUnsafeBytes(of: value) { $0.load(as: UInt.self) }
        if let last, last.address == address { return true }
        last = (address, value)
        return false
    }

    /// Dictionaries and arrays are one reference to their storage on this platform: else nothing is remembered.
    private static let addressable = MemoryLayout<[String: Any]>.size == MemoryLayout<UInt>.size
        && MemoryLayout<[[String: Any]]>.size == MemoryLayout<UInt>.size

    /// True when every field is a String, an Int or a Bool.
    @discardableResult
    private func add(fieldsOf dictionary: [String: Any]) -> Bool {
        var plain = true
        if first == nil { first = .object }
        // The table taken out while the fields are added (they go to other accumulators, never
        // this one): a local's uses need no run-time exclusivity checks, a class property's do.
        var table = fields ?? FieldTable()
        fields = nil
        for (key, field) in dictionary {
            if let existing = table.find(key) {
                if !existing.add(field) { plain = false }
            } else {
                let fresh = ShapeAccumulator()
                if !fresh.add(field) { plain = false }
                table.insert(key, fresh)
            }
        }
        fields = table
        return plain
    }

    /// Folds in everything `other` holds, as if it had been added after what this one holds.
    func add(contentsOf other: ShapeAccumulator) {
        if first == nil { first = other.first }
        if let otherFields = other.fields {
            if fields == nil { fields = FieldTable() }
            for (key, field) in zip(otherFields.keys, otherFields.values) {
                if let existing = fields!.find(key) { existing.add(contentsOf: field) } else { fields!.insert(key, field.copy()) }
            }
        }
        if let otherElement = other.element {
            if let element { element.add(contentsOf: otherElement) } else { element = otherElement.copy() }
        }
    }

    /// Drops every part `shape` would not show: the accumulator of exactly the folded shape.
    private func prune() {
        switch first {
        case nil:
            fields = nil
            element = nil
        case .object:
            element = nil
            fields?.values.forEach { $0.prune() }
        case .list:
            fields = nil
            element?.prune()
        }
    }

    private func copy() -> ShapeAccumulator {
        let copy = ShapeAccumulator()
        copy.add(contentsOf: self)
        return copy
    }

    /// The folded shape.
    var shape: ViewShape {
        switch first {
        case nil: return .value
        case .object:
            var shapes: [String: ViewShape] = [:]
            if let fields { for (key, field) in zip(fields.keys, fields.values) { shapes[key] = field.shape } }
            return .object(shapes)
        case .list: return .list(element?.shape)
        }
    }
}

/// The fields of an object shape: dictionaries of one kind of view model come with the same keys
/// in the same order, so a search that starts after the last key found usually hits at once,
/// without hashing. Large tables keep an index.
private struct FieldTable {
    private(set) var keys: [String] = []
    private(set) var values: [ShapeAccumulator] = []
    private var next = 0
    private var index: [String: Int]?

    mutating func find(_ key: String) -> ShapeAccumulator? {
        if let index { return index[key].map { values[$0] } }
        let count = keys.count
        var position = next
        for _ in 0..<count {
            if position >= count { position = 0 }
            if keys[position] == key {
                next = position + 1
                return values[position]
            }
            position += 1
        }
        return nil
    }

    mutating func insert(_ key: String, _ value: ShapeAccumulator) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > 32 {
            index = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
    }
}
