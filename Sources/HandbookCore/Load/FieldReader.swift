/// Reads typed fields out of a YAML mapping, reporting a wrong type at the value's line.
struct FieldReader {
    let file: SourceFile
    let diagnostics: DiagnosticEngine

    func string(_ mapping: YAMLNode, _ key: String) -> Located<String>? {
        guard let node = mapping[key], !node.isNull else { return nil }
        guard let text = node.string else {
            diagnostics.error("field-type", "'\(key)' must be a single value, not \(node.kindName)", at: file.location(of: node))
            return nil
        }
        return Located(text, at: file.location(of: node))
    }

    func bool(_ mapping: YAMLNode, _ key: String) -> Bool? {
        guard let node = mapping[key], !node.isNull else { return nil }
        guard let flag = node.bool else {
            diagnostics.error("field-type", "'\(key)' must be true or false", at: file.location(of: node))
            return nil
        }
        return flag
    }

    func int(_ mapping: YAMLNode, _ key: String) -> Int? {
        guard let node = mapping[key], !node.isNull else { return nil }
        guard let number = node.int else {
            diagnostics.error("field-type", "'\(key)' must be a whole number", at: file.location(of: node))
            return nil
        }
        return number
    }

    /// A single value or a list of single values. A list item that is no single value (empty, a list,
    /// a mapping) is an error at the item, named by its place in the list; the list's other items are kept.
    func strings(_ mapping: YAMLNode, _ key: String) -> [Located<String>]? {
        guard let node = mapping[key] else { return nil }
        guard let items = node.stringList else {
            guard let items = node.items else {
                diagnostics.error("field-type", "'\(key)' must be a value or a list of values, not \(node.kindName)",
                                  at: file.location(of: node))
                return nil
            }
            var values: [Located<String>] = []
            for (index, item) in items.enumerated() {
                if let text = item.string {
                    values.append(Located(text, at: file.location(of: item)))
                    continue
                }
                let problem = switch item.value {
                case .scalar: "is empty (null); write a value or remove it"
                case .sequence: "is a list, not a single value; write each of its values as an item of '\(key)'"
                case .mapping: "is a mapping, not a single value; write the value alone, without a 'name:' before it"
                }
                diagnostics.error("field-type", "item \(index + 1) of '\(key)' \(problem)", at: file.location(of: item))
            }
            return values
        }
        // In an array of their number (ADR-0074: `compactMap` grew it one item at a time, 1, 2, 4, 8).
        var values: [Located<String>] = []
        values.reserveCapacity(items.count)
        for item in items {
            if let text = item.string { values.append(Located(text, at: file.location(of: item))) }
        }
        return values
    }

    /// A date written `YYYY-MM-DD` (a timestamp's time part is dropped).
    func date(_ mapping: YAMLNode, _ key: String) -> Located<String>? {
        guard let value = string(mapping, key) else { return nil }
        guard let date = DateText.normalize(value.value) else {
            diagnostics.error("invalid-date", "'\(key)' must be a date written YYYY-MM-DD, not '\(value.value)'", at: value.location)
            return nil
        }
        return Located(date, at: value.location)
    }

    /// Pull-request numbers: `123`, `"#123"`, or a list of them.
    func pullRequests(_ mapping: YAMLNode, _ key: String) -> [Int] {
        guard let items = strings(mapping, key) else { return [] }
        var numbers: [Int] = []
        numbers.reserveCapacity(items.count)
        for item in items {
            let text = item.value.hasPrefix("#") ? String(item.value.dropFirst()) : item.value
            if let number = Int(text), number > 0 {
                numbers.append(number)
            } else {
                diagnostics.error("field-type", "'\(key)' lists pull-request numbers (123 or \"#123\"), not '\(item.value)'",
                                  at: item.location)
            }
        }
        return numbers
    }
}
