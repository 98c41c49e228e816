import Foundation

/// Splits a Markdown file into its YAML front matter and its body, keeping line numbers.
public struct FrontMatterSplit: Sendable {
    /// The YAML between the `---` lines, or nil when the file has none.
    public var yaml: String?
    /// The file line where the YAML starts (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// Add this to a line number within `body` to get the line in the file.
    public var bodyLineOffset: Int

    public enum Problem: Error, Equatable, Sendable {
        /// The block opened on line 1 never closes.
        case unclosed
        /// The file opens with `+++` (TOML front matter), which is not supported.
        case toml
    }

    public static func split(_ text: String) -> Result<FrontMatterSplit, Problem> {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        if let split = splitByBytes(text) { return split }
        return splitByCharacters(text)
    }

    /// `splitByCharacters` by bytes, for text without `\r` (the load stage's, whose line ends are
    /// normalized); nil for text with one. The Character split was 2% of a clean build (ADR-0041).
    /// The same result: without `\r`, every `\n` byte is a Character of its own (grapheme clusters
    /// break before and after a line feed), and a line whose trailing spaces, tabs and `\r`s trimmed
    /// as Characters is `---` (or `...`) is exactly a line whose bytes so trimmed are.
    static func splitByBytes(_ text: Substring) -> Result<FrontMatterSplit, Problem>? {
        var text = text
        return text.withUTF8 { bytes -> Result<FrontMatterSplit, Problem>? in
            guard let base = bytes.baseAddress else { return nil }
            let count = bytes.count
            if memchr(base, 13, count) != nil { return nil }
            func lineEnd(from start: Int) -> Int {
                guard start < count, let found = memchr(base + start, 10, count - start) else { return count }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            func isMarker(_ start: Int, _ end: Int, _ marker: UInt8) -> Bool {
                var end = end
                while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                return end - start == 3 && bytes[start] == marker && bytes[start + 1] == marker && bytes[start + 2] == marker
            }
            func string(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            let firstLineEnd = lineEnd(from: 0)
            if isMarker(0, firstLineEnd, UInt8(ascii: "+")) { return .failure(.toml) }
            guard isMarker(0, firstLineEnd, UInt8(ascii: "-")) else {
                return .success(FrontMatterSplit(yaml: nil, yamlFirstLine: 0, body: string(0, count), bodyLineOffset: 0))
            }
            var lineNumber = 1
            var cursor = min(firstLineEnd + 1, count)
            let yamlStart = cursor
            while cursor < count {
                lineNumber += 1
                let end = lineEnd(from: cursor)
                if isMarker(cursor, end, UInt8(ascii: "-")) || isMarker(cursor, end, UInt8(ascii: ".")) {
                    return .success(FrontMatterSplit(yaml: string(yamlStart, cursor), yamlFirstLine: 2,
                                                     body: string(min(end + 1, count), count), bodyLineOffset: lineNumber))
                }
                cursor = min(end + 1, count)
            }
            return .failure(.unclosed)
        }
    }

    /// The split, Character by Character.
    static func splitByCharacters(_ text: Substring) -> Result<FrontMatterSplit, Problem> {
        let firstLineEnd = text.firstIndex(of: "\n") ?? text.endIndex
        let firstLine = text[..<firstLineEnd].trimmingTrailingWhitespace
        if firstLine == "+++" { return .failure(.toml) }
        guard firstLine == "---" else {
            return .success(FrontMatterSplit(yaml: nil, yamlFirstLine: 0, body: String(text), bodyLineOffset: 0))
        }
        var lineNumber = 1
        var cursor = firstLineEnd < text.endIndex ? text.index(after: firstLineEnd) : text.endIndex
        let yamlStart = cursor
        while cursor < text.endIndex {
            lineNumber += 1
            let end = text[cursor...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[cursor..<end].trimmingTrailingWhitespace
            if line == "---" || line == "..." {
                let yaml = String(text[yamlStart..<cursor])
                let bodyStart = end < text.endIndex ? text.index(after: end) : text.endIndex
                return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: 2, body: String(text[bodyStart...]),
                                                 bodyLineOffset: lineNumber))
            }
            cursor = end < text.endIndex ? text.index(after: end) : text.endIndex
        }
        return .failure(.unclosed)
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var slice = self
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return slice
    }
}
