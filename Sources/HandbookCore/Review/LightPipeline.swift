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
    }

    func run(_ changes: Review.Changes) -> Result? {
        guard let loaded = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() else {
            return nil
        }
        let root = loaded.rootDirectory
        guard var changed = changedFiles(changes, root: root) else { return nil }
        // The site and its staging folders are what builds write, never files of the change.
        let output = BuildOutputFilter(options: options, root: root)
        changed.removeAll { $0.paths.allSatisfy(output.contains) }
        let paths = changed.flatMap(\.paths)
        var parse = ParseStage(config: loaded.config, diagnostics: diagnostics)
        parse.fieldsOnly = true
        let documents = parse.run(loaded.markdownFiles)
        // The specs of touched contracts are compared with the base, so the report lists their changes.
        var contractOptions = options
        if case .git(let base, _) = changes { contractOptions.reviewBase = base }
        var contractStage = ContractStage(options: contractOptions, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        contractStage.readsSpec = { !ReviewBuilder.matches($0.governedPaths, paths).isEmpty }
        let contracts = contractStage.run(loaded)
        var link = LinkStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        link.governance = false
        let handbook = link.run(loaded, documents: documents, contracts: contracts)
        let owners = GovernanceLinker.readCodeOwners(root: root, fileSystem: fileSystem, options: options, diagnostics: diagnostics)
        let hotspots = Review.hotspots(among: changed, root: root, settings: loaded.config.governance, today: options.today, git: git,
                                       diagnostics: diagnostics)
        return Result(handbook: handbook, loaded: loaded, changed: changed, owners: owners, hotspots: hotspots)
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
