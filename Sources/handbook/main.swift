import ArgumentParser
import Foundation
import HandbookCore
import HandbookMCP
import HandbookServer
import HandbookVersion

/// Every command names itself (`commandName`): a name ArgumentParser derives from the type's
/// (`String(describing:)`) costs the runtime a search of every protocol conformance in the binary,
/// about 10 million instructions of each run, `handbook context` included (ADR-0161).
@main
struct Handbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handbook",
        abstract: "Render a repository's governance handbook (decisions, landmines, contracts, metrics) as a static site.",
        version: HandbookVersion.description,
        subcommands: [Build.self, Serve.self, Check.self, Review.self, ContextCommand.self, MCPCommand.self, AgentsMDCommand.self, New.self, DiffContract.self],
        defaultSubcommand: Build.self
    )

    /// `handbook context` with plain arguments (paths, `--format`, `--budget`, `--content`,
    /// `--root`, each option once) runs without ArgumentParser, whose set-up of the command tree
    /// (reflection over every command's properties) cost about 20 million instructions of each run;
    /// everything else, help and errors included, goes to ArgumentParser (ADR-0163).
    /// HANDBOOK_ARGUMENT_PARSER=1 sends everything there (the end-to-end tests compare both ways).
    static func main() {
        MallocArenas.limitToCores()
        MallocArenas.padHeaps()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if ProcessInfo.processInfo.environment["HANDBOOK_ARGUMENT_PARSER"] == nil, let plain = PlainContextArguments(arguments) {
            if ProcessInfo.processInfo.environment["HANDBOOK_TRACE"] != nil {
                FileHandle.standardError.write(Data("arguments plain: \(plain.paths.count) paths\n".utf8))
            }
            Foundation.exit(ContextCommand.execute(paths: plain.paths, staged: false, format: plain.format, budget: plain.budget,
                                                   content: plain.content, root: plain.root) ? 0 : 1)
        }
        main(nil)
    }
}

/// The arguments of `handbook context` when they are plain (`Handbook.main`); nil otherwise.
struct PlainContextArguments {
    var paths: [String] = []
    var format: HandbookCore.Context.Format = .markdown
    var budget = HandbookCore.Context.defaultBudget
    var content = "content"
    var root: String?

    init?(_ arguments: [String]) {
        guard arguments.first == "context", arguments.count > 1 else { return nil }
        var seen = Set<String>()
        var index = 1
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("-") else {
                paths.append(word)
                continue
            }
            var name = word
            var value: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
            }
            guard ["--format", "--budget", "--content", "--root"].contains(name), seen.insert(name).inserted else { return nil }
            if value == nil, index < arguments.count {
                value = arguments[index]
                index += 1
            }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            switch name {
            case "--format":
                guard let format = HandbookCore.Context.Format(rawValue: value) else { return nil }
                self.format = format
            case "--budget":
                guard value.count <= 9, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let budget = Int(value) else { return nil }
                self.budget = budget
            case "--content":
                content = value
            default:
                root = value
            }
        }
        if paths.isEmpty { return nil }
    }
}

