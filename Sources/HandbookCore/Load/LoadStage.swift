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
}

struct LoadedMarkdown {
    var source: SourceFile
    var frontMatter: YAMLNode?
    var body: String
    var bodyLineOffset: Int
}

/// Stage 1: read the configuration and every file of the content folder.
struct LoadStage {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine

    static let configName = "handbook.yml"

    func run() -> LoadedHandbook? {
        let content = options.contentDirectory
        guard fileSystem.isDirectory(content) else {
            diagnostics.error("missing-content", "content folder not found (run from the repository root, or pass --content DIR)",
                              file: options.displayPath(content))
            return nil
        }
        let configFile = source(for: Self.configName, root: nil)
        var configNode: YAMLNode?
        if fileSystem.isFile(content + "/" + Self.configName) {
            if let text = readText(Self.configName, as: configFile) {
                do {
                    configNode = try YAMLReader.parse(text)
                } catch {
                    if case .syntax(let message, let line, let column) = error {
                        diagnostics.error("yaml-syntax", "invalid YAML: \(message)", at: configFile.location(line: line, column: column))
                    }
                }
            }
        } else {
            diagnostics.warning("missing-config", "no \(Self.configName) in the content folder; using defaults (title: Handbook)",
                                file: configFile.displayPath)
        }
        let config = SiteConfig.read(configNode, file: configFile, diagnostics: diagnostics)
        let root = resolveRoot(config: config)

        let skip: Set<String> = [".git", ".build", "node_modules", ".DS_Store"]
        let paths: [String]
        do {
            paths = try fileSystem.files(under: content, skipping: skip)
        } catch {
            diagnostics.error("unreadable", "cannot list the content folder: \(error)", file: options.displayPath(content))
            return nil
        }
        var markdownPaths: [String] = []
        var assets: [SourceFile] = []
        var metricsFiles: [(file: SourceFile, text: String)] = []
        var contractManifests: [SourceFile] = []
        for path in paths where path != Self.configName {
            let name = Path.fileName(path)
            if name.hasPrefix(".") { continue }
            if ContractStage.isManifest(path) {
                contractManifests.append(source(for: path, root: root))
            } else if MetricsLoader.isMetricsFile(path) {
                let file = source(for: path, root: root)
                if let text = readText(path, as: file) { metricsFiles.append((file, text)) }
            } else if Path.extension(path) == "md" || Path.extension(path) == "markdown" {
                markdownPaths.append(path)
            } else {
                assets.append(source(for: path, root: root))
            }
        }
        var loaded = [LoadedMarkdown?](repeating: nil, count: markdownPaths.count)
        loaded.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: markdownPaths.count) { index in
                slots[index] = load(markdownPaths[index], root: root)
            }
        }
        let metrics = MetricsLoader(definitions: config.metrics, today: options.today, diagnostics: diagnostics).load(metricsFiles)
        return LoadedHandbook(config: config, configFile: configFile, rootDirectory: root, markdownFiles: loaded.compactMap { $0 },
                              assets: assets, metrics: metrics, contractManifests: contractManifests)
    }

    private func resolveRoot(config: SiteConfig) -> String {
        if let root = options.rootDirectory { return root }
        if let root = config.root { return Path.join(options.contentDirectory, root) }
        if let top = git.topLevel(of: options.contentDirectory) { return Path.normalize(top) }
        return Path.directory(options.contentDirectory)
    }

    private func source(for path: String, root: String?) -> SourceFile {
        let absolute = options.contentDirectory + "/" + path
        return SourceFile(path: path, displayPath: options.displayPath(absolute),
                          repositoryPath: root.flatMap { Path.relative(absolute, to: $0) })
    }

    private func readText(_ path: String, as file: SourceFile) -> String? {
        do {
            let data = try fileSystem.read(options.contentDirectory + "/" + path)
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error("encoding", "the file is not valid UTF-8 text", file: file.displayPath)
                return nil
            }
            return text.normalizingLineEnds
        } catch {
            diagnostics.error("unreadable", "cannot read the file: \(error)", file: file.displayPath)
            return nil
        }
    }

    private func load(_ path: String, root: String) -> LoadedMarkdown? {
        let file = source(for: path, root: root)
        guard let text = readText(path, as: file) else { return nil }
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
            return LoadedMarkdown(source: file, frontMatter: frontMatter, body: split.body, bodyLineOffset: split.bodyLineOffset)
        }
    }
}
