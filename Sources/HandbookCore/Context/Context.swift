import Foundation

/// `handbook context`: what governs the files someone (often a coding assistant) is about to
/// edit, right before the edit: landmines, the decisions in force, contracts, owners and hotspots,
/// short by design (a budget in approximate tokens). Runs `review`'s light pipeline.
public enum Context {
    public static let defaultBudget = 1500

    public enum Format: String, Sendable, CaseIterable { case markdown, json }

    /// Which files.
    public enum Subject: Sendable, Equatable {
        /// Files or folders, relative to the working directory (or absolute); a folder stands for every file below it.
        case paths([String])
        /// The staged change (`git diff --cached`).
        case staged
    }

    public struct Result: Sendable {
        public var report: ContextReport?
        public var diagnostics: [Diagnostic]
        /// An error in the handbook, in reading the change, or a path outside the repository.
        public var failed: Bool
    }

    /// - Parameters:
    ///   - budget: approximate tokens (UTF-8 bytes / 4) the output may take in `format`; 0: no limit.
    ///   - seeAll: the command that shows everything, named when something is left out.
    public static func run(options: BuildOptions, subject: Subject, format: Format = .markdown, budget: Int = defaultBudget,
                           seeAll: String, fileSystem: FileSystem = DiskFileSystem(), git: GitClient = CommandLineGit()) -> Result {
        let pipeline = LightPipeline(options: options, fileSystem: fileSystem, git: git)
        let changes: Review.Changes
        switch subject {
        case .paths(let paths): changes = .files(paths)
        case .staged: changes = .staged
        }
        guard let light = pipeline.run(changes) else {
            return Result(report: nil, diagnostics: pipeline.diagnostics.diagnostics, failed: true)
        }
        let asked: [String]
        switch subject {
        case .paths(let paths):
            asked = paths.compactMap { path in
                let absolute = path.hasPrefix("/") ? Path.normalize(path) : Path.join(options.workingDirectory, path)
                return Path.relative(absolute, to: light.handbook.rootDirectory).flatMap { $0.isEmpty ? nil : $0 }
            }
        case .staged:
            asked = Array(Set(light.changed.map(\.path))).sorted()
        }
        var builder = ContextBuilder(light: light, paths: asked)
        builder.staged = subject == .staged
        builder.budget = max(0, budget)
        let built = builder.build()
        let several = built.report.fileCount > 1
        var fitter = ContextBudget(budget: max(0, budget), seeAll: seeAll) { render($0, format) }
        fitter.decisionSize = { decisionSize($0, format, several: several) }
        let fitted = fitter.fit(built.report, decisions: built.decisions, candidates: built.candidates,
                                sentence: { builder.summary(built.rows[$0]) }, hasSentence: { builder.hasSummary(built.rows[$0]) })
        return Result(report: fitted, diagnostics: pipeline.diagnostics.diagnostics,
                      failed: pipeline.diagnostics.hasErrors(strict: options.strict))
    }

    public static func render(_ report: ContextReport, _ format: Format) -> String {
        switch format {
        case .markdown: return ContextMarkdown(report: report).render()
        case .json: return json(report)
        }
    }

    /// No more than the bytes a decision (as given) takes in the report rendered in `format`: its
    /// lines in Markdown, its object encoded alone in JSON (in the report it is indented further).
    static func decisionSize(_ decision: ContextReport.Decision, _ format: Format, several: Bool) -> Int {
        switch format {
        case .markdown:
            return ContextMarkdown(report: ContextReport(paths: [], staged: false, fileCount: 0, budget: 0))
                .decisionLines(decision, several: several).reduce(0) { $0 + $1.utf8.count + 1 }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(decision))?.count ?? 0
        }
    }

    public static func json(_ report: ContextReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// The `handbook context` command line for the same files with no budget, each argument quoted
    /// for a POSIX shell where it needs it.
    public static func seeAllCommand(subject: Subject, format: Format, options: [String] = []) -> String {
        var words = ["handbook", "context"]
        switch subject {
        case .paths(let paths): words += paths
        case .staged: words.append("--staged")
        }
        words += options
        if format != .markdown { words += ["--format", format.rawValue] }
        words += ["--budget", "0"]
        return words.map(shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_./=:@+,".unicodeScalars.contains($0)
        }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
