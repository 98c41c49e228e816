import Foundation

/// `review`'s and `context`'s light pipeline: load, parse fields only, read the contracts the
/// change touches, link without governance, then owners and hotspots of the changed files. Reads
/// only what a report about a few paths needs (no bodies but where a field lives there, no glob
/// matching against the whole repository, the history of the changed files alone).
struct LightPipeline {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics = DiagnosticEngine()

    /// What the light pipeline gives its reports.
    struct Result {
        var handbook: Handbook
        var loaded: LoadedHandbook
        var changed: [ChangedFile]
        var owners: CodeOwners?
        var hotspots: [Hotspot]
        /// Every decision as the reports show it: from the handbook, or from a valid index (then
        /// `handbook` holds the landmines only).
        var decisions: [LightIndex.Decision]

        /// The body of the Markdown file at `path` (absolute), as the load stage splits it.
        func body(of path: String) -> String? {
            if let file = loaded.markdownFiles.first(where: { $0.source.absolutePath == path }) { return file.body }
            guard let data = try? loaded.fileSystem.read(path), let text = String(validating: data, as: UTF8.self),
                  case .success(let split) = FrontMatterSplit.split(text.normalizingLineEnds) else { return nil }
            return split.body
        }
    }

    func run(_ changes: Review.Changes) -> Result? {
        // Reading, parsing and linking report into `phase`: with a valid index (LightIndex) only
        // some records are read, and the diagnostics of a run over all of them are repeated instead.
        let phase = DiagnosticEngine()
        let state = IndexState()
        var load = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: phase)
        if let directory = options.cacheDirectory {
            load.reuseListing = { (root: String, config: String, folders: [ContentFolder]) -> LoadStage.Listing? in
                self.reuse(changes, directory: directory, root: root, config: config, folders: folders, phase: phase, state: state)
            }
            load.selectMarkdown = { (_: String, _: String, listing: LoadStage.Listing) -> Set<String>? in
                state.listing = listing
                return nil
            }
        }
        let trace = ProcessInfo.processInfo.environment["HANDBOOK_TRACE"] != nil
        var clock = Date()
        func lap(_ what: String) {
            guard trace else { return }
            FileHandle.standardError.write(Data(String(format: "%@ %.1f ms\n", what, Date().timeIntervalSince(clock) * 1000).utf8))
            clock = Date()
        }
        let loadedOrNil = load.run()
        lap("load (index \(state.index != nil ? "used" : state.key == nil ? "none" : "written"), \(loadedOrNil?.markdownFiles.count ?? 0) files read)")
        guard let loaded = loadedOrNil else {
            phase.diagnostics.forEach(diagnostics.emit)
            return nil
        }
        let root = loaded.rootDirectory
        // From here on, nothing outside the repository root is read (ADR-0013).
        let fileSystem = loaded.fileSystem
        guard let changed = state.changed ?? changedFiles(changes, root: root).map({ removingOutput($0, root: root) }) else {
            phase.diagnostics.forEach(diagnostics.emit)
            return nil
        }
        let paths = changed.flatMap(\.paths)
        var parse = ParseStage(config: loaded.config, diagnostics: phase)
        parse.fieldsOnly = true
        let documents = parse.run(loaded.markdownFiles)
        lap("parse")
        // The specs of touched contracts are compared with the base, so the report lists their changes.
        var contractOptions = options
        if case .git(let base, _) = changes { contractOptions.reviewBase = base }
        var contractStage = ContractStage(options: contractOptions, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        contractStage.readsSpec = { !ReviewBuilder.matches($0.governedPaths, paths).isEmpty }
        let contracts = contractStage.run(loaded)
        var link = LinkStage(options: options, fileSystem: fileSystem, git: git, diagnostics: phase)
        link.governance = false
        let handbook = link.run(loaded, documents: documents, contracts: contracts)
        lap("contracts, link")
        var decisions: [LightIndex.Decision]
        if let index = state.index {
            state.before.forEach(diagnostics.emit)
            index.diagnostics.forEach(diagnostics.emit)
            decisions = state.decisions
        } else {
            let all = phase.diagnostics
            all.forEach(diagnostics.emit)
            decisions = LightIndex.decisions(of: handbook)
            if let key = state.key, let file = state.file, var listing = state.listing {
                Self.summarize(&decisions, loaded.markdownFiles)
                // The Markdown a run with the index reads: the landmine notes.
                let landmines = Set(handbook.documents.filter { $0.landmine != nil }.map(\.source.absolutePath))
                listing.markdown.removeAll { !landmines.contains($0.file.absolutePath) }
                var index = LightIndex(key: key, diagnostics: all.filter { !state.before.contains($0) }, decisions: decisions, listing: listing)
                index.recent = state.recent
                index.write(to: file)
            }
        }
        lap("index")
        let owners = GovernanceLinker.readCodeOwners(root: root, fileSystem: fileSystem, options: options, diagnostics: diagnostics)
        let hotspots = Review.hotspots(among: changed, root: root, settings: loaded.config.governance, today: options.today, git: git,
                                       diagnostics: diagnostics, cache: options.cacheDirectory)
        lap("owners, hotspots")
        return Result(handbook: handbook, loaded: loaded, changed: changed, owners: owners, hotspots: hotspots, decisions: decisions)
    }

