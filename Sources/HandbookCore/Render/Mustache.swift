import Foundation

/// Handbook's Mustache engine: one parser, one parse tree (rendered by `Mustache.Library` and
/// read by `TemplateValidator`), no other template package.
///
/// It follows the Mustache specification (github.com/mustache/spec: interpolation, sections,
/// inverted sections, comments, set delimiters, partials, and the optional inheritance and
/// dynamic-names modules; `MustacheSpecTests` runs its test files). Lambdas are not supported:
/// a view model cannot hold code, and a function value is a render error. Two extensions kept
/// from the templates' first engine: transforms (`{{^empty(tags)}}`, see `Mustache.transform`)
/// and a leading dot that looks at the top of the context stack only (`{{.title}}`).
enum Mustache {
    /// A variable or section name as written: `title`, `site.title`, `.`, `empty(tags)`.
    ///
    /// A class, not a struct: a node holding a name is copied whenever the renderer reaches it, and
    /// copying a struct of two arrays and a String retained and released each (ADR-0041). Never
    /// changed after parsing.
    final class Name {
        enum Scope { case current, top, stack }
        let scope: Scope
        let components: [String]
        /// The first component (empty for `.`): what the renderer looks up in the context stack,
        /// kept apart so that a look-up copies no array (ADR-0049).
        let first: String
        /// Outermost first, as written: `count(reversed(x))` is `["count", "reversed"]`.
        let transforms: [String]
        /// The tag's content as written, for diagnostics.
        let text: String
        let line: Int
        let column: Int

        init(scope: Scope, components: [String], transforms: [String], text: String, line: Int, column: Int) {
            self.scope = scope
            self.components = components
            self.first = components.first ?? ""
            self.transforms = transforms
            self.text = text
            self.line = line
            self.column = column
        }
    }

    struct Partial {
        /// The partial's name, or for a dynamic partial (`{{>*name}}`) the name that holds it.
        var name: String
        var dynamic: Bool
        /// Added to every line of the partial: the whitespace before a standalone tag.
        var indentation: [UInt8]
        var standalone: Bool
        /// `{{<parent}}...{{/parent}}`: the blocks it overrides (empty for `{{<parent}}{{/parent}}`); nil for `{{>partial}}`.
        var overrides: [String: [Node]]?
        var line: Int
        var column: Int
    }

    struct Block {
        var name: String
        /// The default content.
        var nodes: [Node]
        /// Added to every line of an override rendered here.
        var indentation: [UInt8]
        var standalone: Bool
        var line: Int
        var column: Int
    }

    /// Not `indirect`: the recursion goes through arrays, so rendering walks nodes without a box per node.
    enum Node {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        case partial(Partial)
        case block(Block)
    }

    struct ParseError: Error, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    static func parse(_ text: String) throws(ParseError) -> [Node] {
        var parser = Parser(Array(text.utf8))
        return try parser.parseDocument()
    }
}

// MARK: - Parsing

extension Mustache {
    struct Parser {
        enum Kind: Equatable { case variable, unescaped, triple, section, inverted, close, partial, comment, delimiters, parent, block }

        /// An open section, parent or block while its content is read.
        private struct Open {
            var kind: Kind
            var name: String
            var tag: (line: Int, column: Int)
            var nameValue: Name?
            var partial: Partial?
            var block: Block?
            var nodes: [Node] = []
            /// A block defined directly inside a parent: its first line's indentation is removed from every line.
            var isDefinition = false
            var definitionIndent: [UInt8]?
            /// A block expansion whose opening tag is standalone: its indentation is its default content's.
            var intrinsicIndent = false
        }