/// Options shared by every command that reads a handbook.
struct HandbookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The content folder.", valueName: "dir"))
    var content = "content"

    @Option(help: ArgumentHelp("The theme folder overriding the embedded theme file by file (default: templates/ beside the content folder, if any).", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The repository root (default: git's top level for the content folder, else its parent).", valueName: "dir"))
    var root: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print the time each stage took.")
    var verbose = false

    // Contracts (issue 5)
    @Option(help: ArgumentHelp("Show on each contract page the changes found against this git revision.", valueName: "rev"))
    var reviewBase: String?

    func buildOptions(output: String) -> BuildOptions {
        Self.buildOptions(content: content, templates: templates, root: root, strict: strict, reviewBase: reviewBase, output: output)
    }

    static func buildOptions(content: String, templates: String?, root: String?, strict: Bool, reviewBase: String?,
                             output: String) -> BuildOptions {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
        var options = BuildOptions(contentDirectory: absolute(content), outputDirectory: absolute(output),
                                   templatesDirectory: templates.map(absolute), rootDirectory: root.map(absolute),
                                   workingDirectory: cwd, strict: strict)
        options.reviewBase = reviewBase
        return options
    }
}

enum Report {
    /// Prints the diagnostics, the stage times and the summary to stderr in one write (the same bytes
    /// as one write each), and throws exit code 1 when the run failed.
    static func finish(_ result: BuildResult, format: DiagnosticFormat, verbose: Bool, summary: String) throws {
        var text = format.render(result.diagnostics)
        if verbose {
            for timing in result.timings {
                text += String(format: "%-8@ %8.1f ms\n", timing.stage as NSString, timing.seconds * 1000)
            }
        }
        var errors = 0, warnings = 0
        for diagnostic in result.diagnostics {
            if diagnostic.severity == .error { errors += 1 } else if diagnostic.severity == .warning { warnings += 1 }
        }
        if result.succeeded {
            if !summary.isEmpty { text += summary + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "") + "\n" }
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            text += "failed: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(1)
        }
    }

    /// The result of the run, kept until the process ends: the command exits right after it
    /// reports, and freeing the handbook of every document (10,000 documents: tens of
    /// milliseconds on one core) would be the last thing it did. Only the CLI keeps it; `serve`,
    /// the MCP server and the tests free theirs (ADR-0057).
    static func keepUntilExit(_ result: BuildResult) {
        _ = Unmanaged.passRetained(Kept(result))
    }

    private final class Kept {
        let result: BuildResult
        init(_ result: BuildResult) { self.result = result }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Render the content folder into the output folder (atomically).")

    @OptionGroup var handbook: HandbookOptions

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var output = "public"

    func run() throws {
        let options = handbook.buildOptions(output: output)
        let result = Pipeline.build(options: options, output: DiskOutput(destination: options.outputDirectory))
        Report.keepUntilExit(result)
        if ProcessInfo.processInfo.environment["HANDBOOK_TRACE"] != nil, let arenas = MallocArenas.count() {
            FileHandle.standardError.write(Data("malloc arenas: \(arenas)\n".utf8))
            if let readable = MallocArenas.readableHeapBytes() {
                FileHandle.standardError.write(Data("malloc heaps: \(readable) bytes readable\n".utf8))
            }
            if let bodies = result.bodies {
                FileHandle.standardError.write(Data("bodies: \(bodies.inMemory) bytes in memory, \(bodies.inFile) in the temporary file\n".utf8))
            }
        }
        if !result.folders.isEmpty {
            FileHandle.standardError.write(Data("read \(result.folders.joined(separator: ", "))\n".utf8))
        }
        try Report.finish(result, format: .text, verbose: handbook.verbose,
                          summary: "built \(result.pageCount) pages into \(output)")
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on 127.0.0.1, rebuild on every change and reload open pages.")

    @OptionGroup var handbook: HandbookOptions

    @Option(help: ArgumentHelp("The output folder (served).", valueName: "dir"))
    var output = "public"

    @Option(help: ArgumentHelp("The port; the next free one is taken when it is busy (0: any free port).", valueName: "n"))
    var port = 8000

    @Option(help: ArgumentHelp("The address to listen on (another than 127.0.0.1 only when asked).", valueName: "addr"))
    var host = "127.0.0.1"

    @Flag(help: "Open the site in the default browser (xdg-open, or the command HANDBOOK_OPEN_COMMAND names).")
    var open = false

    @Flag(help: "Watch by polling modification times instead of inotify.")
    var poll = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
    }

    func run() throws {
        let options = handbook.buildOptions(output: output)
        var serving = HandbookServe.Options(host: host, port: port, open: open, polling: poll)
        serving.verbose = handbook.verbose
        let status = HandbookServe.run(build: options, options: serving) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        if status != 0 { throw ExitCode(status) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Report every diagnostic; write nothing.")

    @OptionGroup var handbook: HandbookOptions

    @Option(help: "How to print diagnostics: text, github (workflow annotations) or json.")
    var format: DiagnosticFormat = .text

    @Option(help: ArgumentHelp("Compare each contract's spec with its version at this git revision; an undeclared breaking change is an error.", valueName: "rev"))
    var base: String?

    func run() throws {
        var options = handbook.buildOptions(output: "public")
        options.base = base
        let result = Pipeline.build(options: options, output: nil)
        Report.keepUntilExit(result)
        try Report.finish(result, format: format, verbose: handbook.verbose, summary: "")
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

// MARK: Contracts (issue 5)

struct DiffContract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff-contract",
        abstract: "Compare two versions of a spec (OpenAPI 3.0/3.1 or JSON Schema).",
        discussion: "Exit codes, like diff(1): 0 nothing breaking, 1 a breaking change, 2 a spec could not be read.")

    @Argument(help: "The old spec.") var old: String
    @Argument(help: "The new spec.") var new: String

    @Option(help: "How to print the changes: text, json or markdown.")
    var format: ContractDiffFormat = .text

    @Option(help: ArgumentHelp("A standalone JSON Schema's direction: backward (consumers on the new schema read old data), forward or full.",
                               valueName: "direction"))
    var compatibility: ContractDiffOptions.Compatibility = .backward

    @Flag(help: "Removing a deprecated operation or parameter is information once its x-sunset date has passed, breaking before.")
    var sunsetPolicy = false

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
        let options = ContractDiffOptions(compatibility: compatibility, sunsetPolicy: sunsetPolicy)
        let result = SpecComparison.compareFiles(old: absolute(old), new: absolute(new), workingDirectory: cwd, options: options)
        FileHandle.standardError.write(Data(DiagnosticFormat.text.render(result.diagnostics).utf8))
        if result.compared {
            FileHandle.standardOutput.write(Data(format.render(result.findings, old: old, new: new, unread: result.unread).utf8))
        } else if format == .json {
            FileHandle.standardOutput.write(Data(ContractDiffFormat.jsonError(result.diagnostics, old: old, new: new).utf8))
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

extension ContractDiffOptions.Compatibility: ExpressibleByArgument {}
extension ContractDiffFormat: ExpressibleByArgument {}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Report what governs the files a change touches: landmines, decisions, contracts, owners, hotspots.")

    @OptionGroup var handbook: HandbookOptions

    @Option(help: ArgumentHelp("Review the files changed since this revision (git diff BASE...HEAD).", valueName: "rev"))
    var base: String?

    @Option(help: ArgumentHelp("The revision the change ends at (default: the work tree).", valueName: "rev"))
    var head: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Review these paths instead; '-' reads one path a line from standard input.", valueName: "path"))
    var files: [String] = []

    @Option(help: "markdown (for a pull-request comment) or json (for tools and AI assistants).")
    var format: ReviewFormat = .markdown

    @Option(help: ArgumentHelp("Make page links absolute, under this address.", valueName: "url"))
    var siteURL: String?

    @Option(help: ArgumentHelp("Exit 2 when a landmine of this severity or higher is touched: low, medium, high or critical.", valueName: "severity"))
    var failOn: LandmineRecord.Severity?

    enum ReviewFormat: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    func validate() throws {
        if (base == nil) == files.isEmpty {
            throw ValidationError("give either --base REV or --files PATH... (or --files - to read paths from standard input)")
        }
        if head != nil, base == nil { throw ValidationError("--head needs --base") }
    }

    func run() throws {
        var options = handbook.buildOptions(output: "public")
        options.cacheDirectory = LightCache.directory
        let changes: HandbookCore.Review.Changes
        if let base {
            changes = .git(base: base, head: head)
        } else if files == ["-"] {
            var paths: [String] = []
            while let line = readLine() {
                let path = line.trimmingCharacters(in: .whitespaces)
                if !path.isEmpty { paths.append(path) }
            }
            changes = .files(paths)
        } else {
            changes = .files(files)
        }
        let result = HandbookCore.Review.run(options: options, changes: changes)
        FileHandle.standardError.write(Data(DiagnosticFormat.text.render(result.diagnostics).utf8))
        if let report = result.report {
            let text = format == .json ? HandbookCore.Review.json(report) : HandbookCore.Review.markdown(report, siteURL: siteURL)
            FileHandle.standardOutput.write(Data(text.utf8))
            if result.failed { throw ExitCode(1) }
            if let failOn, let highest = report.highestSeverity, highest <= failOn { throw ExitCode(2) }
        } else {
            throw ExitCode(1)
        }
    }
}

extension LandmineRecord.Severity: ExpressibleByArgument {}

// MARK: Point of use (issue 15)

struct ContextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "What governs these files, before you edit them: landmines, decisions in force, contracts, owners, hotspots.")

    @OptionGroup var handbook: HandbookOptions

    @Argument(help: ArgumentHelp("Files or folders (a folder stands for every file below it).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "The staged change (git diff --cached) instead of paths.")
    var staged = false

    @Option(help: "markdown or json.")
    var format: HandbookCore.Context.Format = .markdown

    @Option(help: ArgumentHelp("Approximate tokens (characters / 4) the output may take; the least important parts are left out first. 0: no limit.", valueName: "n"))
    var budget = HandbookCore.Context.defaultBudget

    func validate() throws {
        if paths.isEmpty == !staged { throw ValidationError("give the paths to look at, or --staged (not both)") }
        if budget < 0 { throw ValidationError("--budget must be 0 (no limit) or more") }
    }

    func run() throws {
        var options = handbook.buildOptions(output: "public")
        options.cacheDirectory = LightCache.directory
        if !Self.execute(options: options, paths: paths, staged: staged, format: format, budget: budget, content: handbook.content,
                         root: handbook.root) {
            throw ExitCode(1)
        }
    }

    /// The command with these arguments (the other common options at their defaults); false: exit status 1.
    static func execute(paths: [String], staged: Bool, format: HandbookCore.Context.Format, budget: Int, content: String,
                        root: String?) -> Bool {
        var options = HandbookOptions.buildOptions(content: content, templates: nil, root: root, strict: false, reviewBase: nil,
                                                   output: "public")
        options.cacheDirectory = LightCache.directory
        return execute(options: options, paths: paths, staged: staged, format: format, budget: budget, content: content, root: root)
    }

    static func execute(options: BuildOptions, paths: [String], staged: Bool, format: HandbookCore.Context.Format, budget: Int,
                        content: String, root: String?) -> Bool {
        let subject: HandbookCore.Context.Subject = staged ? .staged : .paths(paths)
        var extra: [String] = []
        if content != "content" { extra += ["--content", content] }
        if let root { extra += ["--root", root] }
        let seeAll = HandbookCore.Context.seeAllCommand(subject: subject, format: format, options: extra)
        let result = HandbookCore.Context.run(options: options, subject: subject, format: format, budget: budget, seeAll: seeAll)
        FileHandle.standardError.write(Data(DiagnosticFormat.text.render(result.diagnostics).utf8))
        guard let report = result.report else { return false }
        FileHandle.standardOutput.write(Data(HandbookCore.Context.render(report, format).utf8))
        return !result.failed
    }
}

extension HandbookCore.Context.Format: ExpressibleByArgument {}

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "A Model Context Protocol server on standard input and output, for coding assistants (read-only).",
        discussion: "Tools: context, search, get_record, review, diff_contract; every record is a resource (handbook://decisions/ADR-0007). Paths are confined to the repository.")

    @OptionGroup var handbook: HandbookOptions

    func run() throws {
        var options = handbook.buildOptions(output: "public")
        options.cacheDirectory = LightCache.directory
        let status = HandbookMCP.serve(options: options, version: HandbookVersion.description)
        if status != 0 { throw ExitCode(status) }
    }
}

struct AgentsMDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents-md",
        abstract: "Print the block for AGENTS.md, CLAUDE.md or .github/copilot-instructions.md: how to ask the handbook before editing, and the critical and high landmines.",
        discussion: "Paste it between its marker comments; handbook check warns (agents-md-stale) when a file holds another block than the one printed now.")

    @OptionGroup var handbook: HandbookOptions

    func run() throws {
        let options = handbook.buildOptions(output: "public")
        let (linked, diagnostics) = Pipeline.linkOnly(options: options)
        FileHandle.standardError.write(Data(DiagnosticFormat.text.render(diagnostics).utf8))
        guard let linked, !diagnostics.contains(where: { $0.severity == .error }) else { throw ExitCode(1) }
        FileHandle.standardOutput.write(Data(AgentsMD.block(linked, contentDirectory: options.contentDirectory).utf8))
    }
}

/// Where `review` and `context` keep their index of the handbook: `$HANDBOOK_CACHE` (`off`: nowhere),
/// else `$XDG_CACHE_HOME/handbook`, else `~/.cache/handbook`.
enum LightCache {
    static var directory: String? {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["HANDBOOK_CACHE"], !value.isEmpty {
            return value == "off" ? nil : (value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value)
        }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/handbook" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/handbook" }
        return nil
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new decision, landmine, contract or page with today's date (and the next number).",
        discussion: "A decision is written in the folder and the format (front matter, MADR, adr-tools) the log already uses; --supersedes, --amends and --relates also mark the named records, each in its own format.")

    @Argument(help: "decision, landmine, contract or page")
    var kind: Scaffold.Kind

    @Argument(help: "The title.")
    var title: String

    @Option(help: ArgumentHelp("The content folder.", valueName: "dir"))
    var content = "content"

    @Option(help: ArgumentHelp("The repository root (default: git's top level for the content folder, else its parent).", valueName: "dir"))
    var root: String?

    @Option(help: ArgumentHelp("A decision this one supersedes (marked superseded); repeatable.", valueName: "id"))
    var supersedes: [String] = []

    @Option(help: ArgumentHelp("A decision this one amends; repeatable.", valueName: "id"))
    var amends: [String] = []

    @Option(help: ArgumentHelp("A decision this one relates to; repeatable.", valueName: "id"))
    var relates: [String] = []

    func validate() throws {
        if kind != .decision, !(supersedes.isEmpty && amends.isEmpty && relates.isEmpty) {
            throw ValidationError("--supersedes, --amends and --relates are for decisions")
        }
    }

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { Path.normalize(path.hasPrefix("/") ? path : cwd + "/" + path) }
        let folder = absolute(content)
        let options = BuildOptions(contentDirectory: folder, outputDirectory: folder + "/../public",
                                   rootDirectory: root.map(absolute), workingDirectory: cwd)
        do {
            let paths: [String]
            if kind == .decision {
                var relations: [Scaffold.RelationRequest] = []
                for id in supersedes { relations.append((relation: .supersedes, target: id)) }
                for id in amends { relations.append((relation: .amends, target: id)) }
                for id in relates { relations.append((relation: .relates, target: id)) }
                paths = try Scaffold.createDecision(title: title, options: options, relations: relations)
            } else {
                paths = [try Scaffold.create(kind, title: title, contentDirectory: folder, today: options.today)]
            }
            print(Path.relative(paths[0], to: cwd) ?? paths[0])
            for changed in paths.dropFirst() {
                FileHandle.standardError.write(Data("marked \(Path.relative(changed, to: cwd) ?? changed)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension Scaffold.Kind: ExpressibleByArgument {}
