import Mustache

/// Renders swift-mustache's own parsed templates, without its per-lookup protocol casts, for the
/// plain view models `ViewModels` builds (strings, integers, booleans, lists and `[String: Any]`).
///
/// It is exact or it declines: the token trees are read out of swift-mustache's parsed templates
/// (so whitespace, standalone lines and partial indentation are swift-mustache's own), the rendering
/// rules follow `MustacheTemplate.render(context:)` line by line, and whatever this renderer does not
/// implement (inheritance, dynamic partials, pragmas, lambdas, most transforms, other value types)
/// makes `render` return nil, so the caller renders that page with swift-mustache instead.
/// `RenderStage` also compares both renderers on the sample handbook before using this one.
struct FastMustache: @unchecked Sendable {
    /// Not `indirect` (the recursion goes through an Array): rendering then walks the tokens
    /// without retaining a box per token.
    enum Token {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Token], inverted: Bool)
        case partial(String, indentation: String?)
    }

    struct Name {
        enum Scope { case current, top, stack }
        var scope: Scope
        var components: [String]
        var transforms: [String]
    }

    /// Templates by name; nil where the template uses something this renderer does not implement.
    private let templates: [String: [Token]?]

    init(library: MustacheLibrary, names: some Sequence<String>) {
        var templates: [String: [Token]?] = [:]
        for name in names {
            templates[name] = library.getTemplate(named: name).flatMap(Self.tokens(of:))
        }
        self.templates = templates
    }

    /// The renderer, unless it renders one of the sample handbook's pages differently from swift-mustache.
    static func verified(library: MustacheLibrary, names: some Sequence<String>, samples: [(model: Any, template: String)]) -> FastMustache? {
        let renderer = FastMustache(library: library, names: names)
        for sample in samples {
            guard let fast = renderer.render(sample.model, withTemplate: sample.template) else { continue }
            guard let reference = library.render(sample.model, withTemplate: sample.template),
                  fast.elementsEqual(reference.utf8) else { return nil }
        }
        return renderer
    }

    /// The page, or nil when this renderer cannot promise swift-mustache's exact output for it.
    func render(_ model: Any, withTemplate name: String) -> [UInt8]? {
        guard let entry = templates[name], let tokens = entry else { return nil }
        var renderer = Renderer(templates: templates, stack: [Value(model)])
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        guard renderer.render(tokens, indentation: nil, into: &output) else { return nil }
        return output
    }

    // MARK: - Reading swift-mustache's token tree

    private static func tokens(of template: MustacheTemplate) -> [Token]? {
        guard let raw = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value,
              let list = raw as? [Any] else { return nil }
        var tokens: [Token] = []
        for item in list {
            guard let token = token(item) else { return nil }
            tokens.append(token)
        }
        return tokens
    }

    private static func token(_ item: Any) -> Token? {
        let mirror = Mirror(reflecting: item)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else { return nil }
        let fields = Dictionary(Mirror(reflecting: payload.value).children.compactMap { child in child.label.map { ($0, child.value) } },
                                uniquingKeysWith: { first, _ in first })
        switch kind {
        case "text":
            guard let text = payload.value as? String else { return nil }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            guard let name = name(fields) else { return nil }
            return .variable(name, escaped: kind == "variable")
        case "section", "invertedSection":
            guard let name = name(fields), let template = fields["template"] as? MustacheTemplate,
                  let inner = tokens(of: template) else { return nil }
            return .section(name, inner, inverted: kind == "invertedSection")
        case "contentType":
            // Our own content type escapes exactly as this renderer does; any other is not implemented.
            return String(describing: payload.value).contains("HandbookHTMLContentType") ? .text([]) : nil
        case "partial":
            guard let partialName = fields[".0"] as? String, let inherits = fields["inherits"],
                  Mirror(reflecting: inherits).children.isEmpty,  // `{{< parent}}`: not implemented
                  let indentation = fields["indentation"] else { return nil }
            let indentMirror = Mirror(reflecting: indentation)
            guard indentMirror.displayStyle == .optional else { return nil }
            let indent = indentMirror.children.first.map { $0.value as? String } ?? .some(nil)
            guard let indent else { return nil }
            return .partial(partialName, indentation: indent)
        default:
            return nil
        }
    }

    private static func name(_ fields: [String: Any]) -> Name? {
        guard let name = fields["name"] as? String, let transforms = fields["transforms"] as? [String] else { return nil }
        if name == "." { return Name(scope: .current, components: [], transforms: transforms) }
        if name.isEmpty { return nil }  // the sequence context (`{{#first()}}`): not implemented
        let components = name.split(separator: ".").map(String.init)
        return Name(scope: name.first == "." ? .top : .stack, components: components, transforms: transforms)
    }

    // MARK: - Rendering

    private enum Value {
        case string(String), int(Int), bool(Bool), object([String: Any]), list(Items)

        /// A list's elements, kept in their own array type: casting a `[[String: Any]]` to `[Any]`
        /// makes a new array of boxed elements.
        enum Items {
            case any([Any]), objects([[String: Any]]), strings([String])

            var isEmpty: Bool { count == 0 }
            var count: Int {
                switch self {
                case .any(let items): return items.count
                case .objects(let items): return items.count
                case .strings(let items): return items.count
                }
            }
        }

        private static let string = ObjectIdentifier(String.self), object = ObjectIdentifier([String: Any].self)
        private static let objects = ObjectIdentifier([[String: Any]].self), strings = ObjectIdentifier([String].self)

        /// nil for a type this renderer does not know (swift-mustache may treat it specially).
        init?(_ any: Any) {
            // The common types by identity first; each gives what the casts below would.
            let type = ObjectIdentifier(Swift.type(of: any))
            if type == Self.string { self = .string(any as! String) }
            else if type == Self.object { self = .object(any as! [String: Any]) }
            else if type == Self.objects { self = .list(.objects(any as! [[String: Any]])) }
            else if type == Self.strings { self = .list(.strings(any as! [String])) }
            else if let string = any as? String { self = .string(string) }
            else if let object = any as? [String: Any] { self = .object(object) }
            else if let flag = any as? Bool { self = .bool(flag) }
            else if let number = any as? Int { self = .int(number) }
            else if let list = any as? [Any] { self = .list(.any(list)) }
            else { return nil }
        }
    }

    /// A lookup's result: found (a value), not found, or a case this renderer declines.
    private enum Lookup { case value(Value), missing, unsupported }

    private struct Renderer {
        let templates: [String: [Token]?]
        /// The context stack, each value classified once when pushed; nil for a type this renderer
        /// does not know (any lookup that reaches it declines, as `immediateChild` did on it).
        var stack: [Value?]

        mutating func render(_ tokens: [Token], indentation: String?, into output: inout [UInt8]) -> Bool {
            if let indentation, !indentation.isEmpty {
                // swift-mustache: before a token's non-empty output, indent when this template's output so far ends a line.
                let start = output.count
                for index in tokens.indices {
                    var piece: [UInt8] = []
                    guard renderToken(tokens[index], indentation: indentation, into: &piece) else { return false }
                    if !piece.isEmpty, Self.endsWithNewline(output, from: start) { output.append(contentsOf: indentation.utf8) }
                    output.append(contentsOf: piece)
                }
                return true
            }
            for index in tokens.indices {
                guard renderToken(tokens[index], indentation: indentation, into: &output) else { return false }
            }
            return true
        }

        /// `string.last == "\n"` for the text rendered since `start` (a "\r\n" is one Character, not "\n").
        static func endsWithNewline(_ output: [UInt8], from start: Int) -> Bool {
            guard output.count > start, output[output.count - 1] == 10 else { return false }
            return !(output.count - start >= 2 && output[output.count - 2] == 13)
        }

        mutating func renderToken(_ token: Token, indentation: String?, into output: inout [UInt8]) -> Bool {
            switch token {
            case .text(let bytes):
                output.append(contentsOf: bytes)
                return true
            case .variable(let name, let escaped):
                switch lookup(name) {
                case .unsupported: return false
                case .missing: return true
                case .value(let value):
                    switch value {
                    case .string(let text):
                        if escaped { HTMLEscaping.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
                    case .int(let number): output.append(contentsOf: String(number).utf8)
                    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                    case .object, .list: return false
                    }
                    return true
                }
            case .section(let name, let inner, let inverted):
                let child: Value?
                switch lookup(name) {
                case .unsupported: return false
                case .missing: child = nil
                case .value(let value): child = value
                }
                if inverted {
                    switch child {
                    case .list(let items):
                        guard items.isEmpty else { return true }
                        return renderPushing(.list(items), inner, indentation: indentation, into: &output)
                    case .bool(let flag):
                        return flag ? true : render(inner, indentation: indentation, into: &output)
                    case .some:
                        return true
                    case .none:
                        return render(inner, indentation: indentation, into: &output)
                    }
                }
                switch child {
                case .list(let items):
                    switch items {
                    case .any(let items):
                        for item in items {
                            guard renderPushing(Value(item), inner, indentation: indentation, into: &output) else { return false }
                        }
                    case .objects(let items):
                        for item in items {
                            guard renderPushing(.object(item), inner, indentation: indentation, into: &output) else { return false }
                        }
                    case .strings(let items):
                        for item in items {
                            guard renderPushing(.string(item), inner, indentation: indentation, into: &output) else { return false }
                        }
                    }
                    return true
                case .bool(let flag):
                    return flag ? render(inner, indentation: indentation, into: &output) : true
                case .some(let value):
                    return renderPushing(value, inner, indentation: indentation, into: &output)
                case .none:
                    return true
                }
            case .partial(let name, let indented):
                guard let entry = templates[name] else { return true }  // swift-mustache renders an unknown partial as nothing
                guard let tokens = entry else { return false }
                let indentation = indented.map { (indentation ?? "") + $0 } ?? indentation
                return render(tokens, indentation: indentation, into: &output)
            }
        }

        mutating func renderPushing(_ object: Value?, _ tokens: [Token], indentation: String?, into output: inout [UInt8]) -> Bool {
            stack.append(object)
            defer { stack.removeLast() }
            return render(tokens, indentation: indentation, into: &output)
        }

        /// `MustacheTemplate.getChild(named:transforms:context:)` for the value types above.
        func lookup(_ name: Name) -> Lookup {
            var found: Value
            switch name.scope {
            case .current:
                guard let top = stack.last, let value = top else { return .unsupported }
                found = value
            case .top, .stack:
                var child: Value?
                let objects: ArraySlice<Value?> = name.scope == .top ? stack.suffix(1) : stack[...]
                for object in objects.reversed() {
                    guard let object else { return .unsupported }
                    switch Self.immediateChild(name.components[0], of: object) {
                    case .unsupported: return .unsupported
                    case .missing: continue
                    case .value(let value): child = value
                    }
                    break
                }
                guard var current = child else { return .missing }
                for component in name.components.dropFirst() {
                    switch Self.immediateChild(component, of: current) {
                    case .unsupported: return .unsupported
                    case .missing: return .missing
                    case .value(let value): current = value
                    }
                }
                found = current
            }
            for transform in name.transforms.reversed() {
                switch (found, transform) {
                case (.list(let items), "empty"): found = .bool(items.isEmpty)
                case (.list(let items), "count"): found = .int(items.count)
                case (.object(let object), "empty"): found = .bool(object.isEmpty)
                case (.object(let object), "count"): found = .int(object.count)
                case (.string(let text), "empty"): found = .bool(text.isEmpty)
                default: return .unsupported
                }
            }
            return .value(found)
        }

        /// A dictionary's entry; the other known types have no named children (their mirrors are empty or unlabelled).
        static func immediateChild(_ name: String, of value: Value) -> Lookup {
            switch value {
            case .object(let dictionary):
                guard let child = dictionary[name] else { return .missing }
                guard let known = Value(child) else { return .unsupported }
                return .value(known)
            case .list:
                return .missing
            case .string, .int, .bool:
                return name.hasPrefix("_") ? .unsupported : .missing
            }
        }
    }
}

