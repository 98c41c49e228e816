import Foundation

/// What the load stage read: the configuration and every content file, split into front matter and body.
struct LoadedHandbook {
    var config: SiteConfig
    var configFile: SourceFile
    var rootDirectory: String
    var markdownFiles: [LoadedMarkdown]
    /// Files copied to the site as they are (images, PDFs, ...), relative to the content folder.
    var assets: [SourceFile]
    /// The weekly figures of `content/metrics/*.csv|yml` (issue 6).
    var metrics = MetricsData()
    /// Contracts (issue 5): the manifests `contracts/*.yml`, read by the contract stage (not copied).
    var contractManifests: [SourceFile] = []
    /// The folders read, in order (issue 9): the content folder, folders named in handbook.yml, a found log.
    var folders: [ContentFolder] = []
    /// The file system every later stage reads through: nothing outside the repository root (ADR-0013).
    var fileSystem: FileSystem = DiskFileSystem()
}

struct LoadedMarkdown {
    var source: SourceFile
    var frontMatter: YAMLNode?
    var body: String
    var bodyLineOffset: Int
    /// A log4brains package's name, for the ids of its records.
    var idPrefix: String? = nil
    /// Where `body` is when it was moved to the build's `BodySpill` (then `body` is empty).
    var spilledBody: BodySpill.Location? = nil
    /// The file's stamp when `serve` read it (`BuildCache`): the parse of the same stamp is reused.
    var stamp: [UInt64]? = nil
}

/// Stage 1: read the configuration and every file of the content folder.
struct LoadStage {
    let options: BuildOptions
    /// The file system as given; everything is read through a `ConfinedFileSystem` over it.
    let base: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine
    /// Once every file is listed (and before any Markdown is read): the absolute paths of the
    /// Markdown files to read, nil for all. `LightPipeline` reads only what its index says matters.
    var selectMarkdown: ((_ root: String, _ config: String, _ listing: Listing) -> Set<String>?)?

    /// What listing the folders found: every file the later stages read or copy.
    struct Listing {
        /// The Markdown files, with the index of the folder each was listed in.
        var markdown: [(file: SourceFile, folder: Int)] = []
        var assets: [SourceFile] = []
        var contractManifests: [SourceFile] = []
        var metricsFiles: [SourceFile] = []
    }
    /// Once the folders are known and before they are listed: the listing kept from an earlier run
    /// (`LightPipeline`'s index, valid while no file below the folders changed), used instead of
    /// listing them; nil lists them. Its Markdown files are all read (`selectMarkdown` is not asked).
    var reuseListing: ((_ root: String, _ config: String, _ folders: [ContentFolder]) -> Listing?)?
    /// Where each file's Markdown body waits for the parse stage (a build that writes a site); nil
    /// keeps the bodies in memory.
    var spill: BodySpill?
    /// `handbook serve`'s files from the last build: a file whose stamp did not change is not read again.
    var cache: SourceCache?

    static let configName = "handbook.yml"

    init(options: BuildOptions, fileSystem: FileSystem, git: GitClient, diagnostics: DiagnosticEngine) {
        self.options = options
        self.base = fileSystem
        self.git = git
        self.diagnostics = diagnostics
    }

