/// The context report as short Markdown, for a person or a coding assistant about to edit the files.
struct ContextMarkdown {
    let report: ContextReport

    func render() -> String {
        var lines: [String] = []
        let subject = subjectText()
        guard !report.isEmpty else {
            return "**Handbook context** for \(subject): no landmine, decision, contract, owner or hotspot governs \(report.fileCount == 1 ? "it" : "them").\n"
        }
        lines.append("**Handbook context** for \(subject): \(summary())")
        let several = report.fileCount > 1
        if !report.landmines.isEmpty {
            lines += ["", "### Landmines"]
            for landmine in report.landmines {
                var line = "- **\(landmine.severity)**: \(escape(landmine.title))"
                if let owner = landmine.owner { line += " · owner \(escape(owner))" }
                if landmine.needsContext { line += " · **needs a reviewer with context**" }
                lines.append(line + " · \(code(landmine.source))")
                if let failure = landmine.failure { lines.append("  - What fails if it disappears: \(escape(failure))") }
                if several { lines.append("  - On \(list(landmine.matched, total: landmine.matchedCount))") }
            }
        }
        if !report.decisions.isEmpty {
            lines += ["", "### Decisions in force"]
            for decision in report.decisions { lines += decisionLines(decision, several: several) }
        }
        if !report.contracts.isEmpty {
            lines += ["", "### Contracts"]
            for contract in report.contracts {
                var line = "- **\(escape(contract.title))**: spec \(code(contract.spec))"
                if let version = contract.version { line += ", version \(escape(version))" }
                if let owner = contract.owner { line += " · owner \(escape(owner))" }
                if !contract.consumers.isEmpty { line += " · consumers who break: \(escape(contract.consumers.joined(separator: ", ")))" }
                lines.append(line)
                lines.append("  - \(escape(contract.policy))")
                if several { lines.append("  - On \(list(contract.matched, total: contract.matchedCount))") }
            }
        }
        if !report.owners.isEmpty {
            lines += ["", "### Owners"]
            for owner in report.owners {
                lines.append("- \(escape(owner.owner))" + (several ? ": \(list(owner.files, total: owner.fileCount))" : ""))
            }
        }
        if !report.hotspots.isEmpty {
            lines += ["", "### Hotspots"]
            for hotspot in report.hotspots {
                lines.append("- \(code(hotspot.path)): \(hotspot.fixes) fixes between \(hotspot.from) and \(hotspot.to); tactical fixes are piling up where a decision may be missing")
            }
        }
        if report.overBudget {
            lines += ["", "_The high and critical landmines alone take more than the budget of \(report.budget) tokens._"]
        }
        if !report.omitted.isEmpty {
            let parts = report.omitted.map { omission -> String in
                let names = omission.ids.map { omission.kind == .hotspots ? code($0) : escape($0) }
                let more = omission.count > omission.ids.count ? " and \(omission.count - omission.ids.count) more" : ""
                return "\(omission.count) \(Self.noun(omission.kind, omission.count)) (\(names.joined(separator: ", "))\(more))"
            }
            lines += ["", "_Left out to stay within \(report.budget) tokens: \(parts.joined(separator: "; "))._"]
            if let seeAll = report.seeAll { lines.append("_Everything: \(code(seeAll))_") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A decision's lines (without line ends): also what `ContextBudget` sizes a decision by.
    func decisionLines(_ decision: ContextReport.Decision, several: Bool) -> [String] {
        var lines: [String] = []
        var facts = [decision.status]
        if let date = decision.date { facts.append(date) }
        var line = "- **\(escape(decision.id))** \(escape(decision.title)) (\(escape(facts.joined(separator: ", "))))"
        if !decision.replaces.isEmpty { line += " · replaces \(escape(decision.replaces.joined(separator: ", ")))" }
        lines.append(line + " · \(code(decision.source))")
        if let text = decision.decision { lines.append("  - \(escape(text))") }
        if several { lines.append("  - On \(list(decision.matched, total: decision.matchedCount))") }
        return lines
    }

    static func noun(_ kind: ContextReport.Omission.Kind, _ count: Int) -> String {
        let one = count == 1
        switch kind {
        case .hotspots: return one ? "hotspot" : "hotspots"
        case .owners: return one ? "owner" : "owners"
        case .contracts: return one ? "contract" : "contracts"
        case .decisionTexts: return one ? "decision's sentence" : "decisions' sentences"
        case .decisions: return one ? "decision" : "decisions"
        case .landmineTexts: return one ? "landmine's \"what fails\"" : "landmines' \"what fails\""
        case .landmines: return one ? "landmine" : "landmines"
        }
    }

    private func subjectText() -> String {
        let what = report.staged ? "the staged change" : list(report.paths, total: report.paths.count, limit: 3)
        let files = report.fileCount == 1 ? "1 file" : "\(report.fileCount) files"
        if report.staged { return "\(what) (\(files))" }
        return report.paths.count == report.fileCount ? what : "\(what) (\(files))"
    }

    private func summary() -> String {
        var parts: [String] = []
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if !report.landmines.isEmpty {
            let urgent = report.landmines.filter(\.needsContext).count
            parts.append(count(report.landmines.count, "landmine") + (urgent > 0 ? " (\(urgent) needing a reviewer with context)" : ""))
        }
        if !report.decisions.isEmpty { parts.append(count(report.decisions.count, "decision") + " in force") }
        if !report.contracts.isEmpty { parts.append(count(report.contracts.count, "contract")) }
        if report.owners.count > 3 {
            parts.append(count(report.owners.count, "owner"))
        } else if !report.owners.isEmpty {
            parts.append("owners " + report.owners.map { escape($0.owner) }.joined(separator: ", "))
        }
        if !report.hotspots.isEmpty { parts.append(count(report.hotspots.count, "hotspot")) }
        if parts.isEmpty { parts.append("all of it left out by the budget") }
        return parts.joined(separator: "; ") + "."
    }

    private func list(_ items: [String], total: Int, limit: Int = ContextReport.listLimit) -> String {
        let shown = items.prefix(limit).map(code).joined(separator: ", ")
        return total > min(limit, items.count) ? shown + " and \(total - min(limit, items.count)) more" : shown
    }

    /// Markdown's punctuation escaped, on one line.
    func escape(_ text: String) -> String {
        // ASCII with nothing to escape and no line end (most titles and paths): as it is.
        if text.utf8.allSatisfy({ $0 < 0x80 && !(0x0A...0x0D).contains($0) && !Self.special[Int($0)] }) { return text }
        var result = ""
        for character in text {
            if character.isNewline { result.append(" "); continue }
            if "\\`*_[]<>#|~&!".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// The ASCII characters `escape` puts a backslash before.
    static let special: [Bool] = (0..<128).map { byte in "\\`*_[]<>#|~&!".utf8.contains(UInt8(byte)) }

    /// A code span that holds any text: a fence longer than the longest run of backticks inside.
    func code(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && !(0x0A...0x0D).contains($0) && $0 != UInt8(ascii: "`") }) { return "`" + text + "`" }
        let flat = text.map { $0.isNewline ? " " : String($0) }.joined()
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}
