import Foundation

/// Part of the link stage: matches every record's globs against the repository's files (through
/// the index of `RepositoryFiles`), reads CODEOWNERS and git history, and finds hotspots.
struct GovernanceLinker {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine
    private(set) var governs = false

    /// Folders never listed when the tree is walked without git.
    static let skippedFolders: Set<String> = [".git", ".build", ".swiftpm", "node_modules"]

    mutating func run(documents: [Document], contracts: [Contract] = [], config: SiteConfig, root: String) -> GovernanceGraph {
        governs = documents.contains { !Self.patterns(of: $0).isEmpty } || !contracts.isEmpty
        var graph = GovernanceGraph()
        let listed = git.listFiles(in: root)
        let output = BuildOutputFilter(options: options, root: root)
        graph.repository = RepositoryFiles((listed ?? walk(root)).filter { !output.contains($0) })
        var cache: [String: [Int]?] = [:]
        // Each document read in place, by index (`enumerated()` copied every `Document`, ADR-0073).
        for index in documents.indices {
            let title = documents[index].decision.map { "\($0.id): \(documents[index].title)" } ?? documents[index].title
            let patterns = documents[index].decision?.governs ?? documents[index].landmine?.paths ?? []
            let files = match(patterns, title: title, page: documents[index].outputPath, cache: &cache, into: &graph)
            guard let files else { continue }
            graph.filesByDocument[index] = files
            for file in files { graph.documentsByFile[file, default: []].append(index) }
        }
        for (index, contract) in contracts.enumerated() {
            // A missing spec is reported by the contract stage already; do not call it stale too.
            let patterns = contract.governedPatterns.filter { $0.value != contract.specPath || graph.repository.contains($0.value) }
            let files = match(patterns, title: contract.title, page: contract.outputPath, cache: &cache, into: &graph)
            guard let files else { continue }
            graph.filesByContract[index] = files
            for file in files { graph.contractsByFile[file, default: []].append(index) }
        }
        graph.owners = Self.readCodeOwners(root: root, fileSystem: fileSystem, options: options, diagnostics: diagnostics)
        readHistory(root: root, inGit: listed != nil, settings: config.governance, into: &graph)
        graph.hotspots = HotspotFinder(settings: config.governance, today: options.today, diagnostics: diagnostics).find(graph)
        return graph
    }

    /// The globs each document declares: a decision's `governs`, a landmine's `paths`.
    static func patterns(of document: Document) -> [Located<String>] {
        document.decision?.governs ?? document.landmine?.paths ?? []
    }

    /// The files a record's globs match (nil when it has none), reporting stale and bad globs.
    private func match(_ patterns: [Located<String>], title: String, page: String, cache: inout [String: [Int]?],
                       into graph: inout GovernanceGraph) -> [Int]? {
        guard !patterns.isEmpty else { return nil }
        var files: [Int] = []
        for pattern in patterns {
            let matches: [Int]?
            if let known = cache[pattern.value] {
                matches = known
            } else {
                matches = compileAndMatch(pattern, in: graph.repository)
                cache[pattern.value] = matches
            }
            guard let matches else {
                reportBadPattern(pattern)
                continue
            }
            if matches.isEmpty {
                graph.stale.append((title, page, pattern.value))
                diagnostics.warning("stale-governance", "'\(pattern.value)' matches no file of the repository (stale governance)",
                                    at: pattern.location)
            }
            files = Self.union(files, matches)
        }
        return files
    }

