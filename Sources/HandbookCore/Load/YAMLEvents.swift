// Every libyaml call of the project is in this file (ADR-0112). libyaml is the C library Yams is
// built on; its module, CYaml, is compiled as part of the Yams package, which stays a dependency
// (and the reference the tests compare this reader with).
import CYaml

/// Builds `YAMLNode`s straight from libyaml's events: the same tree, lines, columns and errors
/// as Yams' `compose` followed by a conversion to `YAMLNode`, without Yams' node graph (an enum of
/// classes, a copy of every node into our tree and a grouping of every mapping's keys, which were
/// four fifths of the time of reading a 3 MB description). `YAMLEventsTests` and the property
/// tests hold the two readers to the same answers.
///
/// An explicit stack, not recursion: a document nested 100,000 deep is read without growing the
/// call stack. As the Yams path did, values nested 200 or more deep are read as empty scalars
/// (`HostileInputTests.deeplyNestedFrontMatterEnds`), and aliases count every value they expand
/// to against `nodeBudget` without being copied.
enum YAMLEvents {
    static let maxDepth = 200

    static func parse(_ text: String, lineOffset: Int, nodeBudget: Int) throws(YAMLParseError) -> YAMLNode? {
        var text = text
        let result: Result<YAMLNode?, YAMLParseError> = text.withUTF8 { bytes in
            var reader = Reader(lineOffset: lineOffset, nodeBudget: nodeBudget)
            return reader.read(bytes)
        }
        return try result.get()
    }

    private struct Frame {
        var isMapping: Bool
        var line: Int
        var column: Int
        var anchor: String?
        /// Values this collection holds once aliases are expanded (itself included).
        var count = 1
        var items: [YAMLNode] = []
        var entries: [YAMLNode.Entry] = []
        var pendingKey: YAMLNode?
        /// Deeper than `maxDepth`: its content is dropped, and it is read as an empty scalar.
        var dropped: Bool
        /// Its tag, as a key's identity holds it (`KeyShape.tag`).
        var tag: String?
        /// Once the document has shown a tag (`Reader.tagged`): the shapes of the values added since,
        /// in order (keys and values alternating in a mapping); the `shapesFrom` values added before
        /// had no tag anywhere, so their shapes are their nodes'.
        var shapes: [KeyShape] = []
        var shapesFrom = 0

        /// Values added so far (a mapping's keys and values both count).
        var added: Int { isMapping ? entries.count * 2 + (pendingKey == nil ? 0 : 1) : items.count }

        /// The shape of the `index`th value added.
        func shape(_ index: Int) -> KeyShape {
            if index >= shapesFrom { return shapes[index - shapesFrom] }
            if !isMapping { return KeyShape(items[index]) }
            guard index / 2 < entries.count else { return pendingKey.map(KeyShape.init) ?? .scalar("", tag: nil) }
            let entry = entries[index / 2]
            return KeyShape(index % 2 == 0 ? entry.key : entry.value)
        }
    }

    /// A key as Yams' duplicate check tells keys apart (`Node ==`): the text, or the content of a
    /// list or mapping, and the resolved tag, nil for the default one (`str` for a scalar, as
    /// the basic resolver resolves every untagged scalar, `seq`, `map`). So `!t a` and `a` are two keys,
    /// `!!str a` and `a` one; `"1"` and `1` are one key too (both `str` without the core schema).
    /// Built only for documents with a tag: without one, the text or content alone tells keys apart.
    indirect enum KeyShape: Hashable {
        case scalar(String, tag: String?)
        case sequence([KeyShape], tag: String?)
        /// Keys and values alternating, in order.
        case mapping([KeyShape], tag: String?)

        /// The shape of a value read without any tag.
        init(_ node: YAMLNode) {
            switch node.value {
            case .scalar(let text, _): self = .scalar(text, tag: nil)
            case .sequence(let items): self = .sequence(items.map(KeyShape.init), tag: nil)
            case .mapping(let entries): self = .mapping(entries.flatMap { [KeyShape($0.key), KeyShape($0.value)] }, tag: nil)
            }
        }

        /// A tag as the identity of a key holds it: nil for none, for the non-specific `!` and for
        /// the kind's default (`defaultTag`), the resolved name (libyaml expands `!!` and `%TAG`) otherwise.
        static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, defaultTag: String) -> String? {
            guard let pointer, pointer[0] != 0 else { return nil }
            if pointer[0] == UInt8(ascii: "!"), pointer[1] == 0 { return nil }
            let name = String(cString: pointer)
            return name == defaultTag ? nil : name
        }

