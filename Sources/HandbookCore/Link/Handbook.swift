/// The handbook after the link stage: every document, every link resolved, every relation derived.
/// This is what checks and templates read.
public struct Handbook: Sendable {
    public var config: SiteConfig
    public var rootDirectory: String
    public var documents: [Document]
    public var assets: [SourceFile]
    /// For each document, the final `href` of each of its links (relative to the document's page).
    public var hrefs: [[String]]
    /// For each document, its relations to other documents (indices into `documents`).
    public var relations: [Relations]
    /// The home page's intro, with the hrefs of its links.
    public var intro: Document?
    public var introHrefs: [String] = []
    /// With `--review-base`: what governs the files changed since that revision.
    public var review: ReviewReport?
    /// Which files each record governs, and what governs, owns and changed each file.
    public var governance = GovernanceGraph()
    /// The weekly figures of every metric (issue 6).
    public var metrics = MetricsData()
    /// Document index by lookup key of its id.
    var idIndex: [String: Int]
    /// Contracts (issue 5): every manifest of `contracts/`, sorted by slug.
    public var contracts: [Contract] = []

    /// Whether a page shows the theme's drawing of the records' life (log4brains' workflow image,
    /// `LinkResolver.log4brainsWorkflow`): the drawing is written only then.
    var showsWorkflowDrawing: Bool {
        introHrefs.contains(where: Self.isWorkflowDrawing) || hrefs.contains { $0.contains(where: Self.isWorkflowDrawing) }
    }

    static func isWorkflowDrawing(_ href: String) -> Bool {
        href.hasSuffix(LinkResolver.workflowDrawing) && Path.fileName(href) == LinkResolver.workflowDrawing
    }

    public struct Relations: Sendable, Equatable {
        public var supersedes: [Int] = []
        public var supersededBy: [Int] = []
        public var amends: [Int] = []
        public var amendedBy: [Int] = []
        public var related: [Int] = []
        /// For a landmine: the decisions it names. For a decision: the landmines that name it.
        public var decisions: [Int] = []
        public var landmines: [Int] = []
    }

    /// The decisions, newest first (by date, then by number or id).
    public var decisionsNewestFirst: [Int] {
        documents.indices.filter { documents[$0].decision != nil }.sorted { a, b in
            let x = documents[a].decision!, y = documents[b].decision!
            if x.date != y.date { return (x.date ?? "") > (y.date ?? "") }
            if x.number != y.number { return (x.number ?? -1) > (y.number ?? -1) }
            return x.id > y.id
        }
    }

    /// The landmines, highest severity first, then by title.
    public var landminesBySeverity: [Int] {
        documents.indices.filter { documents[$0].landmine != nil }.sorted { a, b in
            let x = documents[a], y = documents[b]
            if x.landmine!.severity != y.landmine!.severity { return x.landmine!.severity < y.landmine!.severity }
            return (x.title, x.source.path) < (y.title, y.source.path)
        }
    }

    public func document(withID id: String) -> Document? {
        idIndex[IDKey.normalize(id)].map { documents[$0] }
    }
}
