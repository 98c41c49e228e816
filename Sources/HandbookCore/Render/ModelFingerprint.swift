import Foundation

/// A 64-bit fingerprint of a view model as the Mustache renderer reads it: two models with one
/// fingerprint render to the same page with the same templates (ADR-0017). Values are classified
/// exactly as `Mustache.Value` classifies them; an object's entries are combined in any order
/// (dictionaries iterate in no fixed order); a value the renderer shows through
/// `String(describing:)`, or a function, has no fingerprint (nil: the page is always rendered).
///
/// `Hasher` is seeded per process: fingerprints are compared only within one `handbook serve`.
enum ModelFingerprint {
    static func of(_ model: Any, template: String) -> Int? {
        var hasher = Hasher()
        hasher.combine(template)
        guard add(model, to: &hasher) else { return nil }
        return hasher.finalize()
    }

    private static func add(_ any: Any, to hasher: inout Hasher) -> Bool {
        switch Mustache.Value(any) {
        case .string(let text):
            hasher.combine(1 as UInt8)
            hasher.combine(text)
        case .text(let made):
            hasher.combine(1 as UInt8)
            hasher.combine(made.whole)
        case .int(let number):
            hasher.combine(2 as UInt8)
            hasher.combine(number)
        case .double(let number):
            hasher.combine(3 as UInt8)
            hasher.combine(number.bitPattern)
        case .bool(let flag):
            hasher.combine(4 as UInt8)
            hasher.combine(flag)
        case .null:
            hasher.combine(5 as UInt8)
        case .object(let object):
            // Each entry hashed on its own, the entries summed: the order of iteration does not count.
            var sum = 0
            for (key, value) in object {
                var entry = Hasher()
                entry.combine(key)
                guard add(value, to: &entry) else { return false }
                sum = sum &+ entry.finalize()
            }
            hasher.combine(6 as UInt8)
            hasher.combine(object.count)
            hasher.combine(sum)
        case .list(let items):
            hasher.combine(7 as UInt8)
            hasher.combine(items.count)
            switch items {
            case .strings(let strings):
                for text in strings {
                    hasher.combine(1 as UInt8)
                    hasher.combine(text)
                }
            case .objects(let objects):
                for object in objects where !add(object, to: &hasher) { return false }
            case .any(let values):
                for value in values where !add(value, to: &hasher) { return false }
            case .made(let rows):
                for index in 0..<rows.count where !add(rows.row(index), to: &hasher) { return false }
            }
        case .other, .lambda:
            return false
        }
        return true
    }
}
