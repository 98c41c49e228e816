extension Mustache {
    /// Where each name of a library's templates was last found in a view model's dictionary: the
    /// bucket of its hash table (ADR-0066). A look-up first reads the key in that bucket of the
    /// frame's dictionary (`DictionaryTable.value`); when it is the name, that is the value the
    /// dictionary holds for it (its keys differ), found without hashing the name. Rows copied
    /// from one prototype (`RowKeys`) keep its table, so a name read in every row is hashed once.
    /// A hint is only a guess: one that is wrong, stale or from another dictionary is not the name
    /// in that bucket, and the look-up is the dictionary's own.
    ///
    /// One per renderer, or per run of pages through `RowMemo` (one thread at a time): never
    /// shared between threads.
    final class LookupHints {
        /// The number of slots (`Op.slot`); 0 when dictionaries' tables cannot be read here.
        let count: Int
        let buckets: UnsafeMutablePointer<Int>

        init(_ count: Int) {
            self.count = DictionaryTable.readable ? count : 0
            buckets = .allocate(capacity: max(1, count))
            buckets.initialize(repeating: 0, count: max(1, count))
        }

        deinit { buckets.deallocate() }
    }
}

/// Reads a `[String: Any]`'s native hash table in place (ADR-0066): its storage's count, scale
/// (the table has `1 << scale` buckets), keys, values and occupied-bucket bitmap, as the
/// standard library lays out `__RawDictionaryStorage` (frozen: inlined into every client). Used
/// only after `readable` has checked, on a dictionary made here, that what these reads give is
/// what the dictionary's own API gives.
enum DictionaryTable {
    private static let countOffset = 16, scaleOffset = 32, keysOffset = 48, valuesOffset = 56, bitmapOffset = 64

    /// The dictionary's storage: the one word a `[String: Any]` is on this platform.
    @inline(__always)
    static func storage(_ dictionary: [String: Any]) -> UnsafeRawPointer {
        withUnsafeBytes(of: dictionary) { $0.load(as: UnsafeRawPointer.self) }
    }

    /// The value for `key` when bucket `bucket` of `storage`'s table holds it; nil when it does not
    /// (the key is elsewhere or absent: ask the dictionary).
    @inline(__always)
    static func value(in storage: UnsafeRawPointer, forKey key: String, atBucket bucket: Int) -> UnsafePointer<Any>? {
        // An empty dictionary may be the shared empty singleton, whose table is not a real one.
        guard storage.load(fromByteOffset: countOffset, as: Int.self) > 0 else { return nil }
        let scale = Int(storage.load(fromByteOffset: scaleOffset, as: Int8.self))
        guard bucket >= 0, bucket < 1 &<< scale else { return nil }
        let word = storage.load(fromByteOffset: bitmapOffset + (bucket &>> 6) &* MemoryLayout<UInt>.size, as: UInt.self)
        guard word &>> UInt(bucket & 63) & 1 != 0 else { return nil }
        let keys = storage.load(fromByteOffset: keysOffset, as: UnsafePointer<String>.self)
        // The same bits are the same string (a short name is its bits), compared without a copy
        // of the key; other bits may still be an equal string.
        guard sameBits(keys + bucket, key) || keys[bucket] == key else { return nil }
        return storage.load(fromByteOffset: valuesOffset, as: UnsafePointer<Any>.self) + bucket
    }

    @inline(__always)
    private static func sameBits(_ stored: UnsafePointer<String>, _ key: String) -> Bool {
        let raw = UnsafeRawPointer(stored)
        return withUnsafeBytes(of: key) { bits in
            raw.load(as: UInt64.self) == bits.load(as: UInt64.self)
                && raw.load(fromByteOffset: 8, as: UInt64.self) == bits.load(fromByteOffset: 8, as: UInt64.self)
        }
    }

    /// Whether two strings are the same bits (then the same text; other bits may still be equal text).
    @inline(__always)
    static func sameBits(_ a: String, _ b: String) -> Bool {
        guard MemoryLayout<String>.size == 16 else { return false }
        return withUnsafeBytes(of: a) { x in
            withUnsafeBytes(of: b) { y in
                x.load(as: UInt64.self) == y.load(as: UInt64.self)
                    && x.load(fromByteOffset: 8, as: UInt64.self) == y.load(fromByteOffset: 8, as: UInt64.self)
            }
        }
    }

    /// The bucket an index of a dictionary stands for.
    @inline(__always)
    static func bucket(of index: Dictionary<String, Any>.Index) -> Int {
        withUnsafeBytes(of: index) { $0.load(as: Int.self) }
    }

    /// Whether the reads above give what the dictionary's API gives, checked once on a dictionary
    /// with short and long keys: the occupied buckets in order are its elements in its own order
    /// (a native dictionary iterates its buckets), each value where its key is, each key's index
    /// its bucket, and `value` finds each key in its bucket and no other.
    static let readable: Bool = check()

    static func check() -> Bool {
        guard MemoryLayout<[String: Any]>.size == MemoryLayout<UInt>.size, MemoryLayout<[String: Any]?>.size == MemoryLayout<UInt>.size,
              MemoryLayout<UInt>.size == 8, MemoryLayout<String>.stride == 16, MemoryLayout<Any>.stride == 32,
              MemoryLayout<Dictionary<String, Any>.Index>.size >= MemoryLayout<Int>.size,
              withUnsafeBytes(of: [String: Any]?.none, { $0.load(as: UInt.self) }) == 0 else { return false }
        var dictionary: [String: Any] = [:]
        for number in 0..<150 {
            dictionary[number % 3 == 0 ? "a key long enough to be stored apart \(number)" : "k\(number)"] = number
        }
        let storage = storage(dictionary)
        guard storage.load(fromByteOffset: countOffset, as: Int.self) == dictionary.count else { return false }
        let scale = Int(storage.load(fromByteOffset: scaleOffset, as: Int8.self))
        guard scale > 0, scale < 16, 1 << scale >= dictionary.count else { return false }
        let keys = storage.load(fromByteOffset: keysOffset, as: UnsafePointer<String>.self)
        let values = storage.load(fromByteOffset: valuesOffset, as: UnsafePointer<Any>.self)
        var elements = dictionary.makeIterator()
        for bucket in 0..<(1 << scale) {
            let word = storage.load(fromByteOffset: bitmapOffset + (bucket >> 6) * 8, as: UInt.self)
            guard word >> UInt(bucket & 63) & 1 != 0 else { continue }
            guard let (key, value) = elements.next(), keys[bucket] == key,
                  let number = value as? Int, values[bucket] as? Int == number,
                  let index = dictionary.index(forKey: key), self.bucket(of: index) == bucket,
                  self.value(in: storage, forKey: key, atBucket: bucket) == values + bucket,
                  self.value(in: storage, forKey: key, atBucket: (bucket + 1) % (1 << scale)) == nil,
                  self.value(in: storage, forKey: key + "?", atBucket: bucket) == nil else { return false }
        }
        return elements.next() == nil
    }
}
