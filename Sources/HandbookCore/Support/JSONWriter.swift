/// Writes JSON straight into bytes: objects one member a line (in the order written), arrays of
/// strings on one line. For large outputs (`handbook.json` of 10,000 records is tens of MB) where
/// `JSONEncoder`'s intermediate tree cost seconds and hundreds of megabytes.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var first = [true]
    /// Per open container: written on one line.
    private var inline = [false]

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// A writer of one element of an array `depth` containers deep (none of them inline), to be put
    /// after that array's other elements with `appendElement`: the same bytes the array's own writer
    /// would write for it. `first`: it is the array's first element.
    init(elementOfArrayAt depth: Int, first: Bool, capacity: Int = 1 << 12) {
        bytes.reserveCapacity(capacity)
        self.depth = depth
        self.first = Array(repeating: false, count: depth) + [first]
        inline = Array(repeating: false, count: depth + 1)
    }

    /// An element of the current array written by a writer made with `init(elementOfArrayAt:first:)`.
    mutating func appendElement(_ element: [UInt8]) {
        bytes.append(contentsOf: element)
        first[first.count - 1] = false
    }

    /// The bytes written since the last call, handed over (the writer keeps its place).
    mutating func take() -> [UInt8] {
        let taken = bytes
        bytes.removeAll(keepingCapacity: true)
        return taken
    }

    mutating func beginObject(inline: Bool = false) { open(UInt8(ascii: "{"), inline: inline) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "["), inline: false) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the current object: `"key": `.
    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// `key(_:)` of a name that needs no escape (every member's name written by `member`): its
    /// bytes copied as they are, not looked at (ADR-0076).
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// Starts an element of the current array.
    mutating func element() { separate() }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string(utf8: $0) }
    }

    /// `key(_:)` of a String's bytes (a document's front matter is kept as bytes: `FrontMatterFields`).
    mutating func key(utf8 name: UnsafeBufferPointer<UInt8>) {
        separate()
        string(utf8: name)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// `string(_:)` of a String's bytes (valid UTF-8).
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied at once (byte by byte was most of handbook.json's
        // cost); the bytes are looked at eight at a time (`escapes`) while eight are left (ADR-0076).
        if let base = utf8.baseAddress {
            let count = utf8.count
            var run = 0, index = 0
            while index < count {
                if index &+ 8 <= count {
                    let found = Self.escapes(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                    if found == 0 {
                        index &+= 8
                        continue
                    }
                    index &+= found.trailingZeroBitCount >> 3
                } else if !Self.needsEscape(base[index]) {
                    index &+= 1
                    continue
                }
                if run < index { bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: index &- run)) }
                escape(base[index])
                index &+= 1
                run = index
            }
            if run < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: count &- run)) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether `string(utf8:)` writes `byte` otherwise than as it is: a control byte, `"` or `\`.
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    /// Eight bytes (little-endian, the first lowest) looked at at once: the high bit of each byte of
    /// the answer set when that byte `needsEscape`, every other bit clear. On the seven low bits,
    /// adding 0x60 sets a byte's high bit when it is 0x20 or more, and a byte that is 0 after an
    /// XOR with `"` (or `\`) is one whose low bits plus 0x7F leave the high bit clear and whose own
    /// high bit is clear; no sum carries into the next byte.
    @inline(__always)
    static func escapes(_ chunk: UInt64) -> UInt64 {
        let seven: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        let control = ~((chunk & seven) &+ 0x6060_6060_6060_6060) & ~chunk
        let quote = chunk ^ 0x2222_2222_2222_2222, backslash = chunk ^ 0x5C5C_5C5C_5C5C_5C5C
        let quotes = ~(((quote & seven) &+ seven) | quote), backslashes = ~(((backslash & seven) &+ seven) | backslash)
        return (control | quotes | backslashes) & high
    }

    private mutating func escape(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
    }

    /// `String(number)`'s digits; a number from 0 up written digit by digit without the String (ADR-0076).
    mutating func value(_ number: Int) {
        guard number >= 0 else {
            bytes.append(contentsOf: String(number).utf8)
            return
        }
        var unit = 1
        while unit <= number / 10 { unit *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: number / unit % 10))
            unit /= 10
        } while unit > 0
    }
    mutating func value(_ flag: Bool) { bytes.append(contentsOf: (flag ? "true" : "false").utf8) }

    /// `"key": "text"`, left out when nil.
    mutating func member(_ name: StaticString, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    mutating func member(_ name: StaticString, _ number: Int) {
        key(name)
        value(number)
    }

    /// `"key": ["a", "b"]` on one line.
    mutating func member(_ name: StaticString, strings: [String]) {
        member(name, strings: strings) { $0 }
    }

    /// `member(_:strings:)` of each element's `text`, without an array of the Strings.
    mutating func member<Elements: Collection>(_ name: StaticString, strings elements: Elements, _ text: (Elements.Element) -> String) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first {
                bytes.append(UInt8(ascii: ","))
                bytes.append(UInt8(ascii: " "))
            }
            first = false
            string(text(element))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func open(_ bracket: UInt8, inline: Bool) {
        bytes.append(bracket)
        depth += 1
        first.append(true)
        self.inline.append(inline || self.inline[self.inline.count - 1])
    }

    private mutating func close(_ bracket: UInt8) {
        let empty = first.removeLast()
        let wasInline = inline.removeLast()
        depth -= 1
        if !empty, !wasInline { newline() }
        bytes.append(bracket)
    }

    private mutating func separate() {
        let isInline = inline[inline.count - 1]
        if first[first.count - 1] {
            first[first.count - 1] = false
            if isInline { return }
        } else {
            bytes.append(UInt8(ascii: ","))
            if isInline {
                bytes.append(UInt8(ascii: " "))
                return
            }
        }
        newline()
    }

    private mutating func newline() {
        bytes.append(0x0A)
        // Byte by byte: a String's bytes appended per level cost more than the rest of the writer (ADR-0051).
        for _ in 0..<(2 * depth) { bytes.append(UInt8(ascii: " ")) }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
