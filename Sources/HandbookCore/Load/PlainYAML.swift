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
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes, lineOffset: lineOffset)
            return reader.document()
        }
    }

    /// `canContinuePlain` of an ASCII byte, read from a mask of the 128 (ADR-0073: the switch over
    /// a `Unicode.Scalar` was a call of 60 instructions a byte of every plain scalar).
    /// `PlainYAMLTests.asciiMaskAsTheSwitch` holds it to the switch for every ASCII byte.
    @inline(__always)
    static func asciiContinuesPlain(_ byte: UInt8) -> Bool {
        byte < 64 ? (plainMaskLow >> UInt64(byte)) & 1 != 0 : (plainMaskHigh >> UInt64(byte & 63)) & 1 != 0
    }

    /// Bytes 0-63 and 64-127 that a plain scalar keeps wherever they stand: `a-z A-Z 0-9`, space,
    /// and `_ . / ( ) - + = ' , ; $ ^ ~ [ ]`.
    static let plainMaskLow: UInt64 = 0x2BFF_FB91_0000_0000
    static let plainMaskHigh: UInt64 = 0x47FF_FFFE_EFFF_FFFE

    /// The switch `asciiContinuesPlain` stands for (for the tests).
    static func scalarContinuesPlain(_ character: Unicode.Scalar) -> Bool {
        Reader.canContinuePlain(character)
    }

    /// Reads the document's UTF-8 bytes in place: a line is a range of them, a value's String is
    /// made once from its bytes (the Character split into lines and the copy of every line into
    /// an array of scalars were half a million instructions a record, ADR-0046). Columns count
    /// scalars, as Yams' do: a byte that continues a scalar is no column of its own.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let lineOffset: Int
        var nodes = 0

        init(bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) {
            self.bytes = bytes
            self.lineOffset = lineOffset
        }

        /// A line's bytes, its `\n` left out.
        typealias Line = Range<Int>

        static let space = UInt8(ascii: " ")

        mutating func document() -> YAMLNode? {
            // Characters a simple document never holds, checked once over the bytes (the
            // characters special to YAML are declined where they stand, by `scalar`).
            for byte in bytes {
                switch byte {
                case 0..<0x20 where byte != UInt8(ascii: "\n"): return nil  // tabs, carriage returns, controls
                case 0x7F: return nil
                case 0xC2, 0xE2, 0xEF: return nil  // NEL, line and paragraph separators, BOM and other specials
                default: continue
                }
            }
            // Without carriage returns (declined above), every `\n` is a Character of its own: the
            // lines split at `\n` bytes are the lines split at `\n` Characters.
            var lines: [Line] = []
            var lineStart = 0
            for position in 0..<bytes.count where bytes[position] == UInt8(ascii: "\n") {
                lines.append(lineStart..<position)
                lineStart = position + 1
            }
            lines.append(lineStart..<bytes.count)
            var entries: [YAMLNode.Entry] = []
            var keys: [String] = []
            var keySet = Set<String>()
            var index = 0
            while index < lines.count {
                let line = lines[index]
                if isBlank(line) { index += 1; continue }
                // `key:` at the start of the line, the key a simple word.
                var end = line.lowerBound
                while end < line.upperBound, Self.isKeyCharacter(bytes[end]) { end += 1 }
                guard end > line.lowerBound, end < line.upperBound, bytes[end] == UInt8(ascii: ":"),
                      bytes[line.lowerBound] != UInt8(ascii: "-") else { return nil }
                let key = string(line.lowerBound..<end)
                // A dozen keys are compared in a list; a long mapping's are hashed.
                if keys.count < 16 {
                    guard !keys.contains(key) else { return nil }
                    keys.append(key)
                    if keys.count == 16 { keySet = Set(keys) }
                } else {
                    guard keySet.insert(key).inserted else { return nil }
                }
                let keyNode = YAMLNode(value: .scalar(key, plain: true), line: index + 1 + lineOffset, column: 1)
                var start = end + 1
                if start < line.upperBound {
                    guard bytes[start] == Self.space else { return nil }
                    while start < line.upperBound, bytes[start] == Self.space { start += 1 }
                }
                let value: YAMLNode
                if start < line.upperBound {
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
            if bytes[start] == UInt8(ascii: "[") { return flowList(line, from: start, line: number) }
            guard let (node, end) = scalar(line, from: start, line: number, inFlow: false), isBlank(end..<line.upperBound) else { return nil }
            return node
        }

        /// `[a, "b", c d]` on one line; nil for an empty item or a trailing comma.
        mutating func flowList(_ line: Line, from start: Int, line number: Int) -> YAMLNode? {
            let upper = line.upperBound
            var items: [YAMLNode] = []
            var cursor = start + 1
            while cursor < upper, bytes[cursor] == Self.space { cursor += 1 }
            if cursor < upper, bytes[cursor] == UInt8(ascii: "]") {
                cursor += 1
            } else {
                while true {
                    guard cursor < upper, let (item, end) = scalar(line, from: cursor, line: number, inFlow: true) else { return nil }
                    items.append(item)
                    nodes += 1
                    cursor = end
                    while cursor < upper, bytes[cursor] == Self.space { cursor += 1 }
                    guard cursor < upper else { return nil }
                    if bytes[cursor] == UInt8(ascii: "]") { cursor += 1; break }
                    guard bytes[cursor] == UInt8(ascii: ","), cursor + 1 < upper, bytes[cursor + 1] == Self.space else { return nil }
                    cursor += 1
                    while cursor < upper, bytes[cursor] == Self.space { cursor += 1 }
                }
            }
            guard isBlank(cursor..<upper) else { return nil }
            return YAMLNode(value: .sequence(items), line: number + 1 + lineOffset, column: column(line, start))
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
                if isBlank(line) { cursor += 1; continue }
                var dash = line.lowerBound
                while dash < line.upperBound, bytes[dash] == Self.space { dash += 1 }
                guard dash < line.upperBound, bytes[dash] == UInt8(ascii: "-") else {
                    guard dash == line.lowerBound else { return nil }  // an indented line that is no item
                    break
                }
                // Spaces only before the dash: its indentation in bytes is its column in scalars.
                let spaces = dash - line.lowerBound
                if let indent { guard spaces == indent else { return nil } } else { indent = spaces }
                var start = dash + 1
                guard start < line.upperBound, bytes[start] == Self.space else { return nil }
                while start < line.upperBound, bytes[start] == Self.space { start += 1 }
                guard start < line.upperBound, bytes[start] != UInt8(ascii: "-"), bytes[start] != UInt8(ascii: "["),
                      let (item, end) = scalar(line, from: start, line: cursor, inFlow: false), isBlank(end..<line.upperBound) else { return nil }
                if first == nil { first = (cursor, spaces) }
                items.append(item)
                nodes += 1
                cursor += 1
            }
            guard let first else { return nil }
            index = cursor
            return YAMLNode(value: .sequence(items), line: first.line + 1 + lineOffset, column: first.column + 1)
        }

        /// A single-line scalar at `start`: double-quoted without escapes, single-quoted without
        /// quotes inside, or plain; with the offset after it.
        func scalar(_ line: Line, from start: Int, line number: Int, inFlow: Bool) -> (YAMLNode, Int)? {
            let lineNumber = number + 1 + lineOffset
            let upper = line.upperBound
            let quote = bytes[start]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                var end = start + 1
                while end < upper, bytes[end] != quote {
                    if quote == UInt8(ascii: "\""), bytes[end] == UInt8(ascii: "\\") { return nil }  // an escape
                    end += 1
                }
                guard end < upper else { return nil }
                let text = string((start + 1)..<end)
                return (YAMLNode(value: .scalar(text, plain: false), line: lineNumber, column: column(line, start)), end + 1)
            }
            if quote < 0x80 {
                guard Self.canStartPlain(Unicode.Scalar(quote)) else { return nil }
            } else {
                guard let (first, _) = decode(at: start), Self.canStartPlain(first) else { return nil }
            }
            var end = start
            while end < upper {
                let byte = bytes[end]
                if byte < 0x80 {
                    if inFlow, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "[") { break }
                    guard PlainYAML.asciiContinuesPlain(byte) else { return nil }
                    end += 1
                } else {
                    guard let (character, length) = decode(at: end), Self.canContinuePlain(character) else { return nil }
                    end += length
                }
            }
            var last = end
            while last > start, bytes[last - 1] == Self.space { last -= 1 }
            guard last > start else { return nil }
            let text = string(start..<last)
            if text == "-" || text.hasPrefix("- ") || text == "---" || text == "..." { return nil }
            return (YAMLNode(value: .scalar(text, plain: true), line: lineNumber, column: column(line, start)), last)
        }

        /// The scalar whose UTF-8 starts at `offset` (the bytes are a String's: valid UTF-8), and its length.
        func decode(at offset: Int) -> (Unicode.Scalar, Int)? {
            let lead = UInt32(bytes[offset])
            let length = lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4)
            guard offset + length <= bytes.count else { return nil }
            var value = lead & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
            for next in (offset + 1)..<(offset + length) { value = value << 6 | (UInt32(bytes[next]) & 0x3F) }
            return Unicode.Scalar(value).map { ($0, length) }
        }

        /// The column of the scalar starting at `offset`: one more than the scalars before it on its line.
        func column(_ line: Line, _ offset: Int) -> Int {
            var column = 1
            for position in line.lowerBound..<offset where bytes[position] & 0xC0 != 0x80 { column += 1 }
            return column
        }

        /// The String of these bytes (a value's: they start and end at scalar boundaries).
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        func isBlank(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] == Self.space } }

        static func isKeyCharacter(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): return true
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
