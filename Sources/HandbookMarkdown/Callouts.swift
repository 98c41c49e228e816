import CCmarkGFM

/// Callouts (issue 9): GitHub alerts (`> [!WARNING]`) and Docusaurus admonitions
/// (`:::note Title` ... `:::`) rendered as `<div class="callout callout-note">` with a title,
/// not as literal text.
enum Callouts {
    static let kinds = ["note", "tip", "info", "important", "warning", "caution", "danger"]

    /// Docusaurus admonitions as GitHub alerts, line for line (so line numbers stay):
    /// `:::tip Title` gives `> [!TIP] Title`, the lines inside are quoted, the closing `:::` is blank.
    static func admonitionsAsAlerts(_ text: String) -> String {
        // Bytes, not Characters (String's `contains` was 8% of a 10,000-record build): a `:::` of
        // Characters is a `:::` of bytes, so no admonition is missed; the lines below still compare Characters.
        var text = text
        let colons = Array(":::".utf8)
        guard text.withUTF8({ ByteSearch.firstIndex(of: colons, in: $0) != nil }) else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fence: String?
        var open: Int?
        var changed = false
        for index in lines.indices {
            let trimmed = lines[index].trimmedOfSpaces
            if let marker = fence {
                if trimmed.hasPrefix(marker) { fence = nil }
                if open != nil { lines[index] = "> " + lines[index] }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                if open != nil { lines[index] = "> " + lines[index] }
                continue
            }
            if open != nil {
                if trimmed.allSatisfy({ $0 == ":" }), trimmed.count >= 3 {
                    lines[index] = ""
                    open = nil
                } else {
                    lines[index] = trimmed.isEmpty ? ">" : "> " + lines[index]
                }
                continue
            }
            guard trimmed.hasPrefix(":::") else { continue }
            let rest = trimmed.drop { $0 == ":" }
            let kind = rest.prefix { $0.isLetter }.lowercased()
            guard kinds.contains(kind) else { continue }
            var title = rest.dropFirst(kind.count).trimmedOfSpaces
            if title.hasPrefix("["), title.hasSuffix("]") { title = String(title.dropFirst().dropLast()) }
            // Only an admonition that is closed later is one.
            guard lines[(index + 1)...].contains(where: { line in
                let t = line.trimmedOfSpaces
                return t.count >= 3 && t.allSatisfy { $0 == ":" }
            }) else { continue }
            lines[index] = "> [!" + kind.uppercased() + "]" + (title.isEmpty ? "" : " " + title)
            open = index
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : text
    }

    /// Replaces each block quote that opens with `[!KIND]` by a callout block.
    /// Every block quote of the tree, in document order (the parser's tree walk collects them as
    /// it goes, ADR-0045; this walk is the reference).
    static func blockQuotes(_ root: OpaquePointer) -> [OpaquePointer] {
        var quotes: [OpaquePointer] = []
        if let iterator = cmark_iter_new(root) {
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                   cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE { quotes.append(node) }
            }
            cmark_iter_free(iterator)
        }
        return quotes
    }

    /// Replaces each of `quotes` (block quotes, in document order) that opens with `[!KIND]` by a callout block.
    /// `memory` is the tree's allocator (the callout nodes are made with it).
    static func convert(quotes: [OpaquePointer], memory: UnsafeMutablePointer<cmark_mem>) {
        for quote in quotes {
            guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT,
                  let literal = cmark_node_get_literal(text).map({ String(cString: $0) }),
                  literal.hasPrefix("[!"), let close = literal.firstIndex(of: "]") else { continue }
            let kind = literal[literal.index(literal.startIndex, offsetBy: 2)..<close].lowercased()
            guard kinds.contains(kind) else { continue }
            let rest = literal[literal.index(after: close)...].trimmedOfSpaces
            let title = rest.isEmpty ? kind.prefix(1).uppercased() + kind.dropFirst() : rest
            guard let callout = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, memory) else { continue }
            cmark_node_set_on_enter(callout, "<div class=\"callout callout-\(kind)\" role=\"note\">\n<p class=\"callout-title\">\(escape(title))</p>\n")
            cmark_node_set_on_exit(callout, "</div>\n")
            // The marker (and the line break after it) leave the first paragraph.
            if let next = cmark_node_next(text), [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type(next)) {
                cmark_node_unlink(next)
                cmark_node_free(next)
            }
            cmark_node_unlink(text)
            cmark_node_free(text)
            if cmark_node_first_child(paragraph) == nil {
                cmark_node_unlink(paragraph)
                cmark_node_free(paragraph)
            }
            while let child = cmark_node_first_child(quote) {
                cmark_node_unlink(child)
                cmark_node_append_child(callout, child)
            }
            cmark_node_insert_before(quote, callout)
            cmark_node_unlink(quote)
            cmark_node_free(quote)
        }
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension StringProtocol {
    var trimmedOfSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
