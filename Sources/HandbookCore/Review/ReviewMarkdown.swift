/// The review report as Markdown for a pull-request comment.
struct ReviewMarkdown {
    let report: ReviewReport
    /// Prefix for page links: a site address ending in `/`, or empty for links relative to the site root.
    let siteURL: String

    func render() -> String {
        let fileCount = report.files.count
        let files = "\(fileCount) changed file\(fileCount == 1 ? "" : "s")"
        guard !report.isEmpty else {
            return "**Handbook review:** no landmine, decision, contract, owner or hotspot governs the \(files).\n"
        }
        var lines: [String] = ["**Handbook review** of \(files)\(report.base.map { " since `\($0)`" } ?? ""): \(summary())", ""]
        if !report.landmines.isEmpty {
            lines.append("### Landmines")
            for landmine in report.landmines {
                var line = "- **\(landmine.severity)** [\(escape(landmine.title))](\(link(landmine.page)))"
                if let owner = landmine.owner { line += " · owner \(owner)" }
                if landmine.needsContext { line += " · **needs a review by someone with context**" }
                lines.append(line)
                if let failure = landmine.failure { lines.append("  - What fails if it disappears: \(oneLine(failure))") }
                lines.append("  - Matched: \(codeList(landmine.matched))")
            }
            lines.append("")
        }
        if !report.decisions.isEmpty {
            lines.append("### Decisions")
            for decision in report.decisions {
                var line = "- [\(decision.id): \(escape(decision.title))](\(link(decision.page))) · \(decision.status)"
                if decision.inactive {
                    line += " · **no longer in force**"
                    if !decision.supersededBy.isEmpty { line += " (superseded by \(decision.supersededBy.joined(separator: ", ")))" }
                }
                lines.append(line)
                lines.append("  - Matched: \(codeList(decision.matched))")
            }
            lines.append("")
        }
        if !report.contracts.isEmpty {
            lines.append("### Contracts")
            for contract in report.contracts {
                var line = "- [\(escape(contract.title))](\(link(contract.page)))"
                if let owner = contract.owner { line += " · owner \(owner)" }
                let breaking = contract.changes.filter { $0.level == "breaking" }.count
                if !contract.changes.isEmpty {
                    line += " · \(contract.changes.count) change\(contract.changes.count == 1 ? "" : "s") in the spec"
                    if breaking > 0 { line += ", **\(breaking) breaking**" }
                }
                lines.append(line)
                lines.append("  - Matched: \(codeList(contract.matched))")
                for change in contract.changes {
                    let place = change.operation.isEmpty ? "`\(change.path)`" : "`\(change.operation)` `\(change.path)`"
                    lines.append("  - \(change.level) `\(change.id)` at \(place): \(oneLine(change.text))")
                }
            }
            lines.append("")
        }
        if !report.owners.isEmpty {
            lines.append("### Owners to ask")
            for owner in report.owners { lines.append("- \(owner.owner): \(codeList(owner.files))") }
            lines.append("")
        }
        if !report.hotspots.isEmpty {
            lines.append("### Hotspots")
            for hotspot in report.hotspots {
                lines.append("- `\(hotspot.path)`: \(hotspot.fixes) fixes between \(hotspot.from) and \(hotspot.to); a decision may be missing")
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
        if !report.owners.isEmpty { parts.append("owners " + report.owners.map(\.owner).joined(separator: ", ")) }
        if !report.hotspots.isEmpty { parts.append("\(report.hotspots.count) hotspot\(report.hotspots.count == 1 ? "" : "s")") }
        return parts.joined(separator: "; ") + "."
    }

    private func link(_ page: String) -> String { siteURL + URLEncoding.path(page) }

    private func codeList(_ paths: [String]) -> String {
        let shown = paths.prefix(10).map { "`\($0)`" }.joined(separator: ", ")
        return paths.count > 10 ? shown + " and \(paths.count - 10) more" : shown
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\[]*_`<>".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
