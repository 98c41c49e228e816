import Foundation

/// The build, top to bottom: load -> parse -> link -> check -> render -> write. Each stage is timed.
public enum Pipeline {
    public static func build(options: BuildOptions, fileSystem: FileSystem = DiskFileSystem(),
                             git: GitClient = CommandLineGit(), output: OutputSink?, cache: BuildCache? = nil) -> BuildResult {
        let diagnostics = DiagnosticEngine()
        var timer = StageTimer()
        if output != nil, let problem = unsafeOutput(options) ?? foreignOutput(options, fileSystem) {
            diagnostics.error("unsafe-output", problem, file: options.displayPath(options.outputDirectory))
            return BuildResult(diagnostics: diagnostics.diagnostics, succeeded: false, timings: [], pageCount: 0)
        }

        // A build that writes a site keeps the bodies beyond a budget out of memory between the
        // stages (ADR-0014, ADR-0068);
        // `serve` keeps them in memory, where its cache reuses documents across builds (ADR-0017).
        let spill = output == nil || cache != nil ? nil : BodySpill(budget: BodySpill.buildBudget)
        var load = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        load.spill = spill
        load.cache = cache?.sources
        guard var loaded = timer.run("load", { load.run() }) else {
            return BuildResult(diagnostics: diagnostics.diagnostics, succeeded: false, timings: timer.timings, pageCount: 0)
        }
        // From here on, nothing outside the repository root is read (ADR-0013).
        let fileSystem = loaded.fileSystem
        var parse = ParseStage(config: loaded.config, diagnostics: diagnostics)
        parse.spill = spill
        if let cache { parse.cache = (cache.sources, String(reflecting: loaded.config)) }
        let (documents, intro) = timer.run("parse") { (parse.run(loaded.markdownFiles), parse.intro(loaded)) }
        // The raw bodies are parsed: not held until the end of the build (ADR-0014, peak memory),
        // and freed on a thread of their own beside the link stage, not on one core between the
        // stages (94 million instructions at 10,000 records, ADR-0057).
        BackgroundWork.release(&loaded.markdownFiles, leaving: [])
        LoadStage.reportEmptyFolders(loaded, documents: documents, diagnostics: diagnostics, options: options)
        let contracts = timer.run("contracts") {
            ContractStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run(loaded)
        }
        var handbook = timer.run("link") {
            LinkStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
                .run(loaded, documents: documents, intro: intro, contracts: contracts)
        }
        if let base = options.reviewBase {
            handbook.review = timer.run("review") { reviewReport(handbook, base: base, git: git, options: options, diagnostics: diagnostics) }
        }
        timer.run("check") {
            CheckStage(options: options, diagnostics: diagnostics).run(handbook)
            AgentsMD.check(handbook, options: options, fileSystem: fileSystem, diagnostics: diagnostics)
        }

        let theme = Theme.load(override: templatesDirectory(options, fileSystem), root: loaded.rootDirectory, options: options,
                               fileSystem: fileSystem, diagnostics: diagnostics)
        var pageCount = 0
        var succeeded = false
        timer.run("render") {
            if let output {
                do {
                    try output.begin()
                } catch {
                    diagnostics.error("write-failed", "cannot prepare the output folder: \(error)",
                                      file: options.displayPath(options.outputDirectory))
                }
            }
            let writing = diagnostics.hasErrors(strict: options.strict) ? nil : output
            var render = RenderStage(options: options, diagnostics: diagnostics, theme: theme, fileSystem: fileSystem)
            render.cache = cache?.pages
            pageCount = render.run(handbook, output: writing)
            if let failure = spill?.failure {
                diagnostics.error("write-failed", failure, file: options.displayPath(options.outputDirectory))
            }
        }
        timer.run("write") {
            guard let output else {
                succeeded = !diagnostics.hasErrors(strict: options.strict)
                return
            }
            if diagnostics.hasErrors(strict: options.strict) {
                output.discard()
                cache?.buildFailed()
                return
            }
            do {
                try output.commit()
                succeeded = true
                cache?.buildSucceeded(LastBuild(handbook: handbook, fileSystem: fileSystem, diagnostics: diagnostics.diagnostics))
            } catch {
                output.discard()
                cache?.siteUnknown()
                diagnostics.error("write-failed", "cannot put the site in place: \(error)", file: options.displayPath(options.outputDirectory))
            }
        }
        var result = BuildResult(diagnostics: diagnostics.diagnostics, succeeded: succeeded, timings: timer.timings,
                                 pageCount: succeeded && output != nil ? pageCount : 0, handbook: handbook)
        result.folders = loaded.folders.map { $0.describe(root: loaded.rootDirectory, options: options) }
        result.bodies = spill?.usage
        return result
    }

