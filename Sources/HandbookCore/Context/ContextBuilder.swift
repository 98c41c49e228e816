/// Builds the context report from the light pipeline's result: what governs the files, with
/// superseded records replaced by their successors and each decision said in a sentence or two.
struct ContextBuilder {
    let light: LightPipeline.Result
    /// The paths asked about, from the repository root.
    var paths: [String]
    var staged = false
    /// Approximate tokens; 0: no limit.
    var budget = Context.defaultBudget

    private var handbook: Handbook { light.handbook }

    /// The report with no decision's sentence read yet, and how to read them (`ContextBudget` reads
    /// only those that can be shown or named).
    struct Built {
        var report: ContextReport
        /// Only the first `candidates` decisions may have a sentence: past them, even the decisions'
        /// bare lines pass the budget, so their sentences would be left out whatever happens.
        var candidates: Int
        /// The index row of each decision shown, in the report's order.
        var rows: [Int]
    }

    func build() -> Built {
        let files = Array(Set(light.changed.flatMap(\.paths))).sorted()
        var matcher = PathMatcher(files)
        var report = ContextReport(paths: paths, staged: staged, fileCount: Set(light.changed.map(\.path)).count, budget: budget)
        var landmines: [(LandmineRecord.Severity, ContextReport.Landmine)] = []
        var decisions: [Int: (matched: Set<String>, replaces: Set<String>)] = [:]
        for document in handbook.documents {
            guard let record = document.landmine else { continue }
            let matched = matcher.matches(GovernanceLinker.patterns(of: document).map(\.value))
            guard !matched.isEmpty else { continue }
            let failure = record.sections["what fails if it disappears"].flatMap { $0.isEmpty ? nil : oneLine($0) }
            landmines.append((record.severity, ContextReport.Landmine(
                id: record.slug, title: document.title, severity: record.severity.rawValue, owner: record.owner,
                needsContext: record.severity.needsContext, failure: failure, source: source(document),
                page: document.outputPath, matched: Array(matched.prefix(ContextReport.listLimit)), matchedCount: matched.count)))
        }
        for (row, decision) in light.decisions.enumerated() {
            let matched = matcher.matches(decision.patterns)
            guard !matched.isEmpty else { continue }
            if !Self.inactive(decision.status) {
                decisions[row, default: ([], [])].matched.formUnion(matched)
                continue
            }
            // A record no longer in force speaks through the records that superseded it, if any.
            for successor in decision.successors {
                decisions[successor, default: ([], [])].matched.formUnion(matched)
                decisions[successor]!.replaces.insert(decision.id)
            }
        }
        report.landmines = landmines.sorted { ($0.0, $0.1.title, $0.1.id) < ($1.0, $1.1.title, $1.1.id) }.map(\.1)
        let (entries, rows, candidates) = decisionEntries(decisions)
        report.decisions = entries
        report.contracts = handbook.contracts.compactMap { contract -> ContextReport.Contract? in
            let matched = matcher.matches(contract.governedPaths)
            guard !matched.isEmpty else { return nil }
            let manifest = contract.source.repositoryPath ?? contract.source.displayPath
            return ContextReport.Contract(
                id: contract.slug, title: contract.title, spec: contract.specPath, owner: contract.owner, provider: contract.provider,
                consumers: contract.consumers, version: contract.newestChange?.version,
                policy: "A breaking change to the spec must be declared under changes: in \(manifest) (kind: breaking, with a new version); "
                    + "handbook check --base REV fails on an undeclared one.",
                source: manifest, page: contract.outputPath,
                matched: Array(matched.prefix(ContextReport.listLimit)), matchedCount: matched.count)
        }.sorted { $0.id < $1.id }
        var byOwner: [String: Set<String>] = [:]
        if let owners = light.owners {
            for change in light.changed {
                for owner in owners.owners(of: change.path) { byOwner[owner, default: []].insert(change.path) }
            }
        }
        report.owners = byOwner.keys.sorted().map { owner in
            let files = byOwner[owner]!.sorted()
            return ContextReport.Owner(owner: owner, files: Array(files.prefix(ContextReport.listLimit)), fileCount: files.count)
        }
        let asked = Set(light.changed.map(\.path))
        report.hotspots = light.hotspots.filter { asked.contains($0.path) }
            .map { ContextReport.Hotspot(path: $0.path, fixes: $0.fixes.count, from: $0.from, to: $0.to) }
            .sorted { $0.path < $1.path }
        return Built(report: report, candidates: candidates, rows: rows)
    }

    /// Superseded, deprecated or rejected: no longer in force.
    static func inactive(_ status: String) -> Bool { LightIndex.inactive(status) }

    /// Accepted first, then other statuses in force, then proposed; newest first; then by id.
    static func rank(_ status: String) -> Int { status == "accepted" ? 0 : status == "proposed" ? 2 : 1 }

    private func decisionEntries(_ found: [Int: (matched: Set<String>, replaces: Set<String>)])
        -> (entries: [ContextReport.Decision], rows: [Int], candidates: Int) {
        var entries = found.map { row, value -> (Int, ContextReport.Decision) in
            let record = light.decisions[row]
            let matched = value.matched.sorted()
            return (row, ContextReport.Decision(
                id: record.id, title: record.title, status: record.statusLabel, date: record.date, decision: nil,
                replaces: value.replaces.sorted(), source: record.source, page: record.page,
                matched: Array(matched.prefix(ContextReport.listLimit)), matchedCount: matched.count))
        }
        // Sorted as indices over the keys taken once (moving the entries themselves, or reading
        // their fields in each comparison, cost more than the comparisons).
        let ranks = entries.map { Self.rank($0.1.status) }, dates = entries.map { $0.1.date ?? "" }, ids = entries.map(\.1.id)
        let undated = entries.map { $0.1.date == nil }
        let order = entries.indices.sorted { i, j in
            if ranks[i] != ranks[j] { return ranks[i] < ranks[j] }
            if dates[i] != dates[j] || undated[i] != undated[j] { return dates[i] > dates[j] }
            return ids[i] < ids[j]
        }
        entries = order.map { entries[$0] }
        // Each decision's sentence is read from its body, but only for the decisions that can fit:
        // once even their bare lines pass the budget, the rest would be left out whatever happens.
        var room = budget == 0 ? Int.max : budget * 4
        var candidates = 0
        for position in entries.indices {
            room -= entries[position].1.id.utf8.count + entries[position].1.title.utf8.count + 8
            if room < 0 { break }
            candidates += 1
        }
        return (entries.map(\.1), entries.map(\.0), candidates)
    }

    /// The sentence of the decision on index row `row`, read from its body.
    func summary(_ row: Int) -> String? {
        light.body(of: light.decisions[row].path).flatMap { DecisionSummary.summary(body: $0) }
    }

    private func source(_ document: Document) -> String {
        document.source.repositoryPath ?? document.source.displayPath
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
