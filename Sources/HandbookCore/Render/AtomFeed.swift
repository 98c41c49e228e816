import HandbookMarkdown

/// `decisions/feed.xml`: an Atom feed of the newest decisions, so people can follow what is
/// decided. Deterministic: `updated` is the newest decision's date, never the clock.
enum AtomFeed {
    static let path = "decisions/feed.xml"
    static let limit = 50

    static func render(_ handbook: Handbook) -> String {
        let decisions = handbook.decisionsNewestFirst.prefix(limit)
        let updated = decisions.compactMap { handbook.documents[$0].decision?.date }.max() ?? "1970-01-01"
        let feedID = "urn:handbook:" + Scaffold.slug(handbook.config.title) + ":decisions"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(escape(handbook.config.title)): decisions</title>
            <id>\(escape(feedID))</id>
            <updated>\(updated)T00:00:00Z</updated>
            <link rel="self" href="feed.xml"/>
            <link rel="alternate" type="text/html" href="index.html"/>
            <generator>Handbook</generator>

            """
        for index in decisions {
            let document = handbook.documents[index]
            guard let record = document.decision else { continue }
            let summary = Self.summary(document.bodyBlocks)
            xml += """
                <entry>
                <title>\(escape("\(record.id): \(document.title)"))</title>
                <id>\(escape(feedID + ":" + record.id))</id>
                <link rel="alternate" type="text/html" href="\(escape(Path.relativeURL(from: path, to: document.outputPath)))"/>
                <updated>\(record.date ?? updated)T00:00:00Z</updated>
                \(record.status.isEmpty ? "" : "<category term=\"\(escape(record.status))\"/>\n")<summary>\(escape([record.status, String(summary.prefix(500))].filter { !$0.isEmpty }.joined(separator: ": ")))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// The first paragraph under a "Decision" heading, else the first outside adr-tools'
    /// `Date:` line and `## Status` section.
    static func summary(_ blocks: [MarkdownBlock]) -> String {
        var section = ""
        var fallback: String?
        for block in blocks {
            if case .heading = block.kind {
                section = block.text.lowercased()
                continue
            }
            guard block.kind == .paragraph else { continue }
            if section.hasPrefix("decision") { return block.text }
            if fallback == nil, section != "status", !block.text.lowercased().hasPrefix("date:") { fallback = block.text }
        }
        return fallback ?? ""
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default:
                // XML 1.0 has no place for most control characters.
                if scalar.value < 0x20, scalar != "\n", scalar != "\t" { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
