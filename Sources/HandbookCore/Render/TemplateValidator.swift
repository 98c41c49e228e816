/// Checks that every name and partial a template uses exists in the view model's shape,
/// following Mustache's context stack, and reports each one that does not at its line.
/// It walks the parse tree the renderer renders (`Mustache.Node`), so the check and the
/// rendering never disagree about what a template contains.
struct TemplateValidator {
    struct Problem: Equatable {
        var template: String
        var line: Int
        var column: Int
        var id: String
        var message: String
    }

    /// Parsed templates by name.
    let templates: [String: [Mustache.Node]]
    /// Every template name of the theme, parsed or not (one that failed to parse is reported once, by the parser).
    let names: Set<String>
    private(set) var problems: [Problem] = []

    init(templates: [String: [Mustache.Node]], names: Set<String>? = nil) {
        self.templates = templates
        self.names = names ?? Set(templates.keys)
    }

    mutating func validate(template name: String, against shape: ViewShape) {
        var visiting: [String] = []
        validate(template: name, stack: [shape], visiting: &visiting)
    }

    private mutating func validate(template name: String, stack: [ViewShape], visiting: inout [String]) {
        // A recursive partial (a tree) is followed a few levels, each with its own context.
        guard let nodes = templates[name], visiting.filter({ $0 == name }).count < 4 else { return }
        visiting.append(name)
        defer { visiting.removeLast() }
        walk(name, nodes, stack: stack, visiting: &visiting)
    }

    private mutating func walk(_ template: String, _ nodes: [Mustache.Node], stack: [ViewShape], visiting: inout [String]) {
        for node in nodes {
            switch node {
            case .text:
                continue
            case .variable(let name, _):
                _ = resolve(template, name, stack: stack)
            case .section(let name, let inner, let inverted):
                let shape = resolve(template, name, stack: stack)
                var innerStack = stack
                if !inverted, let shape {
                    switch shape {
                    case .list(let element): innerStack.append(element ?? .object([:]))
                    case .object: innerStack.append(shape)
                    case .value: break
                    }
                }
                walk(template, inner, stack: innerStack, visiting: &visiting)
            case .partial(let partial):
                for body in (partial.overrides ?? [:]).sorted(by: { $0.key < $1.key }) {
                    walk(template, body.value, stack: stack, visiting: &visiting)
                }
                if partial.dynamic {
                    // The name of the partial comes from the view model: the name must exist.
                    let name = Mustache.Name(scope: .stack, components: partial.name.split(separator: ".").map(String.init),
                                             transforms: [], text: partial.name, line: partial.line, column: partial.column)
                    _ = resolve(template, name, stack: stack)
                } else if !names.contains(partial.name) {
                    let hint = Suggestions.closest(to: partial.name, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    report(template, partial, "template-partial", "unknown partial '\(partial.name)'\(hint)")
                } else {
                    validate(template: partial.name, stack: stack, visiting: &visiting)
                }
            case .block(let block):
                walk(template, block.nodes, stack: stack, visiting: &visiting)
            }
        }
    }

    /// The shape a (possibly dotted, possibly transformed) name refers to, or nil after reporting it unknown.
    private mutating func resolve(_ template: String, _ name: Mustache.Name, stack: [ViewShape]) -> ViewShape? {
        for function in name.transforms where !Mustache.transforms.contains(function) {
            report(template, name, "template-variable", "unknown transform '\(function)' in '\(name.text)'")
            return nil
        }
        let transformed = !name.transforms.allSatisfy { $0 == "reversed" || $0 == "sorted" }
        if name.scope == .current { return transformed ? .value : (stack.last ?? .value) }
        let dotted = name.components.joined(separator: ".")
        let first = name.components[0]
        var found: ViewShape?
        for frame in (name.scope == .top ? Array(stack.suffix(1)) : stack).reversed() {
            if case .object(let fields) = frame, let shape = fields[first] {
                found = shape
                break
            }
        }
        guard var current = found else {
            let known = Set(stack.flatMap(\.keys))
            let hint = Suggestions.closest(to: first, in: known).map { "; did you mean '\($0)'?" } ?? ""
            report(template, name, "template-variable", "unknown variable '\(first)' in template '\(template)'\(hint)")
            return nil
        }
        for part in name.components.dropFirst() {
            guard case .object(let fields) = current, let next = fields[part] else {
                let hint = Suggestions.closest(to: part, in: current.keys).map { "; did you mean '\($0)'?" } ?? ""
                report(template, name, "template-variable", "'\(dotted)' has no field '\(part)' in template '\(template)'\(hint)")
                return nil
            }
            current = next
        }
        return transformed ? .value : current
    }

    private mutating func report(_ template: String, _ name: Mustache.Name, _ id: String, _ message: String) {
        report(template, line: name.line, column: name.column, id, message)
    }

    private mutating func report(_ template: String, _ partial: Mustache.Partial, _ id: String, _ message: String) {
        report(template, line: partial.line, column: partial.column, id, message)
    }

    private mutating func report(_ template: String, line: Int, column: Int, _ id: String, _ message: String) {
        let problem = Problem(template: template, line: line, column: column, id: id, message: message)
        if !problems.contains(problem) { problems.append(problem) }
    }
}
