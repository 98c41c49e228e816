/// The key under which a record's id is looked up: `ADR-0007`, `adr-7`, `0007` and `7` are one record.
enum IDKey {
    static func normalize(_ text: String) -> String {
        let lowered = text.lowercased().trimmingCharacters(in: " \t")
        if let number = number(in: lowered) { return "#\(number)" }
        return lowered
    }

    /// The number of `ADR-0007`, `adr_7`, `0007`; nil for anything else.
    static func number(in text: String) -> Int? {
        var rest = Substring(text.lowercased())
        if rest.hasPrefix("adr") {
            rest = rest.dropFirst(3)
            if let first = rest.first, first == "-" || first == "_" || first == " " { rest = rest.dropFirst() }
        }
        guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }

    /// The number a file name starts with: `0007-split-billing.md`, `adr-007-x.md`, `adr007-x.md`,
    /// `ADR-0007-x.md` and `007-X.md` give 7. A date (`20200925-slug.md`, log4brains) is not a number:
    /// two records of one day would collide.
    static func number(inFileName name: String) -> (number: Int, digits: Int)? {
        var rest = Substring(name.lowercased())
        // A project's name before it: `ODH-ADR-0005-x.md` (opendatahub-io's log).
        if !rest.hasPrefix("adr"), let dash = rest.firstIndex(where: { $0 == "-" || $0 == "_" }),
           (2...8).contains(rest.distance(from: rest.startIndex, to: dash)),
           rest[..<dash].allSatisfy({ $0.isASCII && $0.isLetter }), rest[rest.index(after: dash)...].hasPrefix("adr") {
            rest = rest[rest.index(after: dash)...]
        }
        if rest.hasPrefix("adr-") || rest.hasPrefix("adr_") || rest.hasPrefix("adr ") {
            rest = rest.dropFirst(4)
        } else if rest.hasPrefix("adr"), rest.dropFirst(3).first?.isNumber == true {
            rest = rest.dropFirst(3)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits) else { return nil }
        if digits.count == 8, isDate(digits) { return nil }
        let after = rest.dropFirst(digits.count).first
        guard after == nil || after == "-" || after == "_" || after == "." else { return nil }
        return (number, digits.count)
    }

    /// `20200925` is a date (a log4brains file name), not a record number.
    static func isDate(_ digits: Substring) -> Bool {
        let text = String(digits)
        let year = String(text.prefix(4)), month = String(text.dropFirst(4).prefix(2)), day = String(text.suffix(2))
        return DateText.normalize(year + "-" + month + "-" + day) != nil && (1990...2100).contains(Int(year) ?? 0)
    }
}
