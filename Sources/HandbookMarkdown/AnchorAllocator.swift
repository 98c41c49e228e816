/// Gives headings GitHub-style anchor ids, unique within one document:
/// lower-cased, punctuation dropped, spaces as `-`, repeats suffixed `-1`, `-2`, ...
public struct AnchorAllocator: Sendable {
    private var taken: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    public init() {}

    public static func slug(_ text: String) -> String {
        // ASCII text by bytes (ADR-0045): there `lowercased()` maps only A-Z, the alphabetic
        // scalars are the letters and the scalars with a numeric type the digits 0-9, so the
        // bytes kept are the scalars kept. Other text goes scalar by scalar (`scalarSlug`).
        var text = text
        if let slug = text.withUTF8({ bytes -> String? in
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): kept.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): kept.append(byte)
                case UInt8(ascii: " "), UInt8(ascii: "-"): kept.append(UInt8(ascii: "-"))
                default: continue
                }
            }
            return String(decoding: kept, as: UTF8.self)
        }) { return slug }
        return scalarSlug(text)
    }

    /// `slug` scalar by scalar: the reference for any text (`SpeedEquivalenceTests`).
    static func scalarSlug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "-" {
                slug.unicodeScalars.append("-")
            } else if scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    public mutating func allocate(for text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        if taken.contains(base) {
            var suffix = nextSuffix[base, default: 1]
            while taken.contains("\(base)-\(suffix)") { suffix += 1 }
            candidate = "\(base)-\(suffix)"
            nextSuffix[base] = suffix + 1
        }
        taken.insert(candidate)
        return candidate
    }
}
