/// Puts the link stage's resolved destinations in place of the parser's `href="hb:N"` placeholders.
enum LinkFiller {
    static func fill(_ html: String, hrefs: [String]) -> String {
        guard !hrefs.isEmpty else { return html }
        let bytes = Array(html.utf8)
        let marker = Array("=\"hb:".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + hrefs.count * 16)
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], index + marker.count < bytes.count,
               bytes[index..<(index + marker.count)].elementsEqual(marker), precededByAttribute(bytes, index) {
                var end = index + marker.count
                var number = 0
                // At most nine digits: raw HTML (with unsafe_html) may hold any "hb:" number.
                while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57, end - index - marker.count < 9 {
                    number = number * 10 + Int(bytes[end] - 48)
                    end += 1
                }
                if end < bytes.count, bytes[end] == UInt8(ascii: "\""), number < hrefs.count, end > index + marker.count {
                    output.append(contentsOf: "=\"".utf8)
                    output.append(contentsOf: HTML.escapeAttributeURL(hrefs[number]).utf8)
                    output.append(UInt8(ascii: "\""))
                    index = end + 1
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func precededByAttribute(_ bytes: [UInt8], _ index: Int) -> Bool {
        let href = Array("href".utf8), src = Array("src".utf8)
        if index >= 4, bytes[(index - 4)..<index].elementsEqual(href) { return true }
        if index >= 3, bytes[(index - 3)..<index].elementsEqual(src) { return true }
        return false
    }
}

extension HTML {
    /// A URL for an attribute: `&`, `"`, `<`, `>` escaped, spaces and control characters %-encoded.
    static func escapeAttributeURL(_ url: String) -> String {
        var result = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "\"": result += "%22"
            case "<": result += "%3C"
            case ">": result += "%3E"
            case " ": result += "%20"
            default:
                if scalar.value < 0x20 { result += "%" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2) }
                else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
