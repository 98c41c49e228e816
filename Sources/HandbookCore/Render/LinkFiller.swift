import Foundation

/// Puts the link stage's resolved destinations in place of the parser's `href="hb:N"` placeholders.
enum LinkFiller {
    static func fill(_ html: String, hrefs: [String]) -> String {
        guard !hrefs.isEmpty else { return html }
        var html = html
        return html.withUTF8 { fill($0, hrefs: hrefs) } ?? html
    }

    /// Jumps from `=` to `=` (memchr) and copies the runs between placeholders at once; nil when
    /// there is no placeholder to fill (the HTML stays as it is).
    private static func fill(_ bytes: UnsafeBufferPointer<UInt8>, hrefs: [String]) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < count, let found = memchr(base + index, Int32(marker[0]), count - index) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if index + marker.count < count, bytes[index..<(index + marker.count)].elementsEqual(marker), precededByAttribute(bytes, index) {
                var end = index + marker.count
                var number = 0
                // At most nine digits: raw HTML (with unsafe_html) may hold any "hb:" number.
                while end < count, bytes[end] >= 48, bytes[end] <= 57, end - index - marker.count < 9 {
                    number = number * 10 + Int(bytes[end] - 48)
                    end += 1
                }
                if end < count, bytes[end] == UInt8(ascii: "\""), number < hrefs.count, end > index + marker.count {
                    if output.isEmpty { output.reserveCapacity(count + hrefs.count * 16) }
                    output.append(contentsOf: bytes[copied..<index])
                    output.append(contentsOf: "=\"".utf8)
                    HTML.appendAttributeURL(hrefs[number], to: &output)
                    output.append(UInt8(ascii: "\""))
                    index = end + 1
                    copied = index
                    continue
                }
            }
            index += 1
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: bytes[copied..<count])
        return String(decoding: output, as: UTF8.self)
    }

    private static let href = Array("href".utf8), src = Array("src".utf8), marker = Array("=\"hb:".utf8)

    private static func precededByAttribute(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        if index >= 4, bytes[(index - 4)..<index].elementsEqual(href) { return true }
        if index >= 3, bytes[(index - 3)..<index].elementsEqual(src) { return true }
        return false
    }
}

extension HTML {
    /// `escapeAttributeURL(url)`'s bytes appended to `output`, written by runs of bytes: what it
    /// escapes (`&`, `"`, `<`, `>`, space, the control characters below U+0020) is ASCII, never
    /// inside a multi-byte sequence, and every other scalar it appends is its own UTF-8 bytes. A
    /// link's URL escaped a scalar at a time, as a String, was two thirds of `LinkFiller.fill`
    /// (ADR-0050). `SpeedEquivalenceTests.attributeURLsByBytesAsByScalars` holds it to the scalars'.
    static func appendAttributeURL(_ url: String, to output: inout [UInt8]) {
        var url = url
        url.withUTF8 { bytes in
            var run = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte <= UInt8(ascii: ">"), byte < 0x21 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
                        || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") else { continue }
                if index > run { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
                run = index + 1
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): output.append(contentsOf: "%22".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "%3C".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "%3E".utf8)
                case UInt8(ascii: " "): output.append(contentsOf: "%20".utf8)
                default:
                    output.append(UInt8(ascii: "%"))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 15)])
                }
            }
            if bytes.count > run { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count])) }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// A URL for an attribute: `&`, `"`, `<`, `>` escaped, spaces and control characters %-encoded.
    /// The reference for `appendAttributeURL`, which `LinkFiller` uses.
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
