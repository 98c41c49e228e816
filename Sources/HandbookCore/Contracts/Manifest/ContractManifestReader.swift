/// Reads a contract manifest, reporting every missing or malformed field at its line.
struct ContractManifestReader {
    let file: SourceFile
    let diagnostics: DiagnosticEngine

    static let knownKeys: Set<String> = ["title", "spec", "provider", "consumers", "owner", "governs", "changes", "compatibility", "sunset_policy", "decisions"]
    static let changeKeys: Set<String> = ["version", "date", "kind", "pr", "summary"]

    /// Nil (after reporting) when the manifest has no usable `spec`.
    func read(_ node: YAMLNode?) -> Contract? {
        guard let node, let entries = node.entries else {
            diagnostics.error("contract-manifest", "a contract manifest must be a mapping with at least 'title' and 'spec'",
                              at: node.map(file.location(of:)) ?? file.location(line: 1))
            return nil
        }
        unknownKeys(entries, known: Self.knownKeys, what: "contract manifest")
        let reader = FieldReader(file: file, diagnostics: diagnostics)
        let slug = Path.stem(file.path)
        let title = reader.string(node, "title")?.value
        if title == nil {
            diagnostics.error("contract-manifest", "the manifest has no 'title'", at: file.location(of: node))
        }
        guard let spec = reader.string(node, "spec") else {
            diagnostics.error("contract-manifest", "the manifest has no 'spec' (the spec's path from the repository root)",
                              at: file.location(of: node))
            return nil
        }
        if reader.string(node, "provider") == nil, node["provider"] == nil {
            diagnostics.warning("contract-manifest", "the manifest names no 'provider' (the team or service that serves the API)",
                                at: file.location(of: node))
        }
        var contract = Contract(slug: slug, source: file, title: title ?? slug, specPath: Path.normalize(spec.value),
                                specLocation: spec.location, provider: reader.string(node, "provider")?.value,
                                consumers: (reader.strings(node, "consumers") ?? []).map(\.value),
                                owner: reader.string(node, "owner")?.value, governs: reader.strings(node, "governs") ?? [],
                                changes: changes(node["changes"], reader: reader), model: nil)
        contract.decisions = (reader.strings(node, "decisions") ?? []).map { RecordReference(text: $0.value, location: $0.location) }
        if let value = node["compatibility"] {
            if let text = value.string, let compatibility = ContractDiffOptions.Compatibility(rawValue: text.lowercased()) {
                contract.diffOptions.compatibility = compatibility
            } else {
                diagnostics.error("contract-manifest", "'compatibility' must be backward, forward or full", at: file.location(of: value))
            }
        }
        if let value = node["sunset_policy"] {
            if let flag = value.bool {
                contract.diffOptions.sunsetPolicy = flag
            } else {
                diagnostics.error("contract-manifest", "'sunset_policy' must be true or false", at: file.location(of: value))
            }
        }
        return contract
    }

    private func changes(_ node: YAMLNode?, reader: FieldReader) -> [ContractChangeEntry] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            diagnostics.error("field-type", "'changes' must be a list of {version, date, kind, pr, summary}", at: file.location(of: node))
            return []
        }
        var result: [ContractChangeEntry] = []
        for item in items {
            guard let entries = item.entries else {
                diagnostics.error("field-type", "each change must be a mapping {version, date, kind, pr, summary}", at: file.location(of: item))
                continue
            }
            unknownKeys(entries, known: Self.changeKeys, what: "change")
            guard let version = reader.string(item, "version") else {
                diagnostics.error("contract-manifest", "the change has no 'version'", at: file.location(of: item))
                continue
            }
            let kindText = reader.string(item, "kind")
            guard let kind = kindText.flatMap({ ContractChangeEntry.Kind(rawValue: $0.value.lowercased()) }) else {
                diagnostics.error("contract-manifest", "the change \(version.value) needs 'kind: breaking' or 'kind: non-breaking'\(kindText.map { ", not '\($0.value)'" } ?? "")",
                                  at: kindText?.location ?? file.location(of: item))
                continue
            }
            result.append(ContractChangeEntry(version: version.value, date: reader.date(item, "date")?.value, kind: kind,
                                              pullRequest: reader.pullRequests(item, "pr").first,
                                              summary: reader.string(item, "summary")?.value, location: file.location(of: item)))
        }
        return result
    }

    private func unknownKeys(_ entries: [YAMLNode.Entry], known: Set<String>, what: String) {
        for entry in entries {
            guard let key = entry.key.string, !known.contains(key) else { continue }
            let hint = Suggestions.closest(to: key, in: known).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.warning("unknown-field", "unknown field '\(key)' in a \(what)\(hint)", at: file.location(of: entry.key))
        }
    }
}
