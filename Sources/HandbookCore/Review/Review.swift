import Foundation

/// `handbook review`: what governs the files a change touches, for a pull-request comment,
/// for CI, and for an AI assistant about to edit a path.
public enum Review {
    /// Where the changed files come from.
    public enum Changes: Sendable {
        /// `git diff --name-status -M BASE...HEAD` (head nil: the work tree).
        case git(base: String, head: String?)
        /// Paths relative to the working directory (or absolute).
        case files([String])
    }

    public struct Result: Sendable {
        public var report: ReviewReport?
        public var diagnostics: [Diagnostic]
        /// An error in the handbook itself or in reading the change.
        public var failed: Bool
    }

    /// Reads only what the report needs: every record's fields (bodies only where a field lives
    /// there), the specs of touched contracts, CODEOWNERS, and the history of the changed files.
    public static func run(options: BuildOptions, changes: Changes, fileSystem: FileSystem = DiskFileSystem(),
                           git: GitClient = CommandLineGit()) -> Result {
        let diagnostics = DiagnosticEngine()
        guard let loaded = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() else {
            return Result(report: nil, diagnostics: diagnostics.diagnostics, failed: true)
        }
        let root = loaded.rootDirectory
        let fileSystem = loaded.fileSystem
        var changed: [ChangedFile]
        switch changes {
        case .git(let base, let head):
            do {
                changed = try git.changedFiles(in: root, base: base, head: head)
            } catch {
                diagnostics.error("git-diff", "cannot list the files changed since '\(base)': \(error.message)", file: options.displayPath(root))
                return Result(report: nil, diagnostics: diagnostics.diagnostics, failed: true)
            }
        case .files(let paths):
            changed = paths.flatMap { path -> [ChangedFile] in
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

        var builder = ReviewBuilder(handbook: handbook, changes: changed)
        if case .git(let base, let head) = changes {
            builder.base = base
            builder.head = head ?? "work tree"
        }
        builder.owners = GovernanceLinker.readCodeOwners(root: root, fileSystem: fileSystem, options: options, diagnostics: diagnostics)
        builder.hotspots = hotspots(among: changed, root: root, settings: loaded.config.governance, today: options.today, git: git,
                                    diagnostics: diagnostics)
        return Result(report: builder.build(), diagnostics: diagnostics.diagnostics,
                      failed: diagnostics.hasErrors(strict: options.strict))
    }

    /// Hotspots among the changed files, from the history of those files alone.
    static func hotspots(among changed: [ChangedFile], root: String, settings: GovernanceSettings, today: String,
                         git: GitClient, diagnostics: DiagnosticEngine? = nil) -> [Hotspot] {
        let paths = changed.filter { $0.status != .deleted }.map(\.path)
        guard let commits = git.log(in: root, maxCount: settings.historyScan, paths: paths), !commits.isEmpty else { return [] }
        var graph = GovernanceGraph()
        graph.repository = RepositoryFiles(paths)
        graph.setHistory(commits)
        return HotspotFinder(settings: settings, today: today, diagnostics: diagnostics).find(graph)
    }

    public static func markdown(_ report: ReviewReport, siteURL: String?) -> String {
        var prefix = siteURL ?? ""
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        return ReviewMarkdown(report: report, siteURL: prefix).render()
    }

    public static func json(_ report: ReviewReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
