/// Text from the repository made safe to print where a control character would act instead of
/// show: a terminal (escape sequences that recolour, move the cursor, retitle the window), a
/// pull-request comment, a log. Bidirectional overrides are included: they reorder what a reader sees.
public enum TerminalText {
    /// Control characters (C0 but tab, DEL, C1), line and paragraph separators and bidirectional
    /// controls written as `\u{1B}`; line breaks as `lineBreaks` when given, else escaped too.
    public static func visible(_ text: String, lineBreaks: String? = nil) -> String {
        // Printable ASCII alone (every byte 0x20 to 0x7E) has no such character: most diagnostics,
        // checked a byte at a time instead of a scalar at a time (ADR-0057).
        if text.utf8.withContiguousStorageIfAvailable({ bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) == true {
            return text
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if let lineBreaks, scalar == "\n" || scalar == "\r" {
                result += lineBreaks
            } else if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }
}
