import HandbookMarkdown

/// "The decision in a sentence or two": the first paragraph under a record's decision heading
/// (`## Decision`, MADR's `## Decision Outcome`), or, in the three-sentence form (no heading before
/// it), the body's first paragraph; cut to its first two sentences and at most `limit` characters.
enum DecisionSummary {
    static let headings: Set<String> = ["decision", "decision outcome", "the decision", "decision made", "our decision"]
    static let limit = 280

    /// From a parsed body's blocks.
    static func summary(_ markdown: ParsedMarkdown) -> String? {
        var inDecision = false
        var level = 0
        var sawHeading = false
        var opening: String?
        for block in markdown.blocks {
            if case .heading(let headingLevel) = block.kind {
                let name = block.text.trimmingCharacters(in: " \t:.").lowercased()
                if headings.contains(name) {
                    inDecision = true
                    level = headingLevel
                } else if inDecision, headingLevel <= level {
                    return opening.map(shorten)
                }
                sawHeading = true
                continue
            }
            guard inDecision || !sawHeading else { continue }
            guard block.kind == .paragraph || block.kind == .list else { continue }
            let text = oneLine(block.text, separator: block.kind == .list ? "; " : " ")
            if text.isEmpty { continue }
            if let pending = opening {
                return shorten(pending + " " + text)
            }
            // "Chosen option: "X", because" (MADR) goes on in the list below it.
            if block.kind == .paragraph, text.hasSuffix(":") || text.lowercased().hasSuffix("because") {
                opening = text
                continue
            }
            return shorten(text)
        }
        return opening.map(shorten)
    }

    /// The lines of a block on one line; a list's items end with `;` unless they end in punctuation.
    private static func oneLine(_ text: String, separator: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        guard separator != " " else { return lines.joined(separator: " ") }
        return lines.enumerated().map { index, line in
            index == lines.count - 1 || ".!?;:,".contains(line.last!) ? line : line + ";"
        }.joined(separator: " ")
    }

    /// From a body not parsed yet: only the part from the decision heading on is parsed.
    static func summary(body: String) -> String? {
        let options = MarkdownOptions(unsafeHTML: false, pullRequestReferences: false, references: false,
                                      extractLeadingTitle: true, plainText: false)
        return summary(MarkdownParser.parse(decisionPart(of: body), options: options))
    }

    /// The body from its decision heading to the end, or the whole body when it has none (a cheap
    /// line scan, so a 5 KB record is not parsed whole for one paragraph). Fenced code is skipped.
    static func decisionPart(of body: String) -> String {
        asciiDecisionPart(of: body) ?? characterDecisionPart(of: body)
    }

