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

    /// The report without its decisions, and the decisions in force to be built one by one in the
    /// report's order (`ContextBudget` builds only those it can keep or name, ADR-0161).
    struct Built {
        var report: ContextReport
        var decisions: ContextBudget.Decisions
        /// Only the first `candidates` decisions may have a sentence: past them, even the decisions'
        /// bare lines pass the budget, so their sentences would be left out whatever happens.
        var candidates: Int
        /// The index row of each decision in force, in the report's order.
        var rows: [Int]
    }

    func build() -> Built {
        let files = Array(Set(light.changed.flatMap(\.paths))).sorted()
        var matcher = PathMatcher(files)
        var report = ContextReport(paths: paths, staged: staged, fileCount: Set(light.changed.map(\.path)).count, budget: budget)
        var landmines: [(LandmineRecord.Severity, ContextReport.Landmine)] = []
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
        report.landmines = landmines.sorted { ($0.0, $0.1.title, $0.1.id) < ($1.0, $1.1.title, $1.1.id) }.map(\.1)
        let decisions = decisionsInForce(&matcher, files: files)
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
        return Built(report: report, decisions: decisions.decisions, candidates: decisions.candidates, rows: decisions.rows)
    }

    /// No longer in force (`StatusText.notInForce`).
    static func inactive(_ status: String) -> Bool { LightIndex.inactive(status) }

    /// Accepted first, then other statuses in force, then proposed; newest first; then by id.
    static func rank(_ status: String) -> Int { status == "accepted" ? 0 : status == "proposed" ? 2 : 1 }

    /// The decisions in force that govern the files (a record no longer in force speaks through the
    /// records that superseded it), sorted; each is built only when asked for. Globs are matched once
    /// each (most decisions share them), and sorting needs only the status, date and id.
    private func decisionsInForce(_ matcher: inout PathMatcher, files: [String])
        -> (decisions: ContextBudget.Decisions, candidates: Int, rows: [Int]) {
        let rows = light.decisions
        // The files (indices into `files`, ascending) a decision's own globs match.
        func hits(_ row: Int) -> [Int] {
            let patterns = rows[row].patterns
            if patterns.count == 1 { return matcher.indices(patterns[0]) }
            var found = Set<Int>()
            for pattern in patterns { found.formUnion(matcher.indices(pattern)) }
            return found.sorted()
        }
        // Each decision in force, with the rows whose matches it shows: its own, and those of the
        // records it replaces.
        var sources: [Int: [Int]] = [:]
        var own: [Int: [Int]] = [:]
        for row in rows.indices {
            let found = hits(row)
            guard !found.isEmpty else { continue }
            own[row] = found
            if !Self.inactive(rows[row].status) {
                sources[row, default: []].append(row)
                continue
            }
            for successor in rows[row].successors { sources[successor, default: []].append(row) }
        }
        // Sorted as indices over the keys taken once (moving the entries themselves, or reading
        // their fields in each comparison, cost more than the comparisons).
        let found = sources.keys.sorted()
        let ranks = found.map { Self.rank(rows[$0].statusLabel) }, dates = found.map { rows[$0].date ?? "" }, ids = found.map { rows[$0].id }
        let undated = found.map { rows[$0].date == nil }
        let order = found.indices.sorted { i, j in
            if ranks[i] != ranks[j] { return ranks[i] < ranks[j] }
            if dates[i] != dates[j] || undated[i] != undated[j] { return dates[i] > dates[j] }
            return ids[i] < ids[j]
        }.map { found[$0] }
        // Each decision's sentence is read from its body, but only for the decisions that can fit:
        // once even their bare lines pass the budget, the rest would be left out whatever happens.
        var room = budget == 0 ? Int.max : budget * 4
        var candidates = 0
        for row in order {
            room -= rows[row].id.utf8.count + rows[row].title.utf8.count + 8
            if room < 0 { break }
            candidates += 1
        }
        let entry = { (position: Int) -> ContextReport.Decision in
            let row = order[position]
            let record = rows[row]
            var replaces = Set<String>()
            var matched = own[row] ?? []
            for source in sources[row] ?? [] where source != row {
                replaces.insert(rows[source].id)
                matched += own[source] ?? []
            }
            if (sources[row]?.count ?? 0) > 1 { matched = Array(Set(matched)).sorted() }
            return ContextReport.Decision(
                id: record.id, title: record.title, status: record.statusLabel, date: record.date, decision: nil,
                replaces: replaces.sorted(), source: record.source, page: record.page,
                matched: matched.prefix(ContextReport.listLimit).map { files[$0] }, matchedCount: matched.count)
        }
        return (ContextBudget.Decisions(count: order.count, entry: entry, id: { rows[order[$0]].id }), candidates, order)
    }

    /// The sentence of the decision on index row `row`, read from its body.
    func summary(_ row: Int) -> String? {
        light.body(of: light.decisions[row].path).flatMap { DecisionSummary.summary(body: $0) }
    }

    /// Whether the decision on index row `row` has a sentence: kept in the index, else read from its body.
    func hasSummary(_ row: Int) -> Bool {
        light.decisions[row].summarized ?? light.body(of: light.decisions[row].path).map(DecisionSummary.hasSummary) ?? false
    }

    private func source(_ document: Document) -> String {
        document.source.repositoryPath ?? document.source.displayPath
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
