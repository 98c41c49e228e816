/// What the stages after the parse read of a document's front matter: `handbook.json`'s `fields`,
/// made at parse time from the YAML nodes, which are then let go (ADR-0055: the trees of every
/// document were 191 MB at 100,000 records; this form is the bytes of the values and keys).
///
/// The values are those `HandbookJSON.writeMapping` wrote from the nodes (ADR-0051): a scalar a
/// boolean (`YAMLNode.bool`) or a string (`YAMLNode.string`, a null word the empty string), a
/// sequence a list, a mapping an object whose keys are Strings, a key met again (as a String, so a
/// canonically equivalent spelling too) taking the later value and keeping the first spelling,
/// keys sorted as Strings. Aliases are written out where they are used, as the writer did.
///
/// Bytes: the root object's member count, then its members (a key's bytes, then a value); a value
/// is a tag (`string`, `false`, `true`, `list`, `object`) then, for a string, its length and bytes,
/// for a list its count and items, for an object its count and members. Counts and lengths are
/// LEB128. No front matter (or an empty one) is no bytes: `{}`.
///
/// `FrontMatterFieldsTests` holds `write` to the node writer's bytes and `value` to
/// `HandbookJSON.Value`'s, for every fixture's front matter and hostile YAML.
public struct FrontMatterFields: Sendable, Hashable {
    private(set) var bytes: [UInt8] = []

    static let string: UInt8 = 0, falseTag: UInt8 = 1, trueTag: UInt8 = 2, list: UInt8 = 3, object: UInt8 = 4

    public init() {}

    /// The front matter's fields (a mapping's; anything else has none).
    init(_ frontMatter: YAMLNode?) {
        guard let entries = frontMatter?.entries, !entries.isEmpty else { return }
        var bytes: [UInt8] = []
        Self.appendMembers(entries, to: &bytes)
        self.bytes = bytes
    }

    var isEmpty: Bool { bytes.isEmpty }

    // MARK: Made from the nodes

    /// A mapping's members as `writeMapping` ordered them: deduplicated as Strings, sorted.
    private static func appendMembers(_ entries: [YAMLNode.Entry], to bytes: inout [UInt8]) {
        var keys: [String] = []
        var values: [YAMLNode] = []
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        // Found by a look along the keys when there are few (front matter), by a table otherwise.
        var table: [String: Int]? = entries.count > 16 ? [:] : nil
        for entry in entries {
            let key = entry.key.string ?? ""
            if let earlier = table != nil ? table![key] : keys.firstIndex(of: key) {
                values[earlier] = entry.value
            } else {
                table?[key] = keys.count
                keys.append(key)
                values.append(entry.value)
            }
        }
        appendCount(keys.count, to: &bytes)
        for position in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            appendText(keys[position], to: &bytes)
            appendValue(values[position], to: &bytes)
        }
    }

    private static func appendValue(_ node: YAMLNode, to bytes: inout [UInt8]) {
        switch node.value {
        case .scalar:
            if let flag = node.bool {
                bytes.append(flag ? trueTag : falseTag)
            } else {
                bytes.append(string)
                appendText(node.string ?? "", to: &bytes)
            }
        case .sequence(let items):
            bytes.append(list)
            appendCount(items.count, to: &bytes)
            for item in items { appendValue(item, to: &bytes) }
        case .mapping(let entries):
            bytes.append(object)
            appendMembers(entries, to: &bytes)
        }
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendCount(text.utf8.count, to: &bytes)
        // The String's bytes copied as a buffer (ADR-0067: appending the UTF-8 view went through
        // its iterator, 270 instructions a key); the view for a String without contiguous UTF-8.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    private static func appendCount(_ count: Int, to bytes: inout [UInt8]) {
        var rest = UInt(count)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    // MARK: Read back

    /// Writes the fields as an object: the bytes `HandbookJSON.writeMapping` wrote from the nodes.
    func write(to json: inout JSONWriter) {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            json.beginObject()
            if !buffer.isEmpty { reader.writeMembers(to: &json) }
            json.endObject()
        }
    }

    /// The fields as `HandbookJSON.Value`s, as `Value(node)` made them of each entry.
    var values: [String: HandbookJSON.Value] {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return buffer.isEmpty ? [:] : reader.members()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func count() -> Int {
            var result: UInt = 0, shift: UInt = 0
            while true {
                let byte = bytes[position]
                position += 1
                result |= UInt(byte & 0x7F) << shift
                if byte < 0x80 { return Int(result) }
                shift += 7
            }
        }

        mutating func text() -> UnsafeBufferPointer<UInt8> {
            let length = count()
            defer { position += length }
            return UnsafeBufferPointer(rebasing: bytes[position..<(position + length)])
        }

        mutating func writeMembers(to json: inout JSONWriter) {
            for _ in 0..<count() {
                json.key(utf8: text())
                writeValue(to: &json)
            }
        }

        mutating func writeValue(to json: inout JSONWriter) {
            let tag = bytes[position]
            position += 1
            switch tag {
            case FrontMatterFields.string: json.string(utf8: text())
            case FrontMatterFields.falseTag: json.value(false)
            case FrontMatterFields.trueTag: json.value(true)
            case FrontMatterFields.list:
                json.beginArray()
                for _ in 0..<count() {
                    json.element()
                    writeValue(to: &json)
                }
                json.endArray()
            default:
                json.beginObject()
                writeMembers(to: &json)
                json.endObject()
            }
        }

        mutating func members() -> [String: HandbookJSON.Value] {
            var object: [String: HandbookJSON.Value] = [:]
            for _ in 0..<count() {
                let key = String(decoding: text(), as: UTF8.self)
                object[key] = value()
            }
            return object
        }

        mutating func value() -> HandbookJSON.Value {
            let tag = bytes[position]
            position += 1
            switch tag {
            case FrontMatterFields.string: return .string(String(decoding: text(), as: UTF8.self))
            case FrontMatterFields.falseTag: return .bool(false)
            case FrontMatterFields.trueTag: return .bool(true)
            case FrontMatterFields.list:
                var items: [HandbookJSON.Value] = []
                for _ in 0..<count() { items.append(value()) }
                return .list(items)
            default: return .object(members())
            }
        }
    }
}
