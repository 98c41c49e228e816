/// Gives headings GitHub-style anchor ids, unique within one document:
/// lower-cased, punctuation dropped, spaces as `-`, repeats suffixed `-1`, `-2`, ...
public struct AnchorAllocator: Sendable {
    private var taken: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    public init() {}

    public static func slug(_ text: String) -> String {
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
