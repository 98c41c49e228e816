import Foundation

/// A log's own template for new records (`template.md`, `adr-template.md`, `0000-ladr-template.md`,
/// `TEMPLATE.md`, adr-tools' `templates/template.md`), as log4brains' and adr-tools' `new` use
/// theirs: `handbook new decision` copies it and fills in what a new record must say (the title,
/// today's date, a proposed status in the template's own words, the relations asked for); every
/// other placeholder stays for the author, as the template wrote it.
enum LogTemplate {
    /// The template kept in the log's folder, or in its `templates/` folder (adr-tools); the first
    /// by name when there are several.
    static func find(in folder: String, fileSystem: FileSystem) -> String? {
        guard let files = try? fileSystem.files(under: folder, skipping: [".git", "node_modules"]) else { return nil }
        return files.first { path in
            let parts = path.split(separator: "/")
            guard parts.count == 1 || (parts.count == 2 && parts[0] == "templates"),
                  ["md", "markdown"].contains(Path.extension(path).lowercased()) else { return false }
            return ParseStage.isTemplate(String(parts.last!).lowercased())
        }.map { folder + "/" + $0 }
    }

    typealias Related = DecisionTemplate.Related

    static func fill(_ template: String, record: DecisionLog.Entry, width: Int, today: String, relations: [Related]) -> String {
        let crlf = template.contains("\r\n")
        var lines = template.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var placed = false
        // Front matter: its status and date, and the relations as fields.
        var body = 0
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
           let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) {
            for index in 1..<close {
                lines[index] = fillField(lines[index], today: today, frontMatter: true, title: record.title) ?? lines[index]
            }
            let fields = DecisionTemplate.relationFields(relations)
            if !fields.isEmpty {
                lines.insert(contentsOf: fields.split(separator: "\n").map(String.init), at: close)
                placed = true
            }
            body = lines.indices.dropFirst().first { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }.map { $0 + 1 } ?? 0
        }
        // The title, the header lines before the first section, and a Status section.
        var fence: String?
        var comment = false
        var titled = false
        var seenSection = false
        var index = body
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                index += 1
                continue
            }
            // An HTML comment (govuk-infrastructure's template opens with its instructions, which
            // show an example heading): nothing in it is the template's.
            if comment || trimmed.hasPrefix("<!--") {
                let from = comment ? trimmed[...] : trimmed.dropFirst(4)
                comment = !from.contains("-->")
                index += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
            } else if !titled, trimmed.hasPrefix("# ") {
                lines[index] = "# " + heading(String(trimmed.dropFirst(2)), record: record, width: width)
                titled = true
            } else if trimmed.hasPrefix("## ") {
                seenSection = true
                let name = RecordHeader.englishName(RecordHeader.clean(String(trimmed.dropFirst(3))).lowercased())
                if name == "status" {
                    let french = trimmed.lowercased().contains("statut")
                    index = fillStatusSection(&lines, after: index, french: french, relations: placed ? [] : relations)
                    if !relations.isEmpty { placed = true }
                    continue
                }
            } else if lines[index].range(of: "{date}", options: .caseInsensitive) != nil {
                // `- {date}: {changelog}` (cometbft's Changelog): today.
                while let range = lines[index].range(of: "{date}", options: .caseInsensitive) { lines[index].replaceSubrange(range, with: today) }
            } else if !seenSection, let filled = fillField(lines[index], today: today, frontMatter: false, title: record.title) {
                lines[index] = filled
            } else if !seenSection, trimmed.hasPrefix("|"), let field = RecordHeader.tableField(trimmed),
                      RecordHeader.englishName(field.0.lowercased()) == "date" {
                // A header kept as a table (opendatahub-io's `| Date | insert data |`): today in its cell.
                var cells = lines[index].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                if cells.count >= 3 {
                    cells[2] = " " + today + " "
                    lines[index] = cells.joined(separator: "|")
                }
            }
            index += 1
        }
        if !titled { lines.insert(contentsOf: ["# " + record.title, ""], at: body) }
        if !placed, !relations.isEmpty {
            // A header of bullets (MADR 2, log4brains): the relations in a Links section, as log4brains writes them.
            while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
            lines += ["", "## Links", ""] + relations.map { "- \(DecisionTemplate.verb($0.relation)) \(DecisionTemplate.adrToolsLink($0.entry, link: $0.link))" } + [""]
        }
        var text = lines.joined(separator: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        return crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }

    /// The template's first heading with the record's number and title, in the template's style:
    /// `1. Title` or `<number>. <title>` (adr-tools), `ADRxxx: Title` (the number in as many
    /// digits as the x's), else the title alone.
    static func heading(_ template: String, record: DecisionLog.Entry, width: Int) -> String {
        let number = record.number ?? 0
        // Placeholders in braces (cometbft's `ADR {ADR-NUMBER}: {TITLE}`): the number and the title.
        if template.contains("{") {
            var filled = template
            for (name, value) in [("adr-number", String(number)), ("number", String(number)), ("title", record.title)] {
                while let range = filled.range(of: "{" + name + "}", options: .caseInsensitive) { filled.replaceSubrange(range, with: value) }
            }
            if filled != template { return filled }
        }
        if let first = template.first, first.isNumber || template.lowercased().hasPrefix("<number>") || template.hasPrefix("NUMBER") {
            return "\(number). \(record.title)"
        }
        let lowered = template.lowercased()
        if lowered.hasPrefix("adr") {
            let marks = lowered.dropFirst(3).prefix { $0 == "x" || $0.isNumber }
            if !marks.isEmpty, lowered.dropFirst(3 + marks.count).first == ":" {
                let digits = String(number).leftPadded(to: marks.count)
                return "\(template.prefix(3))\(digits): \(record.title)"
            }
        }
        return record.title
    }

    /// `status: {proposed | ...}`, `- Status: [draft | ...] <!-- optional -->`, `* Statut : [...]`,
    /// `Date: YYYY-MM-DD`: the line with today's date or a proposed status, in the line's own
    /// words (`proposé` under a French name). In front matter also: a status or date left as a
    /// comment (`# status: ...`, MADR's own template) written out; `title:` (the template's own
    /// name) the record's; a placeholder for people (`decision-makers: {list everyone ...}`, which
    /// YAML reads as a mapping) an empty list with the placeholder kept as a comment. Nil for any
    /// other line.
    static func fillField(_ line: String, today: String, frontMatter: Bool, title: String) -> String? {
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        var rest = line.dropFirst(indent.count)
        var marker = ""
        var commented = false
        if frontMatter, rest.hasPrefix("# ") {
            rest = rest.dropFirst(2)
            commented = true
        } else if !frontMatter, let first = rest.first, first == "-" || first == "*", rest.dropFirst().first == " " {
            marker = String(rest.prefix(2))
            rest = rest.dropFirst(2)
        }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let key = String(rest[..<colon])
        let lowered = key.trimmingCharacters(in: .whitespaces).lowercased()
        guard !lowered.isEmpty, !lowered.contains(" ") || RecordHeader.frenchNames[lowered] != nil else { return nil }
        let name = RecordHeader.englishName(lowered)
        let after = rest[rest.index(after: colon)...]
        let current = after.trimmingCharacters(in: .whitespaces)
        let value: String
        switch name {
        case "status":
            if undecided.contains(current.lowercased()) { return nil }
            value = RecordHeader.frenchNames[lowered] != nil ? "proposé" : "proposed"
        case "date": value = today
        case "title":
            guard frontMatter, !commented else { return nil }
            value = DecisionTemplate.yamlFlowItem(title)
        case "deciders", "decision-makers", "consulted", "informed":
            guard frontMatter, !commented, current.hasPrefix("{") else { return nil }
            return indent + key + ": []  # " + current
        default: return nil
        }
        // `Statut : x` keeps its space before the colon; `status: x` its one after.
        let spacing = after.prefix { $0 == " " }.isEmpty ? " " : String(after.prefix { $0 == " " })
        return indent + marker + key + ":" + spacing + value
    }

    /// Words a log's template gives a new record that mean "not decided yet": kept as written.
    static let undecided: Set<String> = ["pending", "draft", "proposed", "proposal", "in review", "under review", "open", "wip"]

    /// `Accepted | Rejected | Deprecated | Superseded by`: a line offering two or more statuses.
    static func isChoice(_ line: String) -> Bool {
        let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard parts.count >= 2 else { return false }
        return parts.filter { part in ["proposed", "accepted", "rejected", "deprecated", "superseded"].contains { part.hasPrefix($0) } }.count >= 2
    }

    /// A Status section: its first block of lines (a paragraph, or a quote) becomes `Proposed`,
    /// with a line for each relation under it as adr-tools writes them; returns the index of the
    /// line after the section's heading and new lines.
    static func fillStatusSection(_ lines: inout [String], after heading: Int, french: Bool, relations: [Related]) -> Int {
        var start = heading + 1
        while start < lines.count, lines[start].trimmingCharacters(in: .whitespaces).isEmpty { start += 1 }
        // A section that explains the statuses in a quote, then offers them (cometbft's
        // `Accepted | Rejected | Deprecated | Superseded by`): the offer is what becomes the status.
        if start < lines.count, lines[start].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
            var index = start
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                if isChoice(lines[index]) {
                    start = index
                    break
                }
                index += 1
            }
        }
        var end = start
        let quoted = start < lines.count && lines[start].trimmingCharacters(in: .whitespaces).hasPrefix(">")
        while end < lines.count {
            let trimmed = lines[end].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || (quoted ? !trimmed.hasPrefix(">") : trimmed.isEmpty) { break }
            end += 1
        }
        // A template whose new records are `Pending` or `Draft` (govuk-infrastructure): its word.
        let written = start < end && end - start == 1 ? lines[start].trimmingCharacters(in: .whitespaces) : ""
        var replacement = [undecided.contains(written.lowercased()) ? written : french ? "Proposé" : "Proposed"]
        for related in relations {
            replacement += ["", "\(DecisionTemplate.verb(related.relation)) \(DecisionTemplate.adrToolsLink(related.entry, link: related.link))"]
        }
        if start >= lines.count || lines[start].trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            // An empty Status section.
            lines.insert(contentsOf: [""] + replacement + [""], at: heading + 1)
            return heading + replacement.count + 3
        }
        lines.replaceSubrange(start..<end, with: replacement)
        return start + replacement.count
    }
}
