/// A reader for the plain front matter nearly every record has, without Yams' event stream and
/// node graph: a flat mapping whose keys are simple words, and whose values are single-line plain
/// or quoted scalars, flow lists of them (`[a, "b"]`) or block lists of them (`- a`).
///
/// It gives exactly the `YAMLNode`s `YAMLReader` gets through Yams, lines and columns included,
/// or declines (nil) at anything else: comments, anchors, aliases, tags, block scalars, nested
/// mappings, escapes, multi-line scalars, tabs, carriage returns, duplicate keys, empty values,
/// characters a plain scalar may hold only in some places. `PlainYAMLTests` runs both readers on
/// every front matter of the fixtures and on thousands of variations of them.
enum PlainYAML {
    /// Most values one document may hold here (Yams' reader has its own, larger budget).
    static let maxNodes = 10_000

    static func parse(_ text: String, lineOffset: Int) -> YAMLNode? {
        var reader = Reader(lineOffset: lineOffset)
        return reader.document(text)
    }

    private struct Reader {
        let lineOffset: Int
        var nodes = 0

        init(lineOffset: Int) { self.lineOffset = lineOffset }

        typealias Line = [Unicode.Scalar]

        mutating func document(_ text: String) -> YAMLNode? {
            // Characters a simple document never holds, checked once over the bytes (the
            // characters special to YAML are declined where they stand, by `scalar`).
            for byte in text.utf8 {
                switch byte {
                case 0..<0x20 where byte != UInt8(ascii: "\n"): return nil  // tabs, carriage returns, controls
                case 0x7F: return nil
                case 0xC2, 0xE2, 0xEF: return nil  // NEL, line and paragraph separators, BOM and other specials
                default: continue
                }
            }
            let lines: [Line] = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
            var entries: [YAMLNode.Entry] = []
            var keys = Set<String>()
            var index = 0
            while index < lines.count {
                let line = lines[index]
                if Self.isBlank(line) { index += 1; continue }
                // `key:` at the start of the line, the key a simple word.
                var end = 0
                while end < line.count, Self.isKeyCharacter(line[end]) { end += 1 }
                guard end > 0, end < line.count, line[end] == ":" else { return nil }
                let key = Self.string(line[0..<end])
                guard !key.hasPrefix("-"), keys.insert(key).inserted else { return nil }
                let keyNode = YAMLNode(value: .scalar(key, plain: true), line: index + 1 + lineOffset, column: 1)
                var start = end + 1
                if start < line.count {
                    guard line[start] == " " else { return nil }
                    while start < line.count, line[start] == " " { start += 1 }
                }
                let value: YAMLNode
                if start < line.count {
                    guard let inline = inlineValue(line, from: start, line: index) else { return nil }
                    value = inline
                    index += 1
                } else {
                    guard let list = blockList(lines, after: &index) else { return nil }
                    value = list
                }
                nodes += 2
                guard nodes < PlainYAML.maxNodes else { return nil }
                entries.append(YAMLNode.Entry(key: keyNode, value: value))
            }
            guard let first = entries.first else { return nil }
            return YAMLNode(value: .mapping(entries), line: first.key.line, column: 1)
        }

        /// A value after `key: `: a scalar or a flow list, alone on the rest of the line.
        mutating func inlineValue(_ line: Line, from start: Int, line number: Int) -> YAMLNode? {
            if line[start] == "[" { return flowList(line, from: start, line: number) }
            guard let (node, end) = scalar(line, from: start, line: number, inFlow: false), Self.isBlank(line[end...]) else { return nil }
            return node
        }

        /// `[a, "b", c d]` on one line; nil for an empty item or a trailing comma.
        mutating func flowList(_ line: Line, from start: Int, line number: Int) -> YAMLNode? {
            var items: [YAMLNode] = []
            var cursor = start + 1
            while cursor < line.count, line[cursor] == " " { cursor += 1 }
            if cursor < line.count, line[cursor] == "]" {
                cursor += 1
            } else {
                while true {
                    guard cursor < line.count, let (item, end) = scalar(line, from: cursor, line: number, inFlow: true) else { return nil }
                    items.append(item)
                    nodes += 1
                    cursor = end
                    while cursor < line.count, line[cursor] == " " { cursor += 1 }
                    guard cursor < line.count else { return nil }
                    if line[cursor] == "]" { cursor += 1; break }
                    guard line[cursor] == ",", cursor + 1 < line.count, line[cursor + 1] == " " else { return nil }
                    cursor += 1
                    while cursor < line.count, line[cursor] == " " { cursor += 1 }
                }
            }
            guard Self.isBlank(line[cursor...]) else { return nil }
            return YAMLNode(value: .sequence(items), line: number + 1 + lineOffset, column: start + 1)
        }

