import Foundation

/// `handbook review`: what governs the files a change touches, for a pull-request comment,
/// for CI, and for an AI assistant about to edit a path.
public enum Review {
    /// Where the changed files come from.
    public enum Changes: Sendable {
        /// `git diff --name-status -M BASE...HEAD` (head nil: the work tree).
        case git(base: String, head: String?)
        /// The staged change: `git diff --cached --name-status -M` (the index against HEAD).
        case staged
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
        let pipeline = LightPipeline(options: options, fileSystem: fileSystem, git: git)
        guard let light = pipeline.run(changes) else {
            return Result(report: nil, diagnostics: pipeline.diagnostics.diagnostics, failed: true)
        }
        var builder = ReviewBuilder(handbook: light.handbook, changes: light.changed)
        switch changes {
        case .git(let base, let head):
            builder.base = base
            builder.head = head ?? "work tree"
        case .staged:
            builder.base = "HEAD"
            builder.head = "index"
        case .files:
            break
        }
        builder.owners = light.owners
        builder.hotspots = light.hotspots
        builder.decisionRows = light.decisions
        return Result(report: builder.build(), diagnostics: pipeline.diagnostics.diagnostics,
                      failed: pipeline.diagnostics.hasErrors(strict: options.strict))
    }

    /// Hotspots among the changed files, from the history of those files alone.
    /// With a cache folder and git itself (not a test's stand-in), the history is kept there (`HistoryCache`).
    static func hotspots(among changed: [ChangedFile], root: String, settings: GovernanceSettings, today: String,
                         git: GitClient, diagnostics: DiagnosticEngine? = nil, cache: String? = nil) -> [Hotspot] {
        let paths = changed.filter { $0.status != .deleted }.map(\.path)
        // Only the look-back period counts (`HotspotFinder`): git need not read the files' older history.
        let since = DayNumber(today).map { $0.adding(days: -(settings.lookbackDays + 2)).text }
        let fetch = {
            since.map { git.log(in: root, maxCount: settings.historyScan, paths: paths, since: $0) }
                ?? git.log(in: root, maxCount: settings.historyScan, paths: paths)
        }
        let kept = paths.isEmpty ? nil : cache.flatMap { git is CommandLineGit ? $0 : nil }
        guard let commits = kept.map({ HistoryCache.log(in: root, maxCount: settings.historyScan, paths: paths, since: since, directory: $0,
                                                        fetch: fetch) }) ?? fetch(),
              !commits.isEmpty else { return [] }
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

    /// The report as Markdown whose record links are `handbook://` resources (`handbook mcp`).
    public static func markdownLinkingResources(_ report: ReviewReport) -> String {
        ReviewMarkdown(report: report, siteURL: "", resourceLinks: true).render()
    }

    public static func json(_ report: ReviewReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
