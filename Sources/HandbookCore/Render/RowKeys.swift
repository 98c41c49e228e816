/// Rows that all have the same keys, made by copying one dictionary that has them (`prototype`)
/// and setting each value in its place through `Dictionary.Values`' subscript by index: no key is
/// hashed and no bucket probed per row (ADR-0062). A dictionary literal or `model[key] = value`
/// hashes every key of every row (a decision summary's five or six: about 2,600 instructions).
///
/// A copy of a dictionary has the prototype's storage layout (the same capacity, hash seed and
/// age), so an index of the prototype is an index of every copy until the copy is changed
/// otherwise than through `values`. The rows are equal to the same keys and values set one by one:
/// `RowKeysTests`. Read from any thread (the prototype is never changed).
struct RowKeys: @unchecked Sendable {
    let keys: [String]
    let prototype: [String: Any]
    private let slots: [Dictionary<String, Any>.Index]

    /// `minimumCapacity`: room for keys a page adds to the row later (no rehash then), as
    /// `Dictionary(minimumCapacity:)`. The keys must differ.
    init(_ keys: [String], minimumCapacity: Int = 0) {
        var prototype = [String: Any](minimumCapacity: max(minimumCapacity, keys.count))
        for key in keys { prototype[key] = Self.unset }
        var slots: [Dictionary<String, Any>.Index] = []
        for key in keys {
            // Every key was just put in: its index is there.
            if let slot = prototype.index(forKey: key) { slots.append(slot) }
        }
        self.keys = keys
        self.prototype = prototype
        self.slots = slots
    }

    /// The placeholder of a value not set yet; every `row` sets every key's value.
    private static let unset: Any = ()

    func row(_ v0: Any, _ v1: Any) -> [String: Any] {
        assert(slots.count == 2)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any) -> [String: Any] {
        assert(slots.count == 3)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any, _ v3: Any) -> [String: Any] {
        assert(slots.count == 4)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        row.values[slots[3]] = v3
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any, _ v3: Any, _ v4: Any) -> [String: Any] {
        assert(slots.count == 5)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        row.values[slots[3]] = v3
        row.values[slots[4]] = v4
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any, _ v3: Any, _ v4: Any, _ v5: Any) -> [String: Any] {
        assert(slots.count == 6)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        row.values[slots[3]] = v3
        row.values[slots[4]] = v4
        row.values[slots[5]] = v5
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any, _ v3: Any, _ v4: Any, _ v5: Any, _ v6: Any) -> [String: Any] {
        assert(slots.count == 7)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        row.values[slots[3]] = v3
        row.values[slots[4]] = v4
        row.values[slots[5]] = v5
        row.values[slots[6]] = v6
        return row
    }

    func row(_ v0: Any, _ v1: Any, _ v2: Any, _ v3: Any, _ v4: Any, _ v5: Any, _ v6: Any, _ v7: Any, _ v8: Any) -> [String: Any] {
        assert(slots.count == 9)
        var row = prototype
        row.values[slots[0]] = v0
        row.values[slots[1]] = v1
        row.values[slots[2]] = v2
        row.values[slots[3]] = v3
        row.values[slots[4]] = v4
        row.values[slots[5]] = v5
        row.values[slots[6]] = v6
        row.values[slots[7]] = v7
        row.values[slots[8]] = v8
        return row
    }

    /// The values of a row with many keys, set one by one in the order of `keys`: start from
    /// `prototype`, and set every key before the row is changed in any other way (a key added
    /// may move the table, and the prototype's indices with it).
    func set(_ row: inout [String: Any], _ key: Int, _ value: Any) {
        row.values[slots[key]] = value
    }
}