    func run() -> LoadedHandbook? {
        cache?.startBuild()
        let content = options.contentDirectory
        let hasContent = base.isDirectory(content)
        // `--content docs/adr`: a decision log named as the content folder is read as `decisions/`
        // (its records are decisions, not pages), as the same log found from the root would be.
        let contentIsLog = hasContent && !base.isFile(content + "/" + Self.configName) && LogDiscovery.isLog(content, fileSystem: base)
        // Without a content folder, the folder `build` runs in (or --root) is the repository root:
        // its handbook.yml, if any, is the configuration, and the decision log is found in it.
        let bareRoot = options.rootDirectory ?? Path.directory(content)
        let configDirectory: String
        if hasContent {
            configDirectory = content
        } else {
            configDirectory = bareRoot
        }
        let configPath = configDirectory + "/" + Self.configName
        let configFile = SourceFile(path: Self.configName, displayPath: options.displayPath(configPath),
                                    repositoryPath: nil, absolutePath: configPath)
        // The repository: what `--root` names, else git's top level, else the folder holding the
        // configuration's folder. handbook.yml is read from inside it; `root:` may only narrow it.
        // (One `git rev-parse` per run: with a content folder, resolveRoot asks git the same.)
        let topLevel = options.rootDirectory == nil ? git.topLevel(of: configDirectory) : nil
        let repository = options.rootDirectory ?? topLevel.map(Path.normalize)
            ?? (hasContent ? Path.directory(content) : bareRoot)
        var configNode: YAMLNode?
        if base.isFile(configPath) {
            if let text = readText(configPath, as: configFile, from: ConfinedFileSystem(base, root: repository)) {
                do {
                    configNode = try YAMLReader.parse(text)
                } catch {
                    if case .syntax(let message, let line, let column) = error {
                        diagnostics.error("yaml-syntax", "invalid YAML: \(message)", at: configFile.location(line: line, column: column))
                    }
                }
            }
        } else if hasContent, !contentIsLog {
            diagnostics.warning("missing-config", "no \(Self.configName) in the content folder; using defaults (title: Handbook)",
                                file: configFile.displayPath)
        }
        var config = SiteConfig.read(configNode, file: configFile, diagnostics: diagnostics)
        // A log imported as it is (no handbook.yml): links to the repository's files go to its
        // GitHub or GitLab remote, as they do on the forge where the log is read today.
        if configNode == nil, !hasContent || contentIsLog, !base.isFile(configPath), config.repository == nil,
           let remote = git.remoteURL(in: repository), let address = RepositoryLinks.webAddress(ofRemote: remote) {
            config.repository = RepositoryLinks(address: address, ref: "HEAD")
        }
        let root = resolveRoot(config: config, configDirectory: configDirectory, hasContent: hasContent, repository: repository,
                               configNode: configNode, configFile: configFile, topLevel: topLevel)
        let fileSystem = ConfinedFileSystem(base, root: root)
        if hasContent, let target = fileSystem.escape(content) {
            diagnostics.error("outside-root", "the content folder resolves to '\(target)', outside the repository root (\(options.displayPath(root)))",
                              file: options.displayPath(content))
            return nil
        }

        var folders: [ContentFolder] = []
        if contentIsLog {
            folders.append(ContentFolder(directory: content, prefix: "decisions", kind: "decisions", reason: "a decision log named as the content folder"))
        } else if hasContent {
            folders.append(ContentFolder(directory: content, prefix: "", reason: "content folder"))
        }
        for (kind, value) in config.folders {
            let directory = Path.join(configDirectory, value.value)
            guard Path.relative(directory, to: root) != nil || Path.relative(directory, to: configDirectory) != nil else {
                diagnostics.error("config-value", "\(kind): '\(value.value)' is outside the repository (\(options.displayPath(root)))",
                                  at: value.location)
                continue
            }
            guard fileSystem.isDirectory(directory) else {
                let hint = kind == "metrics" ? " (metric definitions are a mapping of metric keys)" : ""
                diagnostics.error("config-value", "\(kind): '\(value.value)' is not a folder\(hint)", at: value.location)
                continue
            }
            let isRoot = directory == root || directory == configDirectory
            let prefix = kind == "pages" ? (Path.relative(directory, to: root) ?? "") : kind
            folders.append(ContentFolder(directory: directory, prefix: prefix, kind: kind,
                                         recursive: !(isRoot && kind != "pages"), reason: "from handbook.yml"))
        }
        if !hasContent, !config.folders.contains(where: { $0.kind == "decisions" }) {
            folders += LogDiscovery.find(root: root, fileSystem: fileSystem, diagnostics: diagnostics, options: options)
        }
        if folders.isEmpty {
            let looked = ([".adr-dir", ".log4brains.yml"] + LogDiscovery.candidates).joined(separator: ", ")
            diagnostics.error("missing-content",
                              "no content folder and no decision log found (looked for \(options.displayPath(content)), \(looked)); run from the repository root, pass --content DIR, or name the folder in handbook.yml ('decisions: path/to/log')",
                              file: options.displayPath(content))
            return nil
        }

        var markdownPaths: [(path: String, file: SourceFile, folder: Int)] = []
        var assets: [SourceFile] = []
        var metricsFiles: [(file: SourceFile, text: String)] = []
        var metricsSources: [SourceFile] = []
        var contractManifests: [SourceFile] = []
        var seen = Set<String>()
        let reused = reuseListing?(root, configPath, folders)
        if let reused {
            markdownPaths = reused.markdown.map { ($0.file.absolutePath, $0.file, $0.folder) }
            assets = reused.assets
            contractManifests = reused.contractManifests
            for file in reused.metricsFiles {
                if let text = readText(file.absolutePath, as: file, from: fileSystem) { metricsFiles.append((file, text)) }
            }
        }
        for (index, folder) in folders.enumerated() where reused == nil {
            let paths: [String]
            do {
                paths = try fileSystem.files(under: folder.directory, skipping: Self.skippedFolders, followingLinksWithin: root)
            } catch {
                diagnostics.error("unreadable", "cannot list the folder: \(error)", file: options.displayPath(folder.directory))
                continue
            }
            // A folder inside this one that is read on its own (a log inside `pages: .`) is left to it,
            // and so is the output.
            let inner = folders.enumerated().filter { $0.offset != index && $0.element.directory != folder.directory
                && Path.relative($0.element.directory, to: folder.directory) != nil }.map(\.element.directory)
                + [options.outputDirectory]
            // Each file's paths joined to the folder's, worked out once (ADR-0077).
            let listed = ListedFolder(directory: folder.directory, root: root, workingDirectory: options.workingDirectory)
            let asciiPrefix = ListedFolder.isASCII(folder.prefix)
            for relative in paths where relative != Self.configName || folder.directory != configDirectory {
                if !folder.recursive, relative.contains("/") { continue }
                let name = Path.fileName(relative)
                if name.hasPrefix(".") { continue }
                let (absolute, repositoryPath, displayPath) = listed.file(relative)
                // (A path below a folder starts with it: the prefix test spares most files the full one.)
                if inner.contains(where: { absolute.hasPrefix($0) && Path.relative(absolute, to: $0) != nil }) { continue }
                // One folder's listing names each file once: only files of two folders can meet.
                if folders.count > 1, !seen.insert(absolute).inserted { continue }
                let path = folder.prefix.isEmpty ? relative : Path.joined(folder.prefix, relative)
                // Told from the bytes of an ASCII path (`Path.extension`'s answer, without making it).
                let isMarkdown = (asciiPrefix ? ListedFolder.hasMarkdownExtension(relative) : nil)
                    ?? ["md", "markdown"].contains(Path.extension(path))
                // A log at the root: its numbered files are the records; README, CHANGELOG, ... are not read.
                if !folder.recursive, isMarkdown, IDKey.number(inFileName: name) == nil { continue }
                // A decision template (`adr-template.md`) is scaffolding, not a page: placeholders such as
                // `title: ADR000: [TITLE]` are not valid YAML, and its links name nothing yet.
                if isMarkdown, path.hasPrefix("decisions/"), Self.mayNameTemplate(name), ParseStage.isTemplate(name.lowercased()) { continue }
                let file = SourceFile(path: path, displayPath: displayPath, repositoryPath: repositoryPath, absolutePath: absolute)
                if !isMarkdown, ContractStage.isManifest(path) {
                    contractManifests.append(file)
                } else if !isMarkdown, MetricsLoader.isMetricsFile(path) {
                    metricsSources.append(file)
                    if let text = readText(absolute, as: file, from: fileSystem) { metricsFiles.append((file, text)) }
                } else if isMarkdown {
                    markdownPaths.append((absolute, file, index))
                } else if let target = fileSystem.escape(absolute) {
                    diagnostics.warning("outside-root", "is a link to '\(target)', outside the repository root; skipped: the build reads nothing outside the repository",
                                        file: file.displayPath)
                } else {
                    let fileExtension = Path.extension(path)
                    if Self.otherRecordFormats.contains(fileExtension.lowercased()), IDKey.number(inFileName: name) != nil {
                        // A numbered record in another markup: said, not left out in silence.
                        diagnostics.warning("not-markdown", "is numbered like a decision record but is .\(fileExtension), not Markdown: it is not read as a record (convert it to .md to include it)",
                                            file: file.displayPath)
                    }
                    if folder.recursive || ["png", "jpg", "jpeg", "gif", "svg", "webp", "pdf"].contains(Path.extension(path).lowercased()) {
                        assets.append(file)
                    }
                }
            }
        }
        if reused == nil, let selectMarkdown,
           let chosen = selectMarkdown(root, configPath, Listing(markdown: markdownPaths.map { ($0.file, $0.folder) }, assets: assets,
                                                                 contractManifests: contractManifests, metricsFiles: metricsSources)) {
            markdownPaths.removeAll { !chosen.contains($0.path) }
        }
        var loaded = [LoadedMarkdown?](repeating: nil, count: markdownPaths.count)
        let toLoad = markdownPaths
        let idPrefixes = folders.map(\.idPrefix)
        let cache = self.cache
        // Each folder resolved once for this pass, not each file's path (ADR-0068).
        let reading = fileSystem.remembering(toLoad.map(\.path))
        loaded.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: toLoad.count) { index in
                let entry = toLoad[index]
                let prefix = idPrefixes[entry.folder]
                guard let cache, let stamp = fileSystem.stamp(entry.path) else {
                    slots[index] = load(entry.path, as: entry.file, from: reading, diagnostics: diagnostics)
                    slots[index]?.idPrefix = prefix
                    return
                }
                // The stamp is taken before the read: a write after it changes the stamp the next build sees.
                if let hit = cache.loaded(entry.path, stamp: stamp, source: entry.file, idPrefix: prefix) {
                    hit.loadDiagnostics.forEach(diagnostics.emit)
                    slots[index] = hit.loaded
                    return
                }
                let own = DiagnosticEngine()
                var file = load(entry.path, as: entry.file, from: reading, diagnostics: own)
                file?.idPrefix = prefix
                file?.stamp = stamp
                let found = own.diagnostics
                found.forEach(diagnostics.emit)
                cache.store(entry.path, SourceCache.Entry(stamp: stamp, source: entry.file, idPrefix: prefix, loaded: file,
                                                          loadDiagnostics: found))
                slots[index] = file
            }
        }
        cache?.keepOnly(Set(toLoad.map(\.path)))
        let metrics = MetricsLoader(definitions: config.metrics, today: options.today, diagnostics: diagnostics).load(metricsFiles)
        var handbook = LoadedHandbook(config: config, configFile: configFile, rootDirectory: root, markdownFiles: loaded.compactMap { $0 },
                                      assets: assets, metrics: metrics, contractManifests: contractManifests)
        handbook.folders = folders
        handbook.fileSystem = fileSystem
        return handbook
    }

    /// Text formats a decision log might hold records in that Handbook does not read.
    static let otherRecordFormats: Set<String> = ["rst", "adoc", "asciidoc", "txt", "org", "textile", "rdoc", "mdx"]

    /// Whether a file name holds "template" in any case (what `ParseStage.isTemplate` needs before anything else).

    static func mayNameTemplate(_ name: String) -> Bool {
        // The name's bytes where they are (two Arrays made for each file were most of its cost).
        if let answer = name.utf8.withContiguousStorageIfAvailable({ mayNameTemplate(bytes: $0) }) { return answer }
        return mayNameTemplate(bytes: Array(name.utf8))
    }

    private static func mayNameTemplate<Bytes: RandomAccessCollection>(bytes: Bytes) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        let word: StaticString = "template"
        let count = word.utf8CodeUnitCount
        let letters = word.utf8Start
        guard bytes.count >= count else { return false }
        for start in bytes.startIndex...(bytes.endIndex - count) where (bytes[start] | 0x20) == letters[0] {
            var offset = 1
            while offset < count, (bytes[start + offset] | 0x20) == letters[offset] { offset += 1 }
            if offset == count { return true }
        }
        // Outside ASCII, lowercasing may make the word from other letters (the Kelvin sign): ask the full test.
        return bytes.contains { $0 >= 0x80 }
    }

    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".DS_Store"]

    /// `root:` must be the repository or a folder inside it (real paths, links resolved): a handbook
    /// cannot walk and publish `/etc` or `/` (ADR-0013).
    private func resolveRoot(config: SiteConfig, configDirectory: String, hasContent: Bool, repository: String,
                             configNode: YAMLNode?, configFile: SourceFile, topLevel: String?) -> String {
        if let root = options.rootDirectory { return root }
        if let root = config.root {
            let absolute = Path.join(configDirectory, root)
            let location = configNode?["root"].map { configFile.location(of: $0) } ?? configFile.location(line: 1)
            guard let real = base.realPath(absolute), base.isDirectory(real) else {
                diagnostics.error("config-value", "root '\(root)' is not a folder", at: location)
                return repository
            }
            guard let realRepository = base.realPath(repository), Path.relative(real, to: realRepository) != nil else {
                diagnostics.error("outside-root", "root '\(root)' resolves to '\(real)', outside the repository (\(options.displayPath(repository))); it must be the repository or a folder inside it",
                                  at: location)
                return repository
            }
            return absolute
        }
        if !hasContent { return configDirectory }
        // With a content folder, the configuration's folder is the content folder: git was asked already.
        if let top = topLevel { return Path.normalize(top) }
        return Path.directory(options.contentDirectory)
    }

    /// Warns about a decisions folder holding Markdown of which no file is a record: a log that is
    /// not where, or not what, it seems, instead of a silently empty site.
    static func reportEmptyFolders(_ loaded: LoadedHandbook, documents: [Document], diagnostics: DiagnosticEngine, options: BuildOptions) {
        for folder in loaded.folders {
            let prefix = folder.kind == nil ? "decisions" : (folder.kind == "decisions" ? folder.prefix : nil)
            guard let prefix else { continue }
            // Counted in place: a filtered copy of every `Document` of the folder (10,000 at
            // 10,000 records) was made and freed on one core between parse and link (ADR-0057).
            let start = prefix + "/"
            var count = 0
            var first: Int?
            var hasRecord = false
            for index in documents.indices where documents[index].source.path.hasPrefix(start) {
                if documents[index].kind == .decision {
                    hasRecord = true
                    break
                }
                if first == nil { first = index }
                count += 1
            }
            guard let first, !hasRecord else { continue }
            diagnostics.warning("no-records",
                                "\(options.displayPath(folder.kind == nil ? folder.directory + "/decisions" : folder.directory)) holds \(count) Markdown file\(count == 1 ? "" : "s") but no decision record (records are named like 0001-title.md, adr-001-title.md or 20200925-title.md, or have a status)",
                                file: documents[first].source.displayPath)
        }
    }

    private func readText(_ absolute: String, as file: SourceFile, from fileSystem: FileSystem) -> String? {
        readText(absolute, as: file, from: fileSystem, diagnostics: diagnostics)
    }

    private func readText(_ absolute: String, as file: SourceFile, from fileSystem: FileSystem, diagnostics: DiagnosticEngine) -> String? {
        do {
            let data = try fileSystem.read(absolute)
            guard let text = String(validating: data, as: UTF8.self) else {
                let problem = InvalidUTF8.error("the file", data: data, file: file.displayPath)
                diagnostics.error("encoding", problem.message, at: problem.at)
                return nil
            }
            return text.normalizingLineEnds
        } catch {
            diagnostics.unreadable(error, file: file.displayPath)
            return nil
        }
    }

    /// One Markdown file read and split (`handbook serve` reads an edited file alone, ADR-0018).
    func load(_ absolute: String, as file: SourceFile, from fileSystem: FileSystem, diagnostics: DiagnosticEngine) -> LoadedMarkdown? {
        guard let text = readText(absolute, as: file, from: fileSystem, diagnostics: diagnostics) else { return nil }
        switch FrontMatterSplit.split(text) {
        case .failure(.unclosed):
            diagnostics.error("front-matter", "front matter opened with '---' on line 1 is never closed; add a line '---' after the last field",
                              at: file.location(line: 1))
            return nil
        case .failure(.toml):
            diagnostics.error("front-matter", "TOML front matter ('+++') is not supported; write YAML between '---' lines",
                              at: file.location(line: 1))
            return nil
        case .success(let split):
            var frontMatter: YAMLNode?
            if let yaml = split.yaml {
                do {
                    frontMatter = try YAMLReader.parse(yaml, lineOffset: split.yamlFirstLine - 1)
                } catch {
                    if case .syntax(let message, let line, let column) = error {
                        diagnostics.error("yaml-syntax", "invalid YAML in front matter: \(message)",
                                          at: file.location(line: line, column: column))
                    }
                    return LoadedMarkdown(source: file, frontMatter: nil, body: split.body, bodyLineOffset: split.bodyLineOffset)
                }
                if let node = frontMatter, node.entries == nil, !node.isNull {
                    diagnostics.error("front-matter", "front matter must be a mapping of fields (`title: ...`), not \(node.kindName)",
                                      at: file.location(of: node))
                    frontMatter = nil
                }
                if frontMatter?.isNull == true { frontMatter = nil }
            }
            var loaded = LoadedMarkdown(source: file, frontMatter: frontMatter, body: split.body, bodyLineOffset: split.bodyLineOffset)
            if let spill, let location = spill.keep(split.body) {
                loaded.body = ""
                loaded.spilledBody = location
            }
            return loaded
        }
    }
}
