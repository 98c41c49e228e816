import Foundation

/// A log written in French that keeps no template of its own (a `TEMPLATE.md` is not in every
/// such log): `handbook new decision` takes the log's newest record as its model instead of
/// writing English field names and headings into it. The model keeps the record's shape — its
/// front matter's names, the header lines before the first section (`* Statut : accepté`), its
/// title and its sections' headings — and drops what the record said: values (people, links, tags
/// become empty) and every section's text. `LogTemplate.fill` then writes the new record's title,
/// today's date and `proposé` into it, as into a template.
enum RecordSkeleton {
    /// Whether the record names its fields or sections in French (`statut:`, `* Statut :`,
    /// `## Statut`, `décideurs:`): the words `RecordHeader.frenchNames` reads.
    static func isFrench(_ text: String) -> Bool {
        var inFrontMatter = false
        for (index, line) in lines(text).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if index == 0, trimmed == "---" {
                inFrontMatter = true
                continue
            }
            if inFrontMatter, trimmed == "---" {
                inFrontMatter = false
                continue
            }
            if let name = fieldName(trimmed, frontMatter: inFrontMatter), RecordHeader.frenchNames[name] != nil { return true }
            if trimmed.hasPrefix("#"), RecordHeader.frenchNames[RecordHeader.clean(String(trimmed.drop { $0 == "#" })).lowercased()] != nil {
                return true
            }
        }
        return false
    }

    /// The record's shape as a template (see the type's comment). Line endings as the record's.
    static func make(from text: String) -> String {
        let crlf = text.contains("\r\n")
        let source = lines(text)
        var out: [String] = []
        var index = 0
        if source.first?.trimmingCharacters(in: .whitespaces) == "---",
           let close = source.indices.dropFirst().first(where: { source[$0].trimmingCharacters(in: .whitespaces) == "---" }) {
            out.append("---")
            for line in source[1..<close] {
                // Top-level fields only: a list's items and a folded value's lines go with the value.
                guard let first = line.first, first != " ", first != "\t", first != "-", first != "#",
                      let colon = line.firstIndex(of: ":") else { continue }
                out.append(emptied(line, colon: colon, frontMatter: true))
            }
            out += ["---", ""]
            index = close + 1
        }
        var titled = false
        var seenSection = false
        var fence = CodeFence()
        while index < source.count {
            let line = source[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if fence.skips(trimmed) { continue }
            if !titled, !seenSection, trimmed.hasPrefix("# ") {
                out += [trimmed, ""]
                titled = true
            } else if trimmed.hasPrefix("## ") {
                // The sections; not their subsections, which are as often the record's own
                // (`### Ce que l'écart mesurait`) as the template's.
                seenSection = true
                out += [trimmed, ""]
            } else if !seenSection, let name = fieldName(trimmed, frontMatter: false), let colon = trimmed.firstIndex(of: ":"),
                      trimmed.hasPrefix("* ") || trimmed.hasPrefix("- ") || RecordHeader.headerNames.contains(RecordHeader.englishName(name)) {
                // A header line (`* Statut : accepté`, `* PRs : [#381](...)`, `Date: 2022-07-15`): its name, without its value.
                out.append(emptied(trimmed, colon: colon, frontMatter: false))
                if source.indices.contains(index), fieldName(source[index].trimmingCharacters(in: .whitespaces), frontMatter: false) == nil {
                    out.append("")
                }
            }
        }
        while out.last?.isEmpty == true { out.removeLast() }
        var result = out.joined(separator: "\n") + "\n"
        if crlf { result = result.replacingOccurrences(of: "\n", with: "\r\n") }
        return result
    }

    /// `name: value` with its value left out: kept where `LogTemplate.fill` rewrites it (status,
    /// date, title), `[]` for a list, nothing for the rest.
    private static func emptied(_ line: String, colon: String.Index, frontMatter: Bool) -> String {
        let head = String(line[..<colon])
        let name = RecordHeader.englishName(head.trimmingCharacters(in: CharacterSet(charactersIn: " \t-*")).lowercased())
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if ["status", "date", "title"].contains(name) { return line }
        if frontMatter, value.hasPrefix("[") || ["deciders", "decision-makers", "consulted", "informed", "tags"].contains(name) {
            return head + ": []"
        }
        return head + ":"
    }

    /// The lowercased name of `name: value` (front matter) or `* Name : value` / `Name: value`
    /// (a header line), nil for any other line.
    private static func fieldName(_ trimmed: String, frontMatter: Bool) -> String? {
        var rest = Substring(trimmed)
        if !frontMatter, let first = rest.first, first == "*" || first == "-", rest.dropFirst().first == " " { rest = rest.dropFirst(2) }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let name = rest[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 40, !name.contains("`"), !name.contains("[") else { return nil }
        return name
    }

    private static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
    }
}
