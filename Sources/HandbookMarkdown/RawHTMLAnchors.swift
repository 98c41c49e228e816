/// The anchors raw HTML in a Markdown text makes: every tag's `id` attribute and an `<a>`'s
/// `name` (cometbft's RFC 021 `- <a id=note1></a>**Note 1**`, linked as `[1](#note1)`). GitHub
/// shows such HTML and its links find those anchors, so the link check must count them; a
/// handbook that omits raw HTML (the default) keeps just the anchors, as `<a id="…"></a>`.
public enum RawHTMLAnchors {
    /// The anchors of `html` (one raw HTML node's text), in order; empty when it has none.
    public static func anchors(in html: String) -> [String] {
        var bytes = Array(html.utf8)
        // The cheap answer for almost every node: no `=` at all, no attribute with a value.
        guard bytes.contains(UInt8(ascii: "=")) else { return [] }
        bytes.append(0)  // a stop byte, so a scan never reads past the end
        var anchors: [String] = []
        var at = 0
        while at < bytes.count - 1 {
            guard bytes[at] == UInt8(ascii: "<"), isLetter(bytes[at + 1]) else { at += 1; continue }
            // A start tag: its name, then its attributes up to `>`.
            var end = at + 1
            while isNameByte(bytes[end]) { end += 1 }
            let isAnchor = end - at - 1 == 1 && (bytes[at + 1] | 0x20) == UInt8(ascii: "a")
            at = end
            while at < bytes.count - 1, bytes[at] != UInt8(ascii: ">") {
                guard isNameByte(bytes[at]) else { at += 1; continue }
                let nameStart = at
                while isNameByte(bytes[at]) { at += 1 }
                let name = String(decoding: bytes[nameStart..<at], as: UTF8.self).lowercased()
                while bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") || bytes[at] == UInt8(ascii: "\n") { at += 1 }
                guard bytes[at] == UInt8(ascii: "=") else { continue }
                at += 1
                while bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") || bytes[at] == UInt8(ascii: "\n") { at += 1 }
                let value: ArraySlice<UInt8>
                if bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") {
                    let quote = bytes[at]
                    let start = at + 1
                    at = start
                    while at < bytes.count - 1, bytes[at] != quote { at += 1 }
                    value = bytes[start..<at]
                    if at < bytes.count - 1 { at += 1 }
                } else {
                    let start = at
                    while at < bytes.count - 1, !isSpace(bytes[at]), bytes[at] != UInt8(ascii: ">") { at += 1 }
                    value = bytes[start..<at]
                }
                if name == "id" || (isAnchor && name == "name"), !value.isEmpty {
                    let anchor = String(decoding: value, as: UTF8.self)
                    if !anchors.contains(anchor) { anchors.append(anchor) }
                }
            }
        }
        return anchors
    }

    /// What stands for omitted raw HTML that made anchors: an empty `<a id>` for each, so the links
    /// to them still land.
    public static func placeholders(for anchors: [String]) -> String {
        anchors.map { "<a id=\"\(Callouts.escape($0))\"></a>" }.joined()
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }
}
