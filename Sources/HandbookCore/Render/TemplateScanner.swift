/// Reads the tags of a Mustache template, with their lines, for validation.
/// (swift-mustache keeps its tokens internal, and renders an unknown name as nothing.)
struct TemplateTag: Equatable {
    enum Kind: Equatable { case variable, unescaped, section, inverted, close, partial, comment, setDelimiters, pragma, parent, block }
    var kind: Kind
    /// The name as written, transforms included: `title`, `site.title`, `uppercased(name)`.
    var name: String
    var line: Int
    var column: Int
}

enum TemplateScanner {
    static func scan(_ text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        let bytes = Array(text.utf8)
        var index = 0, line = 1, lineStart = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let column = index - lineStart + 1
            let tagLine = line
            var start = index + 2
            var kind = TemplateTag.Kind.variable
            var closer: [UInt8] = Array("}}".utf8)
            if start < bytes.count {
                switch bytes[start] {
                case UInt8(ascii: "{"): kind = .unescaped; closer = Array("}}}".utf8); start += 1
                case UInt8(ascii: "&"): kind = .unescaped; start += 1
                case UInt8(ascii: "#"): kind = .section; start += 1
                case UInt8(ascii: "^"): kind = .inverted; start += 1
                case UInt8(ascii: "/"): kind = .close; start += 1
                case UInt8(ascii: ">"): kind = .partial; start += 1
                case UInt8(ascii: "!"): kind = .comment; start += 1
                case UInt8(ascii: "="): kind = .setDelimiters; start += 1
                case UInt8(ascii: "%"): kind = .pragma; start += 1
                case UInt8(ascii: "<"): kind = .parent; start += 1
                case UInt8(ascii: "$"): kind = .block; start += 1
                default: break
                }
            }
            var end = start
            while end + closer.count <= bytes.count, Array(bytes[end..<(end + closer.count)]) != closer {
                if bytes[end] == UInt8(ascii: "\n") { line += 1; lineStart = end + 1 }
                end += 1
            }
            let name = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
                .trimmingCharacters(in: " \t\r\n")
            tags.append(TemplateTag(kind: kind, name: name, line: tagLine, column: column))
            index = end + closer.count
        }
        return tags
    }
}