        private let bytes: [UInt8]
        private var position = 0
        private var line = 1
        private var lineStart = 0
        private var open: [UInt8] = Array("{{".utf8)
        private var close: [UInt8] = Array("}}".utf8)
        private var stack: [Open] = []
        /// True until the current line has output anything but leading whitespace.
        private var atLineStart = true
        private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func parseDocument() throws(ParseError) -> [Node] {
            stack = [Open(kind: .section, name: "", tag: (1, 1))]
            while position < bytes.count {
                var whitespace: [UInt8] = []
                if atLineStart {
                    let start = position
                    while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
                    whitespace = Array(bytes[start..<position])
                    whitespace = adjustForDefinition(whitespace)
                }
                // Text up to a tag or the end of the line.
                let textStart = position
                var foundTag = false
                while position < bytes.count {
                    if bytes[position] == Self.newline { break }
                    if bytes[position] == open[0], matches(open, at: position) { foundTag = true; break }
                    position += 1
                }
                let text = bytes[textStart..<position]
                if position < bytes.count, bytes[position] == Self.newline {
                    position += 1
                    appendText(whitespace + text + [Self.newline])
                    newLine()
                    continue
                }
                if !text.isEmpty {
                    appendText(whitespace + text)
                    whitespace = []
                    atLineStart = false
                }
                guard foundTag else {
                    appendText(whitespace)
                    break
                }
                try readTag(whitespace: whitespace)
            }
            if stack.count > 1, let unclosed = stack.last {
                throw ParseError(message: "'\(Self.opener(unclosed.kind))\(unclosed.name)}}' is never closed",
                                 line: unclosed.tag.line, column: unclosed.tag.column)
            }
            return stack[0].nodes
        }

        private mutating func newLine() {
            line += 1
            lineStart = position
            atLineStart = true
        }

        /// Inside a block definition: the first line's indentation is the definition's, removed from each line.
        private mutating func adjustForDefinition(_ whitespace: [UInt8]) -> [UInt8] {
            guard let index = stack.lastIndex(where: { $0.kind == .block && $0.isDefinition }) else { return whitespace }
            guard let indent = stack[index].definitionIndent else {
                stack[index].definitionIndent = whitespace
                return []
            }
            var drop = 0
            while drop < indent.count, drop < whitespace.count, whitespace[drop] == indent[drop] { drop += 1 }
            return Array(whitespace[drop...])
        }

        private func matches(_ delimiter: [UInt8], at index: Int) -> Bool {
            guard index + delimiter.count <= bytes.count else { return false }
            for offset in delimiter.indices where bytes[index + offset] != delimiter[offset] { return false }
            return true
        }

        /// Whether only spaces and tabs follow until the end of the line (or of the text); if so, moves past the line end.
        private mutating func consumeRestOfLine() -> Bool {
            var index = position
            while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab { index += 1 }
            if index == bytes.count { position = index; return true }
            if bytes[index] == Self.newline { position = index + 1; newLine(); return true }
            if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.newline {
                position = index + 2
                newLine()
                return true
            }
            return false
        }

