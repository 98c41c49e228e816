import Foundation

/// The read-only questions a coding assistant asks (the tools and resources of `handbook mcp`),
/// answered as text. Every path and revision is checked first; a bad one is an answer marked as an
/// error, never a crash. Answers follow edits without a restart: `context` and `review` through the
/// light pipeline (with its index when `options.cacheDirectory` is set), `search`, `get_record` and
/// the resources through a full read (bodies and specs included; the index holds no bodies), kept
/// in memory for the next question while nothing under the repository root changed.
///
/// Nothing here writes to standard output: `handbook mcp` speaks JSON-RPC there (landmine
/// `stdout-is-the-mcp-channel`).
public struct HandbookQueries: Sendable {
    public struct Answer: Sendable, Equatable {
        public var text: String
        public var isError: Bool

        public init(text: String, isError: Bool) {
            self.text = text
            self.isError = isError
        }

        static func error(_ text: String) -> Answer { Answer(text: text, isError: true) }
    }

    public private(set) var options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    /// The handbook read by the last `search`, `get_record` or resource, kept while nothing under
    /// the repository root changed (`Memory`).
    let memory = Memory()

    /// Resolves the repository root once (`--root`, `root:` in handbook.yml, git's top level), so
    /// paths in questions and answers are from the repository root.
    public init(options: BuildOptions, fileSystem: FileSystem = DiskFileSystem(), git: GitClient = CommandLineGit()) {
        self.fileSystem = fileSystem
        self.git = git
        var resolved = options
        if resolved.rootDirectory == nil {
            let diagnostics = DiagnosticEngine()
            resolved.rootDirectory = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
                .run()?.rootDirectory
        }
        if let root = resolved.rootDirectory { resolved.workingDirectory = root }
        self.options = resolved
    }

    public var root: String { options.rootDirectory ?? options.workingDirectory }

    // MARK: The tools

    /// `context`: what governs these paths (files or folders, from the repository root).
    public func context(paths: [String], format: Context.Format = .markdown, budget: Int = Context.defaultBudget) -> Answer {
        guard !paths.isEmpty else { return .error("give at least one path, from the repository root") }
        var confined: [String] = []
        for path in paths {
            switch RepositoryPath.confine(path, root: root, fileSystem: fileSystem) {
            case .success(let relative): confined.append(relative)
            case .failure(let refusal): return .error("refused: \(refusal.message); paths are read inside the repository only")
            }
        }
        let subject = Context.Subject.paths(confined)
        let seeAll = "the context tool with budget 0 (or: \(Context.seeAllCommand(subject: subject, format: format)))"
        let result = Context.run(options: options, subject: subject, format: format, budget: max(0, budget), seeAll: seeAll,
                                 fileSystem: fileSystem, git: git)
        guard let report = result.report else { return .error(failure(result.diagnostics)) }
        return Answer(text: Context.render(report, format) + errorsNote(result.diagnostics), isError: false)
    }

    /// `search`: records ranked as the site's search ranks them (`SearchRanking`, a port of `search.js`).
    public func search(_ query: String, limit: Int = 10) -> Answer {
        guard !SearchRanking.words(query).isEmpty else { return .error("give a few words to search for") }
        var diagnostics: [Diagnostic] = []
        guard let handbook = load(&diagnostics) else { return .error(failure(diagnostics)) }
        let ranking = memory.searchRanking { SearchRanking(entries: SearchIndex(handbook: handbook).entries) }
        let entries = ranking.entries
        let hits = ranking.search(query)
        guard !hits.isEmpty else { return Answer(text: "Nothing in the handbook matches every word of '\(query)'.\n", isError: false) }
        let shown = hits.prefix(min(max(limit, 1), 50))
        var lines = ["\(hits.count) result\(hits.count == 1 ? "" : "s") for '\(query)', best first\(hits.count > shown.count ? " (the first \(shown.count))" : "") (get_record gives a whole record):", ""]
        for hit in shown {
            let entry = entries[hit.entry]
            let label = entry.label.isEmpty || entry.label == entry.name ? entry.kind : "\(entry.kind), \(entry.label)"
            lines.append("- \(entry.name): \(entry.title) (\(label))")
            if let snippet = hit.snippet { lines.append("  > \(snippet)") }
        }
        return Answer(text: lines.joined(separator: "\n") + "\n", isError: false)
    }

