/// Builds the review report: matches the changed files against every record's globs, and
/// gathers owners and hotspots among them. Page paths are relative to the site root.
struct ReviewBuilder {
    let handbook: Handbook
    let changes: [ChangedFile]
    var base: String?
    var head: String?
    /// The repository's CODEOWNERS, when there is one.
    var owners: CodeOwners?
    /// Hotspots among the changed files (from their history).
    var hotspots: [Hotspot] = []
    /// The decisions as the light pipeline gives them (nil: read from `handbook`).
    var decisionRows: [LightIndex.Decision]?

    func build() -> ReviewReport {
        var matcher = PathMatcher(Array(Set(changes.flatMap(\.paths))).sorted())
        var landmines: [(LandmineRecord.Severity, ReviewReport.Landmine)] = []
        var decisions: [ReviewReport.Decision] = []
        for document in handbook.documents {
            guard let record = document.landmine else { continue }
            let matched = matcher.matches(GovernanceLinker.patterns(of: document).map(\.value))
            guard !matched.isEmpty else { continue }
            let failure = record.sections["what fails if it disappears"].flatMap { $0.isEmpty ? nil : $0 }
            landmines.append((record.severity, ReviewReport.Landmine(
                id: record.slug, title: document.title, severity: record.severity.rawValue, owner: record.owner,
                needsContext: record.severity.needsContext, failure: failure, page: document.outputPath, matched: matched)))
        }
        for record in decisionRows ?? LightIndex.decisions(of: handbook) {
            let matched = matcher.matches(record.patterns)
            guard !matched.isEmpty else { continue }
            decisions.append(ReviewReport.Decision(id: record.id, title: record.title, status: record.statusLabel,
                                                   inactive: LightIndex.inactive(record.status), supersededBy: record.supersededBy,
                                                   page: record.page, matched: matched))
        }
        var contracts: [ReviewReport.Contract] = []
        for contract in handbook.contracts {
            let matched = matcher.matches(contract.governedPaths)
            guard !matched.isEmpty else { continue }
            let findings = contract.reviewFindings.map {
                ReviewReport.ContractChange(id: $0.id, level: $0.level.rawValue, operation: $0.operation, path: $0.path,
                                            source: $0.source, text: $0.text)
            }
            contracts.append(ReviewReport.Contract(id: contract.slug, title: contract.title, page: contract.outputPath,
                                                   owner: contract.owner, matched: matched, changes: findings))
        }
        var byOwner: [String: Set<String>] = [:]
        if let owners {
            for change in changes {
                for owner in owners.owners(of: change.path) { byOwner[owner, default: []].insert(change.path) }
            }
        }
        return ReviewReport(
            base: base, head: head,
            files: changes.sorted { $0.path < $1.path },
            landmines: landmines.sorted { ($0.0, $0.1.title, $0.1.id) < ($1.0, $1.1.title, $1.1.id) }.map(\.1),
            decisions: decisions.sorted { a, b in
                let rank = { (d: ReviewReport.Decision) in d.status == "accepted" ? 0 : d.inactive ? 2 : 1 }
                return (rank(a), a.id) < (rank(b), b.id)
            },
            contracts: contracts.sorted { $0.id < $1.id },
            owners: byOwner.keys.sorted().map { ReviewReport.Owner(owner: $0, files: byOwner[$0]!.sorted()) },
            hotspots: hotspots.filter { hotspot in changes.contains { $0.path == hotspot.path } }
                .map { ReviewReport.Hotspot(path: $0.path, fixes: $0.fixes.count, from: $0.from, to: $0.to) }
                .sorted { $0.path < $1.path })
    }

    /// The changed paths any of `patterns` matches, sorted.
    static func matches(_ patterns: [String], _ paths: [String]) -> [String] {
        var matcher = PathMatcher(Array(Set(paths)).sorted())
        return matcher.matches(patterns)
    }
}

/// A few paths matched against many globs: each path split once, each distinct glob compiled
/// and matched once (records often share globs).
struct PathMatcher {
    let paths: [String]
    private let parts: [[Substring]]
    private var cache: [String: [Int]] = [:]

    init(_ sortedPaths: [String]) {
        paths = sortedPaths
        parts = sortedPaths.map { $0.split(separator: "/", omittingEmptySubsequences: true) }
    }

    /// The paths (indices into `paths`, ascending) one glob matches.
    mutating func indices(_ text: String) -> [Int] {
        if let known = cache[text] { return known }
        var found: [Int] = []
        if case .success(let glob) = GlobPattern.compile(text) {
            found = parts.indices.filter { glob.matches(parts: parts[$0]) }
        }
        cache[text] = found
        return found
    }

    mutating func matches(_ patterns: [String]) -> [String] {
        var hits = Set<Int>()
        for text in patterns { hits.formUnion(indices(text)) }
        return hits.sorted().map { paths[$0] }
    }
}