/// swift-mustache's `String.htmlEscape()`, byte by byte where that gives the same text.
enum HTMLEscaping {
    /// Escapes `<`, `>`, `&`, `"` and `'` byte by byte. (Escaping by Character, as swift-mustache's
    /// own `htmlEscape` does, misses a quote followed by a combining mark: one Character that is not
    /// `"`, which lets a value break out of an attribute.) These are ASCII, never inside a multi-byte sequence.
    static func append(_ text: String, to output: inout [UInt8]) {
        let done = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes { appendEscaped(byte, to: &output) }
            return true
        }
        if done == true { return }
        for byte in text.utf8 { appendEscaped(byte, to: &output) }
    }

    static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
        default: output.append(byte)
        }
    }
}

/// The content type every template of the site is rendered with (see `RenderStage.compile`):
/// swift-mustache's HTML escaping, but byte by byte.
struct HandbookHTMLContentType: MustacheContentType {
    static let name = "HANDBOOK_HTML"
    /// On a line of its own, a standalone tag: it leaves no output, and shifts swift-mustache's line numbers by one.
    static let pragma = "{{% CONTENT_TYPE: HANDBOOK_HTML }}\n"
    static let registered: Bool = {
        MustacheContentTypes.register(HandbookHTMLContentType(), named: name)
        return true
    }()

    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}
