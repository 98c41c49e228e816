/// The key under which a record's id is looked up: `ADR-0007`, `adr-7`, `0007` and `7` are one record.
enum IDKey {
    static func normalize(_ text: String) -> String {
        let lowered = text.lowercased().trimmingCharacters(in: " \t")
        if let number = number(in: lowered) { return "#\(number)" }
        return lowered
    }

    /// The number of `ADR-0007`, `adr_7`, `0007`; nil for anything else.
    static func number(in text: String) -> Int? {
        if let fast = asciiNumber(in: text) { return fast }
        return characterNumber(in: text)
    }

    /// `characterNumber(in:)` by bytes, for plain ASCII text (`.some(nil)` for no number, nil for
    /// other text): lowercasing and the Character walk were 8,500 instructions an id (ADR-0046).
    static func asciiNumber(in text: String) -> Int?? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Int?? in
            guard RecordHeader.isPlainASCII(bytes) else { return nil }
            var start = 0
            if startsWithADR(bytes, at: 0) {
                start = 3
                if start < bytes.count, bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "_") || bytes[start] == UInt8(ascii: " ") {
                    start += 1
                }
            }
            guard start < bytes.count, bytes.count - start <= 9 else { return .some(nil) }
            var number = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[start...]) {
                guard isDigit(byte) else { return .some(nil) }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return .some(number)
        } ?? nil
    }

    /// `adr` in any case at `offset`.
    static func startsWithADR(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        offset + 3 <= bytes.count && bytes[offset] | 0x20 == UInt8(ascii: "a") && bytes[offset + 1] | 0x20 == UInt8(ascii: "d")
            && bytes[offset + 2] | 0x20 == UInt8(ascii: "r")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The reference version of `number(in:)`, on Characters.
    static func characterNumber(in text: String) -> Int? {
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
        if let fast = asciiNumber(inFileName: name) { return fast }
        return characterNumber(inFileName: name)
    }

    /// `characterNumber(inFileName:)` by bytes, for plain ASCII names (`.some(nil)` for no number,
    /// nil for other names): the same steps on offsets (ADR-0046).
    static func asciiNumber(inFileName name: String) -> (number: Int, digits: Int)?? {
        name.utf8.withContiguousStorageIfAvailable { bytes -> (number: Int, digits: Int)?? in
            guard RecordHeader.isPlainASCII(bytes) else { return nil }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") }
            var start = 0
            // A project's name before it: `ODH-ADR-0005-x.md`.
            if !startsWithADR(bytes, at: 0), let dash = bytes.firstIndex(where: isSeparator), (2...8).contains(dash),
               bytes[..<dash].allSatisfy(isLetter), startsWithADR(bytes, at: dash + 1) {
                start = dash + 1
            }
            if startsWithADR(bytes, at: start), start + 3 < bytes.count,
               isSeparator(bytes[start + 3]) || bytes[start + 3] == UInt8(ascii: " ") {
                start += 4
            } else if startsWithADR(bytes, at: start), start + 3 < bytes.count, isDigit(bytes[start + 3]) {
                start += 3
            }
            var end = start
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            let digits = end - start
            guard digits > 0, digits <= 9 else { return .some(nil) }
            var number = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[start..<end]) { number = number * 10 + Int(byte - UInt8(ascii: "0")) }
            if digits == 8, isDate(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))) {
                return .some(nil)
            }
            guard end == bytes.count || isSeparator(bytes[end]) || bytes[end] == UInt8(ascii: ".") else { return .some(nil) }
            return .some((number, digits))
        } ?? nil
    }

    /// The reference version of `number(inFileName:)`, on Characters.
    static func characterNumber(inFileName name: String) -> (number: Int, digits: Int)? {
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