    /// Load, parse and link only: the handbook as a graph, for commands that do not render.
    public static func linkOnly(options: BuildOptions, fileSystem: FileSystem = DiskFileSystem(),
                                git: GitClient = CommandLineGit()) -> (handbook: Handbook?, diagnostics: [Diagnostic]) {
        let diagnostics = DiagnosticEngine()
        let handbook = link(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        return (handbook, diagnostics.diagnostics)
    }

    static func link(options: BuildOptions, fileSystem: FileSystem, git: GitClient, diagnostics: DiagnosticEngine) -> Handbook? {
        guard let loaded = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() else { return nil }
        let fileSystem = loaded.fileSystem
        let parse = ParseStage(config: loaded.config, diagnostics: diagnostics)
        let contracts = ContractStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run(loaded)
        let documents = parse.run(loaded.markdownFiles)
        LoadStage.reportEmptyFolders(loaded, documents: documents, diagnostics: diagnostics, options: options)
        return LinkStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
            .run(loaded, documents: documents, intro: parse.intro(loaded), contracts: contracts)
    }

    /// The review of the files changed since `base` (to the work tree), from the full graph: for `review.html`.
    static func reviewReport(_ handbook: Handbook, base: String, git: GitClient, options: BuildOptions,
                             diagnostics: DiagnosticEngine) -> ReviewReport? {
        do {
            let changes = try git.changedFiles(in: handbook.rootDirectory, base: base, head: nil)
            var builder = ReviewBuilder(handbook: handbook, changes: changes)
            builder.base = base
            builder.head = "work tree"
            builder.owners = handbook.governance.owners
            builder.hotspots = handbook.governance.hotspots
            return builder.build()
        } catch {
            diagnostics.error("git-diff", "cannot list the files changed since '\(base)': \(error.message)",
                              file: options.displayPath(handbook.rootDirectory))
            return nil
        }
    }

    /// The output folder is replaced whole by every build: it must not hold, or be inside, what the build reads.
    static func unsafeOutput(_ options: BuildOptions) -> String? {
        let output = options.outputDirectory
        var sources = [("the content folder", options.contentDirectory), ("the working directory", options.workingDirectory)]
        if let root = options.rootDirectory { sources.append(("the repository root", root)) }
        if let templates = options.templatesDirectory { sources.append(("the templates folder", templates)) }
        for (name, folder) in sources {
            if output == folder || Path.relative(folder, to: output) != nil {
                return "the output folder would hold \(name) (\(options.displayPath(folder))), and every build replaces the output folder whole; choose another --output"
            }
            if Path.relative(output, to: options.contentDirectory) != nil {
                return "the output folder is inside the content folder; choose another --output"
            }
        }
        return nil
    }

    /// The output folder is replaced whole: refuse to replace a folder that holds files but is not a
    /// site Handbook built (every build writes `handbook.json`), so `--output docs` cannot wipe hand-written docs.
    static func foreignOutput(_ options: BuildOptions, _ fileSystem: FileSystem) -> String? {
        let output = options.outputDirectory
        guard fileSystem.isDirectory(output), !fileSystem.isFile(output + "/handbook.json"),
              let files = try? fileSystem.files(under: output, skipping: []), !files.isEmpty else { return nil }
        return "\(options.displayPath(output)) holds \(files.count) file\(files.count == 1 ? "" : "s") but no handbook.json, so it is not a site Handbook built; every build replaces the output folder whole, so remove it or choose another --output"
    }

    /// The theme folder: the one given, else `templates/` beside the content folder when it exists.
    static func templatesDirectory(_ options: BuildOptions, _ fileSystem: FileSystem) -> String? {
        if let directory = options.templatesDirectory { return directory }
        let beside = Path.join(Path.directory(options.contentDirectory), "templates")
        return fileSystem.isDirectory(beside) ? beside : nil
    }
}

public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// True when the run found no error (no warning either, with `--strict`) and, when building, the site is in place.
    public var succeeded: Bool
    public var timings: [StageTiming]
    public var pageCount: Int
    public var handbook: Handbook?
    /// The folders read, as `doc/adr (decisions, from .adr-dir)` (issue 9: `build` says where it looked).
    public var folders: [String] = []
    /// Where a build that wrote a site kept the documents' bodies between the stages (ADR-0068).
    public var bodies: BodySpill.Usage?
}

public struct StageTiming: Sendable, Equatable {
    public var stage: String
    public var seconds: Double
}

struct StageTimer {
    private(set) var timings: [StageTiming] = []

    mutating func run<T>(_ stage: String, _ work: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = work()
        timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        return result
    }
}
