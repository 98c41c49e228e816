/// The review report as Markdown for a pull-request comment.
struct ReviewMarkdown {
    let report: ReviewReport
    /// Prefix for page links: a site address ending in `/`, or empty for links relative to the site root.
    let siteURL: String
    /// Link records to their `handbook://` resources instead of pages (the answer of `handbook mcp`'s
    /// `review` tool: an assistant reads a resource; a page path relative to a site it cannot see
    /// leads nowhere).
    var resourceLinks = false

    func render() -> String {
        let fileCount = report.files.count
        let files = "\(fileCount) changed file\(fileCount == 1 ? "" : "s")"
        guard !report.isEmpty else {
            return "**Handbook review:** no landmine, decision, contract, owner or hotspot governs the \(files).\n"
        }
        var lines: [String] = ["**Handbook review** of \(files)\(report.base.map { " since \(code($0))" } ?? ""): \(summary())", ""]
        if !report.landmines.isEmpty {
            lines.append("### Landmines")
            for landmine in report.landmines {
                var line = "- **\(escape(landmine.severity))** [\(escape(landmine.title))](\(link(landmine.page, resource: "landmines/" + landmine.id)))"
                if let owner = landmine.owner { line += " · owner \(escape(owner))" }
                if landmine.needsContext { line += " · **needs a review by someone with context**" }
                lines.append(line)
                if let failure = landmine.failure { lines.append("  - What fails if it disappears: \(escape(failure))") }
                lines.append("  - Matched: \(codeList(landmine.matched))")
            }
            lines.append("")
        }
        if !report.decisions.isEmpty {
            lines.append("### Decisions")
            for decision in report.decisions {
                var line = "- [\(escape(decision.id)): \(escape(decision.title))](\(link(decision.page, resource: "decisions/" + decision.id))) · \(escape(decision.status))"
                if decision.inactive {
                    line += " · **no longer in force**"
                    if !decision.supersededBy.isEmpty { line += " (superseded by \(escape(decision.supersededBy.joined(separator: ", "))))" }
                }
                lines.append(line)
                lines.append("  - Matched: \(codeList(decision.matched))")
            }
            lines.append("")
        }
        if !report.contracts.isEmpty {
            lines.append("### Contracts")
            for contract in report.contracts {
                var line = "- [\(escape(contract.title))](\(link(contract.page, resource: "contracts/" + contract.id)))"
                if let owner = contract.owner { line += " · owner \(escape(owner))" }
                let breaking = contract.changes.filter { $0.level == "breaking" }.count
                if !contract.changes.isEmpty {
                    line += " · \(contract.changes.count) change\(contract.changes.count == 1 ? "" : "s") in the spec"
                    if breaking > 0 { line += ", **\(breaking) breaking**" }
                }
                lines.append(line)
                lines.append("  - Matched: \(codeList(contract.matched))")
                for change in contract.changes {
                    let place = change.operation.isEmpty ? code(change.path) : "\(code(change.operation)) \(code(change.path))"
                    lines.append("  - \(escape(change.level)) \(code(change.id)) at \(place): \(escape(change.text))")
                }
            }
            lines.append("")
        }
        if !report.owners.isEmpty {
            lines.append("### Owners to ask")
            for owner in report.owners { lines.append("- \(escape(owner.owner)): \(codeList(owner.files))") }
            lines.append("")
        }
        if !report.hotspots.isEmpty {
            lines.append("### Hotspots")
            for hotspot in report.hotspots {
                lines.append("- \(code(hotspot.path)): \(hotspot.fixes) fixes between \(escape(hotspot.from)) and \(escape(hotspot.to)); a decision may be missing")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    private func summary() -> String {
        var parts: [String] = []
        if !report.landmines.isEmpty {
            let urgent = report.landmines.filter(\.needsContext).count
            parts.append("\(report.landmines.count) landmine\(report.landmines.count == 1 ? "" : "s")"
                         + (urgent > 0 ? " (\(urgent) needing a reviewer with context)" : ""))
        }
        if !report.decisions.isEmpty { parts.append("\(report.decisions.count) decision\(report.decisions.count == 1 ? "" : "s")") }
        if !report.contracts.isEmpty { parts.append("\(report.contracts.count) contract\(report.contracts.count == 1 ? "" : "s")") }
        if !report.owners.isEmpty { parts.append("owners " + escape(report.owners.map(\.owner).joined(separator: ", "))) }
        if !report.hotspots.isEmpty { parts.append("\(report.hotspots.count) hotspot\(report.hotspots.count == 1 ? "" : "s")") }
        return parts.joined(separator: "; ") + "."
    }

    private func link(_ page: String, resource: String) -> String {
        resourceLinks ? HandbookQueries.resourcePrefix + URLEncoding.path(resource) : siteURL + URLEncoding.path(page)
    }

    private func codeList(_ paths: [String]) -> String {
        let shown = paths.prefix(10).map(code).joined(separator: ", ")
        return paths.count > 10 ? shown + " and \(paths.count - 10) more" : shown
    }

    private func escape(_ text: String) -> String { MarkdownEscaping.text(text) }
    private func code(_ text: String) -> String { MarkdownEscaping.code(text) }
}

/// Values from the handbook or the repository, written into Markdown for a pull-request comment
/// (GitHub-flavoured): nothing in them may become a link, an image, raw HTML, emphasis or a new
/// block (a landmine owner `[Approve now](https://evil)` or `<img src=...>` is shown as written).
enum MarkdownEscaping {
    /// Inline text: line breaks and other control characters become spaces (or U+FFFD), and every
    /// character Markdown or HTML gives a meaning inline is backslash-escaped.
    static func text(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in TerminalText.visible(text, lineBreaks: " ").unicodeScalars {
            // `:` so no address becomes a link by itself (GitHub's autolinks). `.`, `-`, `(` and the
            // like only start a block at a line's start (never the case here) or a link target
            // after `]` (escaped), so they stay as they are, readable.
            if "\\`*_[]<>!|~&:".unicodeScalars.contains(scalar) { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// A code span that no backtick in `text` can close early: the fence is one longer than the
    /// longest run of backticks inside, padded with spaces when the text starts or ends with one.
    static func code(_ text: String) -> String {
        let visible = TerminalText.visible(text, lineBreaks: " ")
        var longest = 0, run = 0
        for character in visible {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = visible.hasPrefix("`") || visible.hasSuffix("`") || visible.isEmpty ? " " : ""
        return fence + pad + visible + pad + fence
    }
}
