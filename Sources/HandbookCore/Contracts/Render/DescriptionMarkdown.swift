import Foundation

import HandbookMarkdown

/// A spec's `description` (and `summary`) is CommonMark: rendered through the same cmark-gfm path
/// as every document, raw HTML always omitted whatever the handbook allows, `[[refs]]` and `#123`
/// left as text. Links keep their destination when it is a web or mail address or a fragment of
/// the page; any other destination (a relative path into the spec's repository, a script) is dropped.
enum DescriptionMarkdown {
    static let options = MarkdownOptions(unsafeHTML: false, pullRequestReferences: false, references: false,
                                         extractLeadingTitle: false, plainText: false)

    /// Block HTML (paragraphs, lists, code).
    static func html(_ text: String) -> String {
        let parsed = MarkdownParser.parse(text, options: options)
        let hrefs = parsed.links.map { link -> String in
            let destination = link.destination
            if destination.hasPrefix("#") { return destination }
            switch LinkResolver.scheme(of: destination)?.lowercased() {
            case "http", "https", "mailto": return destination
            default: return ""
            }
        }
        return LinkFiller.fill(parsed.html, hrefs: hrefs).trimmingSuffixNewlines()
    }

    /// For a place that holds one line (a response's description beside its status): one
    /// paragraph loses its `<p>`; anything longer stays block HTML.
    static func inline(_ text: String) -> String {
        let block = html(text)
        if block.hasPrefix("<p>"), block.hasSuffix("</p>"), block.components(separatedBy: "<p>").count == 2 {
            return String(block.dropFirst(3).dropLast(4))
        }
        return block
    }
}

private extension String {
    func trimmingSuffixNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
