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
