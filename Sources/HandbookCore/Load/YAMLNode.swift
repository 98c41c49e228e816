import HandbookMarkdown
import Yams

/// A YAML value with the line and column where it was written (in the file, not the block).
/// Yams stays behind this type: the rest of the pipeline never sees `Yams.Node`.
public struct YAMLNode: Sendable, Hashable {
    public indirect enum Value: Sendable, Hashable {
        /// A scalar as written; `plain` is false when it was quoted (so `"true"` stays a string).
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    public struct Entry: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    public var value: Value
    public var line: Int
    public var column: Int

    /// The scalar's text, or nil for a list or mapping.
    public var string: String? {
        if case .scalar(let text, let plain) = value {
            return plain && Self.isNullWord(text) ? nil : text
        }
        return nil
    }

    public var isNull: Bool {
        if case .scalar(let text, let plain) = value { return plain && Self.isNullWord(text) }
        return false
    }

    public var bool: Bool? {
        guard case .scalar(let text, let plain) = value, plain, let first = text.utf8.first else { return nil }
        // Most scalars are no boolean: decided by the first letter, without lowercasing a copy.
        switch first {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "n"), UInt8(ascii: "N"): break
        default: return nil
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    public var int: Int? {
        guard case .scalar(let text, _) = value else { return nil }
        return Int(text)
    }

    public var entries: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public subscript(key: String) -> YAMLNode? {
        // Called millions of times on a large spec: compares the key's text first, and asks whether it is a
        // null word (`~`, `null`: no string key) only for the one that matches.
        guard case .mapping(let entries) = value else { return nil }
        for entry in entries {
            if case .scalar(let text, let plain) = entry.key.value, text == key, !(plain && Self.isNullWord(text)) {
                return entry.value
            }
        }
        return nil
    }

    /// A scalar or a list of scalars, as a list (`tags: a` and `tags: [a]` read alike).
    public var stringList: [YAMLNode]? {
        switch value {
        case .scalar: return isNull ? [] : [self]
        case .sequence(let items): return items.allSatisfy({ $0.string != nil }) ? items : nil
        case .mapping: return nil
        }
    }

    /// The value as template data: strings, booleans, lists and dictionaries.
    public var templateValue: Any {
        switch value {
        case .scalar(let text, let plain):
            if plain, let flag = bool { return flag }
            return plain && Self.isNullWord(text) ? "" : text
        case .sequence(let items): return items.map(\.templateValue)
        case .mapping(let entries):
            var dictionary: [String: Any] = [:]
            for entry in entries { dictionary[entry.key.string ?? ""] = entry.value.templateValue }
            return dictionary
        }
    }

    /// A short description of the kind of value, for messages.
    public var kindName: String {
        switch value {
        case .scalar: return isNull ? "nothing" : "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// `nullWords.contains(text)`, ASCII text by its bytes (ADR-0067: every scalar read was hashed
    /// for it, half a million hashes at 10,000 records): ASCII text is its own normal form, so it
    /// equals an ASCII word only byte for byte; other text is looked up as before.
    static func isNullWord(_ text: String) -> Bool {
        var text = text
        if let answer = text.withUTF8({ bytes -> Bool? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            switch bytes.count {
            case 0: return true
            case 1: return bytes[0] == UInt8(ascii: "~")
            case 4:
                return (bytes[0] == UInt8(ascii: "n") || bytes[0] == UInt8(ascii: "N"))
                    && ((bytes[1] == UInt8(ascii: "u") && bytes[2] == UInt8(ascii: "l") && bytes[3] == UInt8(ascii: "l"))
                        || (bytes[0] == UInt8(ascii: "N") && bytes[1] == UInt8(ascii: "U") && bytes[2] == UInt8(ascii: "L") && bytes[3] == UInt8(ascii: "L")))
            default: return false
            }
        }) { return answer }
        return nullWords.contains(text)
    }
}

public enum YAMLParseError: Error, Sendable {
    /// A syntax error at a line and column of the YAML text (1-based).
    case syntax(message: String, line: Int, column: Int)
}

public enum YAMLReader {
    /// Parses one YAML document. Line numbers in the result and in errors are shifted by `lineOffset`.
    /// `nodeBudget`: the most values once aliases are expanded (contract specs pass their size in bytes).
    public static func parse(_ text: String, lineOffset: Int = 0, nodeBudget: Int = YAMLReader.nodeBudget) throws(YAMLParseError) -> YAMLNode? {
        // Plain front matter without Yams' node graph; the same nodes, or nil for Yams to read.
        if let node = PlainYAML.parse(text, lineOffset: lineOffset) { return node }
        return try YAMLEvents.parse(text, lineOffset: lineOffset, nodeBudget: nodeBudget)
    }

    /// `parse` through Yams alone: the reference `YAMLEvents` is tested against (not used by the build).
    static func parseWithYams(_ text: String, lineOffset: Int = 0, nodeBudget: Int = YAMLReader.nodeBudget) throws(YAMLParseError) -> YAMLNode? {
        do {
            // The encoding given, not `.default`: that one reads the process environment on every call.
            // The basic resolver: we read scalars ourselves (plain or quoted), so Yams need not match every
            // scalar against its regular expressions for booleans, numbers and dates (a third of `review`).
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
            var budget = nodeBudget
            let converted = convert(node, lineOffset: lineOffset, depth: 0, budget: &budget)
            guard budget > 0 else {
                throw YAMLParseError.syntax(message: "more than \(nodeBudget) values (are aliases expanding without bound?)",
                                            line: lineOffset + 1, column: 1)
            }
            return converted
        } catch let error as YAMLParseError {
            throw error
        } catch let error as YamlError {
            throw describe(error, lineOffset: lineOffset)
        } catch {
            throw .syntax(message: "\(error)", line: lineOffset + 1, column: 1)
        }
    }

    /// The most values one document may hold once aliases are expanded: guards against "billion laughs".
    public static let nodeBudget = 200_000

    private static func convert(_ node: Node, lineOffset: Int, depth: Int, budget: inout Int) -> YAMLNode {
        let line = (node.mark?.line ?? 1) + lineOffset
        let column = node.mark?.column ?? 1
        budget -= 1
        guard depth < 200, budget > 0 else { return YAMLNode(value: .scalar("", plain: true), line: line, column: column) }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(value: .scalar(scalar.string, plain: scalar.style == .plain), line: line, column: column)
        case .sequence(let sequence):
            return YAMLNode(value: .sequence(sequence.map { convert($0, lineOffset: lineOffset, depth: depth + 1, budget: &budget) }),
                            line: line, column: column)
        case .mapping(let mapping):
            let entries = mapping.map {
                YAMLNode.Entry(key: convert($0.key, lineOffset: lineOffset, depth: depth + 1, budget: &budget),
                               value: convert($0.value, lineOffset: lineOffset, depth: depth + 1, budget: &budget))
            }
            return YAMLNode(value: .mapping(entries), line: line, column: column)
        case .alias(let alias):
            return YAMLNode(value: .scalar("*" + alias.anchor.rawValue, plain: false), line: line, column: column)
        }
    }

    private static func describe(_ error: YamlError, lineOffset: Int) -> YAMLParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = context.map { "\(problem) \($0.text)" } ?? problem
            if let context, context.mark.line != mark.line {
                message += " that starts at line \(context.mark.line + lineOffset)"
            }
            return .syntax(message: message, line: mark.line + lineOffset, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) \(context.text)",
                           line: context.mark.line + lineOffset, column: context.mark.column)
        case .reader(let problem, _, _, _):
            return .syntax(message: problem, line: lineOffset + 1, column: 1)
        default:
            return .syntax(message: "\(error)", line: lineOffset + 1, column: 1)
        }
    }
}
