/// Percent-encoding and HTML escaping for the few places we build them by hand.
public enum URLEncoding {
    /// Encodes a `/`-separated path for use in a URL, keeping `/`.
    public static func path(_ path: String) -> String {
        // Nothing to encode (nearly every site path): the same bytes, so the same String. Every
        // link of a decision page to a governed file's page and of a file page to a decision
        // comes here (ADR-0044: a tenth of the governed corpus' extra instructions).
        if path.utf8.allSatisfy({ isUnreserved($0) || $0 == UInt8(ascii: "/") }) { return path }
        return encodedPath(path)
    }

    /// `path` without the shortcut: every byte appended, encoded or not.
    static func encodedPath(_ path: String) -> String {
        let hex: StaticString = "0123456789ABCDEF"
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            if isUnreserved(byte) || byte == UInt8(ascii: "/") {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hex.utf8Start[Int(byte >> 4)])
                result.append(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Decodes `%XX` sequences; nil when they do not form valid UTF-8.
    public static func decode(_ text: String) -> String? {
        // By bytes: a '%' joined to a combining mark decodes to nothing below either (no hex digits follow it).
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            // Two hex digits exactly (`UInt8("+1", radix: 16)` would take a sign).
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}

public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` escaped, by runs of bytes (`HTMLEscaping`): these are ASCII, never
    /// inside a multi-byte sequence, so the text is `scalarEscape`'s (which appended a Unicode scalar
    /// at a time: 1.4% of a build, in the relation graphs' nodes, ADR-0047).
    public static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }

    /// The escape a Unicode scalar at a time (`escape` must agree with it).
    static func scalarEscape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
