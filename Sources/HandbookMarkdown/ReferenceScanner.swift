/// Finds `[[ID]]`, `[[ID#anchor]]`, `[[ID|text]]` and `#123` in a run of plain text.
enum ReferenceScanner {
    struct Match: Equatable {
        var range: Range<Int>      // byte offsets in the text
        var kind: MarkdownLink.Kind
        var destination: String
        var display: String
    }

    static func scan(_ text: String, references: Bool, pullRequests: Bool) -> [Match] {
        let bytes = Array(text.utf8)
        var matches: [Match] = []
        var i = 0
        while i < bytes.count {
            if references, bytes[i] == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "["),
               let match = reference(in: bytes, at: i) {
                matches.append(match)
                i = match.range.upperBound
                continue
            }
            if pullRequests, bytes[i] == UInt8(ascii: "#"), let match = pullRequest(in: bytes, at: i) {
                matches.append(match)
                i = match.range.upperBound
                continue
            }
            i += 1
        }
        return matches
    }

    private static func reference(in bytes: [UInt8], at start: Int) -> Match? {
        var end = start + 2
        while end + 1 < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\n") { return nil }
            if byte == UInt8(ascii: "]") {
                guard bytes[end + 1] == UInt8(ascii: "]") else { return nil }
                let inner = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
                let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].trimmingSpaces
                guard !target.isEmpty else { return nil }
                let display = parts.count > 1 ? parts[1].trimmingSpaces : target
                return Match(range: start..<(end + 2), kind: .reference, destination: target,
                             display: display.isEmpty ? target : display)
            }
            end += 1
        }
        return nil
    }

    private static func pullRequest(in bytes: [UInt8], at start: Int) -> Match? {
        if start > 0, isWord(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "#")
            || bytes[start - 1] == UInt8(ascii: "&") || bytes[start - 1] == UInt8(ascii: "/") {
            return nil
        }
        var end = start + 1
        while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
        guard end > start + 1, end - start <= 10 else { return nil }
        if end < bytes.count, isWord(bytes[end]) { return nil }
        let number = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        return Match(range: start..<end, kind: .pullRequest, destination: number, display: "#" + number)
    }

    private static func isWord(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}

extension Substring {
    var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
