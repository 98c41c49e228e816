import Foundation

/// `handbook serve`'s builds of one handbook: a clean, atomic build first, then a rebuild per batch
/// of changed files that changes the live site in place, file by file, only where bytes changed
/// (`SiteWriter`). A failed rebuild changes nothing: the last good site stays served.
public final class LiveSite: @unchecked Sendable {
    public struct Rebuild: Sendable {
        /// The changed source files that caused it, as the user names them (empty for the first build).
        public var changed: [String]
        public var diagnostics: [Diagnostic]
        /// The line of source each diagnostic points at, when it names one: read for a failed rebuild
        /// only, whose diagnostics the browser's overlay shows (a succeeded one's are warnings, and a
        /// handbook can have 20,000 of them); empty when the rebuild succeeded.
        public var sourceLines: [String?]
        public var succeeded: Bool
        public var written: [String]
        public var deleted: [String]
        public var pageCount: Int
        public var milliseconds: Double
        /// The time each stage took (`serve --verbose` prints them).
        public var timings: [StageTiming] = []
        /// How the rebuild went about it (ADR-0017, ADR-0018).
        public var route: Route = .whole
        /// Why a rebuild compared every page rather than taking a body edit's route.
        public var why: String?

        public enum Route: String, Sendable {
            /// The whole site into a staging folder, swapped in: the first build, a theme or configuration change.
            case whole
            /// Every page's view model built and compared with the page on disk (ADR-0017).
            case compared
            /// Only the edited documents' pages (ADR-0018).
            case bodyEdit = "body edit"
            /// The pages that show an edited decision's title, status or tags (ADR-0019).
            case fieldEdit = "field edit"
            /// The files made from every document, after a body edit answered (ADR-0018).
            case wholeSiteFiles = "whole-site files"
        }

        /// The terminal's line for this rebuild: what changed, what was written, how long it took.
        public var summary: String {
            var what: String
            switch changed.count {
            case 0: what = "first build"
            case 1: what = changed[0]
            default: what = "\(changed[0]) and \(changed.count - 1) more"
            }
            if route == .wholeSiteFiles { what += ", then handbook.json, the feed and the search index" }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let time = String(format: "%.0f ms", milliseconds)
            if !succeeded {
                return "\(what): \(errors) error\(errors == 1 ? "" : "s"), still serving the last good site (\(time))"
            }
            let removed = deleted.isEmpty ? "" : ", \(deleted.count) removed"
            return "\(what): \(written.count) file\(written.count == 1 ? "" : "s") written\(removed) (\(time))"
        }
    }

    public let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    private let lock = NSLock()
    private var writer: SiteWriter?
    /// The documents and page fingerprints of the last builds (ADR-0017).
    let cache = BuildCache()
    /// The whole-site files a body edit left to write after its answer (ADR-0018).
    var pendingWholeSite: PendingWholeSite?
    /// Where a swapped-out site is removed, after the rebuild has answered (ADR-0018).
    private let remover = DispatchQueue(label: "handbook.serve.remove-old-site", qos: .utility)

    /// A clean build's output (staging folder, swap) whose previous site is removed in the background.
    private func swappingOutput() -> DigestingOutput {
        let disk = DiskOutput(destination: options.outputDirectory)
        let remover = self.remover
        disk.removeLater = { path in remover.async { try? FileManager.default.removeItem(atPath: path) } }
        return DigestingOutput(disk)
    }

    /// Waits until the swapped-out sites are removed (for tests).
    func waitForRemovals() { remover.sync {} }

    /// What a body edit replaced (the last handbook and page list), kept until the rebuild has
    /// answered and then let go of on the remover's thread (ADR-0022).
    var replaced: [Any] = []

    /// Lets go of `replaced` on the remover's thread.
    func releaseReplaced() {
        guard !replaced.isEmpty else { return }
        let box = Unmanaged.passRetained(ReleaseBox(replaced))
        replaced = []
        remover.async { box.release() }
    }

    public init(options: BuildOptions, fileSystem: FileSystem = DiskFileSystem(), git: GitClient = CommandLineGit()) {
        self.options = options
        self.fileSystem = fileSystem
        self.git = git
    }

