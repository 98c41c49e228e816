/// Which files each record governs, what governs each file, who owns it, and what changed it.
public struct GovernanceGraph: Sendable {
    public var repository = RepositoryFiles([])
    /// Document index to the repository files (indices) its globs match, ascending.
    public var filesByDocument: [Int: [Int]] = [:]
    /// Repository file index to the documents that govern it, ascending.
    public var documentsByFile: [Int: [Int]] = [:]
    /// Contract index to the files it governs (its `governs` and its spec), and back.
    public var filesByContract: [Int: [Int]] = [:]
    public var contractsByFile: [Int: [Int]] = [:]
    public var owners: CodeOwners?
    /// The newest commits read from git, newest first.
    public var commits: [Commit] = []
    /// Repository file index to the commits (indices into `commits`, newest first) that touched it.
    public var commitsByFile: [Int: [Int]] = [:]
    /// Why there is no history (not a git work tree, a shallow clone), when there is none.
    public var historyNote: String?
    public var hotspots: [Hotspot] = []
    /// Globs that match no file: the record's title, its page (from the site root) and the glob.
    public var stale: [(title: String, page: String, pattern: String)] = []

    public init() {}

    /// Every governed file, as repository file indices, in path order.
    public var governedFiles: [Int] { Set(documentsByFile.keys).union(contractsByFile.keys).sorted() }

    /// How many records (documents and contracts) govern a file.
    public func governorCount(_ file: Int) -> Int {
        (documentsByFile[file]?.count ?? 0) + (contractsByFile[file]?.count ?? 0)
    }

    public var hasHistory: Bool { historyNote == nil }

    /// The commits after `date` (YYYY-MM-DD) that touched any of `files`, newest first.
    public func commits(touching files: [Int], after date: String) -> [Commit] {
        var seen = Set<Int>()
        for file in files {
            for index in commitsByFile[file] ?? [] where commits[index].date > date { seen.insert(index) }
        }
        return seen.sorted().map { commits[$0] }
    }

    public func owners(of path: String) -> [String] { owners?.owners(of: path) ?? [] }

    /// Takes `commits` (newest first) as the history, indexed by the repository files they touched.
    mutating func setHistory(_ commits: [Commit]) {
        self.commits = commits
        commitsByFile = [:]
        for (index, commit) in commits.enumerated() {
            for path in commit.files {
                if let file = repository.index(of: path) { commitsByFile[file, default: []].append(index) }
            }
        }
    }

    public func hotspot(for path: String) -> Hotspot? { hotspots.first { $0.path == path } }
}

/// A file where fix commits pile up: `commits` fixes inside one window of days.
public struct Hotspot: Sendable, Hashable {
    public var path: String
    /// The fix commits in the busiest window, newest first.
    public var fixes: [Commit]
    public var from: String
    public var to: String
}
