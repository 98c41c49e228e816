/// Reads `metrics:` of handbook.yml into definitions, on top of the defaults.
///
///     metrics:
///       change_failure_rate: { target: 15 }      # a default, with a target
///       deploys:                                  # a metric of the handbook's own
///         title: Deploys
///         unit: count
///         worse: lower
///
/// A list of mappings with `key:` is read alike. A default given again keeps what is not restated.
enum MetricDefinitionReader {
    static let fields: Set<String> = ["key", "title", "unit", "worse", "target"]

    static func read(_ node: YAMLNode?, file: SourceFile, diagnostics: DiagnosticEngine) -> [MetricDefinition] {
        var definitions = MetricDefinition.defaults
        guard let node, !node.isNull else { return definitions }
        var entries: [(key: String?, keyNode: YAMLNode, body: YAMLNode)] = []
        if let mapping = node.entries {
            entries = mapping.map { ($0.key.string, $0.key, $0.value) }
        } else if let items = node.items {
            for item in items {
                guard item.entries != nil else {
                    diagnostics.error("metric-definition", "each item of metrics: must be a mapping with key:, title:, unit:, worse:",
                                      at: file.location(of: item))
                    continue
                }
                guard let keyNode = item["key"], let key = keyNode.string else {
                    diagnostics.error("metric-definition", "this metric has no key: (the column name in content/metrics/*.csv)",
                                      at: file.location(of: item))
                    continue
                }
                entries.append((key, keyNode, item))
            }
        } else {
            diagnostics.error("metric-definition", "metrics: must be a mapping of metric keys to definitions, not \(node.kindName)",
                              at: file.location(of: node))
            return definitions
        }
        var seen: Set<String> = []
        for (key, keyNode, body) in entries {
            guard let key, isValidKey(key) else {
                diagnostics.error("metric-definition",
                                  "metric key '\(keyNode.string ?? "")' must be lowercase letters, digits and '_', starting with a letter, and not 'week'",
                                  at: file.location(of: keyNode))
                continue
            }
            guard seen.insert(key).inserted else {
                diagnostics.error("metric-definition", "metric '\(key)' is defined twice", at: file.location(of: keyNode))
                continue
            }
            let existing = definitions.firstIndex { $0.key == key }
            if let definition = read(key: key, body: body, base: existing.map { definitions[$0] }, file: file, diagnostics: diagnostics) {
                if let existing { definitions[existing] = definition } else { definitions.append(definition) }
            }
        }
        return definitions
    }

    static func isValidKey(_ key: String) -> Bool {
        guard key != "week", let first = key.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func read(key: String, body: YAMLNode, base: MetricDefinition?, file: SourceFile,
                             diagnostics: DiagnosticEngine) -> MetricDefinition? {
        if body.isNull, let base { return base }
        guard let entries = body.entries else {
            diagnostics.error("metric-definition", "metric '\(key)' must be a mapping (title:, unit:, worse:, target:), not \(body.kindName)",
                              at: file.location(of: body))
            return nil
        }
        for entry in entries {
            guard let name = entry.key.string, !fields.contains(name) else { continue }
            let hint = Suggestions.closest(to: name, in: fields).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.warning("unknown-config-key", "unknown field '\(name)' in metric '\(key)'\(hint)", at: file.location(of: entry.key))
        }
        let reader = FieldReader(file: file, diagnostics: diagnostics)
        var ok = true
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = reader.string(body, name) else { return nil }
            if let choice = T(rawValue: value.value.lowercased()) { return choice }
            diagnostics.error("metric-definition",
                              "\(name) of metric '\(key)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value.value)'",
                              at: value.location)
            ok = false
            return nil
        }
        let unit = choice("unit", MetricDefinition.Unit.self) ?? base?.unit
        let worse = choice("worse", MetricDefinition.Worse.self) ?? base?.worse
        var target = base?.target
        if let value = reader.string(body, "target") {
            if let number = MetricNumber.parse(value.value) {
                target = number
            } else {
                diagnostics.error("metric-definition", "target of metric '\(key)' must be a number, not '\(value.value)'", at: value.location)
                ok = false
            }
        }
        for (name, missing) in [("unit", unit == nil), ("worse", worse == nil)] where missing && ok {
            diagnostics.error("metric-definition",
                              "metric '\(key)' needs \(name): (\(name == "unit" ? "percent, hours, ratio or count" : "higher or lower"))",
                              at: file.location(of: body))
        }
        guard ok, let unit, let worse else { return nil }
        let title = reader.string(body, "title")?.value ?? base?.title ?? defaultTitle(key)
        return MetricDefinition(key: key, title: title, unit: unit, worse: worse, target: target)
    }

    /// `deploys_per_week` gives `Deploys per week`.
    static func defaultTitle(_ key: String) -> String {
        let words = key.split(separator: "_").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
