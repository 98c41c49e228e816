import HandbookMarkdown

/// Reads a landmine note's fields and checks its body has the three sections a reviewer needs.
struct LandmineReader {
    let diagnostics: DiagnosticEngine

    static let fields: Set<String> = ["title", "severity", "paths", "owner", "since", "decisions", "prs", "incidents"]
    /// The sections every note should have, as headings.
    static let sections = ["What broke", "Who needs it", "What fails if it disappears"]

    func read(_ document: inout Document, front: YAMLNode?) {
        let source = document.source
        let reader = FieldReader(file: source, diagnostics: diagnostics)
        let slug = ParseStage.fileSafe(Path.stem(source.path))
        var record = LandmineRecord(slug: slug, severity: .medium, severityLocation: source.location(line: 1))
        document.title = front.flatMap { reader.string($0, "title")?.value } ?? document.markdown.leadingTitle
            ?? DecisionReader.humanize(Path.stem(source.path))
        if let front {
            if let severity = reader.string(front, "severity") {
                record.severityLocation = severity.location
                if let value = LandmineRecord.Severity(rawValue: severity.value.lowercased()) {
                    record.severity = value
                } else {
                    let names = LandmineRecord.Severity.allCases.map(\.rawValue)
                    let hint = Suggestions.closest(to: severity.value, in: names).map { "; did you mean '\($0)'?" } ?? ""
                    diagnostics.error("unknown-severity", "severity '\(severity.value)' is not one of \(names.reversed().joined(separator: ", "))\(hint)",
                                      at: severity.location)
                }
            } else {
                diagnostics.warning("missing-severity", "the landmine gives no severity (low, medium, high or critical); taken as medium",
                                    at: source.location(line: 1))
            }
            record.paths = reader.strings(front, "paths") ?? []
            record.owner = reader.string(front, "owner")?.value
            record.since = reader.date(front, "since")?.value
            record.decisions = (reader.strings(front, "decisions") ?? []).map { RecordReference(text: $0.value, location: $0.location) }
            record.pullRequests = reader.pullRequests(front, "prs")
            record.incidents = (reader.strings(front, "incidents") ?? []).map(\.value)
            document.extraFields = (front.entries ?? []).filter { !Self.fields.contains($0.key.string ?? "") }
        } else {
            diagnostics.warning("missing-severity", "the landmine has no front matter: give it severity, paths and owner",
                                at: source.location(line: 1))
        }
        if record.paths.isEmpty {
            diagnostics.warning("landmine-paths", "the landmine names no paths: it cannot warn anyone who changes them",
                                at: front.flatMap { $0["paths"] }.map { source.location(of: $0) } ?? source.location(line: 1))
        }
        record.sections = sectionTexts(document.markdown)
        for section in Self.sections where record.sections[section.lowercased()] == nil {
            diagnostics.warning("landmine-section", "the landmine has no '## \(section)' section",
                                at: source.location(line: max(1, document.bodyLineOffset + 1)))
        }
        document.landmine = record
    }

    /// The plain text under each heading whose name is one of the required sections (lower-cased key).
    private func sectionTexts(_ markdown: ParsedMarkdown) -> [String: String] {
        var texts: [String: String] = [:]
        var current: String?
        var level = 0
        for block in markdown.blocks {
            if case .heading(let headingLevel) = block.kind {
                let name = block.text.trimmingCharacters(in: " \t?.:").lowercased()
                if Self.sections.contains(where: { $0.lowercased() == name }) {
                    current = name
                    level = headingLevel
                    texts[name] = ""
                    continue
                }
                if headingLevel <= level { current = nil }
            }
            guard let name = current else { continue }
            texts[name, default: ""] += (texts[name]!.isEmpty ? "" : "\n\n") + block.text
        }
        return texts
    }
}
