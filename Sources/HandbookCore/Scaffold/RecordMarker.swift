/// Marks an existing record when a new one supersedes, amends or relates to it, in the record's own
/// format, changing only the lines it must (line endings kept):
/// - front matter (Handbook): `status: superseded`; amends and relates change nothing, since the
///   reverse links are derived from the new record's fields, never typed twice;
/// - MADR: `status: "superseded by [ADR-0012](0012-x.md)"`, as MADR writes it;
/// - adr-tools: in the `## Status` section, the status line becomes `Superseded by [12. X](0012-x.md)`,
///   and `Amended by [...]` or `Relates to [...]` is added, as `adr new -s` and `-l` do.
enum RecordMarker {
    static func mark(_ text: String, format: DecisionLog.Format, relation: DecisionRecord.Relation,
                     by new: DecisionLog.Entry, link: String) -> String {
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        let front = frontMatterRange(lines)
        switch format {
        case .handbook, .madr:
            guard relation == .supersedes else { return text }
            let value = format == .madr ? "\"superseded by [\(new.id)](\(link))\"" : "superseded"
            if let front {
                if let index = lines[front].firstIndex(where: { isKey($0, "status") }) {
                    lines[index] = "status: \(value)"
                } else {
                    lines.insert("status: \(value)", at: front.upperBound)
                }
            } else if let (index, french) = headerStatusLine(lines) {
                // MADR 2 and log4brains bullets (`- Status: accepted`, `* Statut : accepté`): that line.
                let said = french ? "remplacé par [\(new.id)](\(link))" : "superseded by [\(new.id)](\(link))"
                let line = lines[index]
                let colon = line.firstIndex(of: ":")!
                let spacing = line[line.index(after: colon)...].prefix { $0 == " " }
                lines[index] = String(line[...colon]) + (spacing.isEmpty ? " " : String(spacing)) + said
            } else {
                lines.insert(contentsOf: ["---", "status: \(value)", "---"], at: 0)
            }
        case .adrTools:
            let line = "\(reverseVerb(relation)) \(DecisionTemplate.adrToolsLink(new, link: link))"
            guard let (start, end) = statusSection(lines) else {
                // No Status section: add one after the title.
                let title = lines.firstIndex { $0.hasPrefix("# ") } ?? -1
                lines.insert(contentsOf: ["", "## Status", "", line], at: title + 1)
                return lines.joined(separator: newline)
            }
            if relation == .supersedes, let status = (start..<end).first(where: { isStatusLine(lines[$0]) }) {
                lines[status] = line
            } else {
                let last = (start..<end).last { !lines[$0].trimmingCharacters(in: " \t").isEmpty } ?? start - 1
                lines.insert(contentsOf: ["", line], at: last + 1)
            }
        }
        return lines.joined(separator: newline)
    }

    /// The header's status line before the first section (`- Status: x`, `* Statut : x`, `Status: x`),
    /// and whether its name is French.
    static func headerStatusLine(_ lines: [String]) -> (Int, Bool)? {
        for (index, line) in lines.enumerated() {
            var rest = Substring(line.trimmingCharacters(in: " \t"))
            if rest.hasPrefix("## ") { return nil }
            if rest.hasPrefix("- ") || rest.hasPrefix("* ") { rest = rest.dropFirst(2) }
            guard let colon = rest.firstIndex(of: ":") else { continue }
            let key = String(rest[..<colon]).trimmingCharacters(in: " \t").lowercased()
            if RecordHeader.englishName(key) == "status" { return (index, key != "status") }
        }
        return nil
    }

    static func reverseVerb(_ relation: DecisionRecord.Relation) -> String {
        switch relation {
        case .supersedes: return "Superseded by"
        case .amends: return "Amended by"
        case .relates: return "Relates to"
        }
    }

    /// The indices of the lines between a leading `---` and the next `---` (or `...`).
    static func frontMatterRange(_ lines: [String]) -> Range<Int>? {
        guard lines.first?.trimmingCharacters(in: " \t") == "---" else { return nil }
        guard let end = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingCharacters(in: " \t")
            return line == "---" || line == "..."
        }) else { return nil }
        return 1..<end
    }

    static func isKey(_ line: String, _ key: String) -> Bool {
        guard line.hasPrefix(key) else { return false }
        return String(line.dropFirst(key.count)).trimmingCharacters(in: " \t").hasPrefix(":")
    }

    /// The lines after `## Status` (first line after the heading, up to the next heading of level 1 or 2).
    static func statusSection(_ lines: [String]) -> (Int, Int)? {
        guard let heading = lines.firstIndex(where: {
            let trimmed = $0.trimmingCharacters(in: " \t")
            guard trimmed.hasPrefix("#") else { return false }
            let hashes = trimmed.prefix { $0 == "#" }.count
            return hashes <= 2 && String(trimmed.dropFirst(hashes)).trimmingCharacters(in: " \t").lowercased() == "status"
        }) else { return nil }
        let start = heading + 1
        let end = lines[start...].firstIndex(where: { line in
            line.hasPrefix("# ") || line.hasPrefix("## ") || line == "#" || line == "##"
        }) ?? lines.count
        return (start, end)
    }

    /// A line of the Status section that states the status (not a link line such as `Amends [...]`).
    static func isStatusLine(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else { return false }
        return RecordHeader.relationVerb(trimmed) == nil
    }
}
