/// Gives headings GitHub-style anchor ids, unique within one document:
/// lower-cased, punctuation dropped, spaces as `-`, repeats suffixed `-1`, `-2`, ...
public struct AnchorAllocator: Sendable {
    /// The anchors given, in order, looked along while there are at most `listLimit` (a document's
    /// headings: a Set's hashing and its growth from one element were most of `allocate`, ADR-0067);
    /// past that in `takenSet`, which then holds them all. `String.==` is the Set's equality.
    private var takenList: [String] = []
    private var takenSet: Set<String>?
    private var nextSuffix: [String: Int] = [:]
    /// Every anchor in the Set from the first (the reference `ParseAroundCmarkTests` compares with).
    var setFromTheStart = false

    static let listLimit = 16

    public init() {}

    public static func slug(_ text: String) -> String {
        // ASCII text by bytes (ADR-0045): there `lowercased()` maps only A-Z, the alphabetic
        // scalars are the letters and the scalars with a numeric type the digits 0-9, so the
        // bytes kept are the scalars kept. Other text goes scalar by scalar (`scalarSlug`).
        // Written straight into the String (ADR-0067: an array of the bytes kept, then a String
        // of it, was a malloc and a free a heading).
        var text = text
        if let slug = text.withUTF8({ bytes -> String? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { kept in
                var count = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): kept[count] = byte + 32
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): kept[count] = byte
                    case UInt8(ascii: " "), UInt8(ascii: "-"): kept[count] = UInt8(ascii: "-")
                    default: continue
                    }
                    count += 1
                }
                return count
            }
        }) { return slug }
        return scalarSlug(text)
    }

    /// `slug` scalar by scalar: the reference for any text (`SpeedEquivalenceTests`).
    static func scalarSlug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "-" {
                slug.unicodeScalars.append("-")
            } else if scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil || isMark(scalar) {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    /// A combining mark (`Café` written as `e` and U+0301, a Devanagari sign): kept as GitHub keeps
    /// marks, so a heading gets the same anchor whichever way its accents are written.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    public mutating func allocate(for text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        if isTaken(base) {
            var suffix = nextSuffix[base, default: 1]
            while isTaken("\(base)-\(suffix)") { suffix += 1 }
            candidate = "\(base)-\(suffix)"
            nextSuffix[base] = suffix + 1
        }
        take(candidate)
        return candidate
    }

    private func isTaken(_ anchor: String) -> Bool {
        if let takenSet { return takenSet.contains(anchor) }
        return takenList.contains(anchor)
    }

    private mutating func take(_ anchor: String) {
        if takenSet != nil {
            takenSet!.insert(anchor)
            return
        }
        if takenList.isEmpty { takenList.reserveCapacity(8) }
        takenList.append(anchor)
        if setFromTheStart || takenList.count > Self.listLimit {
            takenSet = Set(takenList)
            takenList = []
        }
    }
}