    /// The first build: the whole site into a staging folder, swapped in on success (as `handbook build`).
    public func build() -> Rebuild {
        lock.lock()
        defer { lock.unlock() }
        let start = DispatchTime.now().uptimeNanoseconds
        let output = swappingOutput()
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: git, output: output, cache: cache)
        // What is on disk now (the new site, or the one a failed build left), as the rebuilds' baseline.
        if result.succeeded {
            writer = SiteWriter(destination: options.outputDirectory, digests: output.digests)
        } else if fileSystem.isFile(options.outputDirectory + "/handbook.json") {
            writer = SiteWriter(destination: options.outputDirectory, digests: SiteWriter.scan(options.outputDirectory, fileSystem: fileSystem))
        }
        return report(result, changed: [], written: [], deleted: [], start: start)
    }

    /// Whether a change is to the theme or the configuration, which change (nearly) every page.
    func changesEveryPage(_ path: String) -> Bool {
        if let templates = Pipeline.templatesDirectory(options, fileSystem), path == templates || Path.relative(path, to: templates) != nil {
            return true
        }
        return Path.fileName(path) == LoadStage.configName
    }

    /// After a body edit's answer: writes the files made from every document (`handbook.json`,
    /// the feed, the search index), which the edit changed too. Nil when nothing waits. Every
    /// rebuild does it first when it was not called.
    public func finishPending() -> Rebuild? {
        lock.lock()
        defer { lock.unlock() }
        releaseReplaced()
        let rebuild = writePendingWholeSite()
        // While nothing else happens: the next body edit's copy of the documents (ADR-0022).
        cache.prepareSpareDocuments()
        return rebuild
    }

    /// Rebuilds after `changed` (absolute paths) changed on disk.
    public func rebuild(changed: [String]) -> Rebuild {
        lock.lock()
        defer { lock.unlock() }
        // A body edit's whole-site files first: the site on disk is then a whole build's again.
        releaseReplaced()
        _ = writePendingWholeSite()
        let start = DispatchTime.now().uptimeNanoseconds
        let shown = changed.map(options.displayPath)
        guard let writer else {
            // No site yet (the first build failed on an empty folder): build it whole.
            lock.unlock()
            var first = build()
            lock.lock()
            first.changed = shown
            return first
        }
        if changed.contains(where: changesEveryPage) {
            cache.invalidate(changed)
            // A theme or configuration change: the whole site into a staging folder and swapped in, as a
            // clean build does (one rename of a folder, not thousands of files renamed one by one).
            let output = swappingOutput()
            let result = Pipeline.build(options: options, fileSystem: fileSystem, git: git, output: output, cache: cache)
            var changes = SiteWriter.Changes()
            if result.succeeded {
                let before = writer.digests
                changes.written = output.digests.filter { before[$0.key] != $0.value }.keys.sorted()
                changes.deleted = before.keys.filter { output.digests[$0] == nil }.sorted()
                self.writer = SiteWriter(destination: options.outputDirectory, digests: output.digests)
            }
            return report(result, changed: shown, written: changes.written, deleted: changes.deleted, start: start)
        }
        // The edited files are read again whatever their stamps say: by the body edit's route, or
        // the whole one's (a stamp can stay the same across two writes of one size within a clock tick).
        let refusal: String
        switch bodyEdit(changed, writer: writer, shown: shown, start: start) {
        case .success(let rebuild): return rebuild
        case .failure(let why): refusal = why.reason
        }
        cache.invalidate(changed)
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: git, output: writer, cache: cache)
        let changes = result.succeeded ? writer.lastChanges : SiteWriter.Changes()
        var rebuild = report(result, changed: shown, written: changes.written, deleted: changes.deleted, start: start)
        rebuild.route = .compared
        rebuild.why = refusal
        return rebuild
    }

    private func report(_ result: BuildResult, changed: [String], written: [String], deleted: [String], start: UInt64) -> Rebuild {
        Rebuild(changed: changed, diagnostics: result.diagnostics, sourceLines: sourceLines(result.diagnostics, succeeded: result.succeeded),
                succeeded: result.succeeded, written: written, deleted: deleted, pageCount: result.pageCount,
                milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, timings: result.timings)
    }

    /// The lines of source of a failed rebuild's diagnostics (the overlay's), each file read once;
    /// none for a rebuild that succeeded.
    func sourceLines(_ diagnostics: [Diagnostic], succeeded: Bool) -> [String?] {
        guard !succeeded else { return [] }
        var files: [String: Data?] = [:]
        return diagnostics.map { diagnostic in
            guard diagnostic.line > 0 else { return nil }
            if files[diagnostic.file] == nil { files[diagnostic.file] = .some(readSource(diagnostic.file)) }
            return files[diagnostic.file].flatMap { $0 }.flatMap { Self.line(diagnostic.line, of: $0) }
        }
    }

    /// The line a diagnostic points at, read from its file.
    func sourceLine(_ diagnostic: Diagnostic) -> String? {
        guard diagnostic.line > 0, let data = readSource(diagnostic.file) else { return nil }
        return Self.line(diagnostic.line, of: data)
    }

    private func readSource(_ file: String) -> Data? {
        try? fileSystem.read(file.hasPrefix("/") ? file : options.workingDirectory + "/" + file)
    }

    /// Line `number` (from 1) of `data`, without its line break.
    static func line(_ number: Int, of data: Data) -> String? {
        var line = 1
        var start = data.startIndex
        for index in data.indices where data[index] == UInt8(ascii: "\n") {
            if line == number { return String(decoding: data[start..<index], as: UTF8.self).trimmingCharacters(in: ["\r"]) }
            line += 1
            start = data.index(after: index)
        }
        return line == number ? String(decoding: data[start...], as: UTF8.self) : nil
    }

    // MARK: What to watch

    /// The folders whose changes can change the site: the repository root (content, templates,
    /// `handbook.yml`, CODEOWNERS, contract specs and every governed file are below it), and the
    /// content and templates folders when they are elsewhere.
    public func watchedFolders() -> [String] {
        let root = options.rootDirectory ?? git.topLevel(of: options.contentDirectory) ?? Path.directory(options.contentDirectory)
        var folders = [Path.normalize(root)]
        for folder in [options.contentDirectory, Pipeline.templatesDirectory(options, fileSystem)].compactMap({ $0 })
        where !folders.contains(where: { $0 == folder || Path.relative(folder, to: $0) != nil }) {
            folders.append(folder)
        }
        return folders
    }

    /// False for what a rebuild must not react to: the output folder (and its staging folders), git's
    /// and SwiftPM's folders, editors' backup and swap files.
    public func isWatched(_ path: String) -> Bool {
        let output = options.outputDirectory
        if path == output || Path.relative(path, to: output) != nil { return false }
        let outputName = Path.fileName(output)
        for part in path.split(separator: "/") {
            if part == ".git" || part == ".build" || part.hasPrefix(".build-") || part.hasPrefix(".build_") { return false }
            if part.hasPrefix(".\(outputName).staging-") { return false }
        }
        let name = Path.fileName(path)
        // Editors' backups and swap files, and the temporary files of atomic saves (Foundation's
        // `.dat.nosync*`, ours `.NAME.handbook-PID.tmp`): the rename that follows is the change.
        if name.hasSuffix("~") || name.hasPrefix(".#") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name.hasPrefix(".dat.nosync") || (name.hasPrefix(".") && name.hasSuffix(".tmp")) || name == "4913" {
            return false
        }
        // The same for other tools: `sed -i` (`sedAb12Cd`), JetBrains IDEs (`x.md___jb_tmp___`,
        // `___jb_old___`), GNOME (`.goutputstream-XXXXXX`), Kate (`.x.md.kate-swp`). sed's was seen to
        // make an edit of one record a rebuild of every page (a file the last build did not have).
        if name.hasSuffix("___jb_tmp___") || name.hasSuffix("___jb_old___") || name.hasPrefix(".goutputstream-")
            || name.hasSuffix(".kate-swp") || Self.isSedTemporary(name) {
            return false
        }
        return true
    }

    /// GNU sed's `-i` file: `sed` and six letters or digits (mkstemp's `XXXXXX`).
    static func isSedTemporary(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 9 && name.hasPrefix("sed")
            && bytes.dropFirst(3).allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}

/// A value held until its box is released (`LiveSite.releaseLater`).
private final class ReleaseBox<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}