    /// `decisionPart` Character by Character, for any body.
    static func characterDecisionPart(of body: String) -> String {
        var fence: Substring?
        var index = body.startIndex
        while index < body.endIndex {
            let end = body[index...].firstIndex(of: "\n") ?? body.endIndex
            let line = body[index..<end]
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix { $0 == trimmed.first }
            } else if trimmed.hasPrefix("#") {
                let name = String(trimmed.drop { $0 == "#" }).trimmingCharacters(in: " \t:.#").lowercased()
                if headings.contains(name) { return String(body[index...]) }
            }
            index = end < body.endIndex ? body.index(after: end) : end
        }
        return body
    }

    /// `decisionPart` over the bytes of an ASCII body without carriage returns (each byte a
    /// Character, as the scan above takes them); nil for any other body. Walking Characters cost more than the parse of the part.
    static func asciiDecisionPart(of body: String) -> String? {
        guard let offset = asciiDecisionOffset(of: body) else { return nil }
        guard let offset else { return body }
        return String(body[body.utf8.index(body.utf8.startIndex, offsetBy: offset)...])
    }

    /// Where `asciiDecisionPart` starts in the body's bytes (nil inside: no decision heading, the
    /// whole body); nil for a body the byte scan does not take.
    static func asciiDecisionOffset(of body: String) -> Int?? {
        var text = body
        return text.withUTF8 { bytes -> Int?? in
            // (A carriage return makes "\r\n" one Character, which the scan above does not split at.)
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
            let hash = UInt8(ascii: "#"), space = UInt8(ascii: " ")
            var fence: (byte: UInt8, count: Int)?
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                var first = start
                while first < end, bytes[first] == space { first += 1 }
                if let open = fence {
                    if end - first >= open.count, bytes[first..<(first + open.count)].allSatisfy({ $0 == open.byte }) { fence = nil }
                } else if end - first >= 3, bytes[first] == UInt8(ascii: "`") || bytes[first] == UInt8(ascii: "~"),
                          bytes[first + 1] == bytes[first], bytes[first + 2] == bytes[first] {
                    var run = first
                    while run < end, bytes[run] == bytes[first] { run += 1 }
                    fence = (bytes[first], run - first)
                } else if first < end, bytes[first] == hash {
                    var after = first
                    while after < end, bytes[after] == hash { after += 1 }
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[after..<end]), as: UTF8.self)
                        .trimmingCharacters(in: " \t:.#").lowercased()
                    if headings.contains(name) { return .some(start) }
                }
                start = end + 1
            }
            return .some(nil)
        }
    }

    /// Whether `summary(body:)` gives a sentence (what the light index keeps of each decision,
    /// ADR-0161): decided on the bytes where the lines leave no doubt, else by parsing. No doubt: an
    /// ASCII body whose part (`decisionPart`) starts with a plain ATX decision heading (or, without
    /// one, with the paragraph itself), then blank lines, then a line starting with a letter in
    /// the first column, which starts a paragraph with text; none of the lines up to the next blank
    /// line may start with `-` or `=` (a setext underline would make them a heading) or hold a `|`
    /// (a table).
    static func hasSummary(body: String) -> Bool {
        if obviouslyHasSummary(body) { return true }
        return summary(body: body) != nil
    }

    static func obviouslyHasSummary(_ body: String) -> Bool {
        guard let found = asciiDecisionOffset(of: body) else { return false }
        var text = body
        return text.withUTF8 { bytes -> Bool in
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            func lineEnd(_ start: Int) -> Int { bytes[start...].firstIndex(of: 0x0A) ?? bytes.count }
            var start = found ?? 0
            if found != nil {
                // `#{1,6} Name[:.]` with letters and spaces only: cmark's heading text is the name.
                let end = lineEnd(start)
                var index = start
                while index < end, bytes[index] == UInt8(ascii: "#") { index += 1 }
                guard (1...6).contains(index - start), index < end, bytes[index] == UInt8(ascii: " ") else { return false }
                var name = ""
                for byte in bytes[index..<end] {
                    guard isLetter(byte) || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") else { return false }
                    name.append(Character(Unicode.Scalar(byte)))
                }
                guard headings.contains(name.trimmingCharacters(in: " \t:.").lowercased()),
                      !name.trimmingCharacters(in: " ").dropLast().contains(where: { $0 == ":" || $0 == "." }) else { return false }
                start = end + 1
            }
            // Blank lines, then the paragraph's first line.
            while start < bytes.count {
                let end = lineEnd(start)
                if !bytes[start..<end].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == 0x09 }) { break }
                start = end + 1
            }
            guard start < bytes.count, isLetter(bytes[start]) else { return false }
            var line = start
            while line < bytes.count {
                let end = lineEnd(line)
                let content = bytes[line..<end]
                if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == 0x09 }) { break }
                if content.contains(UInt8(ascii: "|")) { return false }
                if line > start, let first = content.first(where: { $0 != UInt8(ascii: " ") }),
                   first == UInt8(ascii: "-") || first == UInt8(ascii: "=") { return false }
                line = end + 1
            }
            return true
        }
    }

    /// The first two sentences, at most `limit` characters (cut at a word, with an ellipsis).
    static func shorten(_ text: String) -> String {
        var sentences = 0
        var cut = text.endIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if ".!?".contains(text[index]), next == text.endIndex || text[next] == " " {
                sentences += 1
                if sentences == 2 { cut = next; break }
            }
            index = next
        }
        var result = String(text[..<cut]).trimmingCharacters(in: " \t")
        if result.count > limit {
            let prefix = result.prefix(limit)
            let word = prefix.lastIndex(of: " ") ?? prefix.endIndex
            result = String(prefix[..<word]).trimmingCharacters(in: " ,;:") + "…"
        }
        return result
    }
}
