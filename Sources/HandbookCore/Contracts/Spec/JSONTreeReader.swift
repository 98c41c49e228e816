/// Reads JSON text straight into the located tree `YAMLReader` would build from it (JSON is YAML), a
/// byte at a time: strings as quoted scalars, numbers, `true`, `false` and `null` as plain ones, every
/// node with its line and column. A 3 MB description reads in a fraction of the time Yams' event
/// stream takes. Nil for anything it does not read (invalid JSON, nesting deeper than `maxDepth`,
/// a duplicate key): the caller then hands the text to `YAMLReader`, whose answer or error stands.
public enum JSONTreeReader {
    static let maxDepth = 200

    /// `parse` over a string's UTF-8 bytes.
    public static func parse(_ text: String) -> YAMLNode? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLNode? {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        guard let node = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.index == bytes.count ? node : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var line = 1
        var lineStart = 0
        /// UTF-8 continuation bytes since `lineStart`: columns count characters, as Yams does.
        var continuation = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var column: Int { index - lineStart - continuation + 1 }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                    continuation = 0
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> YAMLNode? {
            guard index < bytes.count, depth < JSONTreeReader.maxDepth else { return nil }
            let startLine = line, startColumn = column
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var entries: [YAMLNode.Entry] = []
                var keys: Set<String> = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return YAMLNode(value: .mapping([]), line: startLine, column: startColumn)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string(),
                          keys.insert(key.string ?? "").inserted else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    skipSpace()
                    guard let item = value(depth: depth + 1) else { return nil }
                    entries.append(YAMLNode.Entry(key: key, value: item))
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    return nil
                }
                return YAMLNode(value: .mapping(entries), line: startLine, column: startColumn)
            case UInt8(ascii: "["):
                index += 1
                var items: [YAMLNode] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return YAMLNode(value: .sequence([]), line: startLine, column: startColumn)
                }
                while true {
                    skipSpace()
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    return nil
                }
                return YAMLNode(value: .sequence(items), line: startLine, column: startColumn)
            case UInt8(ascii: "\""):
                return string()
            default:
                // A number, true, false or null: the bytes up to a delimiter, checked.
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x20
                        || byte == 0x0A || byte == 0x0D || byte == 0x09 { break }
                    index += 1
                }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                guard text == "true" || text == "false" || text == "null" || Self.isNumber(text) else { return nil }
                return YAMLNode(value: .scalar(text, plain: true), line: startLine, column: startColumn)
            }
        }

        /// A string at `index` (its opening quote), as a quoted scalar.
        mutating func string() -> YAMLNode? {
            let startLine = line, startColumn = column
            index += 1
            let start = index
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { return nil }
                if byte & 0xC0 == 0x80 { continuation += 1 }
                if byte == UInt8(ascii: "\\") { escaped = true; index += 1 }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            let text: String
            if escaped {
                guard let unescaped = Self.unescape(raw) else { return nil }
                text = unescaped
            } else {
                text = String(decoding: raw, as: UTF8.self)
            }
            return YAMLNode(value: .scalar(text, plain: false), line: startLine, column: startColumn)
        }

        static func isNumber(_ text: String) -> Bool {
            var bytes = Substring(text).utf8[...]
            if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard let first = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
            if first == UInt8(ascii: "0"), bytes.count > 1, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[bytes.index(after: bytes.startIndex)]) {
                return false
            }
            var sawDot = false, sawExponent = false, lastWasDigit = true
            for byte in bytes.dropFirst() {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): lastWasDigit = true
                case UInt8(ascii: ".") where !sawDot && !sawExponent && lastWasDigit: sawDot = true; lastWasDigit = false
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    guard !sawExponent, lastWasDigit else { return false }
                    sawExponent = true; lastWasDigit = false
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    guard sawExponent, !lastWasDigit else { return false }
                default: return false
                }
            }
            return lastWasDigit
        }

        static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
            var scalars = String.UnicodeScalarView()
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var index = 0
            func flush() {
                scalars.append(contentsOf: String(decoding: output, as: UTF8.self).unicodeScalars)
                output.removeAll(keepingCapacity: true)
            }
            func hex(_ at: Int) -> UInt32? {
                guard at + 4 <= raw.count else { return nil }
                var value: UInt32 = 0
                for byte in raw[at..<at + 4] {
                    value <<= 4
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(byte - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(byte - UInt8(ascii: "a") + 10)
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(byte - UInt8(ascii: "A") + 10)
                    default: return nil
                    }
                }
                return value
            }
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") else { output.append(byte); index += 1; continue }
                guard index + 1 < raw.count else { return nil }
                let next = raw[index + 1]
                index += 2
                switch next {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(next)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex(index) else { return nil }
                    index += 4
                    if (0xD800...0xDBFF).contains(code), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                       raw[index + 1] == UInt8(ascii: "u"), let low = hex(index + 2), (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    flush()
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: return nil
                }
            }
            flush()
            return String(scalars)
        }
    }
}
