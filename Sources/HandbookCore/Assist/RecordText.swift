/// A record for a coding assistant (`get_record`, the resources of `handbook mcp`): its fields and
/// relations as a short Markdown header, then the body as written (a decision's or landmine's
/// Markdown, read from its file: the full body, never the light index's fields).
struct RecordText {
    let handbook: Handbook
    let fileSystem: FileSystem

    /// What a record is called in `get_record` and in resource addresses: `ADR-0007`,
    /// `landmines/payment-retries`, `contracts/billing-api` (a bare slug finds a landmine or a contract).
    enum Reference: Equatable {
        case document(Int)
        case contract(Int)
    }

    func find(_ name: String) -> Reference? {
        let key = name.trimmingCharacters(in: " \t")
        func decision(_ id: String) -> Reference? {
            guard let index = handbook.idIndex[IDKey.normalize(id)], handbook.documents[index].decision != nil else { return nil }
            return .document(index)
        }
        func landmine(_ slug: String) -> Reference? {
            handbook.documents.firstIndex(where: { $0.landmine?.slug == slug }).map { .document($0) }
        }
        func contract(_ slug: String) -> Reference? {
            handbook.contracts.firstIndex(where: { $0.slug == slug }).map { .contract($0) }
        }
        for (prefix, lookup) in [("decisions/", decision), ("landmines/", landmine), ("contracts/", contract)] where key.hasPrefix(prefix) {
            let rest = String(key.dropFirst(prefix.count))
            return rest.contains("/") ? nil : lookup(rest)
        }
        guard !key.contains("/") else { return nil }
        return decision(key) ?? landmine(key) ?? contract(key)
    }

    /// Every record's resource address and title: decisions, landmines, contracts.
    func resources() -> [(uri: String, name: String, title: String)] {
        var list: [(String, String, String)] = []
        let decisions = handbook.documents.indices.filter { handbook.documents[$0].decision != nil }.sorted { a, b in
            let x = handbook.documents[a].decision!, y = handbook.documents[b].decision!
            return (x.number ?? Int.max, x.id) < (y.number ?? Int.max, y.id)
        }
        for index in decisions {
            let document = handbook.documents[index]
            guard let record = document.decision else { continue }
            list.append(("handbook://decisions/" + record.id, record.id, "\(record.id): \(document.title) (\(record.status))"))
        }
        for index in handbook.landminesBySeverity {
            let document = handbook.documents[index]
            guard let record = document.landmine else { continue }
            list.append(("handbook://landmines/" + record.slug, "landmines/" + record.slug, "\(document.title) (\(record.severity.rawValue) landmine)"))
        }
        for contract in handbook.contracts {
            list.append(("handbook://contracts/" + contract.slug, "contracts/" + contract.slug, "\(contract.title) (contract)"))
        }
        return list
    }

    func text(_ reference: Reference) -> String {
        switch reference {
        case .document(let index): return documentText(index)
        case .contract(let index): return contractText(handbook.contracts[index])
        }
    }

    private func documentText(_ index: Int) -> String {
        let document = handbook.documents[index]
        let relations = handbook.relations[index]
        var lines: [String] = []
        func names(_ indices: [Int]) -> String {
            indices.map { other in
                let target = handbook.documents[other]
                let id = target.decision?.id ?? target.landmine.map { "landmines/" + $0.slug } ?? target.source.path
                return "\(id) (\(target.title)\(target.decision.map { ", " + $0.status } ?? ""))"
            }.joined(separator: "; ")
        }
        let source = document.source.repositoryPath ?? document.source.displayPath
        if let record = document.decision {
            lines.append("# \(record.id): \(document.title)")
            lines.append("")
            var facts = ["- Status: \(record.status)"]
            if let date = record.date { facts.append("- Date: \(date)") }
            if ContextBuilder.inactive(record.status) { facts[0] += " (no longer in force)" }
            if !record.deciders.isEmpty { facts.append("- Deciders: \(record.deciders.joined(separator: ", "))") }
            if !record.tags.isEmpty { facts.append("- Tags: \(record.tags.joined(separator: ", "))") }
            if !record.governs.isEmpty { facts.append("- Governs: \(record.governs.map { "`\($0.value)`" }.joined(separator: ", "))") }
            lines += facts
        } else if let record = document.landmine {
            lines.append("# Landmine: \(document.title)")
            lines.append("")
            lines.append("- Severity: \(record.severity.rawValue)\(record.severity.needsContext ? " (a person with context must review any change here)" : "")")
            if let owner = record.owner { lines.append("- Owner: \(owner)") }
            if !record.paths.isEmpty { lines.append("- Paths: \(record.paths.map { "`\($0.value)`" }.joined(separator: ", "))") }
        } else {
            lines.append("# \(document.title)")
            lines.append("")
        }
        let related: [(String, [Int])] = [
            ("Supersedes", relations.supersedes), ("Superseded by", relations.supersededBy), ("Amends", relations.amends),
            ("Amended by", relations.amendedBy), ("Related", relations.related),
            (document.landmine != nil ? "Decisions" : "Landmines naming it", document.landmine != nil ? relations.decisions : relations.landmines),
        ]
        for (label, indices) in related where !indices.isEmpty { lines.append("- \(label): \(names(indices))") }
        lines.append("- Source: `\(source)`")
        lines.append("")
        lines.append("---")
        lines.append("")
        let body = self.body(of: document)
        return lines.joined(separator: "\n") + "\n" + body + (body.hasSuffix("\n") || body.isEmpty ? "" : "\n")
    }

    /// The Markdown below the front matter, as written.
    private func body(of document: Document) -> String {
        guard let data = try? fileSystem.read(document.source.absolutePath), let text = String(validating: data, as: UTF8.self) else {
            return "(the file could not be read)\n"
        }
        switch FrontMatterSplit.split(text.normalizingLineEnds) {
        case .success(let split): return split.body.drop(while: { $0 == "\n" }).description
        case .failure: return text
        }
    }

    private func contractText(_ contract: Contract) -> String {
        var lines = ["# Contract: \(contract.title)", "", "- Spec: `\(contract.specPath)`"]
        if let provider = contract.provider { lines.append("- Provider: \(provider)") }
        if !contract.consumers.isEmpty { lines.append("- Consumers (who breaks): \(contract.consumers.joined(separator: ", "))") }
        if let owner = contract.owner { lines.append("- Owner: \(owner)") }
        lines.append("- Governs: \(contract.governedPaths.map { "`\($0)`" }.joined(separator: ", "))")
        for change in contract.changes {
            lines.append("- Version \(change.version)\(change.date.map { " (\($0))" } ?? ""): \(change.kind.rawValue)\(change.summary.map { ", " + $0 } ?? "")")
        }
        lines.append("- Source: `\(contract.source.repositoryPath ?? contract.source.displayPath)`")
        lines.append("- A breaking change to the spec must be declared under `changes:` (kind: breaking, with a new version); `handbook check --base REV` fails on an undeclared one.")
        return lines.joined(separator: "\n") + "\n"
    }
}