    /// Whether each decision's body says it in a sentence or two (`LightIndex.Decision.summarized`),
    /// from the bodies this run read, on every core.
    static func summarize(_ decisions: inout [LightIndex.Decision], _ files: [LoadedMarkdown]) {
        var bodies: [String: String] = [:]
        for file in files { bodies[file.source.absolutePath] = file.body }
        let chunk = 64
        let chunks = (decisions.count + chunk - 1) / chunk
        decisions.withUnsafeMutableBufferPointer { buffer in
            let rows = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { part in
                for row in part * chunk..<min(rows.count, (part + 1) * chunk) {
                    rows[row].summarized = bodies[rows[row].path].map(DecisionSummary.hasSummary)
                }
            }
        }
    }

    /// Once the folders are known, before they are listed: the changed files, the index's key, and
    /// with a valid index, the listing it kept (only the landmine notes among its Markdown).
    private func reuse(_ changes: Review.Changes, directory: String, root: String, config: String, folders: [ContentFolder],
                       phase: DiagnosticEngine, state: IndexState) -> LoadStage.Listing? {
        state.before = Set(phase.diagnostics)
        state.changed = changedFiles(changes, root: root).map { removingOutput($0, root: root) }
        guard state.changed != nil,
              let key = LightIndex.key(options: options, root: root, config: config, folders: folders, fileSystem: fileSystem) else {
            return nil
        }
        let file = LightIndex.file(in: directory, root: root, content: options.contentDirectory)
        state.key = key.value
        state.file = file
        // Read now, before the records are: a write after this changes the stamp the next run sees.
        state.recent = LightIndex.contentHashes(key.recent, fileSystem: fileSystem)
        guard let index = LightIndex.read(file, key: key.value),
              LightIndex.contentHashes(index.recent.map(\.path), fileSystem: fileSystem).elementsEqual(index.recent, by: { $0.path == $1.path && $0.hash == $1.hash }),
              let decisions = index.decisions(for: (state.changed ?? []).flatMap(\.paths)) else {
            return nil
        }
        state.index = index
        state.decisions = decisions
        // The landmines are read (their sections are in their bodies); the decisions come from the index.
        return index.listing
    }

    /// What the light pipeline learnt while the load stage listed the files.
    private final class IndexState {
        var before: Set<Diagnostic> = []
        var changed: [ChangedFile]?
        var key: String?
        /// `LightIndex.recent` for the index this run writes.
        var recent: [(path: String, hash: String)] = []
        var file: String?
        var index: LightIndex.Stored?
        var decisions: [LightIndex.Decision] = []
        /// What the load stage listed, when it listed (no valid index).
        var listing: LoadStage.Listing?
    }

    /// The site and its staging folders are what builds write, never files of the change.
    private func removingOutput(_ changed: [ChangedFile], root: String) -> [ChangedFile] {
        let output = BuildOutputFilter(options: options, root: root)
        return changed.filter { !$0.paths.allSatisfy(output.contains) }
    }

    private func changedFiles(_ changes: Review.Changes, root: String) -> [ChangedFile]? {
        switch changes {
        case .git(let base, let head):
            do {
                return try git.changedFiles(in: root, base: base, head: head)
            } catch {
                diagnostics.error("git-diff", "cannot list the files changed since '\(base)': \(error.message)", file: options.displayPath(root))
                return nil
            }
        case .staged:
            do {
                return try git.stagedFiles(in: root)
            } catch {
                diagnostics.error("git-diff", "cannot list the staged files: \(error.message)", file: options.displayPath(root))
                return nil
            }
        case .files(let paths):
            return paths.flatMap { path -> [ChangedFile] in
                let absolute = path.hasPrefix("/") ? Path.normalize(path) : Path.join(options.workingDirectory, path)
                guard let relative = Path.relative(absolute, to: root), !relative.isEmpty else {
                    diagnostics.error("outside-repository", "'\(path)' is not inside the repository (\(options.displayPath(root)))",
                                      file: options.displayPath(root))
                    return []
                }
                // A folder stands for every file below it ("what governs src/payments?").
                if fileSystem.isDirectory(absolute) {
                    let below = (try? fileSystem.files(under: absolute, skipping: GovernanceLinker.skippedFolders)) ?? []
                    return below.map { ChangedFile(path: relative + "/" + $0, status: .modified) }
                }
                return [ChangedFile(path: relative, status: fileSystem.isFile(absolute) ? .modified : .deleted)]
            }
        }
    }
}
