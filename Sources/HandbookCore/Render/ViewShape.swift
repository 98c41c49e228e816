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
        case let rows as Mustache.MadeRows:
            return of(rows.all)
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
                if let address, plainRows.contains(address) || heldRows.contains(address) { return false }
                if element.add(fieldsOf: item), let address { plainRows.insert(address, keeping: item) }
                return false
            }
            // Rows that each add nothing to the elements add nothing together (ADR-0050): most pages'
            // lists of rows (a table of contents, tag links, a year of the timeline) once a run has
            // seen one, so no list of its own is folded, pruned and joined for them.
            if let element, holdsEvery(array, element) { return false }
            let local = ShapeAccumulator()
            for item in array {
                // A row of plain values folded into this list's elements before adds nothing again
                // (below).
                let address = Self.addressable ? Self.address(item) : nil
                if let address, plainRows.contains(address) { continue }
                if local.add(fieldsOf: item), let address { plainRows.insert(address, keeping: item) }
            }
            local.prune()
            if let element { element.add(contentsOf: local) } else { element = local }
            return false
        }
        if type == Self.madeRows {
            // Rows made as they are read (ADR-0054): folded as the array of them is above, each
            // made when it is folded and let go after; none is remembered by its address (the
            // next row made may take it), which only skips work.
            // Only a row of each shape the rows have, when they are told (`MadeRows.shapes`, ADR-0072):
            // the rows of one shape add, and are held, alike.
            let rows = unsafeDowncast(value as AnyObject, to: Mustache.MadeRows.self)
            if isLast(rows) { return false }
            if first == nil { first = .list }
            guard rows.count > 0 else { return false }
            if rows.count == 1, let element {
                element.add(fieldsOf: rows.row(0))
                return false
            }
            let places = rows.shapeRows
            if let element, places.allSatisfy({ element.contains(fieldsOf: rows.row($0)) }) { return false }
            let local = ShapeAccumulator()
            for index in places { local.add(fieldsOf: rows.row(index)) }
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

    // Computed, not stored: a stored static is a lazy global, a `swift_once` at every read.
    private static var string: ObjectIdentifier { ObjectIdentifier(String.self) }
    private static var int: ObjectIdentifier { ObjectIdentifier(Int.self) }
    private static var bool: ObjectIdentifier { ObjectIdentifier(Bool.self) }
    private static var models: ObjectIdentifier { ObjectIdentifier([[String: Any]].self) }
    private static var strings: ObjectIdentifier { ObjectIdentifier([String].self) }
    private static var object: ObjectIdentifier { ObjectIdentifier([String: Any].self) }
    private static var madeRows: ObjectIdentifier { ObjectIdentifier(Mustache.MadeRows.self) }

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
    private var plainRows = RowAddresses()

    /// The rows of lists of rows that this list's elements were found to hold (`contains`), by
    /// their storage's address, kept alive for the run as `plainRows` are (ADR-0058). An
    /// accumulator only grows (its first kind is fixed; fields, keys and elements are only added,
    /// never pruned: only a list's own fresh fold is), so a dictionary it held once it holds for
    /// as long as it is kept alive, and asking again would answer the same. Used only where a
    /// held row is skipped (a list whose every row is held; a lone row), never in a list's own
    /// fold, where a held row that is not plain may still fix a field's kind for the rows after it.
    /// The governance rows a run of pages shares (ADR-0048) and the timeline rows of pages whose
    /// window spans two years are checked once a run, not once a page.
    private var heldRows = RowAddresses()

    /// Whether `element` holds every row (`contains(fieldsOf:)`), asking only for rows not known
    /// to be held already (`plainRows`, `heldRows`), and remembering those it finds held.
    private func holdsEvery(_ rows: [[String: Any]], _ element: ShapeAccumulator) -> Bool {
        guard Self.addressable else { return rows.allSatisfy { element.contains(fieldsOf: $0) } }
        for row in rows {
            let address = Self.address(row)
            if plainRows.contains(address) || heldRows.contains(address) { continue }
            guard element.contains(fieldsOf: row) else { return false }
            heldRows.insert(address, keeping: row)
        }
        return true
    }

    private static func address(_ value: [String: Any]) -> UInt {
        withUnsafeBytes(of: value) { $0.load(as: UInt.self) }
    }

    /// Lets go of the values kept for the skip, here and below: a run of pages calls it when it
    /// ends, so that no page's model outlives its run (they would add up to a page per run, until
    /// the end of the render).
    func forgetLast() {
        last = nil
        plainRows = RowAddresses()
        heldRows = RowAddresses()
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
    private static var addressable: Bool { MemoryLayout<[String: Any]>.size == MemoryLayout<UInt>.size
        && MemoryLayout<[[String: Any]]>.size == MemoryLayout<UInt>.size }

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

    /// True when adding `value` here would change nothing (ADR-0050): a String, an Int, a Bool or
    /// any other value but a dictionary or a list; a dictionary whose every key is here already
    /// with a field that holds its value, once a kind is fixed here; a list, once a kind is fixed
    /// here, that is empty or whose every element the elements here hold. Folding values of which
    /// each is held here gives an accumulator this one holds part for part, and the fold's own
    /// pruning only drops parts; joining what is held changes nothing (`add(contentsOf:)` sets a
    /// kind only where none is, adds only keys and elements that are missing). False may also
    /// mean "not known": it is only ever a reason to skip. Reads the same types as `add`.
    func contains(_ value: Any) -> Bool {
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.string || type == Self.int || type == Self.bool { return true }
        if type == Self.models {
            let array = Mustache.Value.inline(value, as: [[String: Any]].self)
            guard first != nil else { return false }
            if array.isEmpty { return true }
            guard let element else { return false }
            return holdsEvery(array, element)
        }
        if type == Self.madeRows {
            let rows = unsafeDowncast(value as AnyObject, to: Mustache.MadeRows.self)
            guard first != nil else { return false }
            if rows.count == 0 { return true }
            guard let element else { return false }
            return rows.shapeRows.allSatisfy { element.contains(fieldsOf: rows.row($0)) }
        }
        if type == Self.strings {
            return first != nil && (Mustache.Value.inline(value, as: [String].self).isEmpty || element != nil)
        }
        if type == Self.object { return contains(fieldsOf: Mustache.Value.inline(value, as: [String: Any].self)) }
        switch value {
        case let dictionary as [String: Any]:
            return contains(fieldsOf: dictionary)
        case let array as [Any]:
            guard first != nil else { return false }
            if array.isEmpty { return true }
            guard let element else { return false }
            return array.allSatisfy { element.contains($0) }
        default:
            return true
        }
    }

    /// `contains` of a dictionary: a kind fixed here, and every key here with a field that holds its value.
    func contains(fieldsOf dictionary: [String: Any]) -> Bool {
        guard first != nil else { return false }
        if dictionary.isEmpty { return true }
        guard var table = fields else { return false }
        // Taken out while it is searched, as in `add(fieldsOf:)`: its search hint changes.
        fields = nil
        defer { fields = table }
        for (key, field) in dictionary {
            guard let existing = table.find(key), existing.contains(field) else { return false }
        }
        return true
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
    /// What was held or added before may no longer be held after it (a dropped part), so the
    /// values remembered for the skips are forgotten too (ADR-0058): every remembered value was
    /// held after the accumulator's last prune, and it only grows from there.
    private func prune() {
        last = nil
        plainRows = RowAddresses()
        heldRows = RowAddresses()
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

/// The storage addresses of the rows `ShapeAccumulator.plainRows` keeps, with the rows kept alive
/// (so that no other dictionary can take an address while it is here): open addressing on the
/// address itself, without a `Hasher` (a `Dictionary` of them was a tenth of the fold, ADR-0050).
private struct RowAddresses {
    private var slots: [UInt] = []
    private var rows: [[String: Any]] = []

    func contains(_ address: UInt) -> Bool {
        guard !slots.isEmpty else { return false }
        let mask = slots.count - 1
        var slot = Self.start(address, mask)
        while slots[slot] != 0 {
            if slots[slot] == address { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// `address` is not here yet, and is not 0 (a live dictionary's storage).
    mutating func insert(_ address: UInt, keeping row: [String: Any]) {
        if (rows.count + 1) * 2 > slots.count {
            let old = slots
            slots = [UInt](repeating: 0, count: max(16, slots.count * 2))
            for kept in old where kept != 0 { place(kept) }
        }
        place(address)
        rows.append(row)
    }

    private mutating func place(_ address: UInt) {
        let mask = slots.count - 1
        var slot = Self.start(address, mask)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = address
    }

    private static func start(_ address: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((address >> 4) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}

/// The fields of an object shape. A key is found first by its bits (a `String`'s two words): view
/// models' keys are literals, so the keys of one name are the same bits on every page, and equal
/// bits are equal text (a small string holds its bytes; a large one points to storage that cannot
/// change while `keys` holds it). A key whose bits are not here is searched for by `==` (canonical
/// equivalence, as a `Dictionary` finds keys): a search that starts after the last key found, or
/// for large tables an index. The bits' table was ADR-0050's; searching every key by `==` (each
/// dictionary iterates in an order of its own) and hashing the keys of large tables were a fifth
/// of the fold.
private struct FieldTable {
    private(set) var keys: [String] = []
    private(set) var values: [ShapeAccumulator] = []
    private var next = 0
    private var index: [String: Int]?
    /// Open addressing by bits: each slot a key's place in `keys` plus one, 0 when empty.
    private var byBits: [Int32] = []
    /// Each key's bits, by its place in `keys`.
    private var keyBits: [(UInt64, UInt64)] = []

    private static var bitsUsable: Bool { MemoryLayout<String>.size == 2 * MemoryLayout<UInt64>.size }

    @inline(__always)
    private static func bits(_ key: String) -> (UInt64, UInt64) {
        withUnsafeBytes(of: key) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
    }

    @inline(__always)
    private static func start(_ bits: (UInt64, UInt64), _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((bits.0 ^ (bits.1 &* 0xFF51_AFD7_ED55_8CCD)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    mutating func find(_ key: String) -> ShapeAccumulator? {
        if Self.bitsUsable, !byBits.isEmpty {
            let bits = Self.bits(key)
            let mask = byBits.count - 1
            var slot = Self.start(bits, mask)
            while byBits[slot] != 0 {
                let position = Int(byBits[slot]) - 1
                if keyBits[position] == bits { return values[position] }
                slot = (slot + 1) & mask
            }
        }
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
        guard Self.bitsUsable else { return }
        keyBits.append(Self.bits(key))
        if keys.count * 2 > byBits.count {
            byBits = [Int32](repeating: 0, count: max(16, byBits.count * 2))
            for position in keys.indices { placeBits(position) }
        } else {
            placeBits(keys.count - 1)
        }
    }

    private mutating func placeBits(_ position: Int) {
        let mask = byBits.count - 1
        var slot = Self.start(keyBits[position], mask)
        while byBits[slot] != 0 { slot = (slot + 1) & mask }
        byBits[slot] = Int32(position + 1)
    }
}