    /// `Set(a).union(b).sorted()` for lists in ascending order without repeats (what
    /// `RepositoryFiles.matches` gives), by merging them: a `Set` of every governed file's index,
    /// then sorted, was most of a record's match (ADR-0056). Lists of any other order are united
    /// through the `Set`.
    static func union(_ a: [Int], _ b: [Int]) -> [Int] {
        guard isAscending(a), isAscending(b) else { return Set(a).union(b).sorted() }
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var merged: [Int] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] < b[j] {
                merged.append(a[i]); i += 1
            } else if b[j] < a[i] {
                merged.append(b[j]); j += 1
            } else {
                merged.append(a[i]); i += 1; j += 1
            }
        }
        merged.append(contentsOf: a[i...])
        merged.append(contentsOf: b[j...])
        return merged
    }

    private static func isAscending(_ list: [Int]) -> Bool {
        var index = 1
        while index < list.count {
            if list[index - 1] >= list[index] { return false }
            index += 1
        }
        return true
    }

    private func compileAndMatch(_ pattern: Located<String>, in files: RepositoryFiles) -> [Int]? {
        guard case .success(let glob) = GlobPattern.compile(pattern.value) else { return nil }
        return files.matches(glob)
    }

    private func reportBadPattern(_ pattern: Located<String>) {
        switch GlobPattern.compile(pattern.value) {
        case .failure(.leavesRoot):
            diagnostics.error("glob-leaves-root", "'\(pattern.value)' leaves the repository root; globs are relative to it", at: pattern.location)
        case .failure(.badClass):
            diagnostics.error("bad-glob", "'\(pattern.value)' has an unclosed or reversed [...] class", at: pattern.location)
        default:
            diagnostics.error("bad-glob", "an empty glob matches nothing", at: pattern.location)
        }
    }

    /// History matters only where files are governed: say it is missing only then.
    private func note(_ diagnostic: Diagnostic) {
        if governs { diagnostics.emit(diagnostic) }
    }

    /// Every file below the root, without git: skips `.git`, `.build` and the output folder.
    private func walk(_ root: String) -> [String] {
        let files: [String]
        do {
            files = try fileSystem.files(under: root, skipping: Self.skippedFolders)
        } catch {
            // Never an empty repository in silence: every governs glob would read as stale.
            diagnostics.error("unreadable", "cannot list the repository's files: \(error)", file: options.displayPath(root))
            return []
        }
        return files.filter { path in
            // An ASCII path without the bytes `.build` has no such folder: kept without splitting it
            // into Strings (a tenth of the repository index's cost, ADR-0056).
            if Self.asciiWithoutBuild(path) { return true }
            // SwiftPM's `.build` and `.build-NAME` scratch folders; a file such as `.buildkite/pipeline.yml` stays.
            return !RepositoryFiles.parts(of: path).dropLast().contains {
                $0 == ".build" || $0.hasPrefix(".build-") || $0.hasPrefix(".build_")
            }
        }
    }

    /// Whether `path` is ASCII and does not contain `.build`: then none of its parts is `.build` or
    /// starts with `.build-` or `.build_` (for an ASCII path the parts are its bytes between `/`s).
    static func asciiWithoutBuild(_ path: String) -> Bool {
        let answer = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte >= 0x80 { return false }
            guard bytes.count >= 6 else { return true }
            for start in 0...(bytes.count - 6) where bytes[start] == UInt8(ascii: ".") {
                if bytes[start + 1] == UInt8(ascii: "b"), bytes[start + 2] == UInt8(ascii: "u"), bytes[start + 3] == UInt8(ascii: "i"),
                   bytes[start + 4] == UInt8(ascii: "l"), bytes[start + 5] == UInt8(ascii: "d") { return false }
            }
            return true
        }
        return answer ?? false
    }

    /// The first of GitHub's CODEOWNERS locations that exists.
    static func readCodeOwners(root: String, fileSystem: FileSystem, options: BuildOptions, diagnostics: DiagnosticEngine) -> CodeOwners? {
        for location in CodeOwners.locations where fileSystem.isFile(root + "/" + location) {
            let absolute = root + "/" + location
            let data: Data
            do {
                data = try fileSystem.read(absolute)
            } catch {
                diagnostics.unreadable(error, file: options.displayPath(absolute))
                continue
            }
            return CodeOwners.parse(String(decoding: data, as: UTF8.self).normalizingLineEnds, path: location,
                                    displayPath: options.displayPath(absolute), diagnostics: diagnostics)
        }
        return nil
    }

    private func readHistory(root: String, inGit: Bool, settings: GovernanceSettings, into graph: inout GovernanceGraph) {
        let place = options.displayPath(root)
        guard inGit else {
            graph.historyNote = "the repository root is not a git work tree"
            note(Diagnostic(file: place, severity: .note, id: "no-history",
                                        message: "file history and hotspots are left out: \(graph.historyNote!)"))
            return
        }
        if git.isShallow(root) {
            graph.historyNote = "the repository is a shallow clone"
            note(Diagnostic(file: place, severity: .note, id: "no-history",
                                        message: "file history and hotspots are left out: the repository is a shallow clone (fetch its history with `git fetch --unshallow`, or `fetch-depth: 0` in CI)"))
            return
        }
        guard let commits = git.log(in: root, maxCount: settings.historyScan) else {
            graph.historyNote = "git log failed"
            note(Diagnostic(file: place, severity: .note, id: "no-history",
                                        message: "file history and hotspots are left out: `git log` failed"))
            return
        }
        graph.setHistory(commits)
    }
}