    /// `get_record`: a record as Markdown with its relations (`ADR-0007`, `landmines/x`, `contracts/x`).
    public func record(_ name: String) -> Answer {
        var diagnostics: [Diagnostic] = []
        guard let handbook = load(&diagnostics) else { return .error(failure(diagnostics)) }
        let reader = RecordText(handbook: handbook, fileSystem: fileSystem)
        guard let reference = reader.find(name) else {
            let known = reader.resources().prefix(10).map(\.name).joined(separator: ", ")
            return .error("no record '\(name.prefix(200))' in the handbook; records are named like \(known.isEmpty ? "ADR-0001" : known)")
        }
        return Answer(text: reader.text(reference), isError: false)
    }

    /// Every record as a resource: `handbook://decisions/ADR-0007`, `handbook://landmines/x`, `handbook://contracts/x`.
    public func resources() -> [(uri: String, name: String, title: String)] {
        var diagnostics: [Diagnostic] = []
        guard let handbook = load(&diagnostics) else { return [] }
        return RecordText(handbook: handbook, fileSystem: fileSystem).resources()
    }

    public static let resourcePrefix = "handbook://"

    /// The record a resource address names.
    public func resource(_ uri: String) -> Answer {
        let usage = "not a handbook resource: '\(uri.prefix(200))' (handbook://decisions/ID, handbook://landmines/NAME, handbook://contracts/NAME)"
        guard uri.hasPrefix(Self.resourcePrefix) else { return .error(usage) }
        let name = String(uri.dropFirst(Self.resourcePrefix.count))
        guard ["decisions/", "landmines/", "contracts/"].contains(where: { name.hasPrefix($0) }) else { return .error(usage) }
        return record(name)
    }

    /// `review`: what governs the files changed since `base` (to `head`, or the work tree).
    public func review(base: String, head: String? = nil, format: Context.Format = .markdown) -> Answer {
        for revision in [base, head].compactMap({ $0 }) {
            if let problem = GitRevision.problem(revision) { return .error("refused: \(problem)") }
        }
        let result = Review.run(options: options, changes: .git(base: base, head: head), fileSystem: fileSystem, git: git)
        guard let report = result.report else { return .error(failure(result.diagnostics)) }
        let text = format == .json ? Review.json(report) : Review.markdownLinkingResources(report)
        return Answer(text: text + errorsNote(result.diagnostics), isError: false)
    }

