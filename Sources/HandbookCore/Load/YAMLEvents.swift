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
    }

    private struct Reader {
        let lineOffset: Int
        let nodeBudget: Int
        var total = 0
        var stack: [Frame] = []
        var anchors: [String: (node: YAMLNode, count: Int)] = [:]
        var root: YAMLNode?

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
                    if let anchor = string(scalar.anchor) { anchors[anchor] = (node, 1) }
                    if let error = add(node, count: 1) { return .failure(error) }
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor) ?? ""
                    guard let (node, count) = anchors[name] else {
                        let mark = self.mark(event.start_mark)
                        return .failure(.syntax(message: "found undefined alias", line: mark.line, column: mark.column))
                    }
                    if let error = add(node, count: count) { return .failure(error) }
                case YAML_SEQUENCE_START_EVENT:
                    open(isMapping: false, mark: event.start_mark, anchor: string(event.data.sequence_start.anchor))
                case YAML_MAPPING_START_EVENT:
                    open(isMapping: true, mark: event.start_mark, anchor: string(event.data.mapping_start.anchor))
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

        mutating func open(isMapping: Bool, mark position: yaml_mark_t, anchor: String?) {
            let (line, column) = mark(position)
            let dropped = stack.count >= YAMLEvents.maxDepth || stack.last?.dropped == true
            stack.append(Frame(isMapping: isMapping, line: line, column: column, anchor: anchor, dropped: dropped))
        }

        mutating func close() -> YAMLParseError? {
            guard let frame = stack.popLast() else { return nil }
            let node: YAMLNode
            if frame.dropped {
                node = YAMLNode(value: .scalar("", plain: true), line: frame.line, column: frame.column)
            } else if frame.isMapping {
                if let error = duplicateKey(in: frame.entries) { return error }
                node = YAMLNode(value: .mapping(frame.entries), line: frame.line, column: frame.column)
            } else {
                node = YAMLNode(value: .sequence(frame.items), line: frame.line, column: frame.column)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.count) }
            // Its content is counted already: the collection itself adds one value to the total.
            return add(node, count: frame.count, newValues: 1)
        }

        /// Puts a finished value into the collection being read (or makes it the root). `count` is how
        /// many values it holds with aliases expanded; `newValues` how many of them the total lacks.
        mutating func add(_ node: YAMLNode, count: Int, newValues: Int? = nil) -> YAMLParseError? {
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
            var node = node
            if stack.count >= YAMLEvents.maxDepth {
                node = YAMLNode(value: .scalar("", plain: true), line: node.line, column: node.column)
            }
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

        /// Yams refuses a mapping whose keys repeat (scalars by their text, collections by content).
        func duplicateKey(in entries: [YAMLNode.Entry]) -> YAMLParseError? {
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
            var seen: [YAMLNode.Value: YAMLNode] = [:]
            seen.reserveCapacity(entries.count)
            var repeated: [(first: YAMLNode, again: YAMLNode)] = []
            for entry in entries {
                let key = entry.key.value.withoutPositions
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

        static func sameKey(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
            if case .scalar(let x, _) = a.value, case .scalar(let y, _) = b.value { return x == y }
            return a.value.withoutPositions == b.value.withoutPositions
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

extension YAMLNode.Value {
    /// The value with every line and column set to 0: what two keys are compared by.
    var withoutPositions: YAMLNode.Value {
        switch self {
        case .scalar(let text, _): return .scalar(text, plain: true)
        case .sequence(let items): return .sequence(items.map { YAMLNode(value: $0.value.withoutPositions, line: 0, column: 0) })
        case .mapping(let entries):
            return .mapping(entries.map {
                YAMLNode.Entry(key: YAMLNode(value: $0.key.value.withoutPositions, line: 0, column: 0),
                               value: YAMLNode(value: $0.value.value.withoutPositions, line: 0, column: 0))
            })
        }
    }
}