        private mutating func readTag(whitespace: [UInt8]) throws(ParseError) {
            let tagLine = line, tagColumn = position - lineStart + 1
            let tag = (line: tagLine, column: tagColumn)
            position += open.count
            var kind = Kind.variable
            if position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "{"): kind = .triple
                case UInt8(ascii: "&"): kind = .unescaped
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .inverted
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: "="): kind = .delimiters
                case UInt8(ascii: "<"): kind = .parent
                case UInt8(ascii: "$"): kind = .block
                case UInt8(ascii: "%"):
                    throw ParseError(message: "pragmas ('{{%...}}') are not supported", line: tagLine, column: tagColumn)
                default: break
                }
                if kind != .variable { position += 1 }
            }
            // The tag's content, up to the closing delimiter (for a triple mustache, "}" and the delimiter).
            let closer = kind == .triple ? [UInt8(ascii: "}")] + close : (kind == .delimiters ? [UInt8(ascii: "=")] + close : close)
            let contentStart = position
            while position < bytes.count, !matches(closer, at: position) {
                if bytes[position] == Self.newline {
                    guard kind == .comment else {
                        throw ParseError(message: "a tag is not closed with '\(String(decoding: closer, as: UTF8.self))' on its line",
                                         line: tagLine, column: tagColumn)
                    }
                    line += 1
                    lineStart = position + 1
                }
                position += 1
            }
            guard position < bytes.count else {
                throw ParseError(message: "a tag is not closed with '\(String(decoding: closer, as: UTF8.self))'", line: tagLine, column: tagColumn)
            }
            let content = Self.trimmed(bytes[contentStart..<position])
            position += closer.count

            switch kind {
            case .variable, .unescaped, .triple:
                appendText(whitespace)
                atLineStart = false
                let name = try Self.name(content, line: tagLine, column: tagColumn)
                append(.variable(name, escaped: kind == .variable))
            case .comment:
                standaloneOrText(whitespace)
            case .delimiters:
                let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                    throw ParseError(message: "a set-delimiter tag is malformed: '{{=\(content)=}}' needs two delimiters", line: tagLine, column: tagColumn)
                }
                standaloneOrText(whitespace)
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            case .section, .inverted:
                let name = try Self.name(content, line: tagLine, column: tagColumn)
                standaloneOrText(whitespace)
                stack.append(Open(kind: kind, name: content, tag: tag, nameValue: name))
            case .partial:
                let (partialName, dynamic) = try Self.partialName(content, line: tagLine, column: tagColumn)
                let standalone = atLineStart && consumeRestOfLine()
                if !standalone { appendText(whitespace); atLineStart = false }
                append(.partial(Partial(name: partialName, dynamic: dynamic, indentation: standalone ? whitespace : [],
                                        standalone: standalone, overrides: nil, line: tagLine, column: tagColumn)))
            case .parent:
                let (partialName, dynamic) = try Self.partialName(content, line: tagLine, column: tagColumn)
                let standalone = atLineStart && consumeRestOfLine()
                if !standalone { appendText(whitespace) }
                let partial = Partial(name: partialName, dynamic: dynamic, indentation: whitespace, standalone: standalone,
                                      overrides: [:], line: tagLine, column: tagColumn)
                stack.append(Open(kind: .parent, name: content, tag: tag, partial: partial))
                // Inside a parent only blocks count, and each starts as if on a line of its own.
                atLineStart = true
            case .block:
                guard !content.isEmpty, !content.contains("(") else {
                    throw ParseError(message: "a block needs a plain name: '{{$\(content)}}'", line: tagLine, column: tagColumn)
                }
                let isDefinition = stack.last?.kind == .parent
                let standalone = atLineStart && consumeRestOfLine()
                if !standalone, !isDefinition { appendText(whitespace); atLineStart = false }
                let block = Block(name: content, nodes: [], indentation: whitespace, standalone: standalone, line: tagLine, column: tagColumn)
                stack.append(Open(kind: .block, name: content, tag: tag, block: block, isDefinition: isDefinition,
                                  intrinsicIndent: standalone && !isDefinition))
            case .close:
                guard stack.count > 1, let current = stack.last else {
                    throw ParseError(message: "'{{/\(content)}}' closes a section that was never opened", line: tagLine, column: tagColumn)
                }
                guard current.name == content else {
                    throw ParseError(message: "'{{/\(content)}}' closes '\(Self.opener(current.kind))\(current.name)}}' opened at line \(current.tag.line)",
                                     line: tagLine, column: tagColumn)
                }
                standaloneOrText(whitespace, definition: current.kind == .block && current.isDefinition)
                try finish(stack.removeLast())
            }
        }

        /// A tag that outputs nothing: the whole line goes when it stands alone on it, else the whitespace before it stays.
        /// (The end of a block defined in a parent outputs nothing either way, and leaves the line
        /// as it was: `{{/block}}{{/parent}}` on a line of their own stand alone together.)
        private mutating func standaloneOrText(_ whitespace: [UInt8], definition: Bool = false) {
            if atLineStart, consumeRestOfLine() { return }
            if definition { return }
            appendText(whitespace)
            atLineStart = false
        }

        private mutating func finish(_ closed: Open) throws(ParseError) {
            switch closed.kind {
            case .section, .inverted:
                append(.section(closed.nameValue!, closed.nodes, inverted: closed.kind == .inverted))
            case .parent:
                var partial = closed.partial!
                var overrides: [String: [Node]] = [:]
                for node in closed.nodes {
                    if case .block(let block) = node { overrides[block.name] = block.nodes }
                }
                partial.overrides = overrides
                append(.partial(partial))
            case .block:
                var block = closed.block!
                block.nodes = closed.nodes
                if closed.intrinsicIndent {
                    // A standalone block's overrides are indented as its default content is.
                    block.indentation = Self.firstLineIndent(closed.nodes) ?? block.indentation
                }
                if stack.last?.kind == .parent { stack[stack.count - 1].nodes.append(.block(block)) } else { append(.block(block)) }
            default:
                break
            }
        }

        private static func firstLineIndent(_ nodes: [Node]) -> [UInt8]? {
            guard case .text(let bytes)? = nodes.first else { return nil }
            let indent = bytes.prefix { $0 == space || $0 == tab }
            return indent.isEmpty ? nil : Array(indent)
        }

        private mutating func appendText(_ text: some Collection<UInt8>) {
            guard !text.isEmpty, stack.last?.kind != .parent else { return }  // text inside a parent is ignored
            if case .text(let previous)? = stack[stack.count - 1].nodes.last {
                stack[stack.count - 1].nodes[stack[stack.count - 1].nodes.count - 1] = .text(previous + text)
            } else {
                stack[stack.count - 1].nodes.append(.text(Array(text)))
            }
        }

        private mutating func append(_ node: Node) {
            guard stack.last?.kind != .parent else { return }  // only blocks count inside a parent
            stack[stack.count - 1].nodes.append(node)
        }

        private static func opener(_ kind: Kind) -> String {
            switch kind {
            case .inverted: return "{{^"
            case .parent: return "{{<"
            case .block: return "{{$"
            default: return "{{#"
            }
        }

        static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*!:@+/".utf8)

        static func name(_ text: String, line: Int, column: Int) throws(ParseError) -> Name {
            var inner = Substring(text)
            var transforms: [String] = []
            while inner.hasSuffix(")"), let open = inner.firstIndex(of: "(") {
                let function = inner[..<open]
                guard !function.isEmpty, function.utf8.allSatisfy({ nameCharacters.contains($0) && $0 != UInt8(ascii: ".") }) else { break }
                transforms.append(String(function))
                inner = inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]
            }
            guard !inner.isEmpty, inner.utf8.allSatisfy(nameCharacters.contains) else {
                throw ParseError(message: inner.isEmpty ? "a tag without a name: '\(text)'" : "'\(text)' is not a name",
                                 line: line, column: column)
            }
            if inner == "." { return Name(scope: .current, components: [], transforms: transforms, text: text, line: line, column: column) }
            let components = inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let top = inner.first == "."
            let parts = top ? Array(components.dropFirst()) : components
            guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
                throw ParseError(message: "'\(text)' is not a name (an empty part between dots)", line: line, column: column)
            }
            return Name(scope: top ? .top : .stack, components: parts, transforms: transforms, text: text, line: line, column: column)
        }

        /// The text without the spaces, tabs and line ends around it.
        static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
            let blank: (UInt8) -> Bool = { $0 == space || $0 == tab || $0 == newline || $0 == cr }
            guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
            return String(decoding: bytes[first...last], as: UTF8.self)
        }

        static func partialName(_ text: String, line: Int, column: Int) throws(ParseError) -> (String, Bool) {
            let dynamic = text.hasPrefix("*")
            let name = dynamic ? trimmed(Array(text.utf8.dropFirst())[...]) : text
            guard !name.isEmpty else { throw ParseError(message: "a partial tag without a name", line: line, column: column) }
            return (name, dynamic)
        }
    }
}