        static let str = "tag:yaml.org,2002:str", seq = "tag:yaml.org,2002:seq", map = "tag:yaml.org,2002:map"
    }

    private struct Reader {
        let lineOffset: Int
        let nodeBudget: Int
        var total = 0
        var stack: [Frame] = []
        /// `shape`: nil when the anchored value was read before the document's first tag.
        var anchors: [String: (node: YAMLNode, count: Int, shape: KeyShape?)] = [:]
        var root: YAMLNode?
        /// A tag has been seen: from then on, every frame records its values' shapes (`Frame.shapes`),
        /// which tell keys apart by their tags. Untagged documents (nearly all) never build one.
        var tagged = false

        init(lineOffset: Int, nodeBudget: Int) {
            self.lineOffset = lineOffset
            self.nodeBudget = nodeBudget
        }

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<YAMLNode?, YAMLParseError> {
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(.syntax(message: "out of memory", line: lineOffset + 1, column: 1))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var documents = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(parserError(parser))
                }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return .success(root)
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents == 2 {
                        // Yams' `compose` wants a single document; its words, for the same message.
                        let mark = self.mark(event.start_mark)
                        var message = "but found another document expected a single document in the stream"
                        if mark.line != 1 + lineOffset { message += " that starts at line \(1 + lineOffset)" }
                        return .failure(.syntax(message: message, line: mark.line, column: mark.column))
                    }
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    var bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                    // A byte-order mark opening a scalar is dropped, as Yams' decoding (Foundation's
                    // `String(bytes:encoding:)`) dropped it: an invisible character in a title helps no one.
                    // (Found by `PropertyTests.yamlEventsAnswerAsYams`.)
                    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                        bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                    }
                    let text = String(decoding: bytes, as: UTF8.self)
                    let mark = self.mark(event.start_mark)
                    let node = YAMLNode(value: .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line: mark.line, column: mark.column)
                    // As Yams reads a scalar's tag: a quoted one without a tag is `str`, as is every untagged one.
                    let tag = scalar.quoted_implicit == 1 ? nil : KeyShape.tag(scalar.tag, defaultTag: KeyShape.str)
                    if tag != nil { startShapes() }
                    let shape: KeyShape? = tagged ? .scalar(text, tag: tag) : nil
                    if let anchor = string(scalar.anchor) { anchors[anchor] = (node, 1, shape) }
                    if let error = add(node, count: 1, shape: shape) { return .failure(error) }
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor) ?? ""
                    guard let (node, count, shape) = anchors[name] else {
                        let mark = self.mark(event.start_mark)
                        return .failure(.syntax(message: "found undefined alias", line: mark.line, column: mark.column))
                    }
                    // An alias is the anchored value, tags included (Yams' `compose` hands back the same node).
                    if let error = add(node, count: count, shape: tagged ? shape ?? KeyShape(node) : nil) { return .failure(error) }
                case YAML_SEQUENCE_START_EVENT:
                    let start = event.data.sequence_start
                    open(isMapping: false, mark: event.start_mark, anchor: string(start.anchor),
                         tag: start.implicit != 0 ? nil : KeyShape.tag(start.tag, defaultTag: KeyShape.seq))
                case YAML_MAPPING_START_EVENT:
                    let start = event.data.mapping_start
                    open(isMapping: true, mark: event.start_mark, anchor: string(start.anchor),
                         tag: start.implicit != 0 ? nil : KeyShape.tag(start.tag, defaultTag: KeyShape.map))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let error = close() { return .failure(error) }
                default:
                    continue  // stream start, document end
                }
            }
        }

        func mark(_ mark: yaml_mark_t) -> (line: Int, column: Int) {
            (mark.line + 1 + lineOffset, mark.column + 1)
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        mutating func open(isMapping: Bool, mark position: yaml_mark_t, anchor: String?, tag: String?) {
            let (line, column) = mark(position)
            let dropped = stack.count >= YAMLEvents.maxDepth || stack.last?.dropped == true
            if tag != nil { startShapes() }
            stack.append(Frame(isMapping: isMapping, line: line, column: column, anchor: anchor, dropped: dropped, tag: tag))
        }

        /// The document's first tag: the open frames record the shapes of the values they get from now on.
        mutating func startShapes() {
            guard !tagged else { return }
            tagged = true
            for index in stack.indices { stack[index].shapesFrom = stack[index].added }
        }

        mutating func close() -> YAMLParseError? {
            guard let frame = stack.popLast() else { return nil }
            let node: YAMLNode
            if frame.dropped {
                node = YAMLNode(value: .scalar("", plain: true), line: frame.line, column: frame.column)
            } else if frame.isMapping {
                if let error = duplicateKey(in: frame) { return error }
                node = YAMLNode(value: .mapping(frame.entries), line: frame.line, column: frame.column)
            } else {
                node = YAMLNode(value: .sequence(frame.items), line: frame.line, column: frame.column)
            }
            var shape: KeyShape?
            if tagged {
                if frame.dropped {
                    shape = .scalar("", tag: nil)
                } else {
                    let values = (0..<frame.added).map(frame.shape)
                    shape = frame.isMapping ? .mapping(values, tag: frame.tag) : .sequence(values, tag: frame.tag)
                }
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.count, shape) }
            // Its content is counted already: the collection itself adds one value to the total.
            return add(node, count: frame.count, newValues: 1, shape: shape)
        }

        /// Puts a finished value into the collection being read (or makes it the root). `count` is how
        /// many values it holds with aliases expanded; `newValues` how many of them the total lacks.
        /// `shape`: its shape, once the document is `tagged`.
        mutating func add(_ node: YAMLNode, count: Int, newValues: Int? = nil, shape: KeyShape?) -> YAMLParseError? {
            total += newValues ?? count
            if total >= nodeBudget {
                return .syntax(message: "more than \(nodeBudget) values (are aliases expanding without bound?)", line: lineOffset + 1, column: 1)
            }
            guard !stack.isEmpty else {
                root = node
                return nil
            }
            let last = stack.count - 1
            stack[last].count += count
            if stack[last].dropped { return nil }
            // A scalar or alias 200 deep is read as an empty scalar, as the Yams path's conversion did.
            var node = node, shape = shape
            if stack.count >= YAMLEvents.maxDepth {
                node = YAMLNode(value: .scalar("", plain: true), line: node.line, column: node.column)
                if shape != nil { shape = .scalar("", tag: nil) }
            }
            if let shape { stack[last].shapes.append(shape) }
            if stack[last].isMapping {
                if let key = stack[last].pendingKey {
                    stack[last].entries.append(YAMLNode.Entry(key: key, value: node))
                    stack[last].pendingKey = nil
                } else {
                    stack[last].pendingKey = node
                }
            } else {
                stack[last].items.append(node)
            }
            return nil
        }

        /// Yams refuses a mapping whose keys repeat: the same text (a collection: the same content) and
        /// the same tag (`KeyShape`).
        func duplicateKey(in frame: Frame) -> YAMLParseError? {
            let entries = frame.entries
            guard entries.count > 1 else { return nil }
            if entries.count <= 12 {
                // Most mappings are small: compared pairwise, no hashing, no allocation.
                var clash = false
                outer: for i in 1..<entries.count {
                    for j in 0..<i where Self.sameKey(entries[i].key, entries[j].key) {
                        clash = true
                        break outer
                    }
                }
                if !clash { return nil }
            }
            // Keys with the same text may differ by their tags, which only a tagged document's shapes hold.
            var seen: [KeyShape: YAMLNode] = [:]
            seen.reserveCapacity(entries.count)
            var repeated: [(first: YAMLNode, again: YAMLNode)] = []
            for (index, entry) in entries.enumerated() {
                let key = tagged ? frame.shape(index * 2) : KeyShape(entry.key)
                if let first = seen[key] {
                    repeated.append((first, entry.key))
                } else {
                    seen[key] = entry.key
                }
            }
            guard let firstRepeat = repeated.first else { return nil }
            let names = repeated.map { "'\($0.again.string ?? "<\($0.again.kindName)>")'" }
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            let word = unique.count == 1 ? "key" : "keys"
            return .syntax(message: "duplicate \(word) \(unique.joined(separator: ", ")) in a mapping (first at line \(firstRepeat.first.line))",
                           line: firstRepeat.again.line, column: firstRepeat.again.column)
        }

        /// The same text or content, tags aside: what two keys the same must have.
        static func sameKey(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
            if case .scalar(let x, _) = a.value, case .scalar(let y, _) = b.value { return x == y }
            return KeyShape(a) == KeyShape(b)
        }

        func parserError(_ parser: yaml_parser_t) -> YAMLParseError {
            let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            switch parser.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                // As Yams' error, described as YAMLReader always did.
                let position = mark(parser.problem_mark)
                var message = problem
                if let context = parser.context.map({ String(cString: $0) }) {
                    message = "\(problem) \(context)"
                    let contextLine = parser.context_mark.line + 1 + lineOffset
                    if contextLine != position.line { message += " that starts at line \(contextLine)" }
                }
                return .syntax(message: message, line: position.line, column: position.column)
            default:
                return .syntax(message: problem, line: lineOffset + 1, column: 1)
            }
        }
    }
}