    /// `diff_contract`: a contract's spec now against the same spec at `base`, every change classified.
    public func diffContract(_ name: String, base: String, format: ContractDiffFormat = .markdown) -> Answer {
        if let problem = GitRevision.problem(base) { return .error("refused: \(problem)") }
        var reviewed = options
        reviewed.reviewBase = base
        reviewed.cacheDirectory = nil
        let diagnostics = DiagnosticEngine()
        guard let loaded = LoadStage(options: reviewed, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() else {
            return .error(failure(diagnostics.diagnostics))
        }
        let slug = name.hasPrefix("contracts/") ? String(name.dropFirst("contracts/".count)) : name
        var stage = ContractStage(options: reviewed, fileSystem: loaded.fileSystem, git: git, diagnostics: diagnostics)
        stage.readsSpec = { $0.slug == slug }
        let contracts = stage.run(loaded)
        guard let contract = contracts.first(where: { $0.slug == slug }) else {
            let known = contracts.map { "contracts/" + $0.slug }.joined(separator: ", ")
            return .error("no contract '\(name.prefix(200))'\(known.isEmpty ? "; the handbook has none" : "; the contracts are \(known)")")
        }
        guard contract.model != nil, !diagnostics.diagnostics.contains(where: { $0.severity == .error }) else {
            return .error("cannot compare \(contract.specPath) with \(base):\n" + failure(diagnostics.diagnostics))
        }
        let notes = diagnostics.diagnostics.filter { $0.id == "contract-new-since-base" }.map { $0.message + "\n" }.joined()
        return Answer(text: notes + format.render(contract.reviewFindings, old: "\(base):\(contract.specPath)", new: contract.specPath),
                      isError: false)
    }

    // MARK: Reading

    /// The whole handbook, as a build reads it (bodies parsed, every spec read, governance linked),
    /// or the one the last question read when nothing it could depend on changed since.
    private func load(_ diagnostics: inout [Diagnostic]) -> Handbook? {
        let key = freshnessKey()
        if let key, let (handbook, found) = memory.handbook(for: key) {
            diagnostics = found
            return handbook
        }
        var full = options
        full.cacheDirectory = nil
        let engine = DiagnosticEngine()
        let handbook = Pipeline.link(options: full, fileSystem: fileSystem, git: git, diagnostics: engine)
        diagnostics = engine.diagnostics
        memory.keep(handbook, diagnostics: engine.diagnostics, for: key)
        return handbook
    }

    /// What a full read depends on: every entry below the repository root (the records, the
    /// configuration, specs and the files records govern: `FileSystem.treeDigest`, paths and
    /// stamps, the site's output left out) and git's `HEAD` and index (the history the build reads
    /// for dates and hotspots). Nil, so nothing is kept, when it cannot be told, or when a file was
    /// written in the clock tick the walk began in (a second write in that tick would keep its
    /// stamp; `FolderDigest.recent`).
    func freshnessKey() -> [UInt64]? {
        guard let digest = fileSystem.treeDigest([root], skipping: LoadStage.skippedFolders, linksWithin: root,
                                                 excluding: Set([options.outputDirectory] + [options.cacheDirectory].compactMap { $0 })),
              digest.recent.isEmpty else { return nil }
        var key = digest.value
        for file in [".git/HEAD", ".git/index"] { key += fileSystem.stamp(Path.join(root, file)) ?? [0] }
        return key
    }

    /// The last full read and its key; shared by the copies of one `HandbookQueries`.
    final class Memory: @unchecked Sendable {
        private let lock = NSLock()
        private var key: [UInt64]?
        private var handbook: Handbook?
        private var diagnostics: [Diagnostic] = []
        /// Full reads made, for tests.
        private(set) var reads = 0

        func handbook(for key: [UInt64]) -> (Handbook, [Diagnostic])? {
            lock.lock()
            defer { lock.unlock() }
            guard self.key == key, let handbook else { return nil }
            return (handbook, diagnostics)
        }

        /// The search ranking (the index's entries and words) of the handbook `load` gave last
        /// (every `load` either gives the kept handbook or keeps the one it read, which drops the
        /// ranking): made once for it.
        func searchRanking(_ make: () -> SearchRanking) -> SearchRanking {
            lock.lock()
            let kept = ranking
            lock.unlock()
            if let kept { return kept }
            let made = make()
            lock.lock()
            if handbook != nil { ranking = made }
            lock.unlock()
            return made
        }
        private var ranking: SearchRanking?

        func keep(_ handbook: Handbook?, diagnostics: [Diagnostic], for key: [UInt64]?) {
            lock.lock()
            defer { lock.unlock() }
            reads += 1
            self.key = handbook == nil ? nil : key
            self.handbook = key == nil ? nil : handbook
            self.diagnostics = diagnostics
            ranking = nil
        }
    }

    private func failure(_ diagnostics: [Diagnostic]?) -> String {
        let errors = (diagnostics ?? []).filter { $0.severity == .error }
        if errors.isEmpty { return "the handbook could not be read (run handbook check for details)" }
        return DiagnosticFormat.text.render(errors)
    }

    /// Errors in the handbook itself do not stop an answer; they are named at its end.
    private func errorsNote(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return "" }
        return "\nThe handbook has \(errors.count) error\(errors.count == 1 ? "" : "s") (handbook check):\n" + DiagnosticFormat.text.render(errors)
    }
}
