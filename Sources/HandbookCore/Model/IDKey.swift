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

    /// The number a file name starts with: `0007-split-billing.md` and `adr-00007-x.md` give 7.
    static func number(inFileName name: String) -> (number: Int, digits: Int)? {
        var rest = Substring(name.lowercased())
        if rest.hasPrefix("adr-") || rest.hasPrefix("adr_") { rest = rest.dropFirst(4) }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits) else { return nil }
        let after = rest.dropFirst(digits.count).first
        guard after == nil || after == "-" || after == "_" || after == "." else { return nil }
        return (number, digits.count)
    }
}