        /// The lines `- item` after `key:`, all at one indentation; `index` is the `key:` line's
        /// and ends after the list. nil when the next line is no list item (an empty value).
        mutating func blockList(_ lines: [Line], after index: inout Int) -> YAMLNode? {
            var cursor = index + 1
            var items: [YAMLNode] = []
            var indent: Int?
            var first: (line: Int, column: Int)?
            while cursor < lines.count {
                let line = lines[cursor]
                if Self.isBlank(line) { cursor += 1; continue }
                var dash = 0
                while dash < line.count, line[dash] == " " { dash += 1 }
                guard dash < line.count, line[dash] == "-" else {
                    guard dash == 0 else { return nil }  // an indented line that is no item
                    break
                }
                if let indent { guard dash == indent else { return nil } } else { indent = dash }
                var start = dash + 1
                guard start < line.count, line[start] == " " else { return nil }
                while start < line.count, line[start] == " " { start += 1 }
                guard start < line.count, line[start] != "-", line[start] != "[",
                      let (item, end) = scalar(line, from: start, line: cursor, inFlow: false), Self.isBlank(line[end...]) else { return nil }
                if first == nil { first = (cursor, dash) }
                items.append(item)
                nodes += 1
                cursor += 1
            }
            guard let first else { return nil }
            index = cursor
            return YAMLNode(value: .sequence(items), line: first.line + 1 + lineOffset, column: first.column + 1)
        }

        /// A single-line scalar at `start`: double-quoted without escapes, single-quoted without
        /// quotes inside, or plain; with the index after it.
        func scalar(_ line: Line, from start: Int, line number: Int, inFlow: Bool) -> (YAMLNode, Int)? {
            let lineNumber = number + 1 + lineOffset
            let quote = line[start]
            if quote == "\"" || quote == "'" {
                var end = start + 1
                while end < line.count, line[end] != quote {
                    if quote == "\"", line[end] == "\\" { return nil }  // an escape
                    end += 1
                }
                guard end < line.count else { return nil }
                let text = Self.string(line[(start + 1)..<end])
                return (YAMLNode(value: .scalar(text, plain: false), line: lineNumber, column: start + 1), end + 1)
            }
            guard Self.canStartPlain(quote) else { return nil }
            var end = start
            while end < line.count {
                let character = line[end]
                if inFlow, character == "," || character == "]" || character == "[" { break }
                guard Self.canContinuePlain(character) else { return nil }
                end += 1
            }
            var last = end
            while last > start, line[last - 1] == " " { last -= 1 }
            guard last > start else { return nil }
            let text = Self.string(line[start..<last])
            if text == "-" || text.hasPrefix("- ") || text == "---" || text == "..." { return nil }
            return (YAMLNode(value: .scalar(text, plain: true), line: lineNumber, column: start + 1), last)
        }

        /// The String of these scalars, encoded into UTF-8 bytes at once (`String.UnicodeScalarView`
        /// appended a scalar at a time: 3% of a clean build, ADR-0041). The same scalars, so the same String.
        static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(scalars.count)
            for scalar in scalars {
                if scalar.value < 0x80 {
                    bytes.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        static func isBlank(_ line: some Collection<Unicode.Scalar>) -> Bool { line.allSatisfy { $0 == " " } }

        static func isKeyCharacter(_ character: Unicode.Scalar) -> Bool {
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
            default: return false
            }
        }

        static func canStartPlain(_ character: Unicode.Scalar) -> Bool {
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "/", "(": return true
            default: return character.value >= 0x80 && canContinuePlain(character)
            }
        }

        /// Characters a plain scalar keeps as they are wherever they stand (after its first).
        static func canContinuePlain(_ character: Unicode.Scalar) -> Bool {
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", " ", "_", ".", "/", "(", ")", "-", "+", "=", "'", ",", ";", "$", "^", "~", "[", "]":
                return true
            case ":", "\"": return false
            default:
                // Letters and other characters beyond ASCII, but no spaces, controls or specials.
                return character.value >= 0xA0 && character.properties.generalCategory != .spaceSeparator
                    && character.properties.generalCategory != .format && character.properties.generalCategory != .control
                    && character.properties.generalCategory != .privateUse && character.properties.generalCategory != .surrogate
                    && character.properties.generalCategory != .unassigned
            }
        }
    }
}
