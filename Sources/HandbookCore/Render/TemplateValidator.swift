/// Checks that every name and partial a template uses exists in the view model's shape,
/// following Mustache's context stack, and reports each one that does not at its line.
struct TemplateValidator {
    struct Problem: Equatable {
        var template: String
        var line: Int
        var column: Int
        var id: String
        var message: String
    }

    /// Template name to its text.
    let templates: [String: String]
    private(set) var problems: [Problem] = []
    private var parsed: [String: [TemplateTag]] = [:]

    static let transforms: Set<String> = ["empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last",
                                          "count", "sorted", "enumerated", "equalzero", "plusone", "minusone", "even",
                                          "odd", "index"]

    init(templates: [String: String]) {
        self.templates = templates
        for (name, text) in templates { parsed[name] = TemplateScanner.scan(text) }
    }

    /// Whether a template's sections are unbalanced (found without a view model).
    func hasSyntaxProblems(in name: String) -> Bool {
        var copy = self
        copy.validate(template: name, against: .value)
        return copy.problems.contains { $0.id == "template-syntax" }
    }

    mutating func validate(template name: String, against shape: ViewShape) {
        var visiting: [String] = []
        validate(template: name, stack: [shape], visiting: &visiting)
    }

    private mutating func validate(template name: String, stack: [ViewShape], visiting: inout [String]) {
        // A recursive partial (a tree) is followed a few levels, each with its own context.
        guard let tags = parsed[name], visiting.filter({ $0 == name }).count < 4 else { return }
        visiting.append(name)
        defer { visiting.removeLast() }
        var index = 0
        walk(name, tags, &index, stack: stack, closing: nil, visiting: &visiting)
    }

    /// Walks tags until the matching close tag (or the end), with `stack` as the context.
    private mutating func walk(_ template: String, _ tags: [TemplateTag], _ index: inout Int, stack: [ViewShape],
                               closing: TemplateTag?, visiting: inout [String]) {
        while index < tags.count {
            let tag = tags[index]
            index += 1
            switch tag.kind {
            case .comment, .pragma:
                continue
            case .setDelimiters, .parent, .block:
                report(template, tag, "template-syntax",
                       "'{{\(tag.kind == .setDelimiters ? "=" : tag.kind == .parent ? "<" : "$")...}}' is not supported by the handbook's template check; use partials ({{> name}})")
            case .variable, .unescaped:
                _ = resolve(template, tag, stack: stack)
            case .section, .inverted:
                let shape = resolve(template, tag, stack: stack)
                var inner = stack
                if tag.kind == .section, let shape {
                    switch shape {
                    case .list(let element): inner.append(element ?? .object([:]))
                    case .object: inner.append(shape)
                    case .value: break
                    }
                }
                walk(template, tags, &index, stack: inner, closing: tag, visiting: &visiting)
            case .close:
                if let closing, closing.name == tag.name { return }
                report(template, tag, "template-syntax",
                       closing.map { "'{{/\(tag.name)}}' closes '{{#\($0.name)}}' opened at line \($0.line)" }
                           ?? "'{{/\(tag.name)}}' closes a section that was never opened")
                if closing != nil { return }
            case .partial:
                if templates[tag.name] == nil {
                    let hint = Suggestions.closest(to: tag.name, in: templates.keys).map { "; did you mean '\($0)'?" } ?? ""
                    report(template, tag, "template-partial", "unknown partial '\(tag.name)'\(hint)")
                } else {
                    validate(template: tag.name, stack: stack, visiting: &visiting)
                }
            }
        }
        if let closing {
            report(template, closing, "template-syntax", "'{{#\(closing.name)}}' is never closed")
        }
    }

    /// The shape a (possibly dotted, possibly transformed) name refers to, or nil after reporting it unknown.
    private mutating func resolve(_ template: String, _ tag: TemplateTag, stack: [ViewShape]) -> ViewShape? {
        var name = tag.name
        var transformed = false
        if name.hasSuffix(")"), let open = name.firstIndex(of: "(") {
            let functions = name[..<name.lastIndex(of: "(")!].split(separator: "(").map(String.init)
            _ = open
            for function in functions where !Self.transforms.contains(function) {
                report(template, tag, "template-variable", "unknown transform '\(function)' in '\(tag.name)'")
                return nil
            }
            let argumentStart = name.lastIndex(of: "(").map { name.index(after: $0) } ?? name.endIndex
            name = String(name[argumentStart...].prefix { $0 != ")" })
            transformed = !functions.allSatisfy { $0 == "reversed" || $0 == "sorted" }
            if name.isEmpty { return transformed ? .value : stack.last }
        }
        if name == "." { return stack.last ?? .value }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else {
            report(template, tag, "template-variable", "malformed name '\(tag.name)'")
            return nil
        }
        var found: ViewShape?
        for frame in stack.reversed() {
            if case .object(let fields) = frame, let shape = fields[first] {
                found = shape
                break
            }
        }
        guard var current = found else {
            let known = Set(stack.flatMap(\.keys))
            let hint = Suggestions.closest(to: first, in: known).map { "; did you mean '\($0)'?" } ?? ""
            report(template, tag, "template-variable", "unknown variable '\(first)' in template '\(template)'\(hint)")
            return nil
        }
        for part in parts.dropFirst() {
            guard case .object(let fields) = current, let next = fields[part] else {
                let hint = Suggestions.closest(to: part, in: current.keys).map { "; did you mean '\($0)'?" } ?? ""
                report(template, tag, "template-variable", "'\(name)' has no field '\(part)' in template '\(template)'\(hint)")
                return nil
            }
            current = next
        }
        return transformed ? .value : current
    }

    private mutating func report(_ template: String, _ tag: TemplateTag, _ id: String, _ message: String) {
        let problem = Problem(template: template, line: tag.line, column: tag.column, id: id, message: message)
        if !problems.contains(problem) { problems.append(problem) }
    }
}
