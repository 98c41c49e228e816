import HandbookMarkdown

/// Reads a decision record's fields from its front matter, or from the body of an
/// adr-tools record (`# 1. Title`, `Date: ...`, `## Status`), or a MADR record.
struct DecisionReader {
    let config: SiteConfig
    let diagnostics: DiagnosticEngine

    static let fields: Set<String> = ["id", "title", "status", "date", "deciders", "decision-makers", "consulted",
                                      "informed", "tags", "governs", "supersedes", "amends", "relates", "prs",
                                      "review_by"]

    func read(_ document: inout Document) {
        let source = document.source
        let reader = FieldReader(file: source, diagnostics: diagnostics)
        let front = document.frontMatter
        let fileNumber = IDKey.number(inFileName: Path.fileName(source.path))
        let fileLocation = source.location(line: 1)

        var record = DecisionRecord(id: "", idLocation: fileLocation, number: fileNumber?.number,
                                    status: config.defaultStatus, statusLocation: fileLocation, format: "handbook")
        // Identity.
        if let front, let id = reader.string(front, "id") {
            record.id = id.value
            record.idLocation = id.location
            record.number = IDKey.number(in: id.value) ?? record.number
        } else if let fileNumber {
            record.id = "ADR-" + String(fileNumber.number).leftPadded(to: max(4, fileNumber.digits))
        } else {
            record.id = Path.stem(source.path)
        }

        // Title: front matter, else the leading `# heading` (adr-tools' `# 1. Title` loses its number).
        var title = front.flatMap { reader.string($0, "title")?.value }
        if title == nil, let heading = document.markdown.leadingTitle {
            title = Self.strippingNumber(heading)
        }
        document.title = title ?? Self.humanize(Path.stem(source.path))

        if let front {
            readFrontMatter(front, into: &record, reader: reader)
            document.extraFields = (front.entries ?? []).filter { !Self.fields.contains($0.key.string ?? "") }
            if front["decision-makers"] != nil {
                record.format = "madr"
            }
        }
        if front?["status"] == nil {
            readAdrToolsBody(document, into: &record)
        }
        if front?["date"] == nil, let date = adrToolsDate(document) {
            record.date = date
        }
        document.decision = record
    }

    private func readFrontMatter(_ front: YAMLNode, into record: inout DecisionRecord, reader: FieldReader) {
        if let status = reader.string(front, "status") {
            record.statusLocation = status.location
            let lowered = status.value.lowercased().trimmingCharacters(in: " \t")
            if lowered.hasPrefix("superseded by") {
                // MADR: `status: superseded by [ADR-0005](0005-example.md)` or `superseded by ADR-0005`.
                record.status = "superseded"
                let rest = String(status.value.dropFirst("superseded by".count))
                if let target = Self.linkTarget(in: rest) {
                    record.incoming.append((.supersedes, RecordReference(text: target, location: status.location)))
                }
            } else {
                record.status = lowered
            }
        }
        record.date = reader.date(front, "date")?.value
        record.deciders = (reader.strings(front, "deciders") ?? []).map(\.value)
            + (reader.strings(front, "decision-makers") ?? []).map(\.value)
        record.consulted = (reader.strings(front, "consulted") ?? []).map(\.value)
        record.informed = (reader.strings(front, "informed") ?? []).map(\.value)
        record.tags = (reader.strings(front, "tags") ?? []).map(\.value)
        record.governs = reader.strings(front, "governs") ?? []
        record.pullRequests = reader.pullRequests(front, "prs")
        record.reviewBy = reader.date(front, "review_by")
        for relation in DecisionRecord.Relation.allCases {
            for target in reader.strings(front, relation.rawValue) ?? [] {
                record.outgoing.append((relation, RecordReference(text: target.value, location: target.location)))
            }
        }
    }

    /// adr-tools keeps the status, and links to other records, in a `## Status` section.
    private func readAdrToolsBody(_ document: Document, into record: inout DecisionRecord) {
        let blocks = document.markdown.blocks
        guard let start = blocks.firstIndex(where: {
            if case .heading(let level) = $0.kind { return level <= 2 && $0.text.lowercased().trimmingCharacters(in: " \t") == "status" }
            return false
        }) else { return }
        record.format = document.frontMatter == nil ? "adr-tools" : record.format
        var statusText: String?
        for block in blocks[(start + 1)...] {
            if case .heading(let level) = block.kind, level <= 2 { break }
            guard block.kind == .paragraph || block.kind == .list else { continue }
            let location = document.bodyLocation(line: block.line, column: 1)
            for line in block.text.split(separator: "\n") {
                let lowered = line.lowercased()
                if let (relation, reverse) = Self.relationVerb(lowered) {
                    let targets = block.linkIndices.map { document.markdown.links[$0] }
                        .filter { $0.kind == .link && lowered.contains($0.text.lowercased()) }
                        .map { RecordReference(text: $0.destination, location: document.bodyLocation(line: $0.line, column: $0.column)) }
                    for target in targets {
                        if reverse {
                            record.incoming.append((relation, target))
                        } else {
                            record.outgoing.append((relation, target))
                        }
                    }
                    if relation == .supersedes, reverse, statusText == nil { statusText = "superseded" }
                } else if statusText == nil {
                    statusText = String(line)
                    record.statusLocation = location
                }
            }
        }
        if let statusText {
            let word = statusText.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "." || $0 == "," }).first
            record.status = word.map(String.init) ?? config.defaultStatus
        }
    }

    /// adr-tools writes `Date: 2016-02-12` in the paragraph after the title.
    private func adrToolsDate(_ document: Document) -> String? {
        for block in document.markdown.blocks.prefix(3) where block.kind == .paragraph {
            for line in block.text.split(separator: "\n") where line.lowercased().hasPrefix("date:") {
                return DateText.normalize(String(line.dropFirst(5)))
            }
            let text = block.text
            if text.lowercased().hasPrefix("date:") {
                return DateText.normalize(String(text.dropFirst(5).prefix(11)))
            }
        }
        return nil
    }

    /// `Superseded by ...` gives (.supersedes, reverse: true); `Amends ...` gives (.amends, false).
    static func relationVerb(_ line: String) -> (DecisionRecord.Relation, Bool)? {
        let verbs: [(String, DecisionRecord.Relation, Bool)] = [
            ("superseded by", .supersedes, true), ("supersedes", .supersedes, false),
            ("amended by", .amends, true), ("amends", .amends, false),
            ("clarified by", .relates, true), ("clarifies", .relates, false),
            ("related to", .relates, false), ("relates to", .relates, false),
        ]
        for (verb, relation, reverse) in verbs where line.hasPrefix(verb) { return (relation, reverse) }
        return nil
    }

    /// The target of `[text](target)` in a string, else the trimmed text.
    static func linkTarget(in text: String) -> String? {
        if let open = text.range(of: "]("), let close = text[open.upperBound...].firstIndex(of: ")") {
            return String(text[open.upperBound..<close])
        }
        let trimmed = text.trimmingCharacters(in: " \t:")
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `1. Record architecture decisions` gives `Record architecture decisions`.
    static func strippingNumber(_ heading: String) -> String {
        let digits = heading.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return heading }
        let rest = heading.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(": ") else { return heading }
        return String(rest.dropFirst(2))
    }

    /// `0007-split-billing` gives `Split billing`.
    static func humanize(_ stem: String) -> String {
        var words = stem.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        if let first = words.first, first.allSatisfy({ $0.isNumber }) { words.removeFirst() }
        if words.first?.lowercased() == "adr", words.count > 1 { words.removeFirst() }
        let sentence = words.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
